/** The `rpc-4x-enable-ssl-not-port` rule: EMQX 4.4: rpc.enable_ssl is a port number, not a switch. */
import { t } from '../../l10n';
import { is44 } from './rpc4xCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  usePort5370: () => t('Use port 5370'),
  notAPort: () =>
    t('In EMQX 4.4, rpc.enable_ssl is the TLS RPC port number, not an on/off switch; EMQX refuses to start with this value. Enable TLS with rpc.driver = ssl and rpc.default_client_driver = ssl.'),
} satisfies RuleMessages;

export const rpc4xEnableSslNotPort: Rule = {
  id: 'rpc-4x-enable-ssl-not-port',
  defaultSeverity: 'error',
  title: 'EMQX 4.4: rpc.enable_ssl is a port number, not a switch',
  messages,
  why:
    'Reports `rpc.enable_ssl = on` (or `true`, `off`, `false`, any non-number) in a 4.4 config. ' +
    "Despite its name, `rpc.enable_ssl` is the TLS RPC server's port (an integer, default 5369); cuttlefish refuses a non-integer and EMQX does not start. " +
    'TLS is turned on with `rpc.driver = ssl` and `rpc.default_client_driver = ssl`.',
  fix: 'Set it to a port (5370 when `port_discovery = manual`, see `rpc-4x-enable-ssl-port`) or delete it.',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '4.4', to: '4.4' }] },
  references: [{ repo: 'emqx/emqx', file: 'priv/emqx.schema', release: 'v4.4.19' }],
  check(ctx: RuleContext): Finding[] {
    if (!is44(ctx)) return [];
    const e = getEntry(ctx, 'rpc.enable_ssl');
    if (!e || !isReportable(e.setBy)) return [];
    const v = (scalarText(e.value) ?? '').trim();
    if (/^[0-9]+$/.test(v)) return [];
    const fixes = isInDocument(ctx, e.setBy) ? [{ title: messages.usePort5370(), edits: [replaceValueEdit(ctx, e.setBy, '5370')], isPreferred: true }] : undefined;
    return [finding(rpc4xEnableSslNotPort, ctx, e.setBy.valueLocation, messages.notAPort(), { keyPath: 'rpc.enable_ssl', fixes })];
  },
};
