/** Further certain checks from the domain doc §9 and §12: addresses, etcd verification, the 5.0–5.3.0 Docker TLS port. */
import { isIP } from 'net';
import { atLeast } from '../emqx/version';
import { t } from '../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext } from './types';
import { booleanValue, finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText } from './util';

export const rpcListenAddressInvalid: Rule = {
  id: 'rpc-listen-address-invalid',
  defaultSeverity: 'error',
  title: 'rpc.listen_address is not an IP address',
  docs:
    'Reports an `rpc.listen_address` that is not an IPv4 or IPv6 literal (a host name, a CIDR, an address with a port). EMQX parses it with `inet:parse_address` and refuses the config otherwise. ' +
    'Fix: give the IP address of the interface the RPC server should listen on, for example `"10.0.0.1"`, or `"0.0.0.0"` for all interfaces. ' +
    'Versions: 5.3.1 and later (the key does not exist before).',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.3.1')) return [];
    const e = getEntry(ctx, 'rpc.listen_address');
    if (!e || !isReportable(e.setBy)) return [];
    const v = (scalarText(e.value) ?? '').trim();
    if (isIP(v) !== 0) return [];
    return [finding(rpcListenAddressInvalid, ctx, e.setBy.valueLocation, t('EMQX refuses to start: rpc.listen_address must be an IP address such as "10.0.0.1" or "0.0.0.0", not a host name or a range.'), { keyPath: 'rpc.listen_address' })];
  },
};

export const etcdVerifyNone: Rule = {
  id: 'etcd-verify-none',
  defaultSeverity: 'warning',
  title: 'etcd TLS does not verify the etcd server',
  docs:
    'Reports etcd discovery with TLS enabled (`cluster.etcd.ssl_options.enable = true`, alias `ssl`) when `verify` is absent or `verify_none`. The default is `verify_none`: the connection is encrypted but anyone who can intercept it can pose as etcd and feed the node a list of peers. ' +
    'Fix: set `verify = verify_peer` with `cacertfile` pointing at the CA of the etcd servers. ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    if ((scalarText(getEntry(ctx, 'cluster.discovery_strategy')?.value) ?? '').trim() !== 'etcd') return [];
    for (const prefix of ['ssl_options', 'ssl']) {
      const enable = getEntry(ctx, `cluster.etcd.${prefix}.enable`);
      if (!enable || booleanValue(enable.value) !== true || !isReportable(enable.setBy)) continue;
      const verify = getEntry(ctx, `cluster.etcd.${prefix}.verify`);
      const value = (scalarText(verify?.value) ?? 'verify_none').trim();
      if (value === 'verify_peer') return [];
      const at = verify && isReportable(verify.setBy) ? verify.setBy.valueLocation : enable.setBy.valueLocation;
      const fixes = verify && isInDocument(ctx, verify.setBy) ? [{ title: t('Use verify_peer (needs cacertfile with the etcd CA)'), edits: [replaceValueEdit(ctx, verify.setBy, 'verify_peer')], isPreferred: true }] : undefined;
      return [finding(etcdVerifyNone, ctx, at, t('TLS to etcd does not verify the server (verify is {0}): anyone who can intercept the connection can pose as etcd and hand this node a list of peers. Set verify = verify_peer with the etcd CA in cacertfile.', value), { keyPath: `cluster.etcd.${prefix}.verify`, fixes })];
    }
    return [];
  },
};

export const nodeNameDnsIp: Rule = {
  id: 'node-name-dns-ip',
  defaultSeverity: 'error',
  title: 'DNS discovery with A/AAAA records needs an IP address in node.name',
  docs:
    'Reports `cluster.discovery_strategy = dns` with `cluster.dns.record_type = a` (or `aaaa`) when the host part of `node.name` is not an IPv4 (or IPv6) address. Peers are named `<name part>@<address from DNS>`, and EMQX\'s cluster-strategy validation refuses a node name whose host is not an address of that family. `srv` records have no such restriction. ' +
    'Fix: use `name@<this node\'s IP>`, or switch to `record_type = srv`. ' +
    'Versions: 5.6 and later (the validation appeared in 5.6.0).',
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
    return [
      finding(nodeNameDnsIp, ctx, name.setBy.valueLocation, type === 'a'
        ? t('With DNS discovery on A records the host part of node.name must be this node\'s IPv4 address; EMQX refuses "{0}". Use name@<IPv4 address> or record_type = srv.', host)
        : t('With DNS discovery on AAAA records the host part of node.name must be this node\'s IPv6 address; EMQX refuses "{0}". Use name@<IPv6 address> or record_type = srv.', host), { keyPath: 'node.name' }),
    ];
  },
};

export const rpcDockerTlsPort: Rule = {
  id: 'rpc-docker-tls-port',
  defaultSeverity: 'warning',
  title: 'EMQX 5.0–5.3.0: RPC over TLS with manual ports listens and dials on different ports',
  docs:
    'Reports `rpc.protocol = ssl` with manual port discovery (`rpc.port_discovery = manual`, which the official Docker image forces) on EMQX 5.0 to 5.3.0. Those releases started the TLS server on `rpc.ssl_server_port` (5369) while clients dialled 5370, so nodes could not reach each other; EMQX 5.3.1 fixed it (PR #11813). ' +
    'Fix: upgrade to 5.3.1 or later, or set `rpc.ssl_server_port = 5370` on every node. ' +
    'Versions: 5.0 to 5.3.0.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.version.major !== 5 || atLeast(ctx.version, '5.3.1')) return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'ssl' || !transport.entry || !isReportable(transport.entry.setBy)) return [];
    const discovery = getEntry(ctx, 'rpc.port_discovery');
    const manual = discovery ? (scalarText(discovery.value) ?? '').trim() === 'manual' : ctx.docker;
    if (!manual) return [];
    const port = getEntry(ctx, 'rpc.ssl_server_port');
    if ((scalarText(port?.value) ?? '5369').trim() === '5370') return [];
    return [finding(rpcDockerTlsPort, ctx, transport.entry.setBy.valueLocation, t('EMQX before 5.3.1 with RPC over TLS and manual port discovery listens on rpc.ssl_server_port (5369) but dials 5370, so nodes cannot connect. Upgrade to 5.3.1 or later, or set rpc.ssl_server_port = 5370 on every node.'), { keyPath: 'rpc.ssl_server_port' })];
  },
};
