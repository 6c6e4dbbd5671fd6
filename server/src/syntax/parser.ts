/**
 * The parser of EMQX's HOCON dialect: tokens (lexer.ts) → lossless CST
 * (cst.ts) plus problems. It never throws and never loops: every step consumes
 * a token or leaves its loop, nesting deeper than MAX_DEPTH is kept as an error
 * node without recursing, and after an error it goes on with the next token,
 * reporting at most one syntax error per line.
 *
 * Reading rules (EMQX's `hocon_token:trans_key` and `hocon_parser.yrl`):
 * - a string token followed by `=`, `:` or `{` (whitespace and newlines in
 *   between do not matter) is a key; every other string is part of a value;
 * - a value runs until a comma, a closing bracket, the next key, an `include`
 *   or the end of the file: newlines do not end it, and whitespace between its
 *   pieces is dropped (`a = foo bar` is "foobar");
 * - a `{` at the start of a line ends the value before it (in an array it
 *   starts the next element);
 * - a number, boolean or null is a value on its own; in an array the next
 *   element may follow without a comma (`[1 2 3]`);
 * - commas between fields and elements are optional, but a comma must not
 *   be doubled, lead, or trail before `}`, `]` or the end of the file.
 */
import { ArrayNode, CstChild, ErrorNode, FieldNode, FileNode, IncludeNode, KeyNode, KeySegment, LiteralNode, ObjectNode, SubstNode, ValueNode } from './cst';
import { t as tr } from '../l10n';
import { lex, LexError, lexErrorMessage, Token, TokenKind, tripleValue, unescapeQuoted } from './lexer';
import { LineIndex } from './lineIndex';
import { Range } from './position';
import { ProblemCode, SyntaxProblem, SyntaxSeverity } from './problems';

/** Deeper nesting is reported and kept as an error node (no recursion). */
export const MAX_DEPTH = 400;

export interface Comment {
  /** The comment as written, `#` or `//` included. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly range: Range;
}

export interface ParseResult {
  readonly uri: string;
  readonly file: FileNode;
  readonly problems: SyntaxProblem[];
  readonly comments: Comment[];
  readonly lines: LineIndex;
}

function isSkippable(kind: TokenKind): boolean {
  return kind === 'ws' || kind === 'newline' || kind === 'comment' || kind === 'illegal' || kind === 'bom';
}

function isStringKind(kind: TokenKind): boolean {
  return kind === 'unquoted' || kind === 'quoted' || kind === 'triple';
}

function describe(text: string, t: Token): string {
  const raw = text.slice(t.start, Math.min(t.end, t.start + 20));
  switch (t.kind) {
    case 'quoted':
    case 'triple':
      return tr('a quoted string');
    case 'unquoted':
    case 'unit':
      return `"${raw}"`;
    default:
      return `"${raw}"`;
  }
}

/** A set of line numbers. */
interface LineSet {
  has(line: number): boolean;
  add(line: number): unknown;
}

/** The lines of one text that have an error: a flag per line (a file of junk has one on every line). */
class LineFlags implements LineSet {
  private readonly flags: Uint8Array;

  constructor(lineCount: number) {
    this.flags = new Uint8Array(lineCount);
  }

  has(line: number): boolean {
    return this.flags[line] === 1;
  }

  add(line: number): void {
    this.flags[line] = 1;
  }
}

class Parser {
  pos = 0;
  private readonly n: number;
  readonly problems: SyntaxProblem[] = [];

  constructor(
    private readonly text: string,
    private readonly uri: string,
    private readonly toks: Token[],
    readonly lines: LineIndex,
    /** Lines that already have a syntax error (a region goes on from earlier ones). */
    private readonly errorLines: LineSet = new LineFlags(lines.lineCount),
  ) {
    this.n = toks.length;
  }

  problem(code: string, severity: SyntaxSeverity, start: number, end: number, message: string, line?: number): void {
    const range = line === undefined ? this.lines.range(start, end) : this.lines.rangeFrom(line, start, end);
    this.problems.push({ code, severity, message, location: { uri: this.uri, range } });
  }

