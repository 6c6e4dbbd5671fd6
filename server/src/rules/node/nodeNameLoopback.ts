/** The `node-name-loopback` rule: A loopback node name on a node meant to cluster. */
import { NODE_NAME_PART_PATTERN, splitNodeName } from '../../emqx/ports';
import { nodeNameList } from '../../emqx/nodeList';
import { t } from '../../l10n';
import { discoveryStrategy, hostRefusedWithLongNames, isLoopbackHost } from './nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** A node this one is told to join that lives on another host (static seeds, 5.x core nodes). */
function remotePeer(ctx: RuleContext, self: string): string | undefined {
  for (const path of ['cluster.static.seeds', 'cluster.core_nodes']) {
    for (const peer of nodeNameList(getEntry(ctx, path)?.value)) {
      const host = splitNodeName(peer.trim()).host;
      if (peer.trim() !== self && host !== undefined && !isLoopbackHost(host)) return peer.trim();
    }
  }
  return undefined;
}

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (host: Arg, strategy: Arg) =>
    t('node.name uses a loopback host ({0}) while nodes find each other by {1}: peers on other machines cannot reach this node. Use the address other nodes reach it at.', host, strategy),
  manualJoin: (host: Arg, peer: Arg) =>
    t(
      'node.name uses a loopback host ({0}) while this node is to join {1} on another host: that node would reach this one at its own loopback address, so joining fails. Use the address other nodes reach this one at.',
      host,
      peer,
    ),
} satisfies RuleMessages;

export const nodeNameLoopback: Rule = {
  id: 'node-name-loopback',
  defaultSeverity: 'info',
  title: 'A loopback node name on a node meant to cluster',
  messages,
  why:
    'Reports a `node.name` whose host is a loopback address (all of `127.0.0.0/8`, `::1` in any spelling) or `localhost` when `cluster.discovery_strategy` (4.x: `cluster.discovery`) is `static`, `dns`, `etcd`, `k8s` (or 4.x `mcast`), and also with `manual` (or no strategy) when `cluster.static.seeds` or `cluster.core_nodes` name a node on another host, the case of nodes joined by hand with `emqx ctl cluster join`. ' +
    'Peers reach a node at the host part of its name (OTP `inet_tcp_dist` dials the host of the node name), so a loopback name can only cluster with nodes on the same machine: a node on another host that is asked to talk back to `emqx@127.0.0.1` dials itself. The shipped default `emqx@127.0.0.1` is meant for a single node and is not reported. ' +
    'A bare `localhost` with an `@` is left to `node-name-host-not-fqdn` (Erlang refuses to connect to it at all).',
  fix: 'Use the address or DNS name other nodes reach this one at, for example `emqx@10.0.0.1`.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || ctx.unknownValues?.has('node.name')) return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const self = (scalarText(name.value) ?? '').trim();
    const { name: part, host } = splitNodeName(self);
    if (host === undefined || !isLoopbackHost(host)) return [];
    // A name Erlang refuses to connect to at all is node-name-host-not-fqdn's finding.
    if (self.split('@').length === 2 && NODE_NAME_PART_PATTERN.test(part) && hostRefusedWithLongNames(host)) return [];
    const strategy = discoveryStrategy(ctx);
    if (['static', 'dns', 'etcd', 'k8s', 'mcast'].includes(strategy)) {
      return [finding(nodeNameLoopback, ctx, name.setBy.valueLocation, messages.default(host, strategy), { keyPath: 'node.name' })];
    }
    if (strategy !== '' && strategy !== 'manual') return [];
    const peer = remotePeer(ctx, self);
    if (peer === undefined) return [];
    return [finding(nodeNameLoopback, ctx, name.setBy.valueLocation, messages.manualJoin(host, peer), { keyPath: 'node.name' })];
  },
};
