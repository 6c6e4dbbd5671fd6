/** Smaller checks from the domain doc §9: settings that are ignored or quietly unsafe. */
import { nodeSuffix } from '../emqx/ports';
import { t } from '../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext } from './types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText } from './util';

export const rpcFilesWithoutTls: Rule = {
  id: 'rpc-files-without-tls',
  defaultSeverity: 'info',
  title: 'RPC certificate files are set but cluster RPC does not use TLS',
  docs:
    'Reports `rpc.certfile`, `rpc.keyfile` or `rpc.cacertfile` set while `rpc.protocol` (4.4: `rpc.driver`) is `tcp` or absent. The files are only read by the TLS driver, so they are ignored and RPC stays in clear text; the config looks more secure than it is. ' +
    'Fix: set `rpc.protocol = ssl` (quick fix), or remove the unused keys. ' +
    'Versions: 4.4, 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'tcp') return [];
    const file = ['rpc.certfile', 'rpc.keyfile', 'rpc.cacertfile'].map((k) => getEntry(ctx, k)).find((e) => e && isReportable(e.setBy) && isInDocument(ctx, e.setBy));
    if (!file) return [];
    const fixes = transport.entry && isInDocument(ctx, transport.entry.setBy) ? [{ title: t('Set {0} = ssl', transport.entry.path.join('.')), edits: [replaceValueEdit(ctx, transport.entry.setBy, 'ssl')], isPreferred: true }] : undefined;
    return [
      finding(rpcFilesWithoutTls, ctx, file.setBy.keyLocation, t('{0} is ignored: cluster RPC does not use TLS (the transport is tcp), so the certificate files are never read. Set the RPC transport to ssl or remove the file keys.', file.path.join('.')), {
        keyPath: file.path.join('.'),
        related: transport.entry && isReportable(transport.entry.setBy) ? [{ location: transport.entry.setBy.valueLocation, message: t('The RPC transport is set to tcp here.') }] : undefined,
        fixes,
      }),
    ];
  },
};

export const rpcPortIgnored: Rule = {
  id: 'rpc-port-ignored',
  defaultSeverity: 'info',
  title: 'rpc.server_port is set but port discovery is stateless',
  docs:
    'Reports `rpc.server_port` (or `rpc.tcp_server_port`/`rpc.ssl_server_port`) when `rpc.port_discovery` is `stateless` or absent and the "docker" setting is off. With stateless discovery the RPC port is 5370 + the node name\'s numeric suffix and the key is ignored, so a firewall opened for it lets nothing through. EMQX\'s own description of `port_discovery` says the opposite, but the code only uses `server_port` in manual mode. The official Docker image forces manual discovery, where the key does apply. ' +
    'Fix: set `rpc.port_discovery = manual` on every node if you want a fixed port, or remove the key. ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.docker) return [];
    const port = getEntry(ctx, 'rpc.server_port', 'rpc.tcp_server_port', 'rpc.ssl_server_port');
    if (!port || !isReportable(port.setBy) || !isInDocument(ctx, port.setBy)) return [];
    const discovery = (scalarText(getEntry(ctx, 'rpc.port_discovery')?.value) ?? 'stateless').trim();
    if (discovery !== 'stateless') return [];
    return [
      finding(rpcPortIgnored, ctx, port.setBy.keyLocation, t('{0} has no effect: rpc.port_discovery is stateless, so each node listens on 5370 + the number at the end of its name. Set rpc.port_discovery = manual on every node to use a fixed port (the official Docker image does).', port.path.join('.')), {
        keyPath: port.path.join('.'),
      }),
    ];
  },
};

export const nodeNameSuffixDiscovery: Rule = {
  id: 'node-name-suffix-discovery',
  defaultSeverity: 'warning',
  title: 'A numbered node name with DNS or Kubernetes discovery',
  docs:
    'Reports a `node.name` whose part before `@` ends in digits (`emqx1@…`) when `cluster.discovery_strategy` (4.x: `cluster.discovery`) is `dns` or `k8s`. These strategies name each peer `<this node\'s name part>@<discovered address>`, so every node must share the same name part; and since the ports come from its digits, peers are dialled on this node\'s ports. A per-node number breaks discovery. ' +
    'Fix: use the same name part on every node (for example `emqx@<pod address>`). ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy', 'cluster.discovery')?.value) ?? '').trim();
    if (strategy !== 'dns' && strategy !== 'k8s') return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const suffix = nodeSuffix((scalarText(name.value) ?? '').trim());
    if (!suffix) return [];
    return [
      finding(nodeNameSuffixDiscovery, ctx, name.setBy.valueLocation, t('With {0} discovery every peer is named after this node\'s name part, so all nodes must share it; a per-node number ({1}) also moves the ports peers are dialled on. Use the same name part on every node.', strategy, suffix.digits), {
        keyPath: 'node.name',
      }),
    ];
  },
};

export const k8sApiserverHttp: Rule = {
  id: 'k8s-apiserver-http',
  defaultSeverity: 'warning',
  title: 'Kubernetes discovery talks to the API server over plain HTTP',
  docs:
    'Reports `cluster.k8s.apiserver` starting with `http://`. Every discovery request carries the pod\'s service-account bearer token, which then crosses the network in clear text. The default is `https://kubernetes.default.svc:443`. ' +
    'Fix: use the `https://` address of the API server. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const e = getEntry(ctx, 'cluster.k8s.apiserver');
    if (!e || !isReportable(e.setBy)) return [];
    if (!(scalarText(e.value) ?? '').trim().toLowerCase().startsWith('http://')) return [];
    return [finding(k8sApiserverHttp, ctx, e.setBy.valueLocation, t('The Kubernetes API server is reached over plain HTTP: the service-account token sent with every discovery request can be read on the network. Use the https:// address.'), { keyPath: 'cluster.k8s.apiserver' })];
  },
};