  /**
   * A syntax error, at most one per line so one mistake does not cascade. A
   * message that takes work to make (a translation with arguments) may be
   * given as a function: it is called only when the error is reported.
   */
  error(start: number, end: number, message: string | (() => string), code: string = ProblemCode.syntax): void {
    const line = this.lines.lineOf(start);
    if (this.errorLines.has(line)) return;
    this.errorLines.add(line);
    this.problem(code, 'error', start, end, typeof message === 'string' ? message : message(), line);
  }

  /** A lexer error, reported as error() does; its message is made only when it is reported. */
  lexError(e: LexError): void {
    const line = this.lines.lineOf(e.start);
    if (this.errorLines.has(line)) return;
    this.errorLines.add(line);
    this.problem(e.invalidUtf8 ? ProblemCode.invalidUtf8 : ProblemCode.syntax, 'error', e.start, e.end, lexErrorMessage(this.text, e), line);
  }

  markErrorLine(offset: number): void {
    this.errorLines.add(this.lines.lineOf(offset));
  }

  /** Index of the next significant token at or after k (n when none). */
  nextSig(k: number): number {
    const toks = this.toks;
    while (k < this.n && isSkippable(toks[k].kind)) k++;
    return k;
  }

  takeTrivia(into: CstChild[]): void {
    const toks = this.toks;
    while (this.pos < this.n && isSkippable(toks[this.pos].kind)) into.push(toks[this.pos++]);
  }

  newlineBetween(from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const kind = this.toks[k].kind;
      if (kind === 'newline' || kind === 'comment') return true;
    }
    return false;
  }

  /** Whether the string token at index k is a key (followed by `=`, `:` or `{`). */
  isKeyAt(k: number): boolean {
    const j = this.nextSig(k + 1);
    if (j >= this.n) return false;
    const kind = this.toks[j].kind;
    return kind === '=' || kind === ':' || kind === '{';
  }

  parseFile(): FileNode {
    const text = this.text;
    const first = this.nextSig(0);
    const children: CstChild[] = [];
    let root: ObjectNode;
    if (first < this.n && this.toks[first].kind === '{') {
      this.takeTrivia(children);
      root = this.parseBracedObject(1);
      children.push(root);
      this.takeTrivia(children);
      if (this.pos < this.n) {
        const t = this.toks[this.pos];
        this.error(t.start, t.end, tr('Unexpected content after the closing brace of the root object: EMQX rejects the file.'));
        // Keep reading so the rest of the file is still analysed: the extra
        // fields sit in their own node (the tree stays in source order) and
        // count as members of the root.
        const rest: ObjectNode = { kind: 'object', braced: false, members: [], children: [], start: t.start, end: text.length };
        this.parseMembers(rest, false, 1);
        children.push(rest);
        for (const m of rest.members) root.members.push(m);
      }
    } else {
      root = { kind: 'object', braced: false, members: [], children: [], start: 0, end: text.length };
      this.parseMembers(root, false, 0);
      root.start = 0;
      root.end = text.length;
      children.push(root);
    }
    return { kind: 'file', text, root, children, start: 0, end: text.length };
  }

