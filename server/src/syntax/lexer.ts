/**
 * The lexer of EMQX's HOCON dialect (emqx/hocon's `hocon_scanner`), made
 * lossless: every character of the input lands in exactly one token, including
 * whitespace, newlines, comments and characters EMQX rejects (`illegal`
 * tokens). The token rules follow EMQX's leex scanner, which picks the longest
 * match and, on a tie, the rule listed first:
 *
 * - unquoted strings start with an ASCII letter, then `[A-Za-z0-9_.@%|-]`;
 *   `true`, `false`, `null` and `include` are keywords only as whole tokens;
 * - integers `[+-]?\d+`; floats `[+-]?\d*\.\d+` or `[+-]?\d+\.\d+[eE][+-]?\d+`
 *   (an exponent needs a fraction);
 * - durations `\d+(d|h|m|s|ms)`, sizes `\d+(b|kb|mb|gb)` (each unit all lower or
 *   all upper case) and percentages `\d+%` are single string tokens;
 * - `"…"` strings cannot span lines, keep invalid escapes literally;
 *   `"""…"""` strings end at the first `"""` and have no escapes; `"""~⏎`
 *   starts an indented multi-line string;
 * - substitutions are `${path}` / `${?path}` with an unquoted path, no spaces;
 * - `required("file")` is one token (only meaningful after `include`).
 */

import { currentLocale, t } from '../l10n';

export type TokenKind =
  | 'bom'
  /** Blanks (spaces, tabs…) within a line. */
  | 'ws'
  /** Blanks that include at least one line break. */
  | 'newline'
  | 'comment'
  | '{'
  | '}'
  | '['
  | ']'
  | ','
  | ':'
  | '='
  /** A `"quoted"` string. */
  | 'quoted'
  /** A `"""triple-quoted"""` string. */
  | 'triple'
  | 'unquoted'
  /** A duration, size or percentage (`15s`, `1MB`, `50%`): a string EMQX's schema converts later. */
  | 'unit'
  | 'int'
  | 'float'
  | 'true'
  | 'false'
  | 'null'
  | 'include'
  /** `required("file")` */
  | 'required'
  /** `${path}` or `${?path}` */
  | 'subst'
  /** Characters EMQX's scanner rejects. */
  | 'illegal';

export interface Token {
  readonly kind: TokenKind;
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** UTF-16 offset just past the last character. */
  readonly end: number;
}

/** Why a run of characters is illegal: `lexErrorMessage` makes the sentence. */
export type LexErrorKind = 'unterminated' | 'subst' | 'dollar' | 'plusEquals' | 'char' | 'utf8';

/**
 * Why a token is illegal. The message is made by `lexErrorMessage` only for
 * the errors that are reported (the parser reports one per line): a file of
 * control bytes has an illegal run every few characters.
 */
export interface LexError {
  readonly start: number;
  readonly end: number;
  readonly kind: LexErrorKind;
  /** Invalid UTF-8 rather than a plain syntax error. */
  readonly invalidUtf8?: boolean;
}

/** The sentence for the user (translated) of a lexer error in `text`. */
export function lexErrorMessage(text: string, e: LexError): string {
  switch (e.kind) {
    case 'unterminated':
      return t('Unterminated string: a quoted string must end on the line it starts. EMQX rejects the file.');
    case 'subst':
      return t('Invalid substitution: EMQX accepts only ${path} or ${?path}, with an unquoted path and no spaces.');
    case 'dollar':
      return t('Illegal character {0}: EMQX rejects the file.', '"$"');
    case 'plusEquals':
      return t('Illegal characters "+=": EMQX does not support +=.');
    case 'utf8':
      return t('Invalid UTF-8 (shown as \uFFFD): EMQX rejects the file. Save it as UTF-8.');
    default: {
      // The run's first character (a surrogate pair is one character).
      const c = text.charCodeAt(e.start);
      const lo = text.charCodeAt(e.start + 1);
      const width = c >= 0xd800 && c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff ? 2 : 1;
      return illegalCharacterMessage(text.slice(e.start, e.start + width));
    }
  }
}

