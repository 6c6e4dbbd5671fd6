/** The `dist-tls-without-ssl-dist` rule: Erlang distribution uses TLS but no ssl_dist.conf was found next to the config. */
import { SSL_DIST_OPTFILE_ENV } from '../../emqx/env';
import { t } from '../../l10n';
import { isTlsDist, protoDist, sslDistFile } from './distCommon';
import { GENERATE_CERTIFICATES_COMMAND } from '../rpc/rpcCommon';
import { Finding, Fix, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isReportable } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  generateClusterCertificates: () => t('Generate cluster certificates and ssl_dist.conf…'),
  clusterProtoDistNeeds: (value: Arg, SSL_DIST_OPTFILE_ENV: Arg) => t('cluster.proto_dist = {0} needs the TLS options file ssl_dist.conf, but there is none next to this config: without it nodes cannot connect. Create etc/ssl_dist.conf on every node or set {1}.', value, SSL_DIST_OPTFILE_ENV),
} satisfies RuleMessages;

export const distTlsWithoutSslDist: Rule = {
  id: 'dist-tls-without-ssl-dist',
  defaultSeverity: 'warning',
  title: 'Erlang distribution uses TLS but no ssl_dist.conf was found next to the config',
  messages,
  why:
    'Reports `cluster.proto_dist = inet_tls` (or `inet6_tls`) when there is no `ssl_dist.conf` in the config\'s folder (EMQX reads `$EMQX_ETC_DIR/ssl_dist.conf` unless `EMQX_SSL_DIST_OPTFILE` names another file; 4.4 also has `node.ssl_dist_optfile`). ' +
    'When the node\'s environment (docker-compose, `.env`, Kubernetes) sets `EMQX_SSL_DIST_OPTFILE`, nothing is reported: that file is on the node. ' +
    'Nor is it for a config that lives in a deployment file (an Operator resource\'s `spec.config.data`, a ConfigMap): the node\'s etc folder is in its container, which the file does not show (the official image ships an `ssl_dist.conf`). ' +
    'Without the options file the TLS distribution has no certificates and nodes cannot connect. ' +
    'Only checked in trusted workspaces, where the checker may look at files.',
  fix: 'Create `etc/ssl_dist.conf` (the "Generate Cluster Certificates" command, offered as the quick fix, writes one per node with `verify_peer`), or point `EMQX_SSL_DIST_OPTFILE` at it on every node.',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || !ctx.trusted) return [];
    const { entry, value } = protoDist(ctx);
    if (!entry || !isReportable(entry.setBy) || !isTlsDist(value)) return [];
    // Undefined when EMQX_SSL_DIST_OPTFILE names the file bin/emqx passes instead of etc/ssl_dist.conf:
    // it lives on the node (often a mounted secret), so whether it exists cannot be told from here.
    const file = sslDistFile(ctx);
    if (!file || ctx.reader.exists(file.path)) return [];
    // No text edit can supply certificates: the fix runs the certificate command, which writes
    // a private CA, the node certificates and an ssl_dist.conf for every node.
    const generate: Fix = {
      title: messages.generateClusterCertificates(),
      edits: [],
      command: { id: GENERATE_CERTIFICATES_COMMAND, arguments: [ctx.document.uri] },
    };
    return [
      finding(distTlsWithoutSslDist, ctx, entry.setBy.valueLocation, messages.clusterProtoDistNeeds(value, SSL_DIST_OPTFILE_ENV), {
        keyPath: 'cluster.proto_dist',
        fixes: [generate],
      }),
    ];
  },
};