  /**
   * Fields and includes until `}` (braced) or the end of the file. Leaves the
   * closing brace for the caller.
   */
  parseMembers(obj: ObjectNode, braced: boolean, depth: number, region?: Region): void {
    const toks = this.toks;
    const text = this.text;
    let hadMember = region?.hadMember ?? false;
    // A region that starts after a comma carries it as state; its token is not needed there.
    let pendingComma: Token | undefined = region?.pendingComma ? { kind: ',', start: region.start, end: region.start } : undefined;
    let steps = 0;
    for (; ; steps++) {
      this.takeTrivia(obj.children);
      if (region) {
        // A region ends where a later member starts a line, once the next two significant
        // tokens (the lookahead that decided where the value before it ends) were read.
        if (this.pos >= this.n) return;
        const t = toks[this.pos];
        const next = this.nextSig(this.pos + 1);
        if (steps > 0 && next < this.n && (toks[this.pos - 1].kind === 'newline' || (t.kind === '}' && braced))) {
          region.end = t.start;
          region.hadMember = hadMember;
          region.pendingComma = pendingComma !== undefined;
          return;
        }
      }
      if (this.pos >= this.n) break;
      const t = toks[this.pos];
      if (t.kind === '}' && braced) break;
      if (t.kind === ',') {
        if (!hadMember || pendingComma) {
          this.error(t.start, t.end, () => (hadMember ? tr('Two commas in a row: EMQX rejects this.') : tr('A comma with no field before it: EMQX rejects this.')));
        }
        pendingComma = t;
        obj.children.push(t);
        this.pos++;
        continue;
      }
      if (isStringKind(t.kind) && this.isKeyAt(this.pos)) {
        const field = this.parseField(depth);
        obj.children.push(field);
        obj.members.push(field);
        hadMember = true;
        pendingComma = undefined;
        continue;
      }
      if (t.kind === 'include') {
        const inc = this.parseInclude();
        obj.children.push(inc);
        obj.members.push(inc);
        hadMember = true;
        pendingComma = undefined;
        continue;
      }
      // Anything else cannot start a field: report it and skip one token.
      this.error(t.start, t.end, () => {
        if (t.kind === '}') return tr('Unexpected "}": there is no "{" for it to close.');
        if (isStringKind(t.kind) || t.kind === 'unit') return tr('{0} is not followed by "=", ":" or "{", so it is neither a key nor part of a value.', describe(text, t));
        if (t.kind === 'int' || t.kind === 'float') return tr('Expected a key, found the number {0}: EMQX keys must start with a letter.', describe(text, t));
        return tr('Expected a key, found {0}.', describe(text, t));
      });
      const err: ErrorNode = { kind: 'error', children: [], start: t.start, end: t.end };
      if (t.kind === '{' || t.kind === '[') {
        this.skipBalanced(err);
      } else {
        err.children.push(t);
        this.pos++;
      }
      obj.children.push(err);
    }
    if (pendingComma) {
      this.error(
        pendingComma.start,
        pendingComma.end,
        braced ? tr('Trailing comma before "}": EMQX rejects it when it loads emqx.conf.') : tr('Trailing comma at the end of the file: EMQX rejects it.'),
      );
    }
  }

  parseKey(t: Token): KeyNode {
    const text = this.text;
    const segments: KeySegment[] = [];
    if (t.kind === 'unquoted') {
      let s = t.start;
      for (let k = t.start; k <= t.end; k++) {
        if (k === t.end || text.charCodeAt(k) === 46) {
          // EMQX splits a key on its dots and drops empty segments: `a..b`
          // is `a.b`, `a.` is `a`.
          if (k > s) segments.push({ text: text.slice(s, k), start: s, end: k });
          s = k + 1;
        }
      }
      if (segments.length === 0) {
        this.error(t.start, t.end, tr('Empty path segment in a key (two dots in a row, or a dot at the end).'));
        segments.push({ text: '', start: t.start, end: t.end });
      }
      return { kind: 'key', quoted: false, segments, children: [t], start: t.start, end: t.end };
    }
    const raw = text.slice(t.start, t.end);
    const u = t.kind === 'triple' ? undefined : unescapeQuoted(raw);
    if (u?.badUnicode) {
      this.error(t.start, t.end, tr('Invalid escape "{0}": EMQX rejects the file (\\u takes four hex digits, and a surrogate must be a high one followed by a low one).', u.badUnicode));
    }
    const value = u ? u.value : tripleValue(raw);
    segments.push({ text: value, start: t.start, end: t.end });
    return { kind: 'key', quoted: true, segments, children: [t], start: t.start, end: t.end };
  }

  parseField(depth: number): FieldNode {
    const keyTok = this.toks[this.pos++];
    const key = this.parseKey(keyTok);
    const field: FieldNode = { kind: 'field', key, children: [key], start: keyTok.start, end: keyTok.end };
    this.takeTrivia(field.children);
    const t = this.toks[this.pos];
    // isKeyAt guaranteed one of = : { follows.
    if (t.kind === '=' || t.kind === ':') {
      field.separator = t;
      field.children.push(t);
      this.pos++;
      this.takeTrivia(field.children);
      // EMQX drops every `=` and `:` after a key, so `a == 1`, `a := 1` and
      // `a : = 1` are `a = 1`.
      while (this.pos < this.n && (this.toks[this.pos].kind === '=' || this.toks[this.pos].kind === ':')) {
        field.children.push(this.toks[this.pos++]);
        this.takeTrivia(field.children);
      }
      const j = this.pos;
      const value = this.parseValue(false, depth);
      if (value) {
        field.value = value;
        field.children.push(value);
      } else {
        const at = j < this.n ? this.toks[j] : undefined;
        if (at && (at.kind === '=' || at.kind === ':')) {
          this.error(at.start, at.end, tr('Unexpected "{0}": a value is missing.', this.text.slice(at.start, at.end)));
        } else {
          this.error(t.start, t.end, tr('Missing value after "{0}".', this.text.slice(t.start, t.end)));
        }
      }
    } else {
      const value = this.parseValue(false, depth);
      if (value) {
        field.value = value;
        field.children.push(value);
      }
    }
    const last = field.children[field.children.length - 1];
    field.end = last.end;
    return field;
  }

