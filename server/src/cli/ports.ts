/**
 * `emqx-cluster-security ports NODE_NAME...`: the Erlang distribution and
 * cluster RPC ports of each node (from the node name, like ekka and gen_rpc
 * compute them) and the firewall openings the nodes need between them.
 * Exit codes: 0 ok, 1 two nodes on one host need the same port or a name EMQX
 * would refuse, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isIP } from 'net';
import { isDeploymentCandidateName, readDeployment } from '../deploy/read';
import { yamlSyntaxMessages } from '../deploy/rules';
import { MAX_YAML_BYTES, YamlProblem } from '../deploy/yaml';
import { collectFiles } from './files';
import { CLI_MAX_READ_BYTES, nodeFileReader } from '../nodeReader';
import { t } from '../l10n';
import { RPC_DEFAULT_SERVER_PORT } from '../emqx/ports';
import { PortPlan, portPlan } from '../cluster/portPlan';
import { choice, flag, parseArgs, stringOption, UsageError, usageFailure } from './args';
import { HelmRelease } from '../deploy/helmChart';
import { DeployNode } from '../deploy/model';

const SPECS = [
  { name: 'help', short: 'h' },
  { name: 'docker' },
  { name: 'port-discovery', value: true },
  { name: 'server-port', value: true },
  { name: 'format', value: true },
  { name: 'release', value: true },
  { name: 'namespace', value: true },
] as const;

/** Helm's own checks of a release name (at most 53 characters) and Kubernetes' of a namespace. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function help(): string {
  return [
    t('Usage: emqx-cluster-security ports NODE_NAME... [options]'),
    '',
    t('Prints, for each node name (name@host), the port offset, the Erlang distribution port and the cluster RPC port, and the firewall openings the nodes need between each other.'),
    t('The offset is the number at the end of the part before @ (emqx1@host → 1), modulo 60000.'),
    t('A docker-compose file, Kubernetes manifest, Helm values file or EMQX Operator resource in place of names gives its nodes, with the RPC port discovery their image and variables choose.'),
    t('A folder gives the nodes of the deployment files in it.'),
    '',
    t('Options:'),
    `  --docker                 ${t('The nodes run the official Docker image (RPC port discovery is manual: every node uses rpc.server_port, 5369)')}`,
    `  --port-discovery MODE    ${t('stateless (default outside Docker: RPC on 5370 + offset) or manual (RPC on --server-port)')}`,
    `  --server-port N          ${t('rpc.server_port for manual discovery (default 5369)')}`,
    `  --release NAME           ${t('The Helm release a values file is installed as (helm install NAME): its nodes are named as the chart names them (charts of EMQX 4.4.12 and later)')}`,
    `  --namespace NS           ${t('The namespace of that release (default: default)')}`,
    `  --format text|json       ${t('Output format (default text)')}`,
    `  -h, --help               ${t('Show this help')}`,
    '',
    t('Exit codes: 0 ok; 1 two nodes on one host need the same port, or a node name EMQX refuses; 2 usage error.'),
    '',
  ].join('\n');
}

function portList(ports: readonly number[]): string {
  return ports.length === 1 ? String(ports[0]) : `${ports.slice(0, -1).join(', ')} ${t('and')} ${ports[ports.length - 1]}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

export function formatPortsText(plan: PortPlan): string {
  const out: string[] = [];
  out.push(
    ...table([
      [t('node'), t('offset'), t('distribution'), t('RPC')],
      ...plan.nodes.map((n) => [n.name, String(n.offset), n.distPort === 'random' ? t('random (remote console)') : String(n.distPort), n.rpcPort === undefined ? '-' : String(n.rpcPort)]),
    ]),
  );
  out.push('');
  out.push(
    plan.discovery === 'manual'
      ? t('RPC port discovery: manual (every node listens on rpc.server_port = {0}; the official Docker image forces this unless EMQX_RPC__PORT_DISCOVERY is set).', plan.serverPort)
      : t('RPC port discovery: stateless (5370 + offset; the default outside Docker).'),
  );
  out.push(t('Erlang distribution: 4370 + offset (EMQX does not use EPMD, so port 4369 stays closed).'));
  for (const n of plan.nodes) {
    if (n.nameProblem) out.push(t('Warning: node name {0} would be refused by EMQX: {1}.', n.name, n.nameProblem));
  }
  for (const c of plan.collisions) {
    out.push(t('Collision: {0} on host {1} all need {2} port {3}; only one of them can start.', c.nodes.join(', '), c.host, c.kind === 'dist' ? t('Erlang distribution') : t('cluster RPC'), c.port));
  }
  out.push('');
  out.push(t('Firewall: open these TCP ports between the cluster nodes only (never to clients or the internet):'));
  for (const f of plan.firewall) {
    out.push(`  ${t('allow tcp {0} from the other nodes to {1}', portList(f.ports), f.node)}`);
  }
  const withHosts = plan.firewall.filter((f) => f.host && f.from.length > 0);
  if (withHosts.length > 0) {
    out.push('');
    out.push(t('iptables (run on each node):'));
    for (const f of withHosts) {
      out.push(`  # ${f.node}`);
      for (const src of f.from) {
        const cmd = isIP(src) === 6 || isIP(f.host ?? '') === 6 ? 'ip6tables' : 'iptables';
        out.push(`  ${cmd} -A INPUT -p tcp -s ${src} -m multiport --dports ${f.ports.join(',')} -j ACCEPT`);
      }
    }
    out.push('');
    out.push(t('ufw (run on each node; ufw needs IP addresses, so resolve host names first):'));
    for (const f of withHosts) {
      out.push(`  # ${f.node}`);
      for (const src of f.from) out.push(`  ufw allow proto tcp from ${src} to ${f.host} port ${f.ports.join(',')}`);
    }
  }
  return out.join('\n') + '\n';
}

/** What `yaml-syntax` says about a file that cannot be read. */
function yamlProblemMessage(p: YamlProblem): string {
  if (p.kind === 'too-large') return yamlSyntaxMessages.tooLarge(p.message, MAX_YAML_BYTES / (1024 * 1024));
  return p.kind === 'aliases' ? yamlSyntaxMessages.aliases() : yamlSyntaxMessages.invalid(p.message);
}

