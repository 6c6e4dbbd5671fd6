/** The `cluster-port-collision` rule: Two nodes on the same host need the same port. */
import { distPort, isRemoteShell, rpcPort, splitNodeName } from '../../emqx/ports';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { ClusterNode } from '../nodes';
import { ClusterRule, ClusterRuleContext, clusterFinding, relatedAt } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  samePorts: (a: Arg, b: Arg, ports: Arg, kinds: Arg) =>
    t(
      'Nodes {0} and {1} run on the same host and both need port(s) {2} ({3}). EMQX derives these ports from the digits at the end of the node name (4370 + N for distribution, 5370 + N for stateless RPC, rpc.server_port for manual RPC), so the second node cannot start. Give the nodes different numeric suffixes (emqx1, emqx2, …) and use stateless RPC port discovery, or run them on different hosts.',
      a,
      b,
      ports,
      kinds,
    ),
  distribution: () => t('Erlang distribution'),
  clusterRpc: () => t('cluster RPC'),
  nodeOnSameHost: (node: Arg) => t('Node {0} on the same host', node),
} satisfies RuleMessages;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', 'ip6-localhost']);

/** The host a node runs on, for collision purposes (loopback names are one host). */
function hostKey(n: ClusterNode): string | undefined {
  const host = splitNodeName(n.name.value).host?.toLowerCase();
  if (host === undefined || host.length === 0) return undefined;
  return LOOPBACK.has(host) ? 'loopback' : host;
}

export const clusterPortCollision: ClusterRule = {
  id: 'cluster-port-collision',
  defaultSeverity: 'error',
  title: 'Two nodes on the same host need the same port',
  messages,
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
  check(ctx: ClusterRuleContext): Finding[] {
    const out: Finding[] = [];
    const byHost = new Map<string, ClusterNode[]>();
    for (const n of ctx.named) {
      const h = hostKey(n);
      if (h === undefined) continue;
      const g = byHost.get(h);
      if (g) g.push(n);
      else byHost.set(h, [n]);
    }
    for (const group of byHost.values()) {
      // Nodes with the very same name are reported as duplicates instead.
      const distinct = group.filter((n, i) => group.findIndex((o) => o.name.value === n.name.value) === i);
      for (let i = 0; i < distinct.length; i++) {
        for (let j = 0; j < i; j++) {
          const a = distinct[i];
          const b = distinct[j];
          const kinds: string[] = [];
          const ports: number[] = [];
          const da = distPort(a.name.value);
          const db = distPort(b.name.value);
          if (da !== 'random' && da === db) {
            kinds.push(messages.distribution());
            ports.push(da);
          }
          if (!isRemoteShell(a.name.value) && !isRemoteShell(b.name.value)) {
            const ra = rpcPort(a.name.value, a.portDiscovery.value, a.serverPort.value);
            const rb = rpcPort(b.name.value, b.portDiscovery.value, b.serverPort.value);
            if (ra === rb) {
              kinds.push(messages.clusterRpc());
              ports.push(ra);
            }
          }
          if (kinds.length === 0) continue;
          out.push(
            clusterFinding(clusterPortCollision, a.name, messages.samePorts(a.name.value, b.name.value, ports.join(', '), kinds.join(', ')), [
              relatedAt(b, (n) => n.name, messages.nodeOnSameHost(b.name.value)),
            ]),
          );
        }
      }
    }
    return out;
  },
};
