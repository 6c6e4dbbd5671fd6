/**
 * Positions as the Language Server Protocol counts them: zero-based lines and
 * zero-based UTF-16 code-unit columns. Every layer uses these, so a range found
 * by the parser can be handed to an editor without conversion.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range in a named file (a URI or an absolute path, as the caller named it). */
export interface Location {
  readonly uri: string;
  readonly range: Range;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function rangeContains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}