/**
 * The deployment files an argument names: the file itself (named: it must be one), the
 * deployment candidates in a folder (their content decides), or undefined for a node name.
 * A path that does not exist is a usage error, not a node name.
 */
function deploymentFilesOf(arg: string): { file: string; named: boolean; shown: string }[] | undefined {
  if (arg.includes('@')) return undefined;
  const abs = path.resolve(arg);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(abs);
  } catch {
    stat = undefined;
  }
  if (stat?.isFile()) return [{ file: abs, named: true, shown: arg }];
  if (stat?.isDirectory()) {
    const files = collectFiles([abs], process.cwd()).files.filter((f) => isDeploymentCandidateName(path.basename(f)));
    if (files.length === 0) throw new UsageError(t('{0} holds no deployment file (docker-compose, Kubernetes, Helm values, EMQX Operator resource).', arg));
    return files.map((file) => ({ file, named: false, shown: path.join(arg, path.relative(abs, file)) }));
  }
  if (/[\\/]/.test(arg) || isDeploymentCandidateName(path.basename(arg))) throw new UsageError(t('{0}: no such file or folder.', arg));
  return undefined;
}

/** What `ports` says about a node whose name it cannot give. */
function unnamedNote(n: DeployNode, shown: string): string {
  switch (n.nameUnknown) {
    case 'release':
      return t('{0} is a Helm values file: the chart names its nodes after the release, which the values do not say. Pass --release NAME (and --namespace NS) to name them; they are left out.', shown);
    case 'chart-version':
      return t(
        '{0}: the nodes of this Helm release cannot be named: the charts whose naming is read here are those of EMQX 4.4.12 to 4.4.x and 5.0.17 on, and image.tag names {1}. Pin image.tag, or give the node names; they are left out.',
        shown,
        n.version.assumed ? t('no version') : n.version.version,
      );
    case 'values':
      return t(
        '{0}: the nodes of this Helm release cannot be named: emqxConfig sets a variable the chart writes too (EMQX_NAME, a discovery variable) or one not known here, or variables come from envFromSecret or extraEnv, which may name the node. Give the node names instead; they are left out.',
        shown,
      );
    case 'pod-ip':
      return t(
        "{0}: the chart of EMQX {1} leaves the node name to the image's entrypoint, which names each node after its pod's IP address with this discovery strategy (dns and k8s discovery give names). Give the node names instead; they are left out.",
        shown,
        n.version.version,
      );
    default:
      return t('the node name of {0} ({1}) cannot be known from the file; it is left out.', n.label, path.basename(shown));
  }
}

