/** The `node-name-dns-ip` rule: DNS discovery with A/AAAA records needs an IP address in node.name. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';
import { isIP } from 'net';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  dnsDiscoveryRecords: (host: Arg) =>
    t('With DNS discovery on A records the host part of node.name must be this node\'s IPv4 address; EMQX refuses "{0}". Use name@<IPv4 address> or record_type = srv.', host),
  dnsDiscoveryAAAA: (host: Arg) =>
    t('With DNS discovery on AAAA records the host part of node.name must be this node\'s IPv6 address; EMQX refuses "{0}". Use name@<IPv6 address> or record_type = srv.', host),
} satisfies RuleMessages;

export const nodeNameDnsIp: Rule = {
  id: 'node-name-dns-ip',
  defaultSeverity: 'error',
  title: 'DNS discovery with A/AAAA records needs an IP address in node.name',
  messages,
  why:
    'Reports `cluster.discovery_strategy = dns` with `cluster.dns.record_type = a` (or `aaaa`) when the host part of `node.name` is not an IPv4 (or IPv6) address. ' +
    "Peers are named `<name part>@<address from DNS>`, and EMQX's cluster-strategy validation refuses a node name whose host is not an address of that family. " +
    '`srv` records have no such restriction.',
  fix: "Use `name@<this node's IP>`, or switch to `record_type = srv`.",
  fixKind: 'none',
  versions: {
    spans: [{ from: '5.6' }],
    note: 'The validation appeared in 5.6.0.',
  },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.6')) return [];
    if ((scalarText(getEntry(ctx, 'cluster.discovery_strategy')?.value) ?? '').trim() !== 'dns') return [];
    const type = (scalarText(getEntry(ctx, 'cluster.dns.record_type')?.value) ?? 'a').trim().toLowerCase();
    if (type !== 'a' && type !== 'aaaa') return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const text = (scalarText(name.value) ?? '').trim();
    const at = text.indexOf('@');
    if (at < 0) return [];
    const host = text.slice(at + 1);
    const family = isIP(host);
    if ((type === 'a' && family === 4) || (type === 'aaaa' && family === 6)) return [];
    return [finding(nodeNameDnsIp, ctx, name.setBy.valueLocation, type === 'a' ? messages.dnsDiscoveryRecords(host) : messages.dnsDiscoveryAAAA(host), { keyPath: 'node.name' })];
  },
};