/**
 * The message about an illegal character, made once per character and locale: a
 * file of control bytes has one on every line, and few different characters.
 */
const illegalMessages = new Map<string, string>();
let illegalMessagesLocale = currentLocale();

function illegalCharacterMessage(ch: string): string {
  if (illegalMessagesLocale !== currentLocale()) {
    illegalMessages.clear();
    illegalMessagesLocale = currentLocale();
  }
  let message = illegalMessages.get(ch);
  if (message === undefined) {
    message = t('Illegal character {0}: EMQX rejects the file.', JSON.stringify(ch));
    // Binary junk could hold thousands of different characters: only the first few hundred are kept.
    if (illegalMessages.size < 512) illegalMessages.set(ch, message);
  }
  return message;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly errors: LexError[];
}

const TRIVIA: ReadonlySet<TokenKind> = new Set<TokenKind>(['bom', 'ws', 'newline', 'comment']);

export function isTrivia(kind: TokenKind): boolean {
  return TRIVIA.has(kind);
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `[A-Za-z0-9_.@%|-]`: what may follow the first letter of an unquoted string. */
export function isUnquotedRest(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 || c === 46 || c === 64 || c === 37 || c === 124 || c === 45;
}

/** EMQX's whitespace: tab, vertical tab, form feed, space, no-break space. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0;
}

/** EMQX's line feeds: LF, CR, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
export function isNewlineChar(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Scans a `"…"` string starting at `i` (the opening quote) the way leex's
 * longest match does: a backslash may be read as a plain character or as the
 * start of an escape, so `"a\"` (backslash at the end) is a string, and the
 * longest candidate wins. Returns the end offset, or -1 when no closing quote
 * is found before the end of the line.
 */
export function scanQuoted(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  let lastClose = -1;
  // Possible DFA states: in the body only, or in the body and just after a backslash.
  let afterBackslash = false;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isNewlineChar(c)) break;
    if (c === 34) {
      lastClose = j + 1;
      if (!afterBackslash) break;
      afterBackslash = false; // the escaped-quote reading continues the string
    } else if (c === 92) {
      // After `\\` the second backslash can still be read as a plain char that
      // starts a new escape, so the state stays "body + after backslash".
      afterBackslash = true;
    } else {
      afterBackslash = false;
    }
    j++;
  }
  return lastClose;
}

/** Length of a duration/size unit at `j` (0 when none). */
function unitLength(text: string, j: number): number {
  const c1 = text.charCodeAt(j);
  const c2 = text.charCodeAt(j + 1);
  // Two-letter units first (longest match): ms, kb, mb, gb and upper-case forms.
  if ((c1 === 109 && c2 === 115) || (c1 === 77 && c2 === 83)) return 2; // ms MS
  if ((c1 === 107 || c1 === 109 || c1 === 103) && c2 === 98) return 2; // kb mb gb
  if ((c1 === 75 || c1 === 77 || c1 === 71) && c2 === 66) return 2; // KB MB GB
  switch (c1) {
    case 100: // d
    case 104: // h
    case 109: // m
    case 115: // s
    case 98: // b
    case 68: // D
    case 72: // H
    case 77: // M
    case 83: // S
    case 66: // B
      return 1;
    default:
      return 0;
  }
}

interface NumberMatch {
  kind: 'int' | 'float' | 'unit';
  end: number;
}

