/** The `rpc-4x-enable-ssl-port` rule: EMQX 4.4: with manual port discovery the TLS RPC port must be 5370. */
import { t } from '../../l10n';
import { is44 } from './rpc4xCommon';
import { rpcTransport } from './rpcCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText, setKeyEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  manualRPCPort: (v: Arg) =>
    t('With manual RPC port discovery, EMQX 4.4 clients dial TLS port 5370 but the server listens on rpc.enable_ssl ({0}), so nodes cannot connect. Set rpc.enable_ssl = 5370 on every node.', v),
  setRpcEnableSsl: () => t('Set rpc.enable_ssl = 5370'),
} satisfies RuleMessages;

export const rpc4xEnableSslPort: Rule = {
  id: 'rpc-4x-enable-ssl-port',
  defaultSeverity: 'warning',
  title: 'EMQX 4.4: with manual port discovery the TLS RPC port must be 5370',
  messages,
  why:
    'Reports a 4.4 config with `rpc.driver = ssl` and manual port discovery (`rpc.port_discovery = manual`, which the official 4.4 Docker image forces) when `rpc.enable_ssl` is not 5370. ' +
    "The TLS server listens on `rpc.enable_ssl` (default 5369) but clients dial gen_rpc's default TLS client port 5370, and 4.4 has no key to change that, so connections fail.",
  fix: 'Set `rpc.enable_ssl = 5370` on every node.',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '4.4', to: '4.4' }] },
  references: [{ repo: 'emqx/emqx', file: 'priv/emqx.schema', release: 'v4.4.19' }],
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
      finding(rpc4xEnableSslPort, ctx, at, messages.manualRPCPort(v), {
        keyPath: 'rpc.enable_ssl',
        fixes: [{ title: messages.setRpcEnableSsl(), edits: [setKeyEdit(ctx, ['rpc', 'enable_ssl'], '5370', e)], isPreferred: true }],
      }),
    ];
  },
};
