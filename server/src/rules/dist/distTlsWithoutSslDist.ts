/** The `dist-tls-without-ssl-dist` rule: Erlang distribution uses TLS without an ssl_dist.conf of the node's own. */
import { IMAGE_SSL_DIST_CONF } from '../../emqx/container';
import { SSL_DIST_OPTFILE_ENV } from '../../emqx/env';
import { baseName, dirnameOf, sameFile } from '../../model/paths';
import { t } from '../../l10n';
import { isTlsDist, protoDist, sslDistFile } from './distCommon';
import { GENERATE_CERTIFICATES_COMMAND } from '../rpc/rpcCommon';
import { Finding, Fix, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isReportable } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  generateClusterCertificates: () => t('Generate cluster certificates and ssl_dist.conf…'),
  clusterProtoDistNeeds: (value: Arg, SSL_DIST_OPTFILE_ENV: Arg) => t('cluster.proto_dist = {0} needs the TLS options file ssl_dist.conf, but there is none next to this config: without it nodes cannot connect. Create etc/ssl_dist.conf on every node or set {1}.', value, SSL_DIST_OPTFILE_ENV),
  mountedFileMissing: (value: Arg, containerPath: Arg, hostFile: Arg) =>
    t('cluster.proto_dist = {0} makes the node read {1}, which the deployment mounts from {2}, but that file does not exist: without it nodes cannot connect. Create it on every node (with verify_peer and certificates from a private CA).', value, containerPath, hostFile),
  imageDefault: (value: Arg, containerPath: Arg) =>
    t(
      "cluster.proto_dist = {0}, but no ssl_dist.conf of the node's own is mounted at {1}: the node uses the one its image ships, with EMQX's demo certificates (their private key is public) and verify_none, so TLS authenticates no node and only the cookie protects distribution. Mount an ssl_dist.conf with verify_peer and certificates from a private CA at {1}.",
      value,
      containerPath,
    ),
} satisfies RuleMessages;

export const distTlsWithoutSslDist: Rule = {
  id: 'dist-tls-without-ssl-dist',
  defaultSeverity: 'warning',
  title: "Erlang distribution uses TLS without an ssl_dist.conf of the node's own",
  messages,
  why:
    'Reports `cluster.proto_dist = inet_tls` (or `inet6_tls`) when the node has no `ssl_dist.conf` of its own. EMQX reads `$EMQX_ETC_DIR/ssl_dist.conf` unless `EMQX_SSL_DIST_OPTFILE` names another file (4.4 also has `node.ssl_dist_optfile`). ' +
    'For a config on disk, that is the `ssl_dist.conf` in the config\'s folder; without it the TLS distribution has no certificates and nodes cannot connect. ' +
    'When the node\'s environment (docker-compose, `.env`, Kubernetes) sets `EMQX_SSL_DIST_OPTFILE`, that file is on the node and nothing is reported. ' +
    'For a node that a docker-compose file, a Kubernetes manifest or an EMQX Operator resource runs in a container, the file is looked up inside the container, never beside the config on this machine: a host file mounted at `/opt/emqx/etc/ssl_dist.conf` (under any host name), or the one in a folder mounted over `/opt/emqx/etc`, is the node\'s, and is reported when it does not exist; a key of a ConfigMap in the same manifest mounted there (by `subPath`, or in a folder, through `items` when given) is the node\'s file, and the ssl_dist.conf rules check it at the manifest\'s lines. ' +
    'With nothing mounted there, an official EMQX image uses the `ssl_dist.conf` it ships, which points at the demo certificates in `etc/certs` (their private key is public) with `verify_none` on both sides: that is reported on the `cluster.proto_dist` setting, since TLS then authenticates no node. ' +
    'A path inside the container whose content is not shown (a named volume, a Secret, a ConfigMap that is not in the file, a chart template or Helm values whose mounts the chart decides, a pod taking variables from a Secret or ConfigMap that is not in the file, which may set `EMQX_SSL_DIST_OPTFILE`, an image that is not EMQX\'s) is not judged. ' +
    'Only checked in trusted workspaces, where the checker may look at files.',
  fix: 'Create `etc/ssl_dist.conf` (the "Generate Cluster Certificates" command, offered as the quick fix, writes one per node with `verify_peer`), or point `EMQX_SSL_DIST_OPTFILE` at it on every node. In a container, mount it at `/opt/emqx/etc/ssl_dist.conf` (for example `./tls/ssl_dist.conf:/opt/emqx/etc/ssl_dist.conf` in docker-compose, or a ConfigMap or Secret key with `subPath: ssl_dist.conf` in Kubernetes), with the certificates it names.',
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
    const file = sslDistFile(ctx);
    if (!file) return [];
    const at = entry.setBy.valueLocation;
    if (file.kind === 'image') {
      // The image's own file is complete and readable: nodes connect, but over TLS that checks no one.
      return [finding(distTlsWithoutSslDist, ctx, at, messages.imageDefault(value, IMAGE_SSL_DIST_CONF), { keyPath: 'cluster.proto_dist' })];
    }
    // A ConfigMap key mounted there is the node's file: the ssl_dist.conf rules read it.
    if (file.kind === 'embedded' || !file.absenceKnown || ctx.reader.exists(file.path)) return [];
    if (file.mountedAt && !sameFile(dirnameOf(file.id), dirnameOf(ctx.document.uri))) {
      return [finding(distTlsWithoutSslDist, ctx, at, messages.mountedFileMissing(value, file.mountedAt, baseName(file.id)), { keyPath: 'cluster.proto_dist' })];
    }
    // No text edit can supply certificates: the fix runs the certificate command, which writes
    // a private CA, the node certificates and an ssl_dist.conf for every node.
    const generate: Fix = {
      title: messages.generateClusterCertificates(),
      edits: [],
      command: { id: GENERATE_CERTIFICATES_COMMAND, arguments: [ctx.document.uri] },
    };
    return [
      finding(distTlsWithoutSslDist, ctx, at, messages.clusterProtoDistNeeds(value, SSL_DIST_OPTFILE_ENV), {
        keyPath: 'cluster.proto_dist',
        fixes: [generate],
      }),
    ];
  },
};
