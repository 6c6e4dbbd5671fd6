/** The `cluster-unknown-seed` rule: A static seed is not one of the known nodes. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { CLUSTER_SCHEMA, ClusterRule, ClusterRuleContext, clusterFinding, nodeLabel } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  notAKnownNode: (node: Arg, unknown: Arg, known: Arg) =>
    t(
      "cluster.static.seeds of node {0} lists {1}, which is not the name of any node config checked together with it (known: {2}). A seed that does not exist only delays joining; a misspelt one leaves the node alone. Check the names against each node's node.name.",
      node,
      unknown,
      known,
    ),
} satisfies RuleMessages;

export const clusterUnknownSeed: ClusterRule = {
  id: 'cluster-unknown-seed',
  defaultSeverity: 'warning',
  title: 'A static seed is not one of the known nodes',
  messages,
  why:
    'With `cluster.discovery_strategy = static`, a node joins the nodes listed in `cluster.static.seeds`. A seed that is ' +
    'not the `node.name` of any config checked together with it is either a node outside the checked set or a typo ' +
    '(a wrong host, a name with another suffix), which leaves the node unable to join. Reported only when at least two ' +
    'node configs are checked together.',
  fix: 'Correct the seed, or check the configs of all nodes together.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [CLUSTER_SCHEMA],
  check(ctx: ClusterRuleContext): Finding[] {
    // A seed may name a node whose name cannot be known here.
    if (ctx.named.length !== ctx.nodes.length) return [];
    const out: Finding[] = [];
    const known = new Set(ctx.nodes.map((n) => n.name.value));
    for (const n of ctx.nodes) {
      if (!n.seeds || n.discoveryStrategy.value !== 'static') continue;
      const unknown = n.seeds.value.filter((s) => !known.has(s));
      if (unknown.length === 0) continue;
      out.push(clusterFinding(clusterUnknownSeed, n.seeds, messages.notAKnownNode(nodeLabel(n), unknown.join(', '), [...known].join(', ')), []));
    }
    return out;
  },
};
