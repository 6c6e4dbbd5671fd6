/** The `dist-plaintext` rule: Erlang distribution between nodes runs without TLS. */
import { allowedValues } from '../../emqx/keys';
import { t } from '../../l10n';
import { protoDist } from './distCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { anchorFor, finding, isReportable, judgesAbsence, setKeyEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  erlangDistributionBetween: (value: Arg, tls: Arg) => t('Erlang distribution between nodes is not encrypted (cluster.proto_dist is {0}): database replication and remote calls travel in clear text. Set cluster.proto_dist = {1} and provide etc/ssl_dist.conf with certificates on every node.', value, tls),
  setClusterProtoDist: (tls: Arg) => t('Set cluster.proto_dist = {0} (needs etc/ssl_dist.conf on every node)', tls),
} satisfies RuleMessages;

export const distPlaintext: Rule = {
  id: 'dist-plaintext',
  defaultSeverity: 'warning',
  title: 'Erlang distribution between nodes runs without TLS',
  messages,
  why:
    'Reports `cluster.proto_dist` absent, `inet_tcp` or `inet6_tcp` (the default is `inet_tcp`). ' +
    'Erlang distribution (port 4370+N) carries database replication and node management and can run any code on a peer; in clear text its traffic can be read and the cookie challenge is the only protection.',
  fix: 'Set `cluster.proto_dist = inet_tls` (or `inet6_tls`) and provide `etc/ssl_dist.conf` with `verify_peer` certificates from a private CA on every node (the "Generate Cluster Certificates" command writes one).',
  fixKind: 'unsafe',
  versions: {
    spans: [],
    note: '`inet6_tls` needs 5.3.1 or later.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const { entry, value } = protoDist(ctx);
    if (value !== 'inet_tcp' && value !== 'inet6_tcp') return [];
    if (entry && !isReportable(entry.setBy)) return [];
    if (!entry && !judgesAbsence(ctx)) return [];
    const tls = value === 'inet6_tcp' ? 'inet6_tls' : 'inet_tls';
    const canFix = allowedValues('cluster.proto_dist', ctx.version)?.includes(tls) ?? false;
    return [
      finding(distPlaintext, ctx, entry ? entry.setBy.valueLocation : anchorFor(ctx, 'cluster'), messages.erlangDistributionBetween(value, tls), {
        keyPath: 'cluster.proto_dist',
        fixes: canFix ? [{ title: messages.setClusterProtoDist(tls), edits: [setKeyEdit(ctx, ['cluster', 'proto_dist'], tls, entry)], isPreferred: true }] : undefined,
      }),
    ];
  },
};
