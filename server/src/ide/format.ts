/**
 * Document and range formatting of EMQX HOCON files, from the lexer's lossless
 * tokens: each line is indented by its nesting (objects and arrays), a field's
 * `=` gets one space on each side and a `:` one after it, `key{` gets a space
 * before the brace, trailing blanks go, runs of blank lines become one, and the
 * file ends with one line break. Everything else is kept as written: comments,
 * the text of values (a multi-line triple-quoted string is never touched), the
 * line breaks' style (LF or CRLF), `key = { … }` versus `key { … }`.
 *
 * Only whitespace between tokens changes, and never where it is part of a
 * value's meaning; a test checks on the corpus and the fuzzer's documents that the
 * effective config EMQX would build is the same before and after, and that
 * formatting twice equals formatting once. A file with a syntax error is not
 * formatted (its tokens may not mean what they look like): the result is
 * undefined, which the server answers as "no edits".
 *
 * The edits are per line (only lines that change), so markers on other lines
 * stay where they are; a range formats the lines it touches.
 */
import { detectDialect } from '../rules/analyze';
import { lex, Token } from '../syntax/lexer';
import { LineIndex } from '../syntax/lineIndex';
import { parseHocon } from '../syntax/parser';
import { Range } from '../syntax/position';
import { IdeTextEdit } from './types';

export interface FormatOptions {
  /** Spaces per level (LSP's `tabSize`). */
  readonly tabSize: number;
  /** Spaces, or one tab per level. */
  readonly insertSpaces: boolean;
}

interface LineInfo {
  /** Nesting depth of the line's first token (a closing brace or bracket counts outside). */
  depth: number;
  /** The line starts inside a token (the middle of a triple-quoted string): left as it is. */
  inside: boolean;
  /** A token on this line goes on past its end (its trailing blanks are part of it). */
  continues: boolean;
  /** The tokens that start on this line, newline runs excluded. */
  readonly tokens: Token[];
}

/**
 * The formatting edits of an editor document: HOCON only (a 4.x cuttlefish file and
 * `ssl_dist.conf` are left as written); undefined when nothing may be formatted.
 */
export function formatDocument(uri: string, text: string, languageId: string | undefined, emqxVersion: string | undefined, options: FormatOptions, range?: Range): IdeTextEdit[] | undefined {
  if (detectDialect(uri, text, emqxVersion, languageId) !== 'hocon') return undefined;
  return formatHocon(text, options, range);
}

/** The edits that format `text` (all of it, or the lines `range` touches); undefined when it has a syntax error. */
export function formatHocon(text: string, options: FormatOptions, range?: Range): IdeTextEdit[] | undefined {
  if (parseHocon(text, 'format').problems.some((p) => p.severity === 'error')) return undefined;
  const lines = new LineIndex(text);
  const info = lineInfo(text, lines);
  const unit = options.insertSpaces ? ' '.repeat(Math.max(0, Math.min(16, Math.floor(options.tabSize) || 0))) : '\t';
  const first = range ? Math.max(0, range.start.line) : 0;
  const last = range ? Math.min(lines.lineCount - 1, range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line) : lines.lineCount - 1;
  const eol = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n';

  const edits: IdeTextEdit[] = [];
  // The index of the last non-blank line: blank lines after it are removed.
  let lastContent = -1;
  for (let l = lines.lineCount - 1; l >= 0; l--) {
    if (info[l].inside || (lines.lineText(l) ?? '').trim() !== '') {
      lastContent = l;
      break;
    }
  }
  for (let l = first; l <= last; l++) {
    const original = lines.lineText(l) ?? '';
    const blank = !info[l].inside && original.trim() === '';
    const previousBlank = l > 0 && !info[l - 1].inside && (lines.lineText(l - 1) ?? '').trim() === '';
    if (blank && (l > lastContent || previousBlank || lastContent < 0 || l < firstContentLine(info, lines))) {
      // A second blank line in a row, blank lines at the start or the end: the line goes.
      if (l + 1 < lines.lineCount) edits.push({ range: { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }, newText: '' });
      else if (l > 0 && original.length > 0) edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: original.length } }, newText: '' });
      continue;
    }
    const formatted = info[l].inside ? original.replace(/[ \t]+$/, trailingAllowed(info, l) ? '' : '$&') : formatLine(text, info[l], unit, lines.lineStart(l) + original.length);
    if (formatted !== original) edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: original.length } }, newText: formatted });
  }
  // One line break at the end of a file that has content.
  if (lastContent >= 0 && last >= lastContent && lastContent === lines.lineCount - 1 && (lines.lineText(lastContent) ?? '').length > 0) {
    const end = lines.positionAt(text.length);
    edits.push({ range: { start: end, end }, newText: eol });
  }
  return mergeAdjacentDeletions(edits);
}