/** Longest of the integer / float / unit rules at `i`, or undefined. */
export function scanNumber(text: string, i: number): NumberMatch | undefined {
  const n = text.length;
  let j = i;
  let signed = false;
  const c0 = text.charCodeAt(j);
  if (c0 === 43 || c0 === 45) {
    signed = true;
    j++;
  }
  const digitsStart = j;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  const digitsEnd = j;
  const hasDigits = digitsEnd > digitsStart;
  let best: NumberMatch | undefined;
  if (hasDigits) best = { kind: 'int', end: digitsEnd };
  // Float: Integer? Fraction | Integer Fraction Exponent
  if (text.charCodeAt(digitsEnd) === 46 && isDigit(text.charCodeAt(digitsEnd + 1)) && (hasDigits || !signed)) {
    let k = digitsEnd + 1;
    while (k < n && isDigit(text.charCodeAt(k))) k++;
    let end = k;
    if (hasDigits) {
      const e = text.charCodeAt(k);
      if (e === 101 || e === 69) {
        let m = k + 1;
        const s = text.charCodeAt(m);
        if (s === 43 || s === 45) m++;
        const expStart = m;
        while (m < n && isDigit(text.charCodeAt(m))) m++;
        if (m > expStart) end = m;
      }
    }
    if (!best || end > best.end) best = { kind: 'float', end };
  }
  // Units and percentages take no sign.
  if (hasDigits && !signed) {
    const u = unitLength(text, digitsEnd);
    let end = digitsEnd + u;
    if (u === 0 && text.charCodeAt(digitsEnd) === 37) end = digitsEnd + 1;
    if (end > digitsEnd && (!best || end > best.end)) best = { kind: 'unit', end };
  }
  return best;
}

/** Scans a `${…}` / `${?…}` substitution at `i`; returns its end or -1. */
export function scanSubst(text: string, i: number): number {
  let j = i + 2;
  if (text.charCodeAt(j) === 63) j++;
  if (!isLetter(text.charCodeAt(j))) return -1;
  j++;
  while (j < text.length && isUnquotedRest(text.charCodeAt(j))) j++;
  return text.charCodeAt(j) === 125 ? j + 1 : -1;
}

/**
 * Scans a triple-quoted string at `i`. Returns its end (just past the closing
 * `"""`), or -1 when it is not closed before the end of the text.
 */
function scanTriple(text: string, i: number): number {
  const close = text.indexOf('"""', i + 3);
  return close < 0 ? -1 : close + 3;
}

/**
 * The illegal tokens of one lex() call and their errors. A token that starts
 * where the previous illegal one ends is merged into it (one token, one error,
 * the first one's kind), in place: a file of control bytes is mostly such runs.
 */
class IllegalRuns {
  private lastToken: { kind: 'illegal'; start: number; end: number } | undefined;
  private lastError: { start: number; end: number; kind: LexErrorKind; invalidUtf8?: boolean } | undefined;

  constructor(
    private readonly tokens: Token[],
    private readonly errors: LexError[],
  ) {}

  /** Adds the illegal token [i, end); returns `end`. */
  add(i: number, end: number, kind: LexErrorKind, invalidUtf8?: boolean): number {
    const last = this.lastToken;
    if (last && last.end === i && this.tokens[this.tokens.length - 1] === last && this.lastError) {
      last.end = end;
      this.lastError.end = end;
      return end;
    }
    const token = { kind: 'illegal' as const, start: i, end };
    const error = { start: i, end, kind, invalidUtf8 };
    this.tokens.push(token);
    this.errors.push(error);
    this.lastToken = token;
    this.lastError = error;
    return end;
  }
}

/** Whether a surrogate pair (one character) starts at `i`. */
function isPair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const lo = text.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}

/**
 * Whether the character at `j` is illegal wherever it stands: nothing the
 * lexer reads starts with it (no blank, comment, bracket, separator, quote,
 * `$`, letter, digit or sign), so it belongs to the illegal run before it.
 */