  parseInclude(): IncludeNode {
    const kw = this.toks[this.pos++];
    const node: IncludeNode = { kind: 'include', required: false, children: [kw], start: kw.start, end: kw.end };
    const j = this.nextSig(this.pos);
    const t = j < this.n ? this.toks[j] : undefined;
    const text = this.text;
    let target: string | undefined;
    let required = false;
    if (t && (t.kind === 'quoted' || t.kind === 'triple' || t.kind === 'required' || t.kind === 'unquoted' || t.kind === 'unit')) {
      if (t.kind === 'quoted') target = unescapeQuoted(text.slice(t.start, t.end)).value;
      else if (t.kind === 'triple') target = tripleValue(text.slice(t.start, t.end));
      else if (t.kind === 'required') {
        required = true;
        target = unescapeQuoted(text.slice(t.start + 9, t.end - 1)).value.trim();
      } else target = text.slice(t.start, t.end);
    }
    if (target === undefined || !t) {
      this.error(kw.start, kw.end, tr('Expected a file name after include: include "file.conf" or include required("file.conf").'));
      return node;
    }
    this.takeTrivia(node.children);
    node.children.push(t);
    this.pos = j + 1;
    node.target = target;
    node.targetStart = t.start;
    node.targetEnd = t.end;
    (node as { required: boolean }).required = required;
    node.end = t.end;
    return node;
  }

  /** Whether the significant token at index j ends the value before it. */
  private isBoundary(j: number): boolean {
    const kind = this.toks[j].kind;
    switch (kind) {
      case ',':
      case '}':
      case ']':
      case ':':
      case '=':
      case 'include':
      case 'required':
        return true;
      case 'unquoted':
      case 'quoted':
      case 'triple':
        return this.isKeyAt(j);
      default:
        return false;
    }
  }

  /**
   * A value: the pieces up to the next boundary. Returns undefined (consuming
   * nothing) when no value starts here. Trailing trivia is left to the caller.
   */
  parseValue(inArray: boolean, depth: number): ValueNode | undefined {
    const toks = this.toks;
    let value: ValueNode | undefined;
    let scalarFirst = false;
    let warned = false;
    for (;;) {
      const j = this.nextSig(this.pos);
      if (j >= this.n) break;
      const t = toks[j];
      if (this.isBoundary(j)) break;
      if (value) {
        // EMQX ends a value at `}` then `{` on another line (two objects), but
        // joins anything else across lines (`[1]⏎{}` is one value).
        if (t.kind === '{' && value.pieces[value.pieces.length - 1].kind === 'object' && this.newlineBetween(this.pos, j)) break;
        if (inArray && scalarFirst) break;
      }
      const gapStart = this.pos;
      const children: CstChild[] = value ? value.children : [];
      // Callers take leading trivia themselves; whatever is left (and the
      // whitespace between pieces) belongs to the value.
      while (this.pos < j) children.push(toks[this.pos++]);
      const piece = this.parsePiece(t, depth);
      if (!value) {
        const first = children.length > 0 ? children[0].start : piece.start;
        value = { kind: 'value', pieces: [], children, start: first, end: piece.end };
        scalarFirst = piece.kind === 'literal' && piece.type !== 'string';
      } else if (!warned) {
        const prev = value.pieces[value.pieces.length - 1];
        if (isStringy(prev) && isStringy(piece) && gapStart < j) {
          warned = true;
          if (this.newlineBetween(gapStart, j)) {
            this.problem(
              ProblemCode.concatNewline,
              'warning',
              prev.start,
              piece.end,
              tr('This value continues on the next line: EMQX joins the two lines into one string (a newline does not end a value). Quote the value or end it with a comma.'),
            );
          } else {
            this.problem(
              ProblemCode.concatWhitespace,
              'warning',
              prev.start,
              piece.end,
              tr('EMQX drops the whitespace between the pieces of this value and joins them into one string. Quote the whole value to keep the spaces.'),
            );
          }
        }
      }
      value.pieces.push(piece);
      value.children.push(piece);
      value.end = piece.end;
    }
    if (value && value.pieces.length > 1) {
      const pieces = value.pieces;
      for (let k = 1; k < pieces.length; k++) {
        const a = pieces[k - 1];
        const b = pieces[k];
        if (isScalar(a) || isScalar(b)) {
          value.invalid = true;
          const what = isScalar(a) ? a : b;
          this.error(
            b.start,
            b.end,
            tr(
              'Syntax error before {0}: EMQX cannot join a {1} with other pieces (for example 1.5s is the number 1.5 followed by "s"; durations and sizes must be whole numbers).',
              describePiece(this.text, b),
              what.kind === 'literal' ? what.type : 'value',
            ),
          );
          break;
        }
      }
    }
    return value;
  }

