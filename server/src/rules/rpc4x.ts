/** The EMQX 4.4 cluster RPC TLS pitfalls (cuttlefish files only). */
import { t } from '../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext } from './types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText, setKeyEdit } from './util';

function is44(ctx: RuleContext): boolean {
  return ctx.document.dialect === 'cuttlefish' && ctx.version.major === 4 && ctx.version.minor >= 4;
}

export const rpc4xClientDriver: Rule = {
  id: 'rpc-4x-client-driver',
  defaultSeverity: 'error',
  title: 'EMQX 4.4: RPC server uses TLS but clients still dial plain TCP',
  docs:
    'Reports a 4.4 config with `rpc.driver = ssl` and `rpc.default_client_driver` absent or not `ssl`. In 4.4 the two keys are separate: `rpc.driver` starts the TLS server, `rpc.default_client_driver` (default `tcp`) is what clients use, so clients dial plain TCP at a TLS-only server and the nodes cannot talk. ' +
    'Fix: set `rpc.default_client_driver = ssl` as well. ' +
    'Versions: 4.4 only (5.x uses one key, `rpc.protocol`, for both sides).',
  check(ctx: RuleContext): Finding[] {
    if (!is44(ctx)) return [];
    const driver = rpcTransport(ctx);
    if (driver.value !== 'ssl' || !driver.entry || !isReportable(driver.entry.setBy)) return [];
    const client = getEntry(ctx, 'rpc.default_client_driver');
    if ((scalarText(client?.value) ?? 'tcp').trim().toLowerCase() === 'ssl') return [];
    const at = client && isReportable(client.setBy) ? client.setBy.valueLocation : driver.entry.setBy.valueLocation;
    return [
      finding(rpc4xClientDriver, ctx, at, t('In EMQX 4.4, rpc.driver = ssl only changes the RPC server; clients use rpc.default_client_driver, which is tcp, so nodes cannot reach each other. Set rpc.default_client_driver = ssl too.'), {
        keyPath: 'rpc.default_client_driver',
        related: client ? [{ location: driver.entry.setBy.location, message: t('The RPC server is set to TLS here.') }] : undefined,
        fixes: [{ title: t('Set rpc.default_client_driver = ssl'), edits: [setKeyEdit(ctx, ['rpc', 'default_client_driver'], 'ssl', client)], isPreferred: true, safe: true }],
      }),
    ];
  },
};

export const rpc4xEnableSslNotPort: Rule = {
  id: 'rpc-4x-enable-ssl-not-port',
  defaultSeverity: 'error',
  title: 'EMQX 4.4: rpc.enable_ssl is a port number, not a switch',
  docs:
    'Reports `rpc.enable_ssl = on` (or `true`, `off`, `false`, any non-number) in a 4.4 config. Despite its name, `rpc.enable_ssl` is the TLS RPC server\'s port (an integer, default 5369); cuttlefish refuses a non-integer and EMQX does not start. TLS is turned on with `rpc.driver = ssl` and `rpc.default_client_driver = ssl`. ' +
    'Fix: set it to a port (5370 when `port_discovery = manual`, see `rpc-4x-enable-ssl-port`) or delete it. ' +
    'Versions: 4.4.',
  check(ctx: RuleContext): Finding[] {
    if (!is44(ctx)) return [];
    const e = getEntry(ctx, 'rpc.enable_ssl');
    if (!e || !isReportable(e.setBy)) return [];
    const v = (scalarText(e.value) ?? '').trim();
    if (/^[0-9]+$/.test(v)) return [];
    const fixes = isInDocument(ctx, e.setBy) ? [{ title: t('Use port 5370'), edits: [replaceValueEdit(ctx, e.setBy, '5370')], isPreferred: true }] : undefined;
    return [finding(rpc4xEnableSslNotPort, ctx, e.setBy.valueLocation, t('In EMQX 4.4, rpc.enable_ssl is the TLS RPC port number, not an on/off switch; EMQX refuses to start with this value. Enable TLS with rpc.driver = ssl and rpc.default_client_driver = ssl.'), { keyPath: 'rpc.enable_ssl', fixes })];
  },
};

export const rpc4xEnableSslPort: Rule = {
  id: 'rpc-4x-enable-ssl-port',
  defaultSeverity: 'warning',
  title: 'EMQX 4.4: with manual port discovery the TLS RPC port must be 5370',
  docs:
    'Reports a 4.4 config with `rpc.driver = ssl` and manual port discovery (`rpc.port_discovery = manual`, which the official 4.4 Docker image forces) when `rpc.enable_ssl` is not 5370. The TLS server listens on `rpc.enable_ssl` (default 5369) but clients dial gen_rpc\'s default TLS client port 5370, and 4.4 has no key to change that, so connections fail. ' +
    'Fix: set `rpc.enable_ssl = 5370` on every node. ' +
    'Versions: 4.4.',
  check(ctx: RuleContext): Finding[] {
    if (!is44(ctx)) return [];
    const driver = rpcTransport(ctx);
    if (driver.value !== 'ssl' || !driver.entry || !isReportable(driver.entry.setBy)) return [];
    const discovery = getEntry(ctx, 'rpc.port_discovery');
    const manual = (scalarText(discovery?.value) ?? (ctx.docker ? 'manual' : 'stateless')).trim() === 'manual' || (ctx.docker && !discovery);
    if (!manual) return [];
    const e = getEntry(ctx, 'rpc.enable_ssl');
    const v = (scalarText(e?.value) ?? '5369').trim();
    if (v === '5370' || (e && !/^[0-9]+$/.test(v))) return [];
    const at = e && isReportable(e.setBy) ? e.setBy.valueLocation : driver.entry.setBy.valueLocation;
    return [
      finding(rpc4xEnableSslPort, ctx, at, t('With manual RPC port discovery, EMQX 4.4 clients dial TLS port 5370 but the server listens on rpc.enable_ssl ({0}), so nodes cannot connect. Set rpc.enable_ssl = 5370 on every node.', v), {
        keyPath: 'rpc.enable_ssl',
        fixes: [{ title: t('Set rpc.enable_ssl = 5370'), edits: [setKeyEdit(ctx, ['rpc', 'enable_ssl'], '5370', e)], isPreferred: true }],
      }),
    ];
  },
};
