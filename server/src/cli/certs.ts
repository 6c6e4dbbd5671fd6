/**
 * `emqx-cluster-security certs`: the same certificate generation as the VS
 * Code command, without prompts. Writes a private cluster CA and, per node, a
 * certificate, a 0600 key and an ssl_dist.conf; optionally switches the
 * config given with --config to TLS (--update-config).
 *
 * Exit codes: 0 written; 1 nothing written because files exist (use --force;
 * an existing CA needs --replace-ca); 2 usage or I/O error. Private keys are
 * never printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { t } from '../l10n';
import { DEFAULT_CA_DAYS, DEFAULT_NODE_DAYS, generateClusterCertificates, isDnsName, isIpAddress, KeyType, nodeNameProblem } from '../certs/generate';
import { planCertificateFiles } from '../certs/layout';
import { ExistingFilesError, UnsafeFolderError, writeCertificateFiles, writeTextFile } from '../certs/write';
import { applyTextEdits, configTlsUpdate, DEFAULT_INSTALL_DIR } from '../certs/configEdit';
import { nodeNamesFromConfig, ownNodeName } from '../certs/nodeNames';
import { loadConfigForCerts } from '../certs/configFile';
import { choice, flag, listOption, parseArgs, stringOption, UsageError, usageFailure } from './args';

const SPECS = [
  { name: 'help', short: 'h' },
  { name: 'out', short: 'o', value: true },
  { name: 'node', short: 'n', value: true, repeat: true },
  { name: 'dns', value: true, repeat: true },
  { name: 'ip', value: true, repeat: true },
  { name: 'ca-days', value: true },
  { name: 'days', value: true },
  { name: 'key-type', value: true },
  { name: 'install-dir', value: true },
  // The name the first design used; kept as a synonym of --install-dir.
  { name: 'ssl-dist-dir', value: true },
  { name: 'force' },
  { name: 'replace-ca' },
  { name: 'config', short: 'c', value: true },
  { name: 'update-config' },
] as const;

export function help(): string {
  return [
    t('Usage: emqx-cluster-security certs [--node NAME]... [options]'),
    '',
    t(
      'Generates a private CA for the cluster and, for each node, a certificate signed by it (serverAuth and clientAuth, the node host in the subjectAltName), its private key and an ssl_dist.conf that verifies peers. No openssl binary is needed.',
    ),
    '',
    t('Files:'),
    `  OUT/ca/ca.pem, OUT/ca/ca.key          ${t('the CA; keep ca.key offline, never copy it to a node')}`,
    `  OUT/NODE/cert.pem, key.pem, cacert.pem ${t('what the node needs; copy the folder to the node')}`,
    `  OUT/NODE/ssl_dist.conf                 ${t('Erlang distribution over TLS with verify_peer')}`,
    t('Private keys are created with mode 0600. Existing files are never replaced without --force, an existing CA never without --replace-ca. Either every file is written or none.'),
    '',
    t('Options:'),
    `  -n, --node NAME        ${t('A node name (name@host); repeat for each node. Default: node.name and cluster.static.seeds of --config')}`,
    `  -o, --out DIR          ${t('Output folder (default: certs next to --config, else ./certs)')}`,
    `  --dns NAME             ${t('An extra DNS name for every node certificate (repeatable), e.g. backplane')}`,
    `  --ip IP                ${t('An extra IP address for every node certificate (repeatable)')}`,
    `  --ca-days N            ${t('CA validity in days (default {0}, five years)', DEFAULT_CA_DAYS)}`,
    `  --days N               ${t('Node certificate validity in days (default {0})', DEFAULT_NODE_DAYS)}`,
    `  --key-type rsa|ec      ${t('RSA 2048 (default) or EC P-256')}`,
    `  --install-dir DIR      ${t("Where the node folder will be on each node (e.g. /etc/emqx/certs/cluster); ssl_dist.conf and --update-config use these paths. Default: {0} with --update-config, else the generated files' paths on this machine", DEFAULT_INSTALL_DIR)}`,
    `  --force                ${t('Replace existing node files (each through a new 0600 temporary file); an existing CA is kept and refused')}`,
    `  --replace-ca           ${t('Also replace an existing CA: nodes that keep certificates of the old CA can no longer connect to nodes with the new one')}`,
    `  -c, --config FILE      ${t('The emqx.conf to read node names from')}`,
    `  --update-config        ${t('Also switch --config to TLS: rpc.protocol = ssl, rpc.certfile/keyfile/cacertfile of its node.name, cluster.proto_dist = inet_tls, and put its ssl_dist.conf beside it')}`,
    `  -h, --help             ${t('Show this help')}`,
    '',
    t('Example:'),
    '  emqx-cluster-security certs --node emqx@node1.example.com --node emqx@node2.example.com \\',
    '    --dns backplane --install-dir /etc/emqx/certs/cluster --out ./certs',
    '',
    t('Exit codes: 0 files written; 1 nothing written because files exist (use --force, or --replace-ca for the CA); 2 usage or I/O error.'),
    '',
  ].join('\n');
}

function days(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 36500) {
    throw new UsageError(t('--{0} must be a whole number of days from 1 to 36500 (got "{1}").', name, value));
  }
  return Number(value);
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, SPECS);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure('certs', err);
    throw err;
  }
  if (flag(parsed, 'help')) {
    process.stdout.write(help());
    return 0;
  }
  try {
    if (parsed.positional.length > 0) throw new UsageError(t('Unexpected argument "{0}"; node names go after --node.', parsed.positional[0]));
    const keyType = choice<KeyType>(parsed, 'key-type', ['rsa', 'ec'], 'rsa');
    const caDays = days(stringOption(parsed, 'ca-days'), 'ca-days', DEFAULT_CA_DAYS);
    const nodeDays = days(stringOption(parsed, 'days'), 'days', DEFAULT_NODE_DAYS);
    const dns = listOption(parsed, 'dns');
    const ips = listOption(parsed, 'ip');
    for (const d of dns) if (!isDnsName(d)) throw new UsageError(t('--dns "{0}" is not a DNS name.', d));
    for (const ip of ips) if (!isIpAddress(ip)) throw new UsageError(t('--ip "{0}" is not an IP address.', ip));
    // A config that is switched to TLS names the files where they will be on the node, never here.
    const installDir = stringOption(parsed, 'install-dir') ?? stringOption(parsed, 'ssl-dist-dir') ?? (flag(parsed, 'update-config') ? DEFAULT_INSTALL_DIR : undefined);
    if (installDir !== undefined && !path.posix.isAbsolute(installDir) && !path.win32.isAbsolute(installDir)) {
      throw new UsageError(t('--install-dir must be an absolute path on the nodes (got "{0}").', installDir));
    }

    const configPath = stringOption(parsed, 'config');
    const updateConfig = flag(parsed, 'update-config');
    if (updateConfig && !configPath) throw new UsageError(t('--update-config needs --config FILE.'));
    let config: ReturnType<typeof loadConfigForCerts> | undefined;
    let configText: string | undefined;
    if (configPath) {
      try {
        configText = fs.readFileSync(configPath, 'utf8');
      } catch (err) {
        process.stderr.write(t('Cannot read {0}: {1}', configPath, (err as NodeJS.ErrnoException).code ?? String(err)) + '\n');
        return 2;
      }
      config = loadConfigForCerts(path.resolve(configPath), configText);
    }

    let nodes = listOption(parsed, 'node');
    if (nodes.length === 0 && config) nodes = nodeNamesFromConfig(config.config);
    if (nodes.length === 0) {
      throw new UsageError(
        configPath ? t('{0} names no node (node.name, cluster.static.seeds); give --node NAME.', configPath) : t('Give at least one --node NAME (or --config FILE to read them from).'),
      );
    }
    for (const n of nodes) {
      const problem = nodeNameProblem(n);
      // The problem texts of nodeNameProblem are English source strings with
      // translations in certs.zh-cn.json.
      if (problem) throw new UsageError(t('Node name "{0}" cannot be used: {1}.', n, t(problem)));
    }
    const out = stringOption(parsed, 'out') ?? (configPath ? path.join(path.dirname(path.resolve(configPath)), 'certs') : 'certs');

    const own = config ? ownNodeName(config.config) : undefined;
    if (updateConfig && (!own || !nodes.includes(own))) {
      throw new UsageError(t('--update-config: node.name of {0} is not among the nodes, so there are no files for it.', configPath ?? ''));
    }
    if (updateConfig && config && config.dialect !== 'hocon') {
      throw new UsageError(t('--update-config supports EMQX 5.x/6.x HOCON configs only; {0} is a 4.x file.', configPath ?? ''));
    }

    const bundle = await generateClusterCertificates({ nodes, dns, ips, caDays, days: nodeDays, keyType });
    const plan = planCertificateFiles(bundle, out, { installDir });
    let result;
    try {
      result = writeCertificateFiles(plan, { overwrite: flag(parsed, 'force'), replaceCa: flag(parsed, 'replace-ca') });
    } catch (err) {
      if (err instanceof ExistingFilesError) {
        const nodeFiles = err.paths.filter((p) => !err.caPaths.includes(p));
        if (nodeFiles.length > 0 && !flag(parsed, 'force')) {
          process.stderr.write(t('Nothing written: these files exist already (use --force to replace them):') + '\n');
          for (const p of nodeFiles) process.stderr.write(`  ${p}\n`);
        }
        if (err.caPaths.length > 0) {
          process.stderr.write(
            t(
              'Nothing written: {0} holds a CA already. A new CA means that nodes which keep certificates of the old one can no longer connect to nodes with the new one, until every node has the new files. To replace it anyway, add --replace-ca:',
              plan.caFolder,
            ) + '\n',
          );
          for (const p of err.caPaths) process.stderr.write(`  ${p}\n`);
        }
        return 1;
      }
      if (err instanceof UnsafeFolderError) {
        process.stderr.write(t('Nothing written: {0} is a symbolic link or not a folder; certificates are only written into real folders inside the output folder.', err.folder) + '\n');
        return 2;
      }
      process.stderr.write(t('Cannot write the certificates: {0}', (err as Error).message) + '\n');
      return 2;
    }

    const lines: string[] = [];
    if (bundle.nodesOutliveCa) {
      process.stderr.write(
        t(
          'Warning: the node certificates are valid after the CA expires ({0}); from that day on peers refuse them. Choose --days shorter than --ca-days.',
          bundle.ca.notAfter.toISOString().slice(0, 10),
        ) + '\n',
      );
    }
    lines.push(t('Cluster CA: {0} (SHA-256 {1}), valid until {2}', path.join(plan.caFolder, 'ca.pem'), bundle.ca.fingerprint256, bundle.ca.notAfter.toISOString().slice(0, 10)));
    lines.push(t('CA private key: {0} (mode 0600). Keep it offline; it is only needed to issue more certificates.', path.join(plan.caFolder, 'ca.key')));
    for (const [i, node] of plan.nodes.entries()) {
      const g = bundle.nodes[i];
      const san = [...g.dnsNames.map((d) => `DNS:${d}`), ...g.ipAddresses.map((ip) => `IP:${ip}`)].join(', ');
      lines.push('');
      lines.push(`${node.nodeName}: ${node.folder}`);
      lines.push(`  ${t('certificate SHA-256 {0}, valid until {1}, subjectAltName {2}', g.fingerprint256, g.notAfter.toISOString().slice(0, 10), san)}`);
      lines.push(`  ${installDir ? t("copy the folder's files to {0} on {1}", installDir, node.nodeName) : t('the configs name these files by their paths on this machine')}`);
    }
    if (result.kept.length > 0) lines.push('', t('Kept your existing {0}.', result.kept.join(', ')));

    if (updateConfig && config && configPath && configText !== undefined && own) {
      const node = plan.nodes.find((n) => n.nodeName === own)!;
      const update = configTlsUpdate({ uri: config.uri, text: configText }, path.resolve(configPath), config.config, node);
      if (update.edits.length > 0) {
        fs.writeFileSync(configPath, applyTextEdits(configText, update.edits));
        lines.push('', t('Updated {0}: rpc.protocol = ssl with the files of {1}, and cluster.proto_dist = inet_tls.', configPath, own));
      } else {
        lines.push('', t('{0} already uses these files with TLS.', configPath));
      }
      // EMQX reads etc/ssl_dist.conf beside emqx.conf: put this node's there, never over another without --force.
      let current: string | undefined;
      try {
        current = fs.readFileSync(update.sslDist.path, 'utf8');
      } catch {
        current = undefined;
      }
      if (current === undefined || (current !== update.sslDist.content && flag(parsed, 'force'))) {
        writeTextFile(update.sslDist.path, update.sslDist.content, { overwrite: current !== undefined });
        lines.push(t('Wrote {0} for {1}, where EMQX reads it (beside the config).', update.sslDist.path, own));
      } else if (current !== update.sslDist.content) {
        lines.push(t('Kept your {0}; the one for {1} is {2} (use --force to put it there).', update.sslDist.path, own, node.sslDistPath));
      }
    }
    lines.push(
      '',
      t(
        "Next: on every node set rpc.protocol = ssl, rpc.certfile/keyfile/cacertfile to its files and cluster.proto_dist = inet_tls, and put its ssl_dist.conf in EMQX's etc folder (or point EMQX_SSL_DIST_OPTFILE at it).",
      ),
    );
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (err) {
    if (err instanceof UsageError) return usageFailure('certs', err);
    if (err instanceof RangeError || err instanceof TypeError) return usageFailure('certs', new UsageError(err.message));
    throw err;
  }
}
