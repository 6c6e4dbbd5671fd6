/**
 * Small helpers over a document's text and its line index (the syntax layer's
 * `LineIndex`, the one line index of the project: one is built per document
 * version and shared by diagnostics, hovers, code actions, the rules and the
 * model): line access and position clamping. Positions are LSP-style (0-based
 * line, UTF-16 column), which is also how JavaScript indexes strings, so no
 * conversion is needed.
 */
import { LineIndex } from '../syntax/lineIndex';
import { Position, Range } from '../syntax/position';

/** The text of a line without its line break ('' for lines outside the document). */
export function lineTextAt(lines: LineIndex, line: number): string {
  return lines.lineText(line) ?? '';
}

/** The leading spaces and tabs of a line. */
export function indentation(lines: LineIndex, line: number): string {
  const m = /^[ \t]*/.exec(lineTextAt(lines, line));
  return m ? m[0] : '';
}

/** The line break the document uses (the first one found), `\n` by default. */
export function eolOf(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/** The offset of a position, clamped into its line (never onto the line break). */
export function offsetIn(lines: LineIndex, p: Position): number {
  const line = Math.max(0, Math.min(p.line, lines.lineCount - 1));
  return lines.lineStart(line) + Math.max(0, Math.min(p.character, lineTextAt(lines, line).length));
}

/** The text a range covers. */
export function sliceRange(lines: LineIndex, r: Range): string {
  return lines.text.slice(offsetIn(lines, r.start), offsetIn(lines, r.end));
}

/**
 * Whether `tightRange` keeps `r` as it is: a non-empty range within one line of
 * the text (most ranges; only the line's length is needed to tell).
 */
export function isTight(r: Range, lines: LineIndex): boolean {
  return r.start.line === r.end.line && r.start.character >= 0 && r.start.character < r.end.character && r.end.character <= lines.lineLength(r.start.line);
}

/**
 * Tightens a range to one line, as the editor draws squiggles best: a range
 * that spans lines is cut at the end of its first line (skipping leading
 * whitespace-only ends), and an empty range is widened to the word it touches
 * so it stays visible.
 */
export function tightRange(r: Range, lines: LineIndex): Range {
  if (isTight(r, lines)) return { start: { line: r.start.line, character: r.start.character }, end: { line: r.start.line, character: r.end.character } };
  const lineCount = lines.lineCount;
  const startLine = Math.max(0, Math.min(r.start.line, lineCount - 1));
  const text = lineTextAt(lines, startLine);
  let startChar = Math.max(0, Math.min(r.start.character, text.length));
  let endChar: number;
  if (r.end.line > startLine) {
    endChar = text.length;
    if (endChar <= startChar) {
      // The range starts at the end of a line: point at the line's content instead.
      const first = text.search(/\S/);
      if (first >= 0) {
        startChar = first;
        endChar = text.length;
      }
    }
  } else {
    endChar = Math.max(startChar, Math.min(r.end.character, text.length));
  }
  if (endChar === startChar) {
    // Widen an empty range to the token under it, or to the line's content.
    const before = /[^\s]*$/.exec(text.slice(0, startChar));
    const after = /^[^\s]*/.exec(text.slice(startChar));
    const s = startChar - (before ? before[0].length : 0);
    const e = startChar + (after ? after[0].length : 0);
    if (e > s) {
      startChar = s;
      endChar = e;
    } else {
      const trimmed = text.trimEnd();
      const first = trimmed.search(/\S/);
      if (first >= 0) {
        startChar = first;
        endChar = trimmed.length;
      }
    }
  }
  return { start: { line: startLine, character: startChar }, end: { line: startLine, character: endChar } };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  // Touching empty ranges count as overlapping, so a cursor at a diagnostic's edge still finds it.
  return !before(a.end, b.start) && !before(b.end, a.start);
}
