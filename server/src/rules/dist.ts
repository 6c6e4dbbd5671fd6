/** Erlang distribution: `cluster.proto_dist` and the `ssl_dist.conf` it needs. */
import { SSL_DIST_OPTFILE_ENV } from '../emqx/env';
import { allowedValues } from '../emqx/keys';
import { t } from '../l10n';
import { ConfigEntry } from '../model/types';
import { Finding, Rule, RuleContext } from './types';
import { anchorFor, didYouMean, dirname, finding, getEntry, isInDocument, isReportable, joinPath, linesOf, replaceValueEdit, scalarText, setKeyEdit, uriToPath, judgesAbsence } from './util';

function protoDist(ctx: RuleContext): { entry: ConfigEntry | undefined; value: string } {
  const entry = getEntry(ctx, 'cluster.proto_dist');
  return { entry, value: (scalarText(entry?.value) ?? 'inet_tcp').trim() };
}

export const distPlaintext: Rule = {
  id: 'dist-plaintext',
  defaultSeverity: 'warning',
  title: 'Erlang distribution between nodes runs without TLS',
  docs:
    'Reports `cluster.proto_dist` absent, `inet_tcp` or `inet6_tcp` (the default is `inet_tcp`). Erlang distribution (port 4370+N) carries database replication and node management and can run any code on a peer; in clear text its traffic can be read and the cookie challenge is the only protection. ' +
    'Fix: set `cluster.proto_dist = inet_tls` (or `inet6_tls`) and provide `etc/ssl_dist.conf` with `verify_peer` certificates from a private CA on every node (the "Generate Cluster Certificates" command writes one). ' +
    'Versions: all; `inet6_tls` needs 5.3.1 or later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const { entry, value } = protoDist(ctx);
    if (value !== 'inet_tcp' && value !== 'inet6_tcp') return [];
    if (entry && !isReportable(entry.setBy)) return [];
    if (!entry && !judgesAbsence(ctx)) return [];
    const tls = value === 'inet6_tcp' ? 'inet6_tls' : 'inet_tls';
    const canFix = allowedValues('cluster.proto_dist', ctx.version)?.includes(tls) ?? false;
    return [
      finding(distPlaintext, ctx, entry ? entry.setBy.valueLocation : anchorFor(ctx, 'cluster'), t('Erlang distribution between nodes is not encrypted (cluster.proto_dist is {0}): database replication and remote calls travel in clear text. Set cluster.proto_dist = {1} and provide etc/ssl_dist.conf with certificates on every node.', value, tls), {
        keyPath: 'cluster.proto_dist',
        fixes: canFix ? [{ title: t('Set cluster.proto_dist = {0} (needs etc/ssl_dist.conf on every node)', tls), edits: [setKeyEdit(ctx, ['cluster', 'proto_dist'], tls, entry)], isPreferred: true }] : undefined,
      }),
    ];
  },
};

export const distInvalidProto: Rule = {
  id: 'dist-invalid-proto',
  defaultSeverity: 'error',
  title: 'cluster.proto_dist is not a transport this EMQX version knows',
  docs:
    'Reports a `cluster.proto_dist` value outside the enum of the target version: `inet_tcp`, `inet6_tcp`, `inet_tls`, and from 5.3.1 `inet6_tls` (4.x and 5.0–5.3.0 have no `inet6_tls`). EMQX refuses the config and the node does not start. ' +
    'Fix: correct the value; a typo such as `inet_tsl` gets a did-you-mean quick fix. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const { entry, value } = protoDist(ctx);
    const allowed = allowedValues('cluster.proto_dist', ctx.version) ?? [];
    if (!entry || !isReportable(entry.setBy) || allowed.includes(value)) return [];
    const suggestion = didYouMean(value, allowed);
    const version = `${ctx.version.major}.${ctx.version.minor}`;
    const message = suggestion
      ? t('EMQX {0} refuses to start: cluster.proto_dist = {1} is not one of {2}. Did you mean {3}?', version, value, allowed.join(', '), suggestion)
      : t('EMQX {0} refuses to start: cluster.proto_dist = {1} is not one of {2}.', version, value, allowed.join(', '));
    const fixes = suggestion && isInDocument(ctx, entry.setBy) ? [{ title: t('Change to {0}', suggestion), edits: [replaceValueEdit(ctx, entry.setBy, suggestion)], isPreferred: true, safe: true }] : undefined;
    return [finding(distInvalidProto, ctx, entry.setBy.valueLocation, message, { keyPath: 'cluster.proto_dist', fixes })];
  },
};

