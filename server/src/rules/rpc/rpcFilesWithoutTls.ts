/** The `rpc-files-without-tls` rule: RPC certificate files are set but cluster RPC does not use TLS. */
import { t } from '../../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  setSsl: (arg0: Arg) => t('Set {0} = ssl', arg0),
  ignoredClusterRPC: (arg0: Arg) =>
    t('{0} is ignored: cluster RPC does not use TLS (the transport is tcp), so the certificate files are never read. Set the RPC transport to ssl or remove the file keys.', arg0),
  rpcTransportSet: () => t('The RPC transport is set to tcp here.'),
} satisfies RuleMessages;

export const rpcFilesWithoutTls: Rule = {
  id: 'rpc-files-without-tls',
  defaultSeverity: 'info',
  title: 'RPC certificate files are set but cluster RPC does not use TLS',
  messages,
  why:
    'Reports `rpc.certfile`, `rpc.keyfile` or `rpc.cacertfile` set while `rpc.protocol` (4.4: `rpc.driver`) is `tcp` or absent. ' +
    'The files are only read by the TLS driver, so they are ignored and RPC stays in clear text; the config looks more secure than it is.',
  fix: 'Set `rpc.protocol = ssl` (quick fix), or remove the unused keys.',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '4.4', to: '4.4' }, { from: '5.0' }] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'tcp') return [];
    const file = ['rpc.certfile', 'rpc.keyfile', 'rpc.cacertfile'].map((k) => getEntry(ctx, k)).find((e) => e && isReportable(e.setBy) && isInDocument(ctx, e.setBy));
    if (!file) return [];
    const fixes =
      transport.entry && isInDocument(ctx, transport.entry.setBy)
        ? [{ title: messages.setSsl(transport.entry.path.join('.')), edits: [replaceValueEdit(ctx, transport.entry.setBy, 'ssl')], isPreferred: true }]
        : undefined;
    return [
      finding(rpcFilesWithoutTls, ctx, file.setBy.keyLocation, messages.ignoredClusterRPC(file.path.join('.')), {
        keyPath: file.path.join('.'),
        related: transport.entry && isReportable(transport.entry.setBy) ? [{ location: transport.entry.setBy.valueLocation, message: messages.rpcTransportSet() }] : undefined,
        fixes,
      }),
    ];
  },
};
