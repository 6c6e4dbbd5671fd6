/** The `rpc-insecure-fallback` rule: Cluster RPC accepts the legacy handshake that sends the cookie. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { anchorFor, booleanValue, deleteAssignmentEdit, finding, getEntry, isInDocument, isReportable, judgesAbsence, setKeyEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  rpcInsecureFallbackHas: () => t('rpc.insecure_fallback has no effect from EMQX 6.3: the legacy handshake is gone. The key can be deleted.'),
  deleteRpcInsecureFallback: () => t('Delete rpc.insecure_fallback'),
  rpcInsecureFallbackDefault: () =>
    t(
      'rpc.insecure_fallback is on (the default): nodes still accept the legacy RPC handshake, which sends the cookie itself (inside TLS here). Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
    ),
  rpcInsecureFallbackDefaultRPC: () =>
    t(
      'rpc.insecure_fallback is on (the default) and RPC is not encrypted: a failed handshake is retried with the legacy one, which sends the Erlang cookie in clear text. Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
    ),
  rpcInsecureFallbackSet: () =>
    t('rpc.insecure_fallback is on: nodes still accept the legacy RPC handshake, which sends the cookie itself (inside TLS here). Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.'),
  rpcInsecureFallbackSetRPC: () =>
    t(
      'rpc.insecure_fallback is on and RPC is not encrypted: a failed handshake is retried with the legacy one, which sends the Erlang cookie in clear text. Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
    ),
  setRpcInsecureFallback: () => t('Set rpc.insecure_fallback = false'),
} satisfies RuleMessages;

export const rpcInsecureFallback: Rule = {
  id: 'rpc-insecure-fallback',
  defaultSeverity: 'warning',
  title: 'Cluster RPC accepts the legacy handshake that sends the cookie',
  messages,
  why:
    'Reports `rpc.insecure_fallback` absent or `true` (the default). ' +
    'With it, a gen_rpc client whose secure challenge/response fails retries with the pre-3.0 handshake, which sends the Erlang cookie itself, and servers accept that handshake. ' +
    'Over `rpc.protocol = tcp` the cookie then crosses the network in clear text (warning); over TLS it is still a downgrade path (info). ' +
    'It exists only for rolling upgrades from nodes older than EMQX 5.0.10 / 4.4.12.',
  fix: 'Set `rpc.insecure_fallback = false` once every node runs 5.0.10+ (or 4.4.12+).',
  fixKind: 'safe',
  versions: {
    spans: [
      { from: '4.4.12', to: '4.4.x' },
      { from: '5.0.10', to: '6.2' },
    ],
    note: 'From 6.3 the key is ignored (the fallback is gone); a hint says so if the key is still set.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_auth.erl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const entry = getEntry(ctx, 'rpc.insecure_fallback');
    if (entry && !isReportable(entry.setBy)) return [];
    const supported = ctx.version.major >= 5 ? atLeast(ctx.version, '5.0.10') : atLeast(ctx.version, '4.4.12');
    if (atLeast(ctx.version, '6.3')) {
      if (!entry || !isInDocument(ctx, entry.setBy)) return [];
      return [
        finding(rpcInsecureFallback, ctx, entry.setBy.keyLocation, messages.rpcInsecureFallbackHas(), {
          severity: 'hint',
          keyPath: 'rpc.insecure_fallback',
          fixes: [{ title: messages.deleteRpcInsecureFallback(), edits: [deleteAssignmentEdit(ctx, entry.setBy)], isPreferred: true, safe: true }],
        }),
      ];
    }
    if (!supported) return [];
    if (entry && booleanValue(entry.value) === false) return [];
    if (!entry && !judgesAbsence(ctx)) return [];
    const tls = rpcTransport(ctx).value === 'ssl';
    // "(the default)" only when no line sets the key: an explicit `true` is the user's own choice.
    const message = entry ? (tls ? messages.rpcInsecureFallbackSet() : messages.rpcInsecureFallbackSetRPC()) : tls ? messages.rpcInsecureFallbackDefault() : messages.rpcInsecureFallbackDefaultRPC();
    return [
      finding(rpcInsecureFallback, ctx, entry ? entry.setBy.valueLocation : anchorFor(ctx, 'rpc'), message, {
        severity: tls ? 'info' : 'warning',
        keyPath: 'rpc.insecure_fallback',
        fixes: [{ title: messages.setRpcInsecureFallback(), edits: [setKeyEdit(ctx, ['rpc', 'insecure_fallback'], 'false', entry)], isPreferred: true }],
      }),
    ];
  },
};
