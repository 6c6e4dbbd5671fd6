/**
 * Offset ↔ position conversion for one text. Offsets are UTF-16 code-unit
 * indexes into the JavaScript string, so a column is simply `offset - lineStart`
 * (LSP counts columns in UTF-16 code units too). Line breaks are the ones LSP
 * recognises: `\n`, `\r\n` and a lone `\r`.
 */
import { Position, Range } from './position';

export class LineIndex {
  /** Offset of the first character of each line, computed on first use (always starts with 0). */
  private lazyStarts?: number[];

  constructor(readonly text: string) {}

  private get starts(): number[] {
    return (this.lazyStarts ??= LineIndex.computeStarts(this.text));
  }

  private static computeStarts(text: string): number[] {
    const starts = [0];
    const n = text.length;
    // indexOf-driven scanning is much faster than a charCodeAt loop on big
    // inputs; the next CR and LF positions are remembered so each search
    // covers its part of the text once.
    let i = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
      let at: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        at = cr + 1 < n && text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else {
        at = lf + 1;
      }
      starts.push(at);
      i = at;
      if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
      if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
    }
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The text of line `line` without its line break; undefined for lines outside the text. */
  lineText(line: number): string | undefined {
    const starts = this.starts;
    if (line < 0 || line >= starts.length) return undefined;
    const start = starts[line];
    let end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  /** The length of line `line` without its line break (as `lineText(line).length`, without making the string); -1 outside the text. */
  lineLength(line: number): number {
    const starts = this.starts;
    if (line < 0 || line >= starts.length) return -1;
    const start = starts[line];
    let end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end - start;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** The line containing `offset` (0-based). */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line] };
  }

  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line];
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + p.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /**
   * `range(start, end)` when `line` is already known to be `lineOf(start)`: an
   * offset on that line is placed without a search (a file of junk has an
   * error on every line).
   */
  rangeFrom(line: number, start: number, end: number): Range {
    const starts = this.starts;
    const len = this.text.length;
    if (line < 0 || line >= starts.length || start < starts[line] || start > len || (line + 1 < starts.length && start >= starts[line + 1])) return this.range(start, end);
    const first = starts[line];
    const onLine = end >= start && end <= len && (line + 1 >= starts.length || end < starts[line + 1]);
    return { start: { line, character: start - first }, end: onLine ? { line, character: end - first } : this.positionAt(end) };
  }
}

/** The line break a text uses, for lines an edit adds: `\r\n` if it has any, else `\n`. */
export function lineBreakOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
