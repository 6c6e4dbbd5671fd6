/**
 * Metadata of the cluster-wide rules, the same `RuleMeta` as the per-file rules
 * of `server/src/rules` (id, default severity, title, why, fix, versions) minus `check`:
 * these rules look at several configs at once (see checks.ts), so they are
 * not run per document. The SARIF output, the severity settings and the
 * generated rule docs (docs/rules/) list them from `clusterRules`.
 */
import { RuleMeta } from '../rules/types';

export type ClusterRuleInfo = RuleMeta;

export type ClusterRuleId =
  'cluster-cookie-mismatch' | 'cluster-rpc-mismatch' | 'cluster-dist-mismatch' | 'cluster-ca-mismatch' | 'cluster-port-collision' | 'cluster-duplicate-node' | 'cluster-unknown-seed';

const schema = { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' };

export const clusterRules: readonly (ClusterRuleInfo & { readonly id: ClusterRuleId })[] = [
  {
    id: 'cluster-cookie-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes use different Erlang cookies',
    why:
      'Every node of a cluster must use the same Erlang cookie (`node.cookie`, or `EMQX_NODE__COOKIE`, which wins over the file). ' +
      'Erlang distribution refuses peers with another cookie, and cluster RPC (gen_rpc) authenticates with the same cookie, so ' +
      'a node with a different cookie cannot join. Nodes without a cookie use the build default, which counts as a value too. ' +
      'The finding is on the node that differs from the majority and never shows either value (nodes are compared by a hash).',
    fix: 'Set the same long random cookie on every node, preferably from a secret store through `EMQX_NODE__COOKIE`.',
    fixKind: 'none',
    versions: { spans: [] },
    references: [schema, { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_auth.erl', release: '3.5.1' }],
  },
  {
    id: 'cluster-rpc-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes disagree on cluster RPC settings',
    why:
      'All nodes must agree on `rpc.protocol` (tcp or ssl; gen_rpc starts only the configured driver), on `rpc.port_discovery` ' +
      '(stateless: peers are dialled on 5370 + the node-name offset; manual: on `rpc.server_port`) and, with manual discovery, ' +
      'on `rpc.server_port` (each node dials its own port number on every peer). The official Docker image forces ' +
      '`EMQX_RPC__PORT_DISCOVERY=manual`, so a cluster mixing containers and bare installs disagrees even when the files agree.',
    fix: 'Set the same values on every node (prefer `rpc.protocol = ssl`).',
    fixKind: 'none',
    versions: { spans: [{ from: '5.0' }], note: '4.4 uses `rpc.driver` and `rpc.tcp_server_port`.' },
    references: [schema, { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' }],
  },
  {
    id: 'cluster-dist-mismatch',
    defaultSeverity: 'error',
    title: 'Nodes use different Erlang distribution transports',
    why: '`cluster.proto_dist` must be the same on every node: a node on `inet_tls` cannot talk to a node on `inet_tcp`, and ' + 'IPv4 and IPv6 transports do not mix.',
    fix: 'Use `inet_tls` (or `inet6_tls`) with an `ssl_dist.conf` on every node.',
    fixKind: 'none',
    versions: { spans: [] },
    references: [schema],
  },
  {
    id: 'cluster-ca-mismatch',
    defaultSeverity: 'error',
    title: 'Node certificates do not chain to the same CA',
    why:
      'With `rpc.protocol = ssl`, gen_rpc verifies every peer (mutual TLS, `verify_peer`) against the local `rpc.cacertfile` ' +
      'and does not check host names, so all nodes must trust the same private CA and every node certificate must be issued by it. ' +
      "The check compares the CA files by content (certificate fingerprints) and verifies each node's `rpc.certfile` against the " +
      "other nodes' CA files; it needs to read the files (trusted workspace, or the CLI).",
    fix: 'Issue all node certificates from one cluster CA (`emqx-cluster-security certs`) and give every node that CA.',
    fixKind: 'none',
    versions: { spans: [{ from: '4.4', to: '4.4' }, { from: '5.0' }] },
    references: [{ repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' }],
  },
  {
    id: 'cluster-port-collision',
    defaultSeverity: 'error',
    title: 'Two nodes on the same host need the same port',
    why:
      'EMQX derives the Erlang distribution port (4370 + N) and the stateless RPC port (5370 + N) from the digits N at the end ' +
      "of the node name's part before `@` (modulo 60000; `emqx1`, `emqx01` and `emqx60001` all give 1); with manual port " +
      'discovery every node listens on `rpc.server_port`. Two nodes on one host (the same host part, or both on loopback) with ' +
      'the same port cannot both start.',
    fix: 'Give them different numeric suffixes and stateless RPC, or separate hosts.',
    fixKind: 'none',
    versions: { spans: [] },
    references: [
      { repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' },
      { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' },
    ],
  },
  {
    id: 'cluster-duplicate-node',
    defaultSeverity: 'error',
    title: 'Two configs use the same node name',
    why:
      'Node names identify cluster members; two configs with the same `node.name` (or `EMQX_NODE__NAME`) describe nodes that ' +
      'cannot both be members. Usually a copied config whose name was not changed.',
    fix: 'Give every node a unique name.',
    fixKind: 'none',
    versions: { spans: [] },
  },
  {
    id: 'cluster-unknown-seed',
    defaultSeverity: 'warning',
    title: 'A static seed is not one of the known nodes',
    why:
      'With `cluster.discovery_strategy = static`, a node joins the nodes listed in `cluster.static.seeds`. A seed that is ' +
      'not the `node.name` of any config checked together with it is either a node outside the checked set or a typo ' +
      '(a wrong host, a name with another suffix), which leaves the node unable to join. Reported only when at least two ' +
      'node configs are checked together.',
    fix: 'Correct the seed, or check the configs of all nodes together.',
    fixKind: 'none',
    versions: { spans: [] },
    references: [schema],
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
