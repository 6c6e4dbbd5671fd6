/** The `rpc-plaintext` rule: Cluster RPC (gen_rpc) runs without TLS. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { enableRpcTlsEdits, generateCertificatesFix, rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { anchorFor, finding, isReportable, judgesAbsence } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  plaintext5x: () =>
    t(
      'Cluster RPC is not encrypted (rpc.protocol is tcp, the default): messages, sessions and configuration travel between nodes in clear text. Set rpc.protocol = ssl with certfile, keyfile and cacertfile from a private CA.',
    ),
  plaintext44: () =>
    t(
      'Cluster RPC is not encrypted (rpc.driver is tcp, the default): messages and sessions travel between nodes in clear text. Set rpc.driver = ssl and rpc.default_client_driver = ssl with certfile, keyfile and cacertfile from a private CA.',
    ),
  enableTls5x: () => t('Enable TLS for cluster RPC (rpc.protocol = ssl, with placeholder certificate paths)'),
  enableTls44: () => t('Enable TLS for cluster RPC (rpc.driver and rpc.default_client_driver = ssl, with placeholder certificate paths)'),
} satisfies RuleMessages;

export const rpcPlaintext: Rule = {
  id: 'rpc-plaintext',
  defaultSeverity: 'warning',
  title: 'Cluster RPC (gen_rpc) runs without TLS',
  messages,
  why:
    'Reports a config where cluster RPC uses plain TCP: `rpc.protocol` (alias `rpc.driver`; in 4.4 `rpc.driver`) is absent or `tcp`, which is the default. ' +
    'Cluster RPC carries messages, sessions, retained data and configuration between nodes on port 5370+N (5369 in Docker); without TLS anyone on the network path can read or alter it, and with `rpc.insecure_fallback` on, the cookie itself can cross the wire.',
  fix: 'Set `rpc.protocol = ssl` with `rpc.certfile`, `rpc.keyfile` and `rpc.cacertfile` from a private CA (the quick fix adds the keys with placeholder paths; the "Generate Cluster Certificates" command makes the files).',
  fixKind: 'unsafe',
  versions: {
    spans: [{ from: '4.4', to: '4.4' }, { from: '5.0' }],
    note: 'On 4.4 the keys are `rpc.driver` and `rpc.default_client_driver`. EMQX 4.3 and older cannot encrypt cluster RPC.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'src/driver/gen_rpc_driver_ssl.erl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || !atLeast(ctx.version, '4.4')) return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'tcp') return [];
    if (transport.entry && !isReportable(transport.entry.setBy)) return [];
    if (!transport.entry && !judgesAbsence(ctx)) return [];
    const location = transport.entry ? transport.entry.setBy.valueLocation : anchorFor(ctx, 'rpc');
    return [
      finding(rpcPlaintext, ctx, location, ctx.version.major >= 5 ? messages.plaintext5x() : messages.plaintext44(), {
        keyPath: ctx.version.major >= 5 ? 'rpc.protocol' : 'rpc.driver',
        fixes: [
          {
            title: ctx.version.major >= 5 ? messages.enableTls5x() : messages.enableTls44(),
            edits: enableRpcTlsEdits(ctx),
            isPreferred: true,
          },
          generateCertificatesFix(ctx),
        ],
      }),
    ];
  },
};
