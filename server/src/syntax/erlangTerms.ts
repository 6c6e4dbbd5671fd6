/**
 * A small, error-tolerant reader for Erlang term files such as `ssl_dist.conf`
 * (what `file:consult/1` reads): terms each ended by a dot, `%` comments,
 * atoms, strings, numbers, tuples and lists. Every term carries its range.
 * It never throws: problems are returned as data and reading goes on, so a
 * file with a missing bracket still yields the options that can be read.
 */
import { Range } from './position';
import { LineIndex } from './lineIndex';

export type Term = AtomTerm | StringTerm | NumberTerm | TupleTerm | ListTerm | BadTerm;

export interface AtomTerm {
  readonly kind: 'atom';
  readonly value: string;
  readonly range: Range;
}
export interface StringTerm {
  readonly kind: 'string';
  readonly value: string;
  readonly range: Range;
}
export interface NumberTerm {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly range: Range;
}
export interface TupleTerm {
  readonly kind: 'tuple';
  readonly elements: readonly Term[];
  readonly range: Range;
}
export interface ListTerm {
  readonly kind: 'list';
  readonly elements: readonly Term[];
  readonly range: Range;
}
/** Something that is not a term a config file may hold (a variable, a binary, stray text). */
export interface BadTerm {
  readonly kind: 'bad';
  readonly text: string;
  readonly range: Range;
}

export interface TermProblem {
  readonly message: string;
  readonly range: Range;
}

export interface TermComment {
  /** The text after the `%` signs. */
  readonly text: string;
  readonly range: Range;
}

export interface ErlangTermsDocument {
  /** The top-level terms (each should end with a dot). */
  readonly terms: readonly Term[];
  readonly problems: readonly TermProblem[];
  readonly comments: readonly TermComment[];
}

type TokenKind = '{' | '}' | '[' | ']' | ',' | '|' | 'dot' | '<<' | '>>' | 'atom' | 'string' | 'number' | 'var' | 'junk' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Decoded value for atoms and strings, text for numbers. */
  readonly value: string;
  readonly problem?: string;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', b: '\b', f: '\f', e: '\x1b', v: '\v', d: '\x7f', '\\': '\\', '"': '"', "'": "'" };

function lex(text: string, comments: Array<{ text: string; start: number; end: number }>): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
  const isWord = (c: string) => /[A-Za-z0-9_@]/.test(c);
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '%') {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      comments.push({ text: text.slice(start, i).replace(/^%+\s?/, ''), start, end: i });
      continue;
    }
    const start = i;
    if ('{}[],|'.includes(c)) {
      tokens.push({ kind: c as TokenKind, start, end: i + 1, value: c });
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      tokens.push({ kind: '<<', start, end: i + 2, value: '<<' });
      i += 2;
      continue;
    }
    if (c === '>' && text[i + 1] === '>') {
      tokens.push({ kind: '>>', start, end: i + 2, value: '>>' });
      i += 2;
      continue;
    }
    if (c === '.') {
      tokens.push({ kind: 'dot', start, end: i + 1, value: '.' });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const quote = c;
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === quote) {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          if (/[0-7]/.test(e)) {
            const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))!;
            value += String.fromCharCode(parseInt(m[0], 8));
            i += 1 + m[0].length;
          } else {
            value += ESCAPES[e] ?? e;
            i += 2;
          }
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({
        kind: quote === '"' ? 'string' : 'atom',
        start,
        end: i,
        value,
        problem: closed ? undefined : quote === '"' ? 'Unterminated string: a closing `"` is missing.' : "Unterminated quoted atom: a closing `'` is missing.",
      });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < n && /[0-9_]/.test(text[i])) i++;
      if (text[i] === '#' && /[0-9A-Za-z]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < n && /[0-9A-Za-z_]/.test(text[i])) i++;
      } else if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < n && /[0-9_]/.test(text[i])) i++;
        if ((text[i] === 'e' || text[i] === 'E') && /[-+0-9]/.test(text[i + 1] ?? '')) {
          i += 2;
          while (i < n && /[0-9]/.test(text[i])) i++;
        }
      }
      tokens.push({ kind: 'number', start, end: i, value: text.slice(start, i) });
      continue;
    }
    if (c === '$' && i + 1 < n) {
      // A character literal: $a, $\n.
      i += text[i + 1] === '\\' ? 3 : 2;
      tokens.push({ kind: 'number', start, end: Math.min(i, n), value: text.slice(start, Math.min(i, n)) });
      continue;
    }
    if (/[a-z]/.test(c)) {
      while (i < n && isWord(text[i])) i++;
      tokens.push({ kind: 'atom', start, end: i, value: text.slice(start, i) });
      continue;
    }
    if (/[A-Z_]/.test(c)) {
      while (i < n && isWord(text[i])) i++;
      tokens.push({ kind: 'var', start, end: i, value: text.slice(start, i) });
      continue;
    }
    // Anything else is junk up to the next space or punctuation.
    i++;
    while (i < n && !isSpace(text[i]) && !'{}[],|.%"\''.includes(text[i])) i++;
    tokens.push({ kind: 'junk', start, end: i, value: text.slice(start, i) });
  }
  tokens.push({ kind: 'eof', start: n, end: n, value: '' });
  return tokens;
}

