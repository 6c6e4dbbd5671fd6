/** The `node-name-host-not-fqdn` rule: a node name whose host Erlang's long names refuse. */
import { isIP } from 'net';
import { NODE_NAME_PART_PATTERN, splitNodeName } from '../../emqx/ports';
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { discoveryStrategy, hostRefusedWithLongNames, seedLocations } from './nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** Whether node-name-dns-ip reports this node name already (DNS discovery on A/AAAA records, 5.6+). */
function dnsIpReports(ctx: RuleContext, host: string): boolean {
  if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.6') || discoveryStrategy(ctx) !== 'dns') return false;
  const type = (scalarText(getEntry(ctx, 'cluster.dns.record_type')?.value) ?? 'a').trim().toLowerCase();
  return (type === 'a' && isIP(host) !== 4) || (type === 'aaaa' && isIP(host) !== 6);
}

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  nodeName: (host: Arg) =>
    t(
      'The host part of node.name ("{0}") has no dot and is not an IP address. EMQX runs Erlang with long names, which refuse connections to such a node: no peer and no `emqx ctl` can reach it. Use its IP address or a fully qualified name.',
      host,
    ),
  seed: (seed: Arg, host: Arg) =>
    t(
      'The seed {0} has a host part ("{1}") with no dot that is not an IP address. EMQX runs Erlang with long names, which refuse to connect to such a node. Use the node\'s IP address or a fully qualified name.',
      seed,
      host,
    ),
} satisfies RuleMessages;

export const nodeNameHostNotFqdn: Rule = {
  id: 'node-name-host-not-fqdn',
  defaultSeverity: 'error',
  title: 'The host part of a node name is neither an IP address nor a dotted name',
  messages,
  why:
    'Reports a `node.name`, and with `static` discovery each `cluster.static.seeds` entry, of the form `name@host` whose host has no dot and is not an IP address (`emqx@node1`, `emqx@emqx-0`, `emqx@localhost`). ' +
    'EMQX starts Erlang with long names whenever the node name has an `@` (5.x `bin/emqx`: `-name`; 4.x maps `node.name` to `-name`), and with long names Erlang refuses to set up a connection to a node whose host part is a bare name: OTP\'s `inet_tcp_dist:splitnode/3` logs "System running to use fully qualified hostnames … Hostname node1 is illegal" and drops the connection. The node boots, but no peer can reach it, it cannot reach such a seed, and `emqx ctl` cannot reach it either. ' +
    'Names that `node-name-invalid` rejects, and a host that `node-name-dns-ip` already reports (DNS discovery on A/AAAA records), are left to those rules.',
  fix: "Use the node's IP address or a fully qualified name (`emqx@node1.example.com`, `emqx@emqx-0.emqx-headless.default.svc.cluster.local`).",
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'priv/emqx.schema', release: 'v4.4.19' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const out: Finding[] = [];
    const entry = getEntry(ctx, 'node.name');
    if (entry && isReportable(entry.setBy) && !ctx.unknownValues?.has('node.name')) {
      const name = (scalarText(entry.value) ?? '').trim();
      const { name: part, host } = splitNodeName(name);
      const oneAt = name.split('@').length === 2;
      if (host !== undefined && oneAt && NODE_NAME_PART_PATTERN.test(part) && hostRefusedWithLongNames(host) && !dnsIpReports(ctx, host)) {
        out.push(finding(nodeNameHostNotFqdn, ctx, entry.setBy.valueLocation, messages.nodeName(host), { keyPath: 'node.name' }));
      }
    }
    if (discoveryStrategy(ctx) === 'static') {
      for (const seed of seedLocations(ctx)) {
        const { name: part, host } = splitNodeName(seed.name);
        if (host === undefined || seed.name.split('@').length !== 2 || !NODE_NAME_PART_PATTERN.test(part) || !hostRefusedWithLongNames(host)) continue;
        out.push(finding(nodeNameHostNotFqdn, ctx, seed.location, messages.seed(seed.name, host), { keyPath: 'cluster.static.seeds' }));
      }
    }
    return out;
  },
};
