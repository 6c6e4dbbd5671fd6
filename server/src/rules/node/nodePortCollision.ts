/** The `node-port-collision` rule: Two node names give the same ports on the same host. */
import { distPort, isRemoteShell, nodeOffset, rpcPort, rpcPortSetting, splitNodeName } from '../../emqx/ports';
import { t } from '../../l10n';
import { NamedNode, seedLocations } from './nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  runSameHost: (name: Arg, name2: Arg, arg2: Arg, arg3: Arg) =>
    t(
      '{0} and {1} run on the same host and both get Erlang distribution port {2} and RPC port {3} (the port comes from the digits at the end of the name part). Only one of them can start. Give each node on a host a different number.',
      name,
      name2,
      arg2,
      arg3,
    ),
  runSameHostManual: (name: Arg, name2: Arg, arg2: Arg, arg3: Arg) =>
    t(
      '{0} and {1} run on the same host and both get Erlang distribution port {2} (from the digits at the end of the name part) and RPC port {3} (with manual RPC port discovery every node listens on rpc.server_port). Only one of them can start. Give each node on a host a different number and use stateless RPC port discovery.',
      name,
      name2,
      arg2,
      arg3,
    ),
  sameRpcPortManual: (name: Arg, name2: Arg, arg2: Arg) =>
    t(
      '{0} and {1} run on the same host and both listen for cluster RPC on port {2} (with manual RPC port discovery every node listens on rpc.server_port). Only one of them can start. Use stateless RPC port discovery, or run the nodes on different hosts.',
      name,
      name2,
      arg2,
    ),
  usesSamePorts: (name: Arg) => t('{0} uses the same ports.', name),
} satisfies RuleMessages;

export const nodePortCollision: Rule = {
  id: 'node-port-collision',
  defaultSeverity: 'warning',
  title: 'Two node names give the same ports on the same host',
  messages,
  why:
    'Reports node names in `cluster.static.seeds` (and `node.name`) that are different but give the same Erlang distribution port (4370+N) and stateless RPC port (5370+N) on the same host. ' +
    'N is the run of digits at the end of the name part, modulo 60000, so `emqx1`, `emqx01`, `emqx-1` and `emqx60001` all give 1, and `emqx` and `emqx-a` both give 0. ' +
    'Two such nodes on one host cannot both start. ' +
    'With manual RPC port discovery (`rpc.port_discovery = manual`, which the official Docker image sets) every node listens on `rpc.server_port` (default 5369), so any two nodes on one host collide.',
  fix: 'Give each node on a host a distinct numeric suffix (`emqx1`, `emqx2`), or put them on different hosts.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const nodes = seedLocations(ctx);
    const self = getEntry(ctx, 'node.name');
    if (self && isInDocument(ctx, self.setBy) && scalarText(self.value)) nodes.unshift({ name: (scalarText(self.value) ?? '').trim(), location: self.setBy.valueLocation });
    // The peers run the same config's way of choosing the RPC port (a cluster must agree on it).
    const rpc = rpcPortSetting(ctx.config, { docker: ctx.docker, dialect: ctx.document.dialect });
    // Nodes on one host share a port when their offsets match (stateless) or always (manual: rpc.server_port).
    const firstAt = new Map<string, NamedNode>();
    const names = new Set<string>();
    const out: Finding[] = [];
    for (const node of nodes) {
      if (isRemoteShell(node.name)) continue;
      // A name listed twice is the same node.
      if (names.has(node.name)) continue;
      names.add(node.name);
      const host = (splitNodeName(node.name).host ?? '').toLowerCase();
      const key = rpc.discovery === 'manual' ? host : `${host}#${nodeOffset(node.name)}`;
      const first = firstAt.get(key);
      if (!first) {
        firstAt.set(key, node);
        continue;
      }
      const dist = distPort(node.name);
      const rpcAt = rpcPort(node.name, rpc.discovery, rpc.serverPort);
      const sameDist = distPort(first.name) === dist;
      const message =
        rpc.discovery === 'stateless'
          ? messages.runSameHost(node.name, first.name, String(dist), String(rpcAt))
          : sameDist
            ? messages.runSameHostManual(node.name, first.name, String(dist), String(rpcAt))
            : messages.sameRpcPortManual(node.name, first.name, String(rpcAt));
      out.push(
        finding(nodePortCollision, ctx, node.location, message, {
          keyPath: 'cluster.static.seeds',
          related: [{ location: first.location, message: messages.usesSamePorts(first.name) }],
        }),
      );
    }
    return out;
  },
};