  parsePiece(t: Token, depth: number): LiteralNode | SubstNode | ArrayNode | ObjectNode {
    const text = this.text;
    switch (t.kind) {
      case '{':
        return this.parseBracedObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case 'subst': {
        this.pos++;
        const optional = text.charCodeAt(t.start + 2) === 63;
        const path = text.slice(t.start + (optional ? 3 : 2), t.end - 1);
        return { kind: 'subst', optional, path, token: t, children: [t], start: t.start, end: t.end };
      }
      default:
        this.pos++;
        return this.literal(t);
    }
  }

  literal(t: Token): LiteralNode {
    const text = this.text;
    const children: CstChild[] = [t];
    // Object literals with a fixed shape (no spreads): this runs once per value.
    switch (t.kind) {
      case 'int':
        return { kind: 'literal', type: 'number', value: Number(text.slice(t.start, t.end)), token: t, children, start: t.start, end: t.end };
      case 'float':
        return { kind: 'literal', type: 'number', value: Number(text.slice(t.start, t.end)), float: true, token: t, children, start: t.start, end: t.end };
      case 'true':
        return { kind: 'literal', type: 'boolean', value: true, token: t, children, start: t.start, end: t.end };
      case 'false':
        return { kind: 'literal', type: 'boolean', value: false, token: t, children, start: t.start, end: t.end };
      case 'null':
        return { kind: 'literal', type: 'null', value: null, token: t, children, start: t.start, end: t.end };
      case 'quoted': {
        const u = unescapeQuoted(text.slice(t.start, t.end));
        if (u.unescapedQuote) {
          this.error(t.start, t.end, tr('Unescaped quote inside a quoted string: EMQX rejects it.'));
        } else if (u.badUnicode) {
          this.error(t.start, t.end, tr('Invalid escape "{0}": EMQX rejects the file (\\u takes four hex digits, and a surrogate must be a high one followed by a low one).', u.badUnicode));
        } else if (u.invalidEscape) {
          this.problem(ProblemCode.invalidEscape, 'warning', t.start, t.end, tr('Unknown escape "{0}": EMQX keeps it literally, backslash included. Write "\\\\" for a backslash.', u.invalidEscape));
        }
        return { kind: 'literal', type: 'string', value: u.value, quoting: 'quoted', token: t, children, start: t.start, end: t.end };
      }
      case 'triple':
        return { kind: 'literal', type: 'string', value: tripleValue(text.slice(t.start, t.end)), quoting: 'triple', token: t, children, start: t.start, end: t.end };
      case 'unit':
        return { kind: 'literal', type: 'string', value: text.slice(t.start, t.end), quoting: 'unit', token: t, children, start: t.start, end: t.end };
      default:
        return { kind: 'literal', type: 'string', value: text.slice(t.start, t.end), quoting: 'unquoted', token: t, children, start: t.start, end: t.end };
    }
  }

  /** Consumes a bracketed region without recursing (too deep, or junk). */
  skipBalanced(into: ErrorNode): void {
    let level = 0;
    const toks = this.toks;
    while (this.pos < this.n) {
      const t = toks[this.pos++];
      into.children.push(t);
      if (t.kind === '{' || t.kind === '[') level++;
      else if (t.kind === '}' || t.kind === ']') level--;
      if (level <= 0) break;
    }
    into.end = into.children.length > 0 ? into.children[into.children.length - 1].end : into.start;
  }