function isPlainIllegal(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (isSpace(c) || isNewlineChar(c) || isLetter(c) || isDigit(c)) return false;
  switch (c) {
    case 35: // #
    case 123: // {
    case 125: // }
    case 91: // [
    case 93: // ]
    case 44: // ,
    case 58: // :
    case 61: // =
    case 34: // "
    case 36: // $
    case 43: // +
    case 45: // -
    case 46: // .
      return false;
    case 47: // / (a comment when doubled)
      return text.charCodeAt(j + 1) !== 47;
    default:
      return true;
  }
}

/**
 * The tokens of `text`, or of the part that starts at `from` and ends with
 * the token that reaches `to` (a token is never cut: the last one may end past
 * `to`). `from` must be where a token starts; offsets are always into `text`.
 */
export function lex(text: string, from = 0, to = text.length): LexResult {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  const illegal = new IllegalRuns(tokens, errors);
  const n = text.length;
  const stop = Math.min(to, n);
  let i = from;
  if (from === 0 && n > 0 && text.charCodeAt(0) === 0xfeff) {
    tokens.push({ kind: 'bom', start: 0, end: 1 });
    i = 1;
  }
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || isNewlineChar(c)) {
      // One token per run of blanks: 'newline' when the run crosses a line
      // break (a line's end and the next line's indentation are one token).
      let j = i;
      let nl = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (isNewlineChar(d)) nl = true;
        else if (!isSpace(d)) break;
      }
      tokens.push({ kind: nl ? 'newline' : 'ws', start: i, end: j });
      i = j;
      continue;
    }
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      let j = i + 1;
      while (j < n && !isNewlineChar(text.charCodeAt(j))) j++;
      {
        const e = j;
        tokens.push({ kind: 'comment', start: i, end: e });
        i = e;
      }
      continue;
    }
    switch (c) {
      case 123:
        {
          const e = i + 1;
          tokens.push({ kind: '{', start: i, end: e });
          i = e;
        }
        continue;
      case 125:
        {
          const e = i + 1;
          tokens.push({ kind: '}', start: i, end: e });
          i = e;
        }
        continue;
      case 91:
        {
          const e = i + 1;
          tokens.push({ kind: '[', start: i, end: e });
          i = e;
        }
        continue;
      case 93:
        {
          const e = i + 1;
          tokens.push({ kind: ']', start: i, end: e });
          i = e;
        }
        continue;
      case 44:
        {
          const e = i + 1;
          tokens.push({ kind: ',', start: i, end: e });
          i = e;
        }
        continue;
      case 58:
        {
          const e = i + 1;
          tokens.push({ kind: ':', start: i, end: e });
          i = e;
        }
        continue;
      case 61:
        {
          const e = i + 1;
          tokens.push({ kind: '=', start: i, end: e });
          i = e;
        }
        continue;
      case 34: {
        if (text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34) {
          const end = scanTriple(text, i);
          if (end < 0) {
            // EMQX's scanner reads an unclosed `"""` as the empty string `""`
            // followed by whatever the third quote starts.
            tokens.push({ kind: 'quoted', start: i, end: i + 2 });
            i += 2;
          } else {
            {
              const e = end;
              tokens.push({ kind: 'triple', start: i, end: e });
              i = e;
            }
          }
          continue;
        }
        const end = scanQuoted(text, i);
        if (end < 0) {
          let j = i + 1;
          while (j < n && !isNewlineChar(text.charCodeAt(j))) j++;
          i = illegal.add(i, j, 'unterminated');
        } else {
          {
            const e = end;
            tokens.push({ kind: 'quoted', start: i, end: e });
            i = e;
          }
        }
        continue;
      }
      case 36: {
        if (text.charCodeAt(i + 1) === 123) {
          const end = scanSubst(text, i);
          if (end > 0) {
            {
              const e = end;
              tokens.push({ kind: 'subst', start: i, end: e });
              i = e;
            }
          } else {
            let j = i + 2;
            while (j < n && !isNewlineChar(text.charCodeAt(j)) && text.charCodeAt(j) !== 125) j++;
            if (text.charCodeAt(j) === 125) j++;
            i = illegal.add(i, j, 'subst');
          }
        } else {
          i = illegal.add(i, i + 1, 'dollar');
        }
        continue;
      }
      default:
        break;
    }
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n && isUnquotedRest(text.charCodeAt(j))) j++;
      const len = j - i;
      let kind: TokenKind = 'unquoted';
      if (len === 4 && text.startsWith('true', i)) kind = 'true';
      else if (len === 5 && text.startsWith('false', i)) kind = 'false';
      else if (len === 4 && text.startsWith('null', i)) kind = 'null';
      else if (len === 7 && text.startsWith('include', i)) kind = 'include';
      else if (len === 8 && text.startsWith('required', i) && text.charCodeAt(j) === 40) {
        // required("file"): leex matches this as one token, longer than the word.
        if (text.charCodeAt(j + 1) === 34) {
          const strEnd = scanQuoted(text, j + 1);
          if (strEnd > 0 && text.charCodeAt(strEnd) === 41) {
            {
              const e = strEnd + 1;
              tokens.push({ kind: 'required', start: i, end: e });
              i = e;
            }
            continue;
          }
        }
      }
      {
        const e = j;
        tokens.push({ kind: kind, start: i, end: e });
        i = e;
      }
      continue;
    }
    if (isDigit(c) || c === 43 || c === 45 || c === 46) {
      const m = scanNumber(text, i);
      if (m) {
        {
          const e = m.end;
          tokens.push({ kind: m.kind, start: i, end: e });
          i = e;
        }
        continue;
      }
      if (c === 43 && text.charCodeAt(i + 1) === 61) {
        i = illegal.add(i, i + 2, 'plusEquals');
        continue;
      }
    }
    // Anything else (including a lone surrogate half) is illegal. Keep
    // surrogate pairs together so a token never splits a code point. The
    // characters after it that are illegal too join it here, in one step.
    let j = i + (isPair(text, i) ? 2 : 1);
    while (j < stop && isPlainIllegal(text, j)) j += isPair(text, j) ? 2 : 1;
    i = c === 0xfffd ? illegal.add(i, j, 'utf8', true) : illegal.add(i, j, 'char');
  }
  return { tokens, errors };
}