export const distTlsWithoutSslDist: Rule = {
  id: 'dist-tls-without-ssl-dist',
  defaultSeverity: 'warning',
  title: 'Erlang distribution uses TLS but no ssl_dist.conf was found next to the config',
  docs:
    'Reports `cluster.proto_dist = inet_tls` (or `inet6_tls`) when there is no `ssl_dist.conf` in the config\'s folder (EMQX reads `$EMQX_ETC_DIR/ssl_dist.conf` unless `EMQX_SSL_DIST_OPTFILE` names another file; 4.4 also has `node.ssl_dist_optfile`). Without the options file the TLS distribution has no certificates and nodes cannot connect. ' +
    'Only checked in trusted workspaces, where the checker may look at files. ' +
    'Fix: create `etc/ssl_dist.conf` (the "Generate Cluster Certificates" command writes one with `verify_peer`), or point `EMQX_SSL_DIST_OPTFILE` at it on every node. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || !ctx.trusted) return [];
    const { entry, value } = protoDist(ctx);
    if (!entry || !isReportable(entry.setBy) || (value !== 'inet_tls' && value !== 'inet6_tls')) return [];
    const docPath = uriToPath(ctx.document.uri);
    if (!docPath) return [];
    const optfile = ctx.version.major < 5 ? scalarText(getEntry(ctx, 'node.ssl_dist_optfile')?.value) : undefined;
    let candidate = joinPath(dirname(docPath), 'ssl_dist.conf');
    if (optfile && !optfile.includes('{{') && !optfile.includes('${')) candidate = optfile.startsWith('/') ? optfile : joinPath(dirname(docPath), optfile);
    if (ctx.reader.exists(candidate)) return [];
    return [
      finding(distTlsWithoutSslDist, ctx, entry.setBy.valueLocation, t('cluster.proto_dist = {0} needs the TLS options file ssl_dist.conf, but there is none next to this config: without it nodes cannot connect. Create etc/ssl_dist.conf on every node or set {1}.', value, SSL_DIST_OPTFILE_ENV), {
        keyPath: 'cluster.proto_dist',
      }),
    ];
  },
};

export const dist4xEqualsSpace: Rule = {
  id: 'dist-4x-equals-space',
  defaultSeverity: 'error',
  title: 'EMQX 4.x: cluster.proto_dist needs a space after "="',
  docs:
    'Reports `cluster.proto_dist=inet_tls` written without a blank after `=` in a 4.x file. The 4.x `bin/emqx` does not ask cuttlefish for this key: it greps `etc/emqx.conf` and splits the line on "= " (equals and a space), so without the space it gets a garbage module name and distribution cannot start. ' +
    'Fix: write `cluster.proto_dist = inet_tls` (a safe quick fix). ' +
    'Versions: 4.x. Found by reading `bin/emqx`, not by running it.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    const entry = getEntry(ctx, 'cluster.proto_dist');
    if (!entry || !isInDocument(ctx, entry.setBy)) return [];
    const v = entry.setBy.valueLocation.range.start;
    const line = linesOf(ctx).lines[v.line] ?? '';
    const eq = line.lastIndexOf('=', v.character - 1);
    if (eq < 0 || line[eq + 1] === ' ') return [];
    return [
      finding(dist4xEqualsSpace, ctx, entry.setBy.location, t('EMQX 4.x bin/emqx reads cluster.proto_dist by splitting the line on "= ", so without a space after "=" the node cannot start distribution. Write cluster.proto_dist = {0}.', scalarText(entry.value) ?? ''), {
        keyPath: 'cluster.proto_dist',
        fixes: [
          {
            title: t('Write "cluster.proto_dist = …" with spaces'),
            edits: [{ uri: ctx.document.uri, range: { start: { line: v.line, character: eq }, end: v }, newText: '= ' }],
            isPreferred: true,
            safe: true,
          },
        ],
      }),
    ];
  },
};
