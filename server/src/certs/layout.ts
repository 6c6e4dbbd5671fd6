/**
 * Where the generated files go and what they contain, as data (no I/O).
 *
 *   <out>/ca/ca.pem            the cluster CA certificate
 *   <out>/ca/ca.key            the CA private key (0600): keep it offline, never copy it to a node
 *   <out>/<node>/cacert.pem    a copy of the CA certificate, what nodes trust
 *   <out>/<node>/cert.pem      the node certificate
 *   <out>/<node>/key.pem       the node private key (0600)
 *   <out>/<node>/ssl_dist.conf Erlang distribution TLS options for this node
 *   <out>/.gitignore           keeps the private keys out of git (written only when absent)
 *
 * A node folder holds exactly what one node needs and is meant to be copied
 * as a whole to the node (e.g. to /etc/emqx/certs/cluster). The CA key lives in its
 * own folder that no config ever points to, so copying a node folder can never
 * carry the CA key along.
 */
import * as path from 'path';
import { GeneratedBundle, GeneratedNode } from './generate';

export interface PlannedFile {
  /** Absolute path on this machine. */
  readonly path: string;
  readonly content: string;
  /** A private key: created 0600 before any byte is written, never shown. */
  readonly secret: boolean;
  /** Written only when absent; never a reason to refuse (the .gitignore). */
  readonly optional?: boolean;
  /** The CA certificate or key: replacing it needs its own confirmation (write.ts `replaceCa`). */
  readonly ca?: boolean;
}

/** The paths a node's configuration names (where the node will read its files). */
export interface NodeTlsPaths {
  readonly certfile: string;
  readonly keyfile: string;
  readonly cacertfile: string;
}

export interface CertificatePlan {
  /** The output folder (absolute): every file is below it. */
  readonly root: string;
  readonly files: readonly PlannedFile[];
  readonly caFolder: string;
  readonly nodes: ReadonlyArray<{
    readonly nodeName: string;
    readonly folder: string;
    /** The paths written into ssl_dist.conf and offered for emqx.conf. */
    readonly configPaths: NodeTlsPaths;
    readonly sslDistPath: string;
    /** The text of that ssl_dist.conf. */
    readonly sslDist: string;
  }>;
}

export interface PlanOptions {
  /**
   * Where each node's folder will live on the node itself (e.g.
   * `/etc/emqx/certs/cluster`). The configs then name `<installDir>/cert.pem` etc.;
   * without it they name the absolute local paths of the generated files.
   */
  readonly installDir?: string;
}

/** Joins a server path with the separator style the server path already uses. */
function joinServerPath(dir: string, file: string): string {
  if (/^[A-Za-z]:\\|^\\\\/.test(dir)) return path.win32.join(dir, file);
  return path.posix.join(dir, file);
}

export function nodeConfigPaths(node: GeneratedNode, localFolder: string, options: PlanOptions): NodeTlsPaths {
  const at = (file: string) => (options.installDir ? joinServerPath(options.installDir, file) : path.join(localFolder, file));
  return { certfile: at('cert.pem'), keyfile: at('key.pem'), cacertfile: at('cacert.pem') };
}

export function planCertificateFiles(bundle: GeneratedBundle, outDir: string, options: PlanOptions = {}): CertificatePlan {
  const out = path.resolve(outDir);
  const caFolder = path.join(out, 'ca');
  const files: PlannedFile[] = [
    { path: path.join(caFolder, 'ca.pem'), content: bundle.ca.certificatePem, secret: false, ca: true },
    { path: path.join(caFolder, 'ca.key'), content: bundle.ca.privateKeyPem, secret: true, ca: true },
  ];
  const nodes: CertificatePlan['nodes'][number][] = [];
  for (const node of bundle.nodes) {
    const folder = path.join(out, node.folderName);
    const configPaths = nodeConfigPaths(node, folder, options);
    const sslDistPath = path.join(folder, 'ssl_dist.conf');
    const sslDist = renderSslDistConf(node.nodeName, configPaths);
    files.push(
      { path: path.join(folder, 'cacert.pem'), content: bundle.ca.certificatePem, secret: false },
      { path: path.join(folder, 'cert.pem'), content: node.certificatePem, secret: false },
      { path: path.join(folder, 'key.pem'), content: node.privateKeyPem, secret: true },
      { path: sslDistPath, content: sslDist, secret: false },
    );
    nodes.push({ nodeName: node.nodeName, folder, configPaths, sslDistPath, sslDist });
  }
  files.push({
    path: path.join(out, '.gitignore'),
    content: '# Private keys of the EMQX cluster certificates: never commit them.\n*.key\nkey.pem\n',
    secret: false,
    optional: true,
  });
  return { root: out, files, caFolder, nodes };
}

/** An Erlang string literal. */
export function erlangString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/**
 * ssl_dist.conf for one node: both sides present the node certificate and
 * verify the peer against the cluster CA; the server refuses a peer without
 * a certificate. (EMQX ships `verify_none` on both sides, which encrypts but
 * lets anyone who can reach the port join.)
 */
export function renderSslDistConf(nodeName: string, p: NodeTlsPaths): string {
  const files = [`{certfile, ${erlangString(p.certfile)}}`, `{keyfile, ${erlangString(p.keyfile)}}`, `{cacertfile, ${erlangString(p.cacertfile)}}`];
  return [
    `%% Erlang distribution over TLS for ${nodeName} (cluster.proto_dist = inet_tls).`,
    '%% Generated by EMQX Cluster Security. Both sides verify the peer against the',
    '%% cluster CA, and the server refuses peers that present no certificate.',
    '%% EMQX reads this file from $EMQX_ETC_DIR/ssl_dist.conf, or from the path in',
    '%% the EMQX_SSL_DIST_OPTFILE environment variable.',
    '[{server,',
    '  [' + [...files, '{verify, verify_peer}', '{fail_if_no_peer_cert, true}'].join(',\n   '),
    '  ]},',
    ' {client,',
    '  [' + [...files, '{verify, verify_peer}'].join(',\n   '),
    '  ]}].',
    '',
  ].join('\n');
}
