/** The `node-name-loopback` rule: A loopback node name with a clustering strategy. */
import { splitNodeName } from '../../emqx/ports';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (host: Arg, strategy: Arg) => t('node.name uses a loopback host ({0}) while nodes find each other by {1}: peers on other machines cannot reach this node. Use the address other nodes reach it at.', host, strategy),
} satisfies RuleMessages;

export const nodeNameLoopback: Rule = {
  id: 'node-name-loopback',
  defaultSeverity: 'info',
  title: 'A loopback node name with a clustering strategy',
  messages,
  why:
    'Reports a `node.name` whose host is `127.0.0.1`, `::1` or `localhost` when `cluster.discovery_strategy` (4.x: `cluster.discovery`) is `static`, `dns`, `etcd` or `k8s`. ' +
    'Peers reach a node at the host part of its name, so a loopback name can only cluster with nodes on the same machine; the shipped default `emqx@127.0.0.1` is meant for a single node.',
  fix: 'Use the address or DNS name other nodes reach this one at, for example `emqx@10.0.0.1`.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy', 'cluster.discovery')?.value) ?? '').trim();
    if (!['static', 'dns', 'etcd', 'k8s'].includes(strategy)) return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const host = (splitNodeName((scalarText(name.value) ?? '').trim()).host ?? '').toLowerCase();
    if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) return [];
    return [finding(nodeNameLoopback, ctx, name.setBy.valueLocation, messages.default(host, strategy), { keyPath: 'node.name' })];
  },
};