  parseBracedObject(depth: number): ObjectNode {
    const open = this.toks[this.pos];
    const obj: ObjectNode = { kind: 'object', braced: true, members: [], children: [], start: open.start, end: open.end };
    if (depth > MAX_DEPTH) {
      const err: ErrorNode = { kind: 'error', children: [], start: open.start, end: open.end };
      this.skipBalanced(err);
      obj.children.push(err);
      obj.end = err.end;
      this.error(open.start, open.end, tr('Nesting deeper than {0} levels is not analysed.', MAX_DEPTH), ProblemCode.tooDeep);
      return obj;
    }
    obj.children.push(open);
    this.pos++;
    this.parseMembers(obj, true, depth);
    if (this.pos < this.n && this.toks[this.pos].kind === '}') {
      const close = this.toks[this.pos++];
      obj.children.push(close);
      obj.end = close.end;
    } else {
      obj.unclosed = true;
      obj.end = this.pos > 0 ? this.toks[this.pos - 1].end : open.end;
      this.markUnclosed(open, tr('This "{" is never closed.'));
    }
    return obj;
  }

  private markUnclosed(open: Token, message: string): void {
    // Reported even when the line already has an error: it is a separate mistake.
    this.problem(ProblemCode.syntax, 'error', open.start, open.end, message);
    this.markErrorLine(open.start);
  }

  parseArray(depth: number): ArrayNode {
    const open = this.toks[this.pos];
    const arr: ArrayNode = { kind: 'array', elements: [], children: [], start: open.start, end: open.end };
    if (depth > MAX_DEPTH) {
      const err: ErrorNode = { kind: 'error', children: [], start: open.start, end: open.end };
      this.skipBalanced(err);
      arr.children.push(err);
      arr.end = err.end;
      this.error(open.start, open.end, tr('Nesting deeper than {0} levels is not analysed.', MAX_DEPTH), ProblemCode.tooDeep);
      return arr;
    }
    arr.children.push(open);
    this.pos++;
    let hadElement = false;
    let pendingComma: Token | undefined;
    const toks = this.toks;
    for (;;) {
      this.takeTrivia(arr.children);
      if (this.pos >= this.n) break;
      const t = toks[this.pos];
      if (t.kind === ']') break;
      if (t.kind === ',') {
        if (!hadElement || pendingComma) {
          this.error(t.start, t.end, () => (hadElement ? tr('Two commas in a row: EMQX rejects this.') : tr('A comma with no element before it: EMQX rejects this.')));
        }
        pendingComma = t;
        arr.children.push(t);
        this.pos++;
        continue;
      }
      const value = this.parseValue(true, depth);
      if (value) {
        arr.children.push(value);
        arr.elements.push(value);
        hadElement = true;
        pendingComma = undefined;
        continue;
      }
      // A "}" or the next key probably belongs to an enclosing object: the array is unclosed.
      if (t.kind === '}' || (isStringKind(t.kind) && this.isKeyAt(this.pos))) break;
      this.error(t.start, t.end, () => tr('Unexpected {0} inside an array.', describe(this.text, t)));
      const err: ErrorNode = { kind: 'error', children: [t], start: t.start, end: t.end };
      this.pos++;
      arr.children.push(err);
    }
    if (pendingComma) {
      this.error(pendingComma.start, pendingComma.end, tr('Trailing comma before "]": EMQX rejects it when it loads emqx.conf.'));
    }
    if (this.pos < this.n && toks[this.pos].kind === ']') {
      const close = toks[this.pos++];
      arr.children.push(close);
      arr.end = close.end;
    } else {
      arr.unclosed = true;
      const last = arr.children[arr.children.length - 1];
      arr.end = last.end;
      this.markUnclosed(open, tr('This "[" is never closed.'));
    }
    return arr;
  }
}

function isScalar(p: LiteralNode | SubstNode | ArrayNode | ObjectNode): boolean {
  return p.kind === 'literal' && p.type !== 'string';
}

function isStringy(p: LiteralNode | SubstNode | ArrayNode | ObjectNode): boolean {
  return (p.kind === 'literal' && p.type === 'string') || p.kind === 'subst';
}

