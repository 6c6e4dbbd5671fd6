/**
 * `emqx-cluster-security check [PATH|GLOB]...`: the editor's checks for CI.
 * The files go through the node pipeline (cluster/pipeline.ts), as the
 * editor's do: each deployment of a file (docker-compose, .env, --env-file,
 * --k8s) is analysed once (trusted: the user named the files, so includes,
 * base.hocon, certificates and ssl_dist.conf are read), and the cluster
 * checks compare the nodes the configs link into one cluster. Results go to stdout in the chosen format,
 * messages about the run to stderr.
 *
 * Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
 * 2 usage or I/O error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { t } from '../l10n';
import { CLI_MAX_READ_BYTES, nodeFileReader } from '../nodeReader';
import { FileReader } from '../io';
import { SeveritySetting } from '../rules/analyze';
import { getAllRules } from '../rules/index';
import { ruleDescription } from '../rules/meta';
import { Finding, Severity } from '../rules/types';
import { clusterRules } from '../cluster/rules';
import { NodeSource, runPipeline, sourcesForFile } from '../cluster/pipeline';
import { isDeploymentCandidateName, isYamlFileName } from '../deploy/fileNames';
import { isChartTemplate } from '../deploy/template';
import { deployRules } from '../deploy/rules';
import type { DeploymentFile, DeploymentSources } from '../deploy/sources';
import { applySeverities } from '../rules/analyze';
import { withoutSuppressed } from '../rules/suppress';
import { choice, flag, listOption, parseArgs, ParsedArgs, stringOption, UsageError, usageFailure } from './args';
import { collectFiles } from './files';
import { releaseOption } from './helmRelease';
import { HelmRelease } from '../deploy/helmChart';
import { SettingsLayer, RULE_LEVELS, combineSettings, parseEmqxVersion, parseRuleLevel } from '../settings';
import { allRuleIds, isIgnored } from '../projectFile';
import { ProjectFileError, projectFileFor } from './projectFile';
import { formatJson, formatSarif, formatText, FormatContext, RuleMetadata } from './format';
import * as pkg from '../../../package.json';

const SPECS = [
  { name: 'help', short: 'h' },
  { name: 'format', short: 'f', value: true },
  { name: 'fail-on', value: true },
  { name: 'emqx-version', value: true },
  { name: 'rule', value: true, repeat: true },
  { name: 'docker' },
  { name: 'include-dir', value: true, repeat: true },
  { name: 'env-file', value: true, repeat: true },
  { name: 'compose', value: true, repeat: true },
  { name: 'k8s', value: true, repeat: true },
  { name: 'no-env-discovery' },
  { name: 'release', value: true },
  { name: 'namespace', value: true },
  { name: 'output', short: 'o', value: true },
  { name: 'project-file', value: true },
  { name: 'no-project-file' },
] as const;

const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Option lines with the descriptions in one column. */
function optionTable(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([o]) => o.length)) + 2;
  return rows.map(([o, d]) => `  ${o.padEnd(width)}${d}`);
}

export function help(): string {
  return [
    t('Usage: emqx-cluster-security check [PATH|GLOB]... [options]'),
    '',
    t('Checks EMQX configs for cluster-security mistakes, file by file and across the nodes of a cluster.'),
    t('A folder means every EMQX config in it (emqx.conf, *.hocon, ssl_dist.conf), recursively.'),
    t('Environment overrides (EMQX_*) are read from docker-compose files that mount a config, their env_file entries and a .env next to the config.'),
    t(
      "Deployment files are checked as the nodes they run: docker-compose files, Kubernetes manifests, Helm values, EMQX Operator resources and Dockerfiles built on EMQX's image (recognised by their content; other YAML files are left alone).",
    ),
    '',
    t('Options:'),
    ...optionTable([
      ['-f, --format text|json|sarif', t('Output format (default text)')],
      ['--fail-on error|warning|info|never', t('Exit 1 when a finding is at or above this severity (default error)')],
      ['--emqx-version VERSION', t('Target EMQX version (e.g. 4.4, 5.8, 6.1); default: detect from the file, else 5.8')],
      ['--rule ID=LEVEL', t('Severity of a rule: off, hint, info, warning or error (repeatable)')],
      ['--docker', t('The nodes run the official Docker image (RPC port discovery is manual)')],
      ['--include-dir DIR', t('Extra include directory (repeatable; EMQX passes data/configs)')],
      ['--env-file FILE', t('EMQX_* variables for every node, in .env format (repeatable; wins over the others)')],
      ['--compose FILE', t('A docker-compose file whose services run the configs (repeatable)')],
      ['--k8s FILE', t('A Kubernetes manifest whose EMQX containers run the configs (their env: applies to every node; repeatable)')],
      ['--no-env-discovery', t('Do not look for docker-compose files and .env next to the configs')],
      ['--release NAME', t('The Helm release the Helm values files are installed as (helm install NAME): their nodes are named as the chart names them')],
      ['--namespace NS', t('The namespace of that release (default: default)')],
      ['-o, --output FILE', t('Write the report to FILE instead of stdout')],
      ['--project-file FILE', t('Settings shared with the editor (default: the nearest .emqx-cluster-security.yaml above the checked paths; flags override it)')],
      ['--no-project-file', t('Do not read a project file')],
      ['-h, --help', t('Show this help')],
    ]),
    '',
    t('Suppression comments work as in the editor: # emqx-security-disable-next-line RULE-ID -- reason'),
    t('Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.'),
    '',
  ].join('\n');
}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function failsThreshold(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const min = RANK[failOn];
  return findings.some((f) => RANK[f.severity] >= min);
}

