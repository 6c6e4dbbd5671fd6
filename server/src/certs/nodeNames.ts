/**
 * The node names a config mentions, as defaults for certificate generation:
 * `node.name` first, then every `cluster.static.seeds` entry (an array, or a
 * comma-separated string as EMQX also accepts), then `cluster.core_nodes`.
 * Names EMQX would refuse are left out; duplicates are dropped.
 */
import { nodeNameList } from '../emqx/nodeList';
import { EffectiveConfig } from '../model/types';
import { nodeNameProblem } from './generate';

export function nodeNamesFromConfig(config: EffectiveConfig): string[] {
  const out: string[] = [];
  for (const key of ['node.name', 'cluster.static.seeds', 'cluster.core_nodes']) {
    for (const name of nodeNameList(config.get(key)?.value)) {
      if (!out.includes(name) && nodeNameProblem(name) === undefined) out.push(name);
    }
  }
  return out;
}

/** The config's own node name, when set and valid. */
export function ownNodeName(config: EffectiveConfig): string | undefined {
  const v = config.get('node.name')?.value;
  return typeof v === 'string' && nodeNameProblem(v) === undefined ? v : undefined;
}