function describePiece(text: string, p: LiteralNode | SubstNode | ArrayNode | ObjectNode): string {
  if (p.kind === 'object') return '"{"';
  if (p.kind === 'array') return '"["';
  if (p.kind === 'literal' && p.type === 'string' && p.quoting !== 'unquoted' && p.quoting !== 'unit') return 'a quoted string';
  return `"${text.slice(p.start, Math.min(p.end, p.start + 20))}"`;
}

/**
 * Parses one HOCON text. Never throws. `uri` is only used in the locations of
 * problems (whatever id the caller uses: a file URI or an absolute path).
 */
export function parseHocon(text: string, uri: string): ParseResult {
  const lines = new LineIndex(text);
  const { tokens, errors } = lex(text);
  const parser = new Parser(text, uri, tokens, lines);
  for (const e of errors) parser.lexError(e);
  // Invalid UTF-8 reaches us as U+FFFD (the decoder's replacement). EMQX
  // rejects such a file wherever the bytes are, strings included; the lexer
  // already reported the ones outside strings.
  // The lexer's errors come in text order without overlap, so one pointer that moves with `at`
  // finds the one that may cover it (a search of all of them per U+FFFD is quadratic).
  const utf8 = errors.filter((e) => e.invalidUtf8);
  let k = 0;
  let reported = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0 && reported < 100; at = text.indexOf('\uFFFD', at + 1)) {
    while (k < utf8.length && utf8[k].end <= at) k++;
    if (k < utf8.length && utf8[k].start <= at) continue;
    reported++;
    parser.problem(ProblemCode.invalidUtf8, 'error', at, at + 1, tr('Invalid UTF-8 (shown as \uFFFD): EMQX rejects the file. Save it as UTF-8.'));
  }
  const file = parser.parseFile();
  const comments: Comment[] = [];
  for (const t of tokens) {
    if (t.kind === 'comment') {
      comments.push({ text: text.slice(t.start, t.end), start: t.start, end: t.end, range: lines.range(t.start, t.end) });
    }
  }
  const problems = parser.problems;
  problems.sort((a, b) => a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character);
  return { uri, file, problems, comments, lines };
}

/**
 * Where the fast reader (fastParse.ts) hands a stretch of text it does not read
 * (a syntax error, a surprising reading to warn about) to this parser: the
 * members from `start`, read in an object (`braced` or the root) at `depth`, with
 * the object's state before them (`hadMember`, `pendingComma`). On return, `end`
 * is where the fast reader goes on (-1 when the region could not be closed) and
 * the state is the object's there.
 */
export interface Region {
  readonly start: number;
  end: number;
  hadMember: boolean;
  pendingComma: boolean;
}

export interface RegionResult {
  readonly members: ReadonlyArray<FieldNode | IncludeNode>;
  readonly problems: SyntaxProblem[];
}

/**
 * Parses the members of `region` as parseHocon would read them in the whole
 * text: from `region.start` up to the first member that starts a line after at
 * least one member or stray token, in the same object. Only text up to `to` is
 * lexed; when that is not enough to close the region, `region.end` stays -1 and
 * the caller may try a larger `to`. `errorLines` (the lines of the file that
 * already have a syntax error) is read and, on success, extended.
 */
export function parseRegion(text: string, uri: string, lines: LineIndex, region: Region, to: number, braced: boolean, depth: number, errorLines: Set<number>): RegionResult | undefined {
  region.end = -1;
  const { tokens, errors } = lex(text, region.start, to);
  const own = new Set(errorLines);
  const parser = new Parser(text, uri, tokens, lines, own);
  for (const e of errors) parser.lexError(e);
  const obj: ObjectNode = { kind: 'object', braced, members: [], children: [], start: region.start, end: region.start };
  parser.parseMembers(obj, braced, depth, region);
  if (region.end < 0) return undefined;
  // What the lexer or the parser said past the end belongs to the text the fast reader reads next.
  const endLine = lines.lineOf(region.end);
  const endPos = lines.positionAt(region.end);
  const problems = parser.problems.filter((p) => {
    const s = p.location.range.start;
    return s.line < endPos.line || (s.line === endPos.line && s.character < endPos.character);
  });
  for (const line of own) if (line < endLine) errorLines.add(line);
  problems.sort((a, b) => a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character);
  return { members: obj.members, problems };
}

export { printTree } from './cst';