/** The string value of a `"quoted"` token (EMQX's unescape: invalid escapes stay literal). */
export function unescapeQuoted(raw: string): { value: string; invalidEscape?: string; badUnicode?: string; unescapedQuote?: boolean } {
  const body = raw.slice(1, raw.length - 1);
  if (body.indexOf('\\') < 0) {
    return body.indexOf('"') < 0 ? { value: body } : { value: body, unescapedQuote: true };
  }
  // Runs between escapes are copied whole and joined once: appending one
  // character at a time would leave a chain of string pieces per character
  // (kept alive as long as the value is).
  const parts: string[] = [];
  let invalidEscape: string | undefined;
  let badUnicode: string | undefined;
  let from = 0;
  for (let i = body.indexOf('\\'); i >= 0 && i + 1 < body.length; i = body.indexOf('\\', from)) {
    parts.push(body.slice(from, i));
    const d = body[i + 1];
    from = i + 2;
    switch (d) {
      case '\\':
        parts.push('\\');
        break;
      case '"':
        parts.push('"');
        break;
      case 'n':
        parts.push('\n');
        break;
      case 't':
        parts.push('\t');
        break;
      case 'r':
        parts.push('\r');
        break;
      case 'b':
        parts.push('\b');
        break;
      case 'f':
        parts.push('\f');
        break;
      case 'u': {
        // EMQX rejects a \u escape that is not four hex digits, or a lone
        // or mismatched UTF-16 surrogate (a high one must be followed by a
        // \u escape of a low one).
        const cp = hex4(body, i + 2);
        if (cp < 0) {
          badUnicode ??= body.slice(i, i + 6);
          invalidEscape ??= '\\u';
          parts.push('\\');
          from = i + 1;
          break;
        }
        if (cp >= 0xd800 && cp <= 0xdbff) {
          const lo = body.charCodeAt(i + 6) === 92 && body.charCodeAt(i + 7) === 117 ? hex4(body, i + 8) : -1;
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            parts.push(String.fromCharCode(cp, lo));
            from = i + 12;
            break;
          }
        }
        if (cp >= 0xd800 && cp <= 0xdfff) {
          badUnicode ??= body.slice(i, i + 6);
          invalidEscape ??= '\\u';
        }
        parts.push(String.fromCharCode(cp));
        from = i + 6;
        break;
      }
      default:
        // EMQX keeps an unknown escape as it is written: backslash and all.
        invalidEscape ??= '\\' + d;
        parts.push('\\');
        from = i + 1;
        break;
    }
  }
  // The rest (a trailing lone backslash stays as it is).
  parts.push(body.slice(from));
  const out = parts.join('');
  return { value: out, invalidEscape, badUnicode, unescapedQuote: hasUnescapedQuote(body) || undefined };
}

