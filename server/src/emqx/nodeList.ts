/**
 * The node names a `cluster.static.seeds` or `cluster.core_nodes` value lists.
 * EMQX takes either an array (`["emqx1@h1", "emqx2@h2"]`) or one
 * comma-separated string (`"emqx1@h1,emqx2@h2"`, the form an environment
 * variable gives); an array element may itself hold commas. Names are
 * trimmed and empty ones dropped. The one reader of such lists for the rules,
 * the cluster checks, hovers and certificate generation.
 */
import { HoconValue } from '../model/types';

export function nodeNameList(value: HoconValue | undefined): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    for (const part of s.split(',')) {
      const n = part.trim();
      if (n) out.push(n);
    }
  };
  if (typeof value === 'string') add(value);
  else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' || typeof v === 'number') add(String(v));
  return out;
}
