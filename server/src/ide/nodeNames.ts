/**
 * Where a document names Erlang nodes (the value of `node.name`, each entry of
 * `cluster.static.seeds` and `cluster.core_nodes`, whether an array or EMQX's
 * comma-separated string),
 * with the exact range of each name, so a hover can show that node's ports.
 */
import { nodeNameList } from '../emqx/nodeList';
import { Assignment, ConfigEntry, EffectiveConfig } from '../model/types';
import { Range } from '../syntax/position';
import { LineIndex } from '../syntax/lineIndex';
import { offsetIn, sliceRange } from './text';
import { sameUri } from './uri';

export interface NodeNameOccurrence {
  readonly name: string;
  readonly range: Range;
  /** `node.name` (this node), or a peer listed in `cluster.static.seeds` / `cluster.core_nodes`. */
  readonly keyPath: 'node.name' | 'cluster.static.seeds' | 'cluster.core_nodes';
}

function assignmentsOf(entry: ConfigEntry | undefined): Assignment[] {
  if (!entry) return [];
  return [entry.setBy, ...entry.overrides];
}

/**
 * Finds each name of `names` inside the assignment's value text. A name is
 * matched as a whole token (bounded by quotes, commas, brackets, whitespace),
 * left to right, so repeated names get their own ranges.
 */
function locateNames(lines: LineIndex, a: Assignment, names: readonly string[], keyPath: NodeNameOccurrence['keyPath']): NodeNameOccurrence[] {
  const start = offsetIn(lines, a.valueLocation.range.start);
  const end = offsetIn(lines, a.valueLocation.range.end);
  const text = lines.text.slice(start, end);
  const out: NodeNameOccurrence[] = [];
  const wanted = new Set(names);
  const token = /[^\s,[\]"'{}#]+/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text)) !== null) {
    if (!wanted.has(m[0])) continue;
    out.push({
      name: m[0],
      keyPath,
      range: { start: lines.positionAt(start + m.index), end: lines.positionAt(start + m.index + m[0].length) },
    });
  }
  return out;
}

/** Every node-name occurrence of `uri` known to the effective config, effective or overridden. */
export function nodeNameOccurrences(config: EffectiveConfig, uri: string, lines: LineIndex): NodeNameOccurrence[] {
  const out: NodeNameOccurrence[] = [];
  for (const a of assignmentsOf(config.get('node.name'))) {
    if (a.origin.kind !== 'file' || !sameUri(a.valueLocation.uri, uri)) continue;
    // An overridden assignment's value is not in the effective config; read it from the text.
    const raw = sliceRange(lines, a.valueLocation.range)
      .trim()
      .replace(/^"(.*)"$/s, '$1')
      .trim();
    if (raw) for (const o of locateNames(lines, a, [raw], 'node.name')) out.push(o);
  }
  for (const key of ['cluster.static.seeds', 'cluster.core_nodes'] as const) {
    const list = config.get(key);
    for (const a of assignmentsOf(list)) {
      if (a.origin.kind !== 'file' || !sameUri(a.valueLocation.uri, uri)) continue;
      const names = a === list?.setBy ? nodeNameList(list.value) : nodeNameList(readLooseList(sliceRange(lines, a.valueLocation.range)));
      for (const o of locateNames(lines, a, names, key)) out.push(o);
    }
  }
  return out;
}

/** A best-effort reading of an overridden seeds value: its tokens, for locating names only. */
function readLooseList(text: string): string[] {
  return text.match(/[^\s,[\]"'{}#]+/g) ?? [];
}
