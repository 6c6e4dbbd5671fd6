/**
 * What the cluster rules share: the contract of a rule that compares several
 * nodes (`ClusterRule`: the same `RuleMeta` and `messages` as a per-file rule,
 * with a check over the nodes of one cluster), and the detection most of them
 * use, the nodes that disagree with the majority on a value.
 */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RelatedInfo, RuleMessages, RuleMeta, RuleReference } from '../../rules/types';
import { ClusterNode, Located } from '../nodes';

/** The nodes of one cluster, as a cluster rule sees them. */
export interface ClusterRuleContext {
  /** Every node of the cluster (at least two). */
  readonly nodes: readonly ClusterNode[];
  /**
   * The nodes whose name is known. A name that cannot be known (set from a Secret, built from an
   * unknown address) is neither a duplicate nor a collision, and a seed may name it.
   */
  readonly named: readonly ClusterNode[];
}

/**
 * A rule over several nodes' configs. Its findings carry the default severity;
 * `checkCluster` applies the severity settings. `messages` is required: every
 * cluster finding is phrased by one of them.
 */
export interface ClusterRule extends RuleMeta {
  readonly messages: RuleMessages;
  check(ctx: ClusterRuleContext): Finding[];
}

/** EMQX's config schema: the keys and defaults the cluster rules compare. */
export const CLUSTER_SCHEMA: RuleReference = { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' };

/** How a finding names a node: its node name. */
export function nodeLabel(n: ClusterNode): string {
  return n.name.value;
}

/** The names of nodes, for a message. */
export function nodeLabels(nodes: readonly ClusterNode[]): string {
  return nodes.map(nodeLabel).join(', ');
}

/** A related location: where `pick` finds the value on another node. */
export function relatedAt<T>(other: ClusterNode, pick: (n: ClusterNode) => Located<T>, message: string): RelatedInfo {
  return { location: pick(other).location, message };
}

/** A finding of `rule` at a node's value. */
export function clusterFinding(rule: ClusterRule, at: Located<unknown>, message: string, related: RelatedInfo[]): Finding {
  return { ruleId: rule.id, severity: rule.defaultSeverity, message, location: at.location, keyPath: at.keyPath, related };
}

export interface Disagreement {
  readonly node: ClusterNode;
  /** The nodes it disagrees with: the majority, or every node outside its group when there is none. */
  readonly others: ClusterNode[];
  /** Whether `others` is a strict majority. */
  readonly majority: boolean;
}

/**
 * Groups nodes by a key; when they disagree, every node outside the largest
 * group (or, without a strict majority, every node) is reported.
 */
export function disagreements<T>(nodes: readonly ClusterNode[], pick: (n: ClusterNode) => Located<T>, key: (v: T) => string = (v) => String(v)): Disagreement[] {
  const groups = new Map<string, ClusterNode[]>();
  for (const n of nodes) {
    const k = key(pick(n).value);
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
  }
  if (groups.size < 2) return [];
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  const strictMajority = sorted[0].length > sorted[1].length;
  const out: Disagreement[] = [];
  for (const group of strictMajority ? sorted.slice(1) : sorted) {
    for (const node of group) {
      const others = strictMajority ? sorted[0] : nodes.filter((o) => !group.includes(o));
      out.push({ node, others, majority: strictMajority });
    }
  }
  return out;
}

/** What a rule that compares one value says about the value on another node (spread into its `messages`). */
export const valueMessages = {
  valueOnNode: (key: Arg, value: Arg, node: Arg) => t('{0} = {1} on node {2}', key, value, node),
  defaultOnNode: (key: Arg, value: Arg, node: Arg) => t('{0} = {1} (the default) on node {2}', key, value, node),
} satisfies RuleMessages;

/** One value a cluster must agree on, as a node and the nodes it disagrees with see it. */
export interface ValueDisagreement {
  readonly node: ClusterNode;
  /** The node's value, as text. */
  readonly value: string;
  readonly others: ClusterNode[];
  /** The value of the first of `others`, as text. */
  readonly otherValue: string;
}

/**
 * A finding on every node whose value (`pick`) differs from the majority's,
 * phrased by `describe`, with the value on up to three of the other nodes as
 * related locations.
 */
export function valueMismatch<T>(rule: ClusterRule, nodes: readonly ClusterNode[], pick: (n: ClusterNode) => Located<T>, describe: (d: ValueDisagreement) => string): Finding[] {
  return disagreements(nodes, pick).map(({ node, others }) =>
    clusterFinding(
      rule,
      pick(node),
      describe({ node, value: String(pick(node).value), others, otherValue: String(pick(others[0]).value) }),
      others.slice(0, 3).map((o) => {
        const v = pick(o);
        return relatedAt(o, pick, v.explicit ? valueMessages.valueOnNode(v.keyPath, String(v.value), nodeLabel(o)) : valueMessages.defaultOnNode(v.keyPath, String(v.value), nodeLabel(o)));
      }),
    ),
  );
}