export async function run(args: string[]): Promise<number> {
  let plan: PortPlan;
  let format: 'text' | 'json';
  try {
    const parsed = parseArgs(args, SPECS);
    if (flag(parsed, 'help')) {
      process.stdout.write(help());
      return 0;
    }
    format = choice(parsed, 'format', ['text', 'json'] as const, 'text');
    const releaseName = stringOption(parsed, 'release');
    const namespace = stringOption(parsed, 'namespace');
    if (releaseName !== undefined && (releaseName.length > 53 || !RELEASE_NAME.test(releaseName)))
      throw new UsageError(t('--release must be a Helm release name: lower-case letters, digits, - and ., at most 53 characters (got "{0}").', releaseName));
    if (namespace !== undefined && (namespace.length > 63 || !NAMESPACE.test(namespace)))
      throw new UsageError(t('--namespace must be a Kubernetes namespace: lower-case letters, digits and -, at most 63 characters (got "{0}").', namespace));
    const release: HelmRelease | undefined = releaseName === undefined ? undefined : { name: releaseName, namespace: namespace ?? 'default' };
    // Deployment files among the arguments give their nodes' names and RPC settings.
    const names: string[] = [];
    let fromFiles: { discovery?: 'stateless' | 'manual'; serverPort?: string } = {};
    const disk = nodeFileReader({ maxBytes: CLI_MAX_READ_BYTES });
    let found = 0;
    for (const arg of parsed.positional) {
      const deployments = deploymentFilesOf(arg);
      if (!deployments) {
        names.push(arg);
        continue;
      }
      for (const { file, named, shown } of deployments) {
        // Read as `check` reads a deployment file (nodeReader.ts), so both see the same nodes.
        const text = disk.readText(file);
        if (text === undefined) throw new UsageError(t('cannot read {0}', shown));
        const read = readDeployment(file, text, disk, named, release);
        if (read.kind === 'problem') {
          const { line, character } = read.problem.range.start;
          const message = `${shown}:${line + 1}:${character + 1}: ${yamlProblemMessage(read.problem)}`;
          // A file named on its own must be read; one of a folder's files is left out, saying so.
          if (named) throw new UsageError(message);
          process.stderr.write(`emqx-cluster-security ports: ${message}\n`);
          continue;
        }
        if (read.kind !== 'deployment') {
          if (named) throw new UsageError(t('{0} is no deployment file (docker-compose, Kubernetes, Helm values, EMQX Operator resource) and no node name.', arg));
          continue;
        }
        const said = new Set<string>();
        for (const n of read.nodes) {
          const name = n.env.find((v) => v.name === 'EMQX_NODE__NAME')?.value;
          if (name) names.push(name);
          else {
            const note = unnamedNote(n, shown);
            if (!said.has(note)) process.stderr.write(`emqx-cluster-security ports: ${note}\n`);
            said.add(note);
          }
          if (name && n.format === 'helm-values' && namespace === undefined && !said.has('namespace')) {
            process.stderr.write(`emqx-cluster-security ports: ${t('{0}: the release is taken to be in the namespace default (pass --namespace NS if it is installed elsewhere).', shown)}\n`);
            said.add('namespace');
          }
          const pd = n.env.find((v) => v.name === 'EMQX_RPC__PORT_DISCOVERY')?.value;
          const sp = n.env.find((v) => v.name === 'EMQX_RPC__SERVER_PORT' || v.name === 'EMQX_RPC__TCP_SERVER_PORT')?.value;
          fromFiles = { discovery: pd === 'manual' || pd === 'stateless' ? pd : fromFiles.discovery, serverPort: sp ?? fromFiles.serverPort };
        }
        found++;
      }
      if (deployments.length > 0 && !deployments[0].named && found === 0)
        throw new UsageError(t('{0} holds no deployment file (docker-compose, Kubernetes, Helm values, EMQX Operator resource).', arg));
    }
    const docker = flag(parsed, 'docker');
    const discovery = choice(parsed, 'port-discovery', ['stateless', 'manual'] as const, docker ? 'manual' : (fromFiles.discovery ?? 'stateless'));
    const sp = stringOption(parsed, 'server-port') ?? fromFiles.serverPort;
    let serverPort = RPC_DEFAULT_SERVER_PORT;
    if (sp !== undefined) {
      if (!/^\d+$/.test(sp) || Number(sp) < 1 || Number(sp) > 65535) throw new UsageError(t('--server-port must be a port number 1-65535 (got "{0}").', sp));
      serverPort = Number(sp);
    }
    if (names.length === 0) throw new UsageError(t('Give at least one node name (name@host).'));
    plan = portPlan(names, { discovery, serverPort });
  } catch (e) {
    if (e instanceof UsageError) return usageFailure('ports', e);
    throw e;
  }
  process.stdout.write(format === 'json' ? JSON.stringify(plan, null, 2) + '\n' : formatPortsText(plan));
  return plan.collisions.length > 0 || plan.nodes.some((n) => n.nameProblem) ? 1 : 0;
}