interface CheckOptions {
  readonly format: 'text' | 'json' | 'sarif';
  readonly failOn: FailOn;
  readonly emqxVersion?: string;
  readonly severities: Record<string, SeveritySetting>;
  readonly docker: boolean;
  readonly includeDirs: string[];
  readonly envFiles: string[];
  readonly composeFiles: string[];
  readonly kubernetesFiles: string[];
  readonly discover: boolean;
  /** The Helm release the values files are installed as (`--release`, `--namespace`). */
  readonly helmRelease?: HelmRelease;
  readonly output?: string;
  /** Whether the project file's `ignore` excludes a file (none when absent). */
  readonly ignored?: (file: string) => boolean;
}

function allRuleMetadata(): RuleMetadata[] {
  return [...getAllRules(), ...clusterRules, ...deployRules].map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, title: r.title, docs: ruleDescription(r) }));
}

/** The options of a run: the flags over the project file over the defaults, all validated as the editor validates its settings. */
function readOptions(parsed: ParsedArgs, cwd: string): CheckOptions {
  const known = allRuleIds();
  const rules: Record<string, SeveritySetting> = {};
  for (const spec of listOption(parsed, 'rule')) {
    const m = /^([a-z0-9-]+)=([A-Za-z]+)$/.exec(spec.trim());
    if (!m) throw new UsageError(t('--rule takes ID=LEVEL, e.g. --rule rpc-plaintext=error (got "{0}").', spec));
    if (!known.has(m[1])) throw new UsageError(t('There is no rule "{0}".', m[1]));
    const level = parseRuleLevel(m[2]);
    if (!level) throw new UsageError(t('--rule level must be one of: {0} (got "{1}").', RULE_LEVELS.join(', '), m[2]));
    rules[m[1]] = level;
  }
  const version = stringOption(parsed, 'emqx-version');
  if (version !== undefined && parseEmqxVersion(version) === undefined) {
    throw new UsageError(t('--emqx-version must be auto or MAJOR[.MINOR[.PATCH]], e.g. 5.8 (got "{0}").', version));
  }
  const abs = (p: string): string => path.resolve(cwd, p);
  const includeDirs = listOption(parsed, 'include-dir').map(abs);
  const flags: SettingsLayer = {
    emqxVersion: version,
    docker: flag(parsed, 'docker') ? true : undefined,
    rules,
    includeDirs: includeDirs.length > 0 ? includeDirs : undefined,
  };
  const project = projectFileFor(parsed, cwd);
  const settings = combineSettings(project?.settings, flags);
  return {
    format: choice(parsed, 'format', ['text', 'json', 'sarif'] as const, 'text'),
    failOn: choice(parsed, 'fail-on', FAIL_ON, 'error'),
    emqxVersion: settings.emqxVersion === 'auto' ? undefined : settings.emqxVersion,
    severities: { ...settings.rules },
    docker: settings.docker,
    includeDirs: [...settings.includeDirs],
    envFiles: listOption(parsed, 'env-file').map(abs),
    composeFiles: listOption(parsed, 'compose').map(abs),
    kubernetesFiles: listOption(parsed, 'k8s').map(abs),
    discover: !flag(parsed, 'no-env-discovery'),
    helmRelease: releaseOption(parsed),
    output: stringOption(parsed, 'output'),
    ignored: (file) => (project ? isIgnored(project, file) : false),
  };
}

