/**
 * Checks across the nodes of one cluster: the cluster rules (rules/, one file
 * each) over several node configs (ClusterNodeInput). Most cluster-security
 * mistakes are disagreements between nodes (a different cookie, one node on
 * TLS and the others not), so each finding lands on the node that disagrees
 * with the majority, at the key that is wrong, with `related` pointing at the
 * same key in a node that has the majority's value.
 *
 * Cookie values are never compared or printed in the clear: nodes are grouped
 * by a SHA-256 of the cookie in effect.
 */
import { Finding, Severity } from '../rules/types';
import { ClusterNodeInput, describeNode } from './nodes';
import { ClusterRuleContext, clusterRules } from './rules';

export interface ClusterCheckOptions {
  /** Per-rule severity overrides (`off` drops the rule's findings). */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
}

/**
 * Runs every cluster rule over the given node configs. Fewer than two nodes
 * make no cluster to compare, so nothing is reported then.
 */
export function checkCluster(inputs: readonly ClusterNodeInput[], options: ClusterCheckOptions = {}): Finding[] {
  if (inputs.length < 2) return [];
  const nodes = inputs.map(describeNode);
  const ctx: ClusterRuleContext = { nodes, named: nodes.filter((n) => !n.input.nameUnknown) };
  const out: Finding[] = [];
  for (const rule of clusterRules) {
    const severity = options.severities?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    for (const f of rule.check(ctx)) out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out;
}
