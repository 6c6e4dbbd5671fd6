/**
 * Request parameters as clients really send them: checked before use, so a
 * request with a missing or malformed part gets an empty answer (or a
 * fallback) instead of a TypeError deep in a handler. Older clients omit
 * fields the protocol now requires; test clients send anything.
 */
import { isRecord } from '../settings';
import type { Position, Range } from '../syntax/position';

export { isRecord };

/** `params.textDocument.uri`, when it is a non-empty string. */
export function documentUri(params: unknown): string | undefined {
  if (!isRecord(params) || !isRecord(params.textDocument)) return undefined;
  const uri = params.textDocument.uri;
  return typeof uri === 'string' && uri !== '' ? uri : undefined;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** A position with non-negative integer line and character, else undefined. */
export function asPosition(v: unknown): Position | undefined {
  if (!isRecord(v) || !isIndex(v.line) || !isIndex(v.character)) return undefined;
  return { line: v.line, character: v.character };
}

/** A range of two valid positions with start ≤ end (reversed ends are swapped), else undefined. */
export function asRange(v: unknown): Range | undefined {
  if (!isRecord(v)) return undefined;
  const start = asPosition(v.start);
  const end = asPosition(v.end);
  if (!start || !end) return undefined;
  const reversed = start.line > end.line || (start.line === end.line && start.character > end.character);
  return reversed ? { start: end, end: start } : { start, end };
}

/** The smallest range covering all of `ranges` (undefined for none). */
export function coveringRange(ranges: readonly Range[]): Range | undefined {
  if (ranges.length === 0) return undefined;
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
  let start = ranges[0].start;
  let end = ranges[0].end;
  for (const r of ranges) {
    if (before(r.start, start)) start = r.start;
    if (before(end, r.end)) end = r.end;
  }
  return { start, end };
}