export interface CheckRun {
  readonly findings: Finding[];
  readonly fileCount: number;
  /** Files that could not be read (missing, unreadable, or too large: see tooLarge). */
  readonly ioErrors: string[];
  /** The files of ioErrors not read because of their size, with it in bytes. */
  readonly tooLarge: ReadonlyMap<string, number>;
  /** Files whose check failed inside the tool, with what failed (names only): the run is not clean. */
  readonly internalErrors: ReadonlyMap<string, readonly string[]>;
  /** Config files and deployment files checked (YAML files of other kinds are left alone). */
  readonly checked?: number;
}

/**
 * The whole check over already collected files: the node pipeline with every config file
 * deployed as the options say, and the nodes of the deployment files among them (compose,
 * Kubernetes, Helm values, Operator resources: YAML files, recognised by content).
 * `named`: files the user named one by one (a broken YAML file among them is reported
 * whatever it holds).
 */
export function checkFiles(files: readonly string[], options: Omit<CheckOptions, 'format' | 'failOn' | 'output'>, given?: FileReader, named: ReadonlySet<string> = new Set()): CheckRun {
  const tooLarge = new Map<string, number>();
  const reader = given ?? nodeFileReader({ maxBytes: CLI_MAX_READ_BYTES, onTooLarge: (p, size) => tooLarge.set(p, size) });
  const deployment = { envFiles: options.envFiles, composeFiles: options.composeFiles, kubernetesFiles: options.kubernetesFiles, discover: options.discover };
  const sources: NodeSource[] = [];
  const ioErrors: string[] = [];
  const configs: Array<{ file: string; text: string }> = [];
  const yaml: DeploymentFile[] = [];
  for (const file of files) {
    const text = reader.readText(file);
    if (text === undefined) {
      ioErrors.push(file);
      continue;
    }
    // A YAML file is never read as HOCON: it is a deployment or left alone.
    if (isDeploymentCandidateName(path.basename(file))) yaml.push({ uri: file, text, named: named.has(file) });
    else configs.push({ file, text });
  }
  const deployments = readDeployments(yaml, reader, options.helmRelease);
  sources.push(...deployments.sources);
  for (const { file, text } of configs) {
    // A config a deployment mounts is checked as that deployment's node(s).
    if (deployments.mounted.has(file)) continue;
    let own = sourcesForFile(file, reader, { ...deployment, text, docker: options.docker });
    // A compose file that is checked itself already has its services as nodes: a config it does not
    // mount (a service only named like the config's folder) is not one of them a second time.
    if (own.some((s) => s.deployment && deployments.deploymentFiles.has(s.deployment.file))) {
      own = sourcesForFile(file, reader, { ...deployment, composeFiles: [], discover: false, text, docker: options.docker });
    }
    sources.push(...own);
  }
  const settings = { emqxVersion: options.emqxVersion, docker: options.docker, rules: options.severities, includeDirs: options.includeDirs };
  const result = runPipeline({
    sources,
    reader,
    settings: () => settings,
    clusterSeverities: options.severities,
    // A report can name any file: findings about an included file point into it.
    placement: 'place',
  });
  const own = applySeverities(
    [...deployments.findings, ...deployments.configFindings(result.analyses)].filter((f) => withoutSuppressed([f], yaml.find((y) => y.uri === f.location.uri)?.text, 'hocon').length > 0),
    options.severities,
  );
  const findings = [...deployments.relocate(result.findings), ...own];
  const checked = configs.length + deployments.deploymentFiles.size;
  // YAML files left alone are not counted as checked ("No problems found in N file(s)").
  return { findings, fileCount: checked + ioErrors.length, ioErrors, tooLarge, checked, internalErrors: result.internalErrors };
}

/** What checkFiles uses of the deployment files' reading. */
type Deployments = Pick<DeploymentSources, 'sources' | 'findings' | 'mounted' | 'deploymentFiles' | 'relocate' | 'configFindings'>;

/** The reading of no deployment file: no nodes, no findings, nothing mounted or moved. */
const NO_DEPLOYMENTS: Deployments = {
  sources: [],
  findings: [],
  mounted: new Set(),
  deploymentFiles: new Set(),
  relocate: (findings) => [...findings],
  configFindings: () => [],
};

/**
 * The deployment files read as nodes (deploy/sources.ts). The readers (compose, Kubernetes,
 * Helm, Operator, Dockerfile) are required only when there is such a file to read: the
 * CLI's bundle keeps them in a bundle of their own, which a check of config files alone
 * never loads.
 */
