/** The `rpc-4x-client-driver` rule: EMQX 4.4: RPC server uses TLS but clients still dial plain TCP. */
import { t } from '../../l10n';
import { is44 } from './rpc4xCommon';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText, setKeyEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  clientStaysTcp: () =>
    t('In EMQX 4.4, rpc.driver = ssl only changes the RPC server; clients use rpc.default_client_driver, which is tcp, so nodes cannot reach each other. Set rpc.default_client_driver = ssl too.'),
  rpcServerSet: () => t('The RPC server is set to TLS here.'),
  setRpcDefaultClientDriver: () => t('Set rpc.default_client_driver = ssl'),
} satisfies RuleMessages;

export const rpc4xClientDriver: Rule = {
  id: 'rpc-4x-client-driver',
  defaultSeverity: 'error',
  title: 'EMQX 4.4: RPC server uses TLS but clients still dial plain TCP',
  messages,
  why:
    'Reports a 4.4 config with `rpc.driver = ssl` and `rpc.default_client_driver` absent or not `ssl`. ' +
    'In 4.4 the two keys are separate: `rpc.driver` starts the TLS server, `rpc.default_client_driver` (default `tcp`) is what clients use, so clients dial plain TCP at a TLS-only server and the nodes cannot talk.',
  fix: 'Set `rpc.default_client_driver = ssl` as well.',
  fixKind: 'safe',
  versions: {
    spans: [{ from: '4.4', to: '4.4' }],
    note: '5.x uses one key, `rpc.protocol`, for both sides.',
  },
  references: [{ repo: 'emqx/emqx', file: 'priv/emqx.schema', release: 'v4.4.19' }],
  check(ctx: RuleContext): Finding[] {
    if (!is44(ctx)) return [];
    const driver = rpcTransport(ctx);
    if (driver.value !== 'ssl' || !driver.entry || !isReportable(driver.entry.setBy)) return [];
    const client = getEntry(ctx, 'rpc.default_client_driver');
    if ((scalarText(client?.value) ?? 'tcp').trim().toLowerCase() === 'ssl') return [];
    const at = client && isReportable(client.setBy) ? client.setBy.valueLocation : driver.entry.setBy.valueLocation;
    return [
      finding(rpc4xClientDriver, ctx, at, messages.clientStaysTcp(), {
        keyPath: 'rpc.default_client_driver',
        related: client ? [{ location: driver.entry.setBy.location, message: messages.rpcServerSet() }] : undefined,
        fixes: [{ title: messages.setRpcDefaultClientDriver(), edits: [setKeyEdit(ctx, ['rpc', 'default_client_driver'], 'ssl', client)], isPreferred: true, safe: true }],
      }),
    ];
  },
};
