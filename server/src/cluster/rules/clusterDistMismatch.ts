/** The `cluster-dist-mismatch` rule: Nodes use different Erlang distribution transports. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { CLUSTER_SCHEMA, ClusterRule, ClusterRuleContext, nodeLabel, nodeLabels, valueMessages, valueMismatch } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  protoDist: (node: Arg, value: Arg, others: Arg, other: Arg) =>
    t(
      'Node {0} uses cluster.proto_dist = {1} but {2} use(s) {3}. Erlang distribution over TLS and over plain TCP cannot talk to each other. Use the same value on every node (inet_tls or inet6_tls with ssl_dist.conf).',
      node,
      value,
      others,
      other,
    ),
  ...valueMessages,
} satisfies RuleMessages;

export const clusterDistMismatch: ClusterRule = {
  id: 'cluster-dist-mismatch',
  defaultSeverity: 'error',
  title: 'Nodes use different Erlang distribution transports',
  messages,
  why: '`cluster.proto_dist` must be the same on every node: a node on `inet_tls` cannot talk to a node on `inet_tcp`, and ' + 'IPv4 and IPv6 transports do not mix.',
  fix: 'Use `inet_tls` (or `inet6_tls`) with an `ssl_dist.conf` on every node.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [CLUSTER_SCHEMA],
  check(ctx: ClusterRuleContext): Finding[] {
    return valueMismatch(
      clusterDistMismatch,
      ctx.nodes,
      (n) => n.protoDist,
      (d) => messages.protoDist(nodeLabel(d.node), d.value, nodeLabels(d.others), d.otherValue),
    );
  },
};
