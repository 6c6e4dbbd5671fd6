/**
 * The server's copy of each open document, kept by `TextDocuments` with
 * incremental sync, through a `create`/`update` that never trusts the client's
 * positions: a change whose range points past the document (line 1e9) is
 * clamped to the document's end before `TextDocument.update`, which would
 * otherwise grow its line table to the bogus line (hanging the next edit) or
 * splice at the wrong place (a corrupt copy). A change that is not a change
 * at all (no text, a range that is not numbers) is dropped and reported.
 */
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Position } from '../syntax/position';
import { isRecord } from './params';

function asClientPosition(v: unknown): Position | undefined {
  if (!isRecord(v) || typeof v.line !== 'number' || typeof v.character !== 'number') return undefined;
  if (!Number.isFinite(v.line) || !Number.isFinite(v.character)) return undefined;
  return { line: Math.max(0, Math.floor(v.line)), character: Math.max(0, Math.floor(v.character)) };
}

/** A position on one of `lineCount` lines: a line past the end becomes the end of the last line. */
export function clampToLines(p: Position, lineCount: number): Position {
  // TextDocument clamps a character past a line's end to that end itself.
  return p.line < lineCount ? p : { line: lineCount - 1, character: Number.MAX_SAFE_INTEGER };
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * The changes of one didChange with every range on a line of the document, or
 * undefined for a change that cannot be applied (the caller keeps the
 * document as it was). Ranges count lines in the text left by the earlier
 * changes of the same event, so the line count is followed change by change.
 */
export function sanitizeChanges(doc: TextDocument, changes: readonly unknown[]): TextDocumentContentChangeEvent[] | undefined {
  const out: TextDocumentContentChangeEvent[] = [];
  let lineCount = doc.lineCount;
  for (const c of changes) {
    if (!isRecord(c) || typeof c.text !== 'string') return undefined;
    if (c.range === undefined || c.range === null) {
      out.push({ text: c.text });
      lineCount = lineBreaks(c.text) + 1;
      continue;
    }
    if (!isRecord(c.range)) return undefined;
    const rawStart = asClientPosition(c.range.start);
    const rawEnd = asClientPosition(c.range.end);
    if (!rawStart || !rawEnd) return undefined;
    let start = clampToLines(rawStart, lineCount);
    let end = clampToLines(rawEnd, lineCount);
    if (start.line > end.line) [start, end] = [end, start];
    out.push({ range: { start, end }, text: c.text });
    lineCount += lineBreaks(c.text) - (end.line - start.line);
  }
  return out;
}

/**
 * `TextDocuments` over sanitised changes; `onBadChange` hears of a change that
 * was dropped (the client's and the server's copies may now differ until the
 * client sends the whole text again, as it does on reopening).
 */
export function createDocuments(onBadChange: (uri: string) => void): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) =>
      TextDocument.create(uri, typeof languageId === 'string' ? languageId : '', typeof version === 'number' ? version : 0, typeof content === 'string' ? content : ''),
    update: (doc, changes, version) => {
      const safe = Array.isArray(changes) ? sanitizeChanges(doc, changes) : undefined;
      if (!safe) {
        onBadChange(doc.uri);
        return doc;
      }
      return TextDocument.update(doc, safe, version);
    },
  });
}