function readDeployments(files: readonly DeploymentFile[], reader: FileReader, helmRelease: HelmRelease | undefined): Deployments {
  if (files.length === 0) return NO_DEPLOYMENTS;
  const { deploymentSources } = require('../deploy/sources') as typeof import('../deploy/sources');
  return deploymentSources(files, reader, helmRelease);
}

/** A file's text, or '' when it cannot be read (for a hint only). */
function readTextOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function run(args: string[]): Promise<number> {
  const cwd = process.cwd();
  let options: CheckOptions;
  let positional: string[];
  try {
    const parsed = parseArgs(args, SPECS);
    if (flag(parsed, 'help')) {
      process.stdout.write(help());
      return 0;
    }
    options = readOptions(parsed, cwd);
    positional = parsed.positional;
    if (positional.length === 0) throw new UsageError(t('Give at least one file, folder or glob to check.'));
  } catch (e) {
    if (e instanceof UsageError) return usageFailure('check', e);
    if (e instanceof ProjectFileError) {
      for (const line of e.lines) process.stderr.write(`emqx-cluster-security check: ${line}\n`);
      return 2;
    }
    throw e;
  }
  const runErrors: string[] = [];
  const fail = (message: string): void => {
    process.stderr.write(`emqx-cluster-security check: ${message}\n`);
    runErrors.push(message);
  };
  for (const f of [...options.envFiles, ...options.composeFiles, ...options.kubernetesFiles]) {
    if (!fs.existsSync(f)) fail(t('cannot read {0}', f));
  }
  const collected = collectFiles(positional, cwd);
  const { missing } = collected;
  const files = collected.files.filter((f) => !options.ignored?.(f));
  for (const m of missing) fail(t('no such file, folder or match: {0}', m));
  if (files.length === 0 && missing.length === 0) {
    // Checking nothing must not pass a CI job silently (a wrong path in the workflow).
    process.stderr.write(`emqx-cluster-security check: ${t('no EMQX config files found in {0}', positional.join(' '))}\n`);
    return 2;
  }
  const named = new Set(positional.map((p) => path.resolve(cwd, p)));
  const result = checkFiles(files, options, undefined, named);
  if (result.checked === 0 && result.ioErrors.length === 0 && missing.length === 0) {
    for (const f of files) {
      if (!named.has(f) || !isYamlFileName(f)) continue;
      if (isChartTemplate(readTextOr(f), f))
        process.stderr.write(`emqx-cluster-security check: ${t('{0} is a Helm chart template, YAML only once rendered: check the output of `helm template` instead.', path.relative(cwd, f) || f)}\n`);
    }
    process.stderr.write(`emqx-cluster-security check: ${t('no EMQX config files found in {0}', positional.join(' '))}\n`);
    return 2;
  }
  for (const f of result.ioErrors) {
    const size = result.tooLarge.get(f);
    fail(
      size === undefined ? t('cannot read {0}', f) : t('{0} is too large to check: {1} MiB (this tool reads at most {2} MiB)', f, Math.ceil(size / (1024 * 1024)), CLI_MAX_READ_BYTES / (1024 * 1024)),
    );
  }
  for (const [file, what] of result.internalErrors) {
    fail(t('internal error while checking {0} ({1}): its findings are incomplete. Please report it.', file, [...new Set(what)].join('; ')));
  }
  const ctx: FormatContext = {
    cwd,
    toolVersion: (pkg as { version?: string }).version ?? '0.0.0',
    rules: allRuleMetadata(),
    fileCount: result.fileCount - result.ioErrors.length,
    helpUriPrefix: helpUriPrefix(),
    runErrors,
  };
  const report = options.format === 'json' ? formatJson(result.findings, ctx) : options.format === 'sarif' ? formatSarif(result.findings, ctx) : formatText(result.findings, ctx);
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(cwd, options.output), report);
    } catch (e) {
      process.stderr.write(`emqx-cluster-security check: ${t('cannot write {0}: {1}', options.output, e instanceof Error ? e.message : String(e))}\n`);
      return 2;
    }
  } else {
    process.stdout.write(report);
  }
  if (runErrors.length > 0) return 2;
  return failsThreshold(result.findings, options.failOn) ? 1 : 0;
}

/** Rule docs live in docs/rules/<id>.md of the project's repository, when package.json names one. */
function helpUriPrefix(): string | undefined {
  const p = pkg as { repository?: string | { url?: string }; homepage?: string };
  const repo = typeof p.repository === 'string' ? p.repository : p.repository?.url;
  const base = (repo ?? p.homepage ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
  if (!/^https:\/\//.test(base)) return undefined;
  return `${base.replace(/\/$/, '')}/blob/main/docs/rules/`;
}
