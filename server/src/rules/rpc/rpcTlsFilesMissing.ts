/** The `rpc-tls-files-missing` rule: Cluster RPC uses TLS but a certificate, key or CA file is not set. */
import { t } from '../../l10n';
import { generateCertificatesFix, missingRpcFiles, RPC_FILE_PLACEHOLDERS, rpcTransport } from './rpcCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, insertKeysEdit, isReportable, valueText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  clusterRPCSet: (arg0: Arg) =>
    t('Cluster RPC is set to TLS but {0} is not set: gen_rpc always uses mutual TLS, so nodes cannot connect to each other. Set rpc.certfile, rpc.keyfile and rpc.cacertfile.', arg0),
  clusterRPCSetTLS: (arg0: Arg) =>
    t('Cluster RPC is set to TLS but {0} are not set: gen_rpc always uses mutual TLS, so nodes cannot connect to each other. Set rpc.certfile, rpc.keyfile and rpc.cacertfile.', arg0),
  addMissingRPC: () => t('Add the missing RPC certificate keys with placeholder paths'),
} satisfies RuleMessages;

export const rpcTlsFilesMissing: Rule = {
  id: 'rpc-tls-files-missing',
  defaultSeverity: 'error',
  title: 'Cluster RPC uses TLS but a certificate, key or CA file is not set',
  messages,
  why:
    'Reports `rpc.protocol = ssl` (4.4: `rpc.driver = ssl`) when any of `rpc.certfile`, `rpc.keyfile`, `rpc.cacertfile` is missing. ' +
    'gen_rpc always runs mutual TLS with `verify_peer` and requires a client certificate; without all three files the RPC listener cannot accept and clients cannot connect, so the nodes cannot work together.',
  fix: 'Add the three keys (the quick fix adds placeholder paths to replace) or run "Generate Cluster Certificates".',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '4.4', to: '4.4' }, { from: '5.0' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'src/driver/gen_rpc_driver_ssl.erl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'ssl' || !transport.entry || !isReportable(transport.entry.setBy)) return [];
    const missing = missingRpcFiles(ctx);
    if (missing.length === 0) return [];
    return [
      finding(
        rpcTlsFilesMissing,
        ctx,
        transport.entry.setBy.valueLocation,
        missing.length === 1 ? messages.clusterRPCSet(`rpc.${missing[0]}`) : messages.clusterRPCSetTLS(missing.map((k) => `rpc.${k}`).join(', ')),
        {
          keyPath: transport.entry.path.join('.'),
          fixes: [
            {
              title: messages.addMissingRPC(),
              edits: [
                insertKeysEdit(
                  ctx,
                  missing.map((k) => ({ path: ['rpc', k], value: valueText(ctx, RPC_FILE_PLACEHOLDERS[k]) })),
                ),
              ],
              isPreferred: true,
            },
            generateCertificatesFix(ctx),
          ],
        },
      ),
    ];
  },
};
