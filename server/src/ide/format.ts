/**
 * Document formatting of HOCON files from the lossless syntax tree: each line
 * indented by its nesting depth, `key = value` / `key: value` / `key {` with
 * one space around the separator, no trailing blanks, at most one blank line in
 * a row, one line break at the end. Only whitespace between tokens changes,
 * and only where EMQX's reader ignores it: never inside a value (`a = foo bar`
 * concatenates with its blanks), never inside strings or comments. A file with
 * syntax errors is not formatted (its meaning is not certain). Formatting twice
 * gives the same text as formatting once.
 */
import { CstChild, CstNode, FieldNode, isNode, leaves } from '../syntax/cst';
import { Token } from '../syntax/lexer';
import { parseHocon } from '../syntax/parser';
import { Range } from '../syntax/position';
import { LineIndex } from '../syntax/lineIndex';

export interface FormatOptions {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
}

export interface IdeFormatEdit {
  readonly range: Range;
  readonly newText: string;
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The edits that format `text` (empty when it is formatted already or cannot be formatted safely). */
export function formatHocon(text: string, options: FormatOptions, lines: LineIndex = new LineIndex(text), range?: Range): IdeFormatEdit[] {
  const parsed = parseHocon(text, 'file:///format.conf');
  if (parsed.problems.some((p) => p.severity === 'error')) return [];
  const tokens = [...leaves(parsed.file)];
  const unit = options.insertSpaces ? ' '.repeat(Math.max(0, Math.min(16, options.tabSize | 0))) : '\t';
  const out: Replacement[] = [];
  const separators = separatorSpacing(parsed.file, tokens);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === '{' || tok.kind === '[') depth++;
    else if ((tok.kind === '}' || tok.kind === ']') && depth > 0) depth--;
    if (tok.kind === 'newline') {
      const raw = text.slice(tok.start, tok.end);
      const breaks = (raw.match(/\r\n|\n|\r/g) ?? []).length;
      const eol = raw.includes('\r\n') ? '\r\n' : '\n';
      const next = tokens[i + 1];
      if (!next) {
        out.push({ start: tok.start, end: tok.end, text: eol });
        continue;
      }
      const closing = next.kind === '}' || next.kind === ']';
      const level = Math.max(0, closing ? depth - 1 : depth);
      out.push({ start: tok.start, end: tok.end, text: eol.repeat(Math.min(breaks, 2)) + unit.repeat(level) });
      continue;
    }
    if (tok.kind === 'ws') {
      const next = tokens[i + 1];
      const prev = tokens[i - 1];
      // blanks at the end of a line or of the file, or at its start
      if (!next || next.kind === 'newline' || !prev) {
        out.push({ start: tok.start, end: tok.end, text: '' });
        continue;
      }
      const fixed = separators.get(tok.start);
      if (fixed !== undefined) out.push({ start: tok.start, end: tok.end, text: fixed });
      continue;
    }
    // a separator or brace written without blanks around it
    const insert = separators.get(-tok.start - 1);
    if (insert !== undefined) out.push({ start: tok.start, end: tok.start, text: insert });
  }
  const last = tokens[tokens.length - 1];
  if (last && last.kind !== 'newline' && text.length > 0) out.push({ start: text.length, end: text.length, text: text.includes('\r\n') ? '\r\n' : '\n' });
  const edits: IdeFormatEdit[] = [];
  for (const r of out) {
    if (text.slice(r.start, r.end) === r.text) continue;
    const edit = { range: { start: lines.positionAt(r.start), end: lines.positionAt(r.end) }, newText: r.text };
    if (range && (edit.range.end.line < range.start.line || edit.range.start.line > range.end.line)) continue;
    edits.push(edit);
  }
  return edits;
}

/**
 * The blanks a field's separator should have, by the offset of the blank token
 * to replace, or by `-(offset of the token) - 1` where a blank is missing
 * before that token: `key = value`, `key: value`, `key {`.
 */
function separatorSpacing(file: CstNode, tokens: readonly Token[]): Map<number, string> {
  const out = new Map<number, string>();
  const byEnd = new Map<number, number>();
  tokens.forEach((t, i) => byEnd.set(t.end, i));
  // The tokens from `from` to `to`, when all are blanks within a line; undefined otherwise.
  const between = (from: number, to: number): Token[] | undefined => {
    const toks: Token[] = [];
    let i = from === 0 ? 0 : byEnd.get(from);
    if (i === undefined) return undefined;
    if (from !== 0) i++;
    for (; i < tokens.length && tokens[i].end <= to; i++) {
      if (tokens[i].kind !== 'ws') return undefined;
      toks.push(tokens[i]);
    }
    return toks;
  };
  const stack: CstChild[] = [file];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isNode(node)) continue;
    if (node.kind === 'field') spaceField(node, out, between);
    for (const c of node.children) if (isNode(c)) stack.push(c);
  }
  return out;
}

function spaceField(field: FieldNode, out: Map<number, string>, between: (from: number, to: number) => Token[] | undefined): void {
  const value = field.value;
  if (!value) return;
  const sep = field.separator;
  const set = (toks: Token[] | undefined, text: string, before: number) => {
    if (!toks) return;
    if (toks.length === 0) {
      if (text !== '') out.set(-before - 1, text);
    } else out.set(toks[0].start, text);
  };
  if (sep) {
    set(between(field.key.end, sep.start), sep.kind === ':' ? '' : ' ', sep.start);
    set(between(sep.end, value.start), ' ', value.start);
  } else {
    set(between(field.key.end, value.start), ' ', value.start);
  }
}

/** Applies edits to text (for tests and the idempotence check). */
export function applyFormatEdits(text: string, edits: readonly IdeFormatEdit[], lines: LineIndex = new LineIndex(text)): string {
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}
