/** Hints from the domain doc §9 that need no file access: loopback node names, variables in RPC paths. */
import { splitNodeName } from '../emqx/ports';
import { t } from '../l10n';
import { Finding, Rule, RuleContext } from './types';
import { finding, getEntry, isReportable, scalarText } from './util';

export const nodeNameLoopback: Rule = {
  id: 'node-name-loopback',
  defaultSeverity: 'info',
  title: 'A loopback node name with a clustering strategy',
  docs:
    'Reports a `node.name` whose host is `127.0.0.1`, `::1` or `localhost` when `cluster.discovery_strategy` (4.x: `cluster.discovery`) is `static`, `dns`, `etcd` or `k8s`. Peers reach a node at the host part of its name, so a loopback name can only cluster with nodes on the same machine; the shipped default `emqx@127.0.0.1` is meant for a single node. ' +
    'Fix: use the address or DNS name other nodes reach this one at, for example `emqx@10.0.0.1`. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy', 'cluster.discovery')?.value) ?? '').trim();
    if (!['static', 'dns', 'etcd', 'k8s'].includes(strategy)) return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const host = (splitNodeName((scalarText(name.value) ?? '').trim()).host ?? '').toLowerCase();
    if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) return [];
    return [finding(nodeNameLoopback, ctx, name.setBy.valueLocation, t('node.name uses a loopback host ({0}) while nodes find each other by {1}: peers on other machines cannot reach this node. Use the address other nodes reach it at.', host, strategy), { keyPath: 'node.name' })];
  },
};

export const rpcPathVariable: Rule = {
  id: 'rpc-path-variable',
  defaultSeverity: 'warning',
  title: 'An RPC certificate path uses a ${…} variable EMQX does not expand there',
  docs:
    'Reports `rpc.certfile`, `rpc.keyfile` or `rpc.cacertfile` containing `${` (for example `"${EMQX_ETC_DIR}/certs/node.pem"`, copied from a listener\'s `ssl_options`). EMQX expands such variables in listener and client TLS options, but hands the `rpc.*file` paths to gen_rpc as written, and HOCON does not substitute inside quoted strings; the node then looks for a file literally named `${EMQX_ETC_DIR}/…` and cluster RPC over TLS cannot start. This comes from reading EMQX\'s code, not from running it. ' +
    'Fix: write the absolute path (for example `/etc/emqx/certs/node.pem`). ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    const out: Finding[] = [];
    for (const key of ['certfile', 'keyfile', 'cacertfile']) {
      const e = getEntry(ctx, `rpc.${key}`);
      if (!e || !isReportable(e.setBy)) continue;
      if (!(scalarText(e.value) ?? '').includes('${')) continue;
      out.push(finding(rpcPathVariable, ctx, e.setBy.valueLocation, t('rpc.{0} is passed to gen_rpc as written, without expanding ${…} variables (unlike listener TLS options), so the file will not be found. Use an absolute path.', key), { keyPath: `rpc.${key}` }));
    }
    return out;
  },
};
