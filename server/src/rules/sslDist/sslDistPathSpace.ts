/** The `ssl-dist-path-space` rule: the distribution TLS options file has a space in its path, which bin/emqx refuses. */
import { SSL_DIST_OPTFILE_ENV } from '../../emqx/env';
import { t } from '../../l10n';
import { isTlsDist, protoDist } from '../dist/distCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isReportable } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (SSL_DIST_OPTFILE_ENV: Arg, value: Arg) =>
    t('{0} ({1}) has a space in its path: bin/emqx refuses to start a node with TLS distribution then. Move the options file to a path without spaces.', SSL_DIST_OPTFILE_ENV, value),
} satisfies RuleMessages;

export const sslDistPathSpace: Rule = {
  id: 'ssl-dist-path-space',
  defaultSeverity: 'error',
  title: 'The ssl_dist.conf path has a space, which bin/emqx refuses',
  messages,
  why:
    "Reports `EMQX_SSL_DIST_OPTFILE` (set in docker-compose, a `.env` file or a Kubernetes manifest) when its path contains a space while `cluster.proto_dist` is `inet_tls` or `inet6_tls`: EMQX 5's bin/emqx aborts the boot when the distribution TLS options file has a space in its path. " +
    'Shown at the variable when its place is known, else at `cluster.proto_dist`.',
  fix: 'Move the options file to a path without spaces and point the variable at it.',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }] },
  references: [{ repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.version.major < 5) return [];
    const optfile = ctx.runtimeEnv?.get(SSL_DIST_OPTFILE_ENV);
    if (!optfile?.value?.includes(' ')) return [];
    const { entry, value } = protoDist(ctx);
    if (!entry || !isTlsDist(value)) return [];
    const at = optfile.location ?? (isReportable(entry.setBy) ? entry.setBy.valueLocation : undefined);
    if (!at) return [];
    return [
      finding(sslDistPathSpace, ctx, at, messages.default(SSL_DIST_OPTFILE_ENV, optfile.value), {
        keyPath: 'cluster.proto_dist',
      }),
    ];
  },
};
