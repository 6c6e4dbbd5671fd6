/** The `cluster-rpc-mismatch` rule: Nodes disagree on cluster RPC settings. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { CLUSTER_SCHEMA, ClusterRule, ClusterRuleContext, nodeLabel, nodeLabels, valueMessages, valueMismatch } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  protocol: (node: Arg, value: Arg, others: Arg, other: Arg, key: Arg) =>
    t(
      'Node {0} uses cluster RPC protocol "{1}" but {2} use(s) "{3}". gen_rpc starts only the configured driver, so nodes on different protocols cannot reach each other. Set the same {4} on every node (ssl, with certificates from one private CA).',
      node,
      value,
      others,
      other,
      key,
    ),
  portDiscovery: (node: Arg, value: Arg, others: Arg, other: Arg) =>
    t(
      'Node {0} uses rpc.port_discovery = {1} but {2} use(s) {3}. A stateless node dials 5370 + offset while a manual node listens on rpc.server_port, so some RPC connections will fail. Use the same port discovery on every node (the official Docker image forces manual).',
      node,
      value,
      others,
      other,
    ),
  serverPort: (node: Arg, value: Arg, others: Arg, other: Arg) =>
    t(
      'Node {0} listens for cluster RPC on port {1} but {2} use(s) port {3}. With manual port discovery each node dials its own rpc.server_port on every peer, so all nodes must use the same port.',
      node,
      value,
      others,
      other,
    ),
  ...valueMessages,
} satisfies RuleMessages;

export const clusterRpcMismatch: ClusterRule = {
  id: 'cluster-rpc-mismatch',
  defaultSeverity: 'error',
  title: 'Nodes disagree on cluster RPC settings',
  messages,
  why:
    'All nodes must agree on `rpc.protocol` (tcp or ssl; gen_rpc starts only the configured driver), on `rpc.port_discovery` ' +
    '(stateless: peers are dialled on 5370 + the node-name offset; manual: on `rpc.server_port`) and, with manual discovery, ' +
    'on `rpc.server_port` (each node dials its own port number on every peer). The official Docker image forces ' +
    '`EMQX_RPC__PORT_DISCOVERY=manual`, so a cluster mixing containers and bare installs disagrees even when the files agree.',
  fix: 'Set the same values on every node (prefer `rpc.protocol = ssl`).',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }], note: '4.4 uses `rpc.driver` and `rpc.tcp_server_port`.' },
  references: [CLUSTER_SCHEMA, { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' }],
  check(ctx: ClusterRuleContext): Finding[] {
    const { nodes } = ctx;
    return [
      ...valueMismatch(
        clusterRpcMismatch,
        nodes,
        (n) => n.rpcProtocol,
        (d) => messages.protocol(nodeLabel(d.node), d.value, nodeLabels(d.others), d.otherValue, d.node.rpcProtocol.keyPath),
      ),
      ...valueMismatch(
        clusterRpcMismatch,
        nodes,
        (n) => n.portDiscovery,
        (d) => messages.portDiscovery(nodeLabel(d.node), d.value, nodeLabels(d.others), d.otherValue),
      ),
      // The server port only matters between nodes that all use manual discovery:
      // every client dials its own rpc.server_port on every peer.
      ...valueMismatch(
        clusterRpcMismatch,
        nodes.filter((n) => n.portDiscovery.value === 'manual'),
        (n) => n.serverPort,
        (d) => messages.serverPort(nodeLabel(d.node), d.value, nodeLabels(d.others), d.otherValue),
      ),
    ];
  },
};
