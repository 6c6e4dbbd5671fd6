/** Helpers shared by the rules that were split out of dist.ts. */
import { ConfigEntry } from '../model/types';
import { RuleContext } from './types';
import { getEntry, scalarText } from './util';

export function protoDist(ctx: RuleContext): { entry: ConfigEntry | undefined; value: string } {
  const entry = getEntry(ctx, 'cluster.proto_dist');
  return { entry, value: (scalarText(entry?.value) ?? 'inet_tcp').trim() };
}
