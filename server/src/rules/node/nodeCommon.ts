/** Helpers shared by the rules that were split out of node.ts. */
import { Location } from '../../syntax/position';
import { RuleContext } from '../types';
import { nodeNameList } from '../../emqx/nodeList';
import { getEntry, isInDocument, linesOf, textIn } from '../util';

export interface NamedNode {
  readonly name: string;
  readonly location: Location;
}

/** Each seed of `cluster.static.seeds` with the range where it is written (array or comma string). */
export function seedLocations(ctx: RuleContext): NamedNode[] {
  const entry = getEntry(ctx, 'cluster.static.seeds');
  if (!entry || !isInDocument(ctx, entry.setBy)) return [];
  const seeds = nodeNameList(entry.value);
  const range = entry.setBy.valueLocation.range;
  const l = linesOf(ctx);
  const text = textIn(ctx, range);
  const base = l.offset(range.start.line, range.start.character);
  const out: NamedNode[] = [];
  let from = 0;
  for (const seed of seeds) {
    const at = text.indexOf(seed, from);
    if (at < 0) continue;
    from = at + seed.length;
    out.push({ name: seed, location: { uri: ctx.document.uri, range: l.index.range(base + at, base + at + seed.length) } });
  }
  return out;
}

