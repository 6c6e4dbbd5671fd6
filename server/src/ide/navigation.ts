/**
 * Navigation as plain data: document symbols (outline, breadcrumbs), folding
 * ranges, selection ranges, go-to-definition (from `${path}` to the assignment
 * in effect, across includes and layers; from an include to its file) and
 * references (every assignment of a key path, overridden ones included, from
 * the model's provenance).
 */
import { Assignment, ConfigEntry, EffectiveConfig } from '../model/types';
import { Location, Position, Range } from '../syntax/position';
import { contains, nodesAt, OutlineNode, outline } from './outline';
import { LineIndex } from '../syntax/lineIndex';
import { sameUri, toUri } from './uri';

export interface IdeDocumentSymbol {
  readonly name: string;
  /** LSP SymbolKind: 2 Module (a block), 7 Property (a field), 18 Array. */
  readonly kind: number;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: IdeDocumentSymbol[];
}

export interface IdeFoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment' | 'region';
}

export interface IdeSelectionRange {
  readonly range: Range;
  readonly parent?: IdeSelectionRange;
}

export function documentSymbols(text: string, lines: LineIndex): IdeDocumentSymbol[] {
  const convert = (n: OutlineNode): IdeDocumentSymbol => ({
    name: n.name,
    kind: n.kind === 'block' ? 2 : n.kind === 'array' ? 18 : 7,
    range: n.range,
    selectionRange: n.keyRange,
    children: n.children.map(convert),
  });
  return outline(text, lines).map(convert);
}

export function foldingRanges(text: string, lines: LineIndex): IdeFoldingRange[] {
  const out: IdeFoldingRange[] = [];
  const walk = (nodes: readonly OutlineNode[]) => {
    for (const n of nodes) {
      if (n.kind !== 'field' && n.range.end.line > n.range.start.line)
        out.push({ startLine: n.range.start.line, endLine: n.range.end.line - 1 >= n.range.start.line + 1 ? n.range.end.line - 1 : n.range.end.line });
      walk(n.children);
    }
  };
  walk(outline(text, lines));
  // runs of two or more comment lines
  let start = -1;
  const count = lines.lineCount;
  for (let i = 0; i <= count; i++) {
    const isComment = i < count && /^\s*(#|\/\/)/.test(lines.lineText(i) ?? '');
    if (isComment && start < 0) start = i;
    if (!isComment && start >= 0) {
      if (i - 1 > start) out.push({ startLine: start, endLine: i - 1, kind: 'comment' });
      start = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

export function selectionRanges(text: string, lines: LineIndex, positions: readonly Position[]): IdeSelectionRange[] {
  const tree = outline(text, lines);
  return positions.map((p) => {
    let parent: IdeSelectionRange | undefined;
    for (const n of nodesAt(tree, p)) {
      parent = { range: n.range, parent };
      if (contains(n.keyRange, p)) parent = { range: n.keyRange, parent };
    }
    const word = wordAt(lines, p);
    if (word && (!parent || !sameRangeAs(parent.range, word))) parent = { range: word, parent };
    return parent ?? { range: { start: p, end: p } };
  });
}

function sameRangeAs(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function wordAt(lines: LineIndex, p: Position): Range | undefined {
  const line = lines.lineText(p.line) ?? '';
  const re = /[A-Za-z0-9_\-@$]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m.index <= p.character && p.character <= m.index + m[0].length) return { start: { line: p.line, character: m.index }, end: { line: p.line, character: m.index + m[0].length } };
  }
  return undefined;
}

/** The `${path}` / `${?path}` substitution under the position, as a key path. */
export function substitutionAt(lines: LineIndex, p: Position): string | undefined {
  const line = lines.lineText(p.line) ?? '';
  const re = /\$\{\??\s*([^}\s]+)\s*\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m.index <= p.character && p.character <= m.index + m[0].length) return m[1].replace(/"/g, '');
  }
  return undefined;
}

/** Where `${path}` at the position is defined (the assignment in effect), or the file an include names. */
export function definition(uri: string, config: EffectiveConfig | undefined, lines: LineIndex, p: Position): Location[] {
  if (!config) return [];
  const link = (config.includeLinks?.() ?? []).find((l) => sameUri(l.at.uri, uri) && contains(l.at.range, p));
  if (link) return [{ uri: toUri(link.uri), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  const path = substitutionAt(lines, p);
  if (!path) return [];
  const entry = config.get(path);
  if (entry) return [locationOf(entry.setBy)];
  // an object: the assignments of the keys below it, first one
  const below = config.entriesUnder?.(path.split('.')) ?? [...config.entries()].filter((e) => e.path.join('.').startsWith(`${path}.`));
  return below.length > 0 ? [locationOf(below[0].setBy)] : [];
}

function locationOf(a: Assignment): Location {
  return { uri: a.keyLocation.uri.startsWith('env:') ? a.location.uri : toUri(a.keyLocation.uri), range: a.keyLocation.range };
}

/** The key path of the assignment of this document at the position. */
export function keyPathAt(uri: string, config: EffectiveConfig, p: Position): ConfigEntry | undefined {
  const inFile = (u: string) => sameUri(u, uri);
  if (config.assignmentsAt) {
    const hits = config.assignmentsAt(p, inFile).filter((h) => contains(h.assignment.keyLocation.range, p) || contains(h.assignment.location.range, p));
    const keyHit = hits.find((h) => contains(h.assignment.keyLocation.range, p)) ?? hits[hits.length - 1];
    if (keyHit) return keyHit.entry;
  }
  for (const e of config.entries()) {
    for (const a of [e.setBy, ...e.overrides]) if (inFile(a.location.uri) && contains(a.location.range, p)) return e;
  }
  return undefined;
}

/** Every assignment of the key path at the position (or of `${path}` there): overridden ones first, the one in effect last. */
export function references(uri: string, config: EffectiveConfig | undefined, lines: LineIndex, p: Position, includeDeclaration = true): Location[] {
  if (!config) return [];
  const sub = substitutionAt(lines, p);
  const entry = sub ? config.get(sub) : keyPathAt(uri, config, p);
  if (!entry) return [];
  const all = [...entry.overrides, entry.setBy].filter((a) => !a.location.uri.startsWith('env:')).map(locationOf);
  if (includeDeclaration) return all;
  return all.filter((l) => !(sameUri(l.uri, uri) && contains(l.range, p)));
}