function numberValue(text: string): number {
  if (text.startsWith('$')) {
    const body = text.slice(1);
    return body.startsWith('\\') ? (ESCAPES[body[1]] ?? body[1] ?? '').charCodeAt(0) : body.charCodeAt(0);
  }
  const clean = text.replace(/_/g, '');
  const hash = clean.indexOf('#');
  if (hash > 0) return parseInt(clean.slice(hash + 1), Number(clean.slice(0, hash)));
  return Number(clean);
}

/** Reads an Erlang term file. Never throws. */
export function parseErlangTerms(text: string): ErlangTermsDocument {
  const rawComments: Array<{ text: string; start: number; end: number }> = [];
  const tokens = lex(text, rawComments);
  const lines = new LineIndex(text);
  const problems: TermProblem[] = [];
  const terms: Term[] = [];
  let k = 0;
  const peek = () => tokens[k];
  const report = (message: string, start: number, end: number) => problems.push({ message, range: lines.range(start, Math.max(end, start)) });

  for (const tok of tokens) if (tok.problem) report(tok.problem, tok.start, tok.end);

  // Depth guard: nested containers are parsed iteratively enough for config files; a
  // pathological depth is cut off with an error instead of overflowing the stack.
  const MAX_DEPTH = 500;

  function parseTerm(depth: number): Term {
    const tok = tokens[k];
    if (depth > MAX_DEPTH) {
      report('Terms are nested too deeply.', tok.start, tok.end);
      k = tokens.length - 1;
      return { kind: 'bad', text: '', range: lines.range(tok.start, tok.start) };
    }
    switch (tok.kind) {
      case 'atom':
        k++;
        return { kind: 'atom', value: tok.value, range: lines.range(tok.start, tok.end) };
      case 'string': {
        k++;
        // Adjacent strings are concatenated, as in Erlang source.
        let value = tok.value;
        let end = tok.end;
        while (tokens[k].kind === 'string') {
          value += tokens[k].value;
          end = tokens[k].end;
          k++;
        }
        return { kind: 'string', value, range: lines.range(tok.start, end) };
      }
      case 'number':
        k++;
        return { kind: 'number', value: numberValue(tok.value), text: tok.value, range: lines.range(tok.start, tok.end) };
      case '{':
      case '[':
        return parseContainer(depth);
      case 'var':
        k++;
        report(`\`${tok.value}\` is a variable; a config file may only hold values (write atoms in lower case or quote them).`, tok.start, tok.end);
        return { kind: 'bad', text: tok.value, range: lines.range(tok.start, tok.end) };
      case '<<': {
        // Binaries are legal terms but have no place in ssl_dist.conf; skip to the closing >>.
        const start = tok.start;
        k++;
        while (tokens[k].kind !== '>>' && tokens[k].kind !== 'eof' && tokens[k].kind !== 'dot') k++;
        const end = tokens[k].kind === '>>' ? tokens[k++].end : tokens[k].start;
        return { kind: 'bad', text: text.slice(start, end), range: lines.range(start, end) };
      }
      default:
        report(tok.kind === 'eof' ? 'A term is missing at the end of the file.' : `Unexpected \`${tok.value}\`: a term was expected.`, tok.start, tok.end);
        if (tok.kind !== 'eof' && tok.kind !== 'dot' && tok.kind !== '}' && tok.kind !== ']') k++;
        return { kind: 'bad', text: tok.value, range: lines.range(tok.start, tok.end) };
    }
  }

  function parseContainer(depth: number): Term {
    const open = tokens[k++];
    const close = open.kind === '{' ? '}' : ']';
    const elements: Term[] = [];
    const isList = open.kind === '[';
    for (;;) {
      const tok = peek();
      if (tok.kind === close) {
        k++;
        const range = lines.range(open.start, tok.end);
        return isList ? { kind: 'list', elements, range } : { kind: 'tuple', elements, range };
      }
      if (tok.kind === 'eof' || tok.kind === 'dot' || tok.kind === (close === '}' ? ']' : '}')) {
        report(`This \`${open.value}\` is never closed: \`${close}\` is missing.`, open.start, open.end);
        const end = elements.length > 0 ? elements[elements.length - 1].range.end : lines.positionAt(open.end);
        const range = { start: lines.positionAt(open.start), end };
        return isList ? { kind: 'list', elements, range } : { kind: 'tuple', elements, range };
      }
      if (elements.length > 0) {
        if (tok.kind === ',') k++;
        else if (tok.kind === '|' && isList) {
          k++;
        } else report(`A comma is missing before \`${tok.value}\`.`, tok.start, tok.end);
        const next = peek();
        if (next.kind === close) {
          report(`Unexpected \`${next.value}\` after a comma: a term was expected.`, next.start, next.end);
          continue;
        }
        // The top of the loop reports an unclosed container.
        if (next.kind === 'eof' || next.kind === 'dot' || next.kind === (close === '}' ? ']' : '}')) continue;
      }
      const before = k;
      elements.push(parseTerm(depth + 1));
      // Always make progress, but never step past the end.
      if (k === before && peek().kind !== close && peek().kind !== 'eof') k++;
    }
  }

  while (peek().kind !== 'eof') {
    const before = k;
    const term = parseTerm(0);
    terms.push(term);
    const next = peek();
    if (next.kind === 'dot') k++;
    else {
      const end = term.range.end;
      problems.push({
        message: next.kind === 'eof' ? 'The last term must end with a dot (`.`).' : `A dot (\`.\`) is missing before \`${next.value}\`.`,
        range: next.kind === 'eof' ? { start: { line: end.line, character: Math.max(0, end.character - 1) }, end } : lines.range(next.start, next.end),
      });
      if (next.kind !== 'eof' && k === before) k++;
    }
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return {
    terms,
    problems,
    comments: rawComments.map((c) => ({ text: c.text, range: lines.range(c.start, c.end) })),
  };
}

/** The first `{Key, Value}` pair of a proplist with that key (OTP reads the first), with its tuple. */
export function proplistGet(list: ListTerm, key: string): { tuple: TupleTerm; value: Term } | undefined {
  for (const el of list.elements) {
    if (el.kind === 'tuple' && el.elements.length === 2 && el.elements[0].kind === 'atom' && el.elements[0].value === key) {
      return { tuple: el, value: el.elements[1] };
    }
  }
  return undefined;
}
