/**
 * Metadata of the cluster-wide rules, in the same shape as the per-file rules
 * of `server/src/rules` (id, default severity, title, docs) minus `check`:
 * these rules look at several configs at once (see checks.ts), so they are
 * not run per document. The SARIF output, the severity settings and the
 * generated rule docs (docs/rules/) list them from `clusterRules`.
 */
import { Rule } from '../rules/types';

export type ClusterRuleInfo = Omit<Rule, 'check'>;

export type ClusterRuleId =
  | 'cluster-cookie-mismatch'
  | 'cluster-rpc-mismatch'
  | 'cluster-dist-mismatch'
  | 'cluster-ca-mismatch'
  | 'cluster-port-collision'
  | 'cluster-duplicate-node'
  | 'cluster-unknown-seed';

export const clusterRules: readonly (ClusterRuleInfo & { readonly id: ClusterRuleId })[] = [
  {
    id: 'cluster-cookie-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes use different Erlang cookies',
    docs:
      'Every node of a cluster must use the same Erlang cookie (`node.cookie`, or `EMQX_NODE__COOKIE`, which wins over the file). ' +
      'Erlang distribution refuses peers with another cookie, and cluster RPC (gen_rpc) authenticates with the same cookie, so ' +
      'a node with a different cookie cannot join. Nodes without a cookie use the build default, which counts as a value too. ' +
      'The finding is on the node that differs from the majority and never shows either value (nodes are compared by a hash). ' +
      'Fix: set the same long random cookie on every node, preferably from a secret store through `EMQX_NODE__COOKIE`. All versions.',
  },
  {
    id: 'cluster-rpc-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes disagree on cluster RPC settings',
    docs:
      'All nodes must agree on `rpc.protocol` (tcp or ssl; gen_rpc starts only the configured driver), on `rpc.port_discovery` ' +
      '(stateless: peers are dialled on 5370 + the node-name offset; manual: on `rpc.server_port`) and, with manual discovery, ' +
      'on `rpc.server_port` (each node dials its own port number on every peer). The official Docker image forces ' +
      '`EMQX_RPC__PORT_DISCOVERY=manual`, so a cluster mixing containers and bare installs disagrees even when the files agree. ' +
      'Fix: set the same values on every node (prefer `rpc.protocol = ssl`). 5.x/6.x; 4.4 uses `rpc.driver` and `rpc.tcp_server_port`.',
  },
  {
    id: 'cluster-dist-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes use different Erlang distribution transports',
    docs:
      '`cluster.proto_dist` must be the same on every node: a node on `inet_tls` cannot talk to a node on `inet_tcp`, and ' +
      'IPv4 and IPv6 transports do not mix. Fix: use `inet_tls` (or `inet6_tls`) with an `ssl_dist.conf` on every node. All versions.',
  },
  {
    id: 'cluster-ca-mismatch',
    defaultSeverity: 'error',
    title: 'Node certificates do not chain to the same CA',
    docs:
      'With `rpc.protocol = ssl`, gen_rpc verifies every peer (mutual TLS, `verify_peer`) against the local `rpc.cacertfile` ' +
      'and does not check host names, so all nodes must trust the same private CA and every node certificate must be issued by it. ' +
      'The check compares the CA files by content (certificate fingerprints) and verifies each node\'s `rpc.certfile` against the ' +
      'other nodes\' CA files; it needs to read the files (trusted workspace, or the CLI). Fix: issue all node certificates from ' +
      'one cluster CA (`emqx-cluster-security certs`) and give every node that CA. 4.4 and 5.x/6.x.',
  },
  {
    id: 'cluster-port-collision',
    defaultSeverity: 'error',
    title: 'Two nodes on the same host need the same port',
    docs:
      'EMQX derives the Erlang distribution port (4370 + N) and the stateless RPC port (5370 + N) from the digits N at the end ' +
      'of the node name\'s part before `@` (modulo 60000; `emqx1`, `emqx01` and `emqx60001` all give 1); with manual port ' +
      'discovery every node listens on `rpc.server_port`. Two nodes on one host (the same host part, or both on loopback) with ' +
      'the same port cannot both start. Fix: give them different numeric suffixes and stateless RPC, or separate hosts.',
  },
  {
    id: 'cluster-duplicate-node',
    defaultSeverity: 'error',
    title: 'Two configs use the same node name',
    docs:
      'Node names identify cluster members; two configs with the same `node.name` (or `EMQX_NODE__NAME`) describe nodes that ' +
      'cannot both be members. Usually a copied config whose name was not changed. Fix: give every node a unique name.',
  },
  {
    id: 'cluster-unknown-seed',
    defaultSeverity: 'warning',
    title: 'A static seed is not one of the known nodes',
    docs:
      'With `cluster.discovery_strategy = static`, a node joins the nodes listed in `cluster.static.seeds`. A seed that is ' +
      'not the `node.name` of any config checked together with it is either a node outside the checked set or a typo ' +
      '(a wrong host, a name with another suffix), which leaves the node unable to join. Reported only when at least two ' +
      'node configs are checked together.',
  },
];

export function clusterRuleById(id: ClusterRuleId): ClusterRuleInfo {
  const rule = clusterRules.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown cluster rule ${id}`);
  return rule;
}

/**
 * The cluster rules' ids, for the per-file analysis (AnalyzeInput.extraRuleIds):
 * suppression comments may name them although the rules layer cannot see them.
 */
export const CLUSTER_RULE_IDS: readonly string[] = clusterRules.map((r) => r.id);