function firstContentLine(info: readonly LineInfo[], lines: LineIndex): number {
  for (let l = 0; l < lines.lineCount; l++) if (info[l].inside || (lines.lineText(l) ?? '').trim() !== '') return l;
  return lines.lineCount;
}

/** The last line of a multi-line token may lose trailing blanks after it; its inner lines may not. */
function trailingAllowed(info: readonly LineInfo[], l: number): boolean {
  return !info[l].continues;
}

/** Depth, tokens and whether each line starts inside a token. */
function lineInfo(text: string, lines: LineIndex): LineInfo[] {
  const info: LineInfo[] = [];
  for (let l = 0; l < lines.lineCount; l++) info.push({ depth: -1, inside: false, continues: false, tokens: [] });
  let depth = 0;
  for (const t of lex(text).tokens) {
    if (t.kind === 'newline' || t.kind === 'bom') continue;
    if (t.kind === '}' || t.kind === ']') depth = Math.max(0, depth - 1);
    const startLine = lines.lineOf(t.start);
    const line = info[startLine];
    if (line.depth < 0) line.depth = depth;
    line.tokens.push(t);
    if (t.kind === '{' || t.kind === '[') depth++;
    // A token that spans lines (a triple-quoted string): the lines it continues on are its own.
    const endLine = lines.lineOf(Math.max(t.start, t.end - 1));
    for (let l = startLine + 1; l <= endLine; l++) info[l].inside = true;
    for (let l = startLine; l < endLine; l++) info[l].continues = true;
  }
  // A comment-only or blank line takes the depth of what comes next at its level.
  for (const line of info) if (line.depth < 0) line.depth = depth;
  return info;
}

/** One line rebuilt from its tokens: indentation, spacing around separators, no trailing blanks. */
function formatLine(text: string, line: LineInfo, unit: string, lineEnd: number): string {
  const toks = line.tokens;
  if (toks.length === 0) return '';
  let out = unit.repeat(line.depth);
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    const prev = k > 0 ? toks[k - 1] : undefined;
    const next = k + 1 < toks.length ? toks[k + 1] : undefined;
    if (t.kind === 'ws') {
      // Leading blanks are the indentation, trailing ones go.
      if (k === 0 || !next) continue;
      if (next.kind === '=' || (prev && (prev.kind === '=' || prev.kind === ':'))) out += ' ';
      else if (next.kind === ':') continue;
      else if (next.kind === '{' && prev && isKeyToken(prev)) out += ' ';
      else out += text.slice(t.start, t.end);
      continue;
    }
    // A separator written without blanks (`a=1`, `a:1`, `key{`) gets them.
    if (t.kind === '=' && prev && prev.kind !== 'ws' && prev.kind !== '=' && prev.kind !== ':') out += ' ';
    if (t.kind === '{' && prev && isKeyToken(prev)) out += ' ';
    // A token that goes on to the next lines (a triple-quoted string) is this line's up to its end.
    out += text.slice(t.start, Math.min(t.end, lineEnd));
    if ((t.kind === '=' || t.kind === ':') && next && next.kind !== 'ws') out += ' ';
  }
  return out;
}

/** A token that can be a key right before `{` (a string of any quoting). */
function isKeyToken(t: Token): boolean {
  return t.kind === 'unquoted' || t.kind === 'quoted';
}

/** Consecutive whole-line deletions as one edit (fewer, simpler edits for the client). */
function mergeAdjacentDeletions(edits: IdeTextEdit[]): IdeTextEdit[] {
  const out: IdeTextEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    if (prev && prev.newText === '' && e.newText === '' && prev.range.end.line === e.range.start.line && prev.range.end.character === 0 && e.range.start.character === 0) {
      out[out.length - 1] = { range: { start: prev.range.start, end: e.range.end }, newText: '' };
    } else {
      out.push(e);
    }
  }
  return out;
}

/** `text` with `edits` applied (non-overlapping, in order): for tests and the CLI. */
export function applyEdits(text: string, edits: readonly IdeTextEdit[]): string {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }): number => Math.min(text.length, lines.lineStart(p.line) + p.character);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, offset(e.range.start)) + e.newText;
    at = offset(e.range.end);
  }
  return out + text.slice(at);
}