/** The value of the four hex digits at `at`, or -1. */
function hex4(body: string, at: number): number {
  if (at + 4 > body.length) return -1;
  for (let k = at; k < at + 4; k++) if (!isHex(body.charCodeAt(k))) return -1;
  return parseInt(body.slice(at, at + 4), 16);
}

/**
 * Whether `body` holds a `"` that no escape consumes: one preceded by an even
 * number of backslashes (a kept unknown escape such as `\q` is never
 * followed by a quote, so parity decides). One pass over the quotes; the
 * unescaping loop once searched for a quote from every escape to the end of
 * the string instead (quadratic for a long string with none).
 */
function hasUnescapedQuote(body: string): boolean {
  for (let q = body.indexOf('"'); q >= 0; q = body.indexOf('"', q + 1)) {
    let k = q;
    while (k > 0 && body.charCodeAt(k - 1) === 92) k--;
    if ((q - k) % 2 === 0) return true;
  }
  return false;
}

/**
 * The string value of a `"""triple"""` token. No escapes. `"""~⏎ … ~"""`
 * strips the common indentation (spaces) of the non-blank lines, drops the
 * first line break and lets the closing line be indented less.
 */
export function tripleValue(raw: string): string {
  const inner = raw.slice(3, raw.length - 3);
  let start = -1;
  if (inner.startsWith('~\n')) start = 2;
  else if (inner.startsWith('~\r\n')) start = 3;
  if (start < 0) return inner;
  // As EMQX's scanner unindents: the last line loses a trailing `~`; the
  // indent is the least of the lines' leading spaces (empty lines do not
  // count; a last line of spaces only does not count unless it is the only
  // line), and every line loses that many leading spaces.
  const lines = inner.slice(start).split('\n');
  const lastAt = lines.length - 1;
  if (lines[lastAt].endsWith('~')) lines[lastAt] = lines[lastAt].slice(0, -1);
  const level = (line: string): number => {
    if (line === '' || line === '\r') return -1;
    let s = 0;
    while (s < line.length && line.charCodeAt(s) === 32) s++;
    return s;
  };
  let indent: number;
  if (lines.length === 1) {
    indent = Math.max(0, level(lines[0]));
  } else {
    let min = -1;
    for (let k = 0; k < lastAt; k++) {
      const l = level(lines[k]);
      if (l >= 0 && (min < 0 || l < min)) min = l;
    }
    if (min < 0) min = 0;
    const last = lines[lastAt];
    const lastLevel = level(last);
    indent = last !== '' && lastLevel === last.length ? min : lastLevel < 0 ? min : Math.min(min, lastLevel);
  }
  return lines
    .map((line) => {
      if (line === '\r') return line;
      let s = 0;
      while (s < indent && s < line.length && line.charCodeAt(s) === 32) s++;
      return line.slice(s);
    })
    .join('\n');
}
