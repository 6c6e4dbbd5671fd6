/** The `cluster-cookie-mismatch` rule: Nodes use different Erlang cookies. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { CLUSTER_SCHEMA, ClusterRule, ClusterRuleContext, clusterFinding, disagreements, nodeLabel, nodeLabels, relatedAt } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  differsFromMajority: (node: Arg, count: Arg, others: Arg) =>
    t(
      'The Erlang cookie of node {0} differs from the cookie of {1} other node(s) ({2}). Nodes with different cookies cannot form a cluster and cannot call each other over cluster RPC. Use the same secret cookie on every node.',
      node,
      count,
      others,
    ),
  differsNoMajority: (node: Arg, others: Arg) =>
    t('The Erlang cookie of node {0} differs from the cookie of node(s) {1}. Nodes with different cookies cannot form a cluster. Use the same secret cookie on every node.', node, others),
  cookieOfNode: (node: Arg) => t('The cookie of node {0}', node),
} satisfies RuleMessages;

export const clusterCookieMismatch: ClusterRule = {
  id: 'cluster-cookie-mismatch',
  defaultSeverity: 'error',
  title: 'Nodes use different Erlang cookies',
  messages,
  why:
    'Every node of a cluster must use the same Erlang cookie (`node.cookie`, or `EMQX_NODE__COOKIE`, which wins over the file). ' +
    'Erlang distribution refuses peers with another cookie, and cluster RPC (gen_rpc) authenticates with the same cookie, so ' +
    'a node with a different cookie cannot join. Nodes without a cookie use the build default, which counts as a value too. ' +
    'The finding is on the node that differs from the majority and never shows either value (nodes are compared by a hash).',
  fix: 'Set the same long random cookie on every node, preferably from a secret store through `EMQX_NODE__COOKIE`.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [CLUSTER_SCHEMA, { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_auth.erl', release: '3.5.1' }],
  check(ctx: ClusterRuleContext): Finding[] {
    // A node whose cookie comes from a secret we cannot read takes no part: it may match or not.
    const known = ctx.nodes.filter((n) => !n.input.cookieUnknown);
    return disagreements(known, (n) => n.cookieHash).map(({ node, others, majority }) =>
      clusterFinding(
        clusterCookieMismatch,
        node.cookieHash,
        majority ? messages.differsFromMajority(nodeLabel(node), others.length, nodeLabels(others)) : messages.differsNoMajority(nodeLabel(node), nodeLabels(others)),
        others.slice(0, 3).map((o) => relatedAt(o, (n) => n.cookieHash, messages.cookieOfNode(nodeLabel(o)))),
      ),
    );
  },
};
