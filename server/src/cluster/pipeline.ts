/**
 * The node pipeline: the one way the CLI's `check` and the editor turn the
 * files of a deployment into findings.
 *
 *   node sources ─► analyse each once ─► which are nodes ─► group into clusters
 *                   (rules/analyze.ts)    (isNodeSource)     (grouping.ts)
 *                ─► cluster rules ─► suppressions + severities ─► findings by file
 *                   (checks.ts)
 *
 * Input: `NodeSource`s. A node source is one config EMQX reads for a node
 * together with the environment the node runs with:
 *
 * - `uri`: the config file (an absolute path or a `file://` URI, whichever
 *   way the caller names files; findings about the config land here). For a
 *   node whose config is not a file of its own (HOCON embedded in a
 *   manifest, a node configured by `EMQX_*` variables alone), an id of the
 *   caller's choice, with `text` given.
 * - `text`: the config's text when the caller has it (an open editor buffer,
 *   embedded HOCON); otherwise it is read through the reader.
 * - `env`: the `EMQX_*` variables with a known value, each with where it is
 *   written (a compose file's line, a manifest's `env:` entry), so a finding
 *   about a variable points there; `unresolved`: the names of variables set
 *   to a value that cannot be known here (a Kubernetes Secret, an unset
 *   `${VAR}`): the key counts as set and its value is never judged.
 * - `docker`: the node runs the official image (which forces manual RPC
 *   port discovery); `emqxVersion`: a version the deployment names (an image
 *   tag), used when the settings leave the version to detection.
 * - `deployment`: the deployment file and unit that runs the node (a compose
 *   file and service, a Helm release, a StatefulSet): nodes of one
 *   deployment file are one cluster (see grouping.ts).
 * - `isNode`: the source is a node whatever its name (a container of a
 *   StatefulSet); absent, the file name and config decide (`isNodeSource`).
 *
 * One file deployed several ways (a template mounted into three compose
 * services) is several sources with the same `uri`. `sourcesForFile` makes
 * the sources of a config file on disk (docker-compose, `.env`, `--env-file`,
 * `--k8s`, through cluster/deployment.ts); readers of other deployment
 * formats produce sources of their own and pass them in the same list.
 *
 * Output: every finding once (the rules' findings of each analysis, placed
 * by `FilePlacement` as rules/otherFiles.ts does, and the cluster rules'
 * findings, each file's suppression comments and the severity overrides
 * applied), by the file it is located in.
 *
 * Pure over the injected FileReader.
 */
import { NodeContainer } from '../emqx/container';
import { FileReader } from '../io';
import { baseName, readById } from '../model/paths';
import { analyzeDocument, AnalyzeEnvVar, AnalyzeInput, AnalyzeResult, AnalyzeSettings, detectDialect } from '../rules/analyze';
import { atDocumentStart, atIncludeDirective, FilePlacement } from '../rules/otherFiles';
import { parseSuppressions, suppressionTest, withoutSuppressed, SUPPRESSION_MARKER } from '../rules/suppress';
import { FindingSet } from '../rules/findingSet';
import { Finding } from '../rules/types';
import { checkCluster } from './checks';
import { deploymentsFor, DeploymentOptions } from './deployment';
import { GroupCandidate, groupClusterNodes } from './grouping';
import { ClusterNodeInput } from './nodes';
import { CLUSTER_RULE_IDS } from './rules';

/** One config EMQX reads for a node, with the environment the node runs with (see the file header). */
export interface NodeSource {
  readonly uri: string;
  readonly text?: string;
  /** `EMQX_*` variables with a known value; `location` is where each is written. */
  readonly env: readonly NodeEnvVar[];
  /** Names of variables that are set, but to a value that cannot be known here. */
  readonly unresolved: readonly string[];
  readonly docker: boolean;
  /** A version the deployment names (`MAJOR[.MINOR[.PATCH]]`), used when the settings say `auto`. */
  readonly emqxVersion?: string;
  /** The deployment file and unit that runs the node (`docker-compose.yml`, service `emqx1`). */
  readonly deployment?: { readonly file: string; readonly name: string };
  /** A node whatever its file name; absent: `isNodeSource` decides. */
  readonly isNode?: boolean;
  /** The editor's language id of the document, when it has one (an unsaved ssl_dist.conf). */
  readonly languageId?: string;
  /** The container the deployment runs the node in (see AnalyzeInput.container). */
  readonly container?: NodeContainer;
}

export type NodeEnvVar = Omit<AnalyzeEnvVar, 'unresolved'>;

export interface PipelineInput {
  readonly sources: readonly NodeSource[];
  readonly reader: FileReader;
  /** The settings a file is checked with (the editor's differ per workspace folder). */
  readonly settings: (uri: string) => AnalyzeSettings;
  /** Severity overrides of the cluster rules (their findings compare several files). */
  readonly clusterSeverities?: AnalyzeSettings['rules'];
  /** Where findings about other files go: `place` (the CLI) or at the config that reads them (`include`, the editor). */
  readonly placement: FilePlacement;
  /**
   * Runs the rules layer on one source (default `analyzeDocument`). The editor
   * passes one that returns the analysis it already made of an open document
   * and keeps those of unchanged files.
   */
  readonly analyze?: (input: AnalyzeInput, source: NodeSource) => AnalyzeResult;
  /**
   * False when the sources may leave out node configs of the deployment (the
   * editor looks at a bounded number of files): a seed that names no node
   * checked then proves nothing, so `cluster-unknown-seed` is not reported.
   */
  readonly complete?: boolean;
}

export interface SourceAnalysis {
  readonly source: NodeSource;
  readonly result: AnalyzeResult;
  /** Takes part in the cluster checks. */
  readonly node: boolean;
}

export interface PipelineResult {
  readonly analyses: readonly SourceAnalysis[];
  /** Every finding once, in the order found. */
  readonly findings: readonly Finding[];
  /** The findings by the file they are located in (as the findings name it). */
  readonly byFile: ReadonlyMap<string, readonly Finding[]>;
  /** Sources whose text could not be read. */
  readonly unreadable: readonly string[];
  /** Files whose analysis failed inside the tool, with what failed (names only): the run is not clean. */
  readonly internalErrors: ReadonlyMap<string, readonly string[]>;
}

/** The environment of a source as the rules layer takes it. */
export function analysisEnv(source: NodeSource): AnalyzeEnvVar[] {
  return [...source.env, ...source.unresolved.map((name) => ({ name, value: '', unresolved: true }))];
}

/** Layers EMQX reads beneath an emqx.conf; on their own they are not nodes. */
export function isLayerFile(uri: string): boolean {
  const n = baseName(uri).toLowerCase();
  return n === 'base.hocon' || n === 'cluster.hocon';
}

/**
 * Whether an analysed source is a node of a cluster: never an ssl_dist.conf
 * or a layer file (base.hocon, cluster.hocon); a file named `emqx.conf`
 * (also `node1-emqx.conf`) always; any other file (a `*.hocon`) when its
 * config names the node (`node.name`, from the file or the environment).
 */
export function isNodeSource(source: NodeSource, result: Pick<AnalyzeResult, 'dialect' | 'config'>): boolean {
  if (result.dialect === 'ssl-dist') return false;
  if (source.isNode !== undefined) return source.isNode;
  if (isLayerFile(source.uri)) return false;
  return baseName(source.uri).toLowerCase().endsWith('emqx.conf') || result.config.get('node.name') !== undefined;
}

/**
 * The node sources of a config file on disk: one per deployment that runs it
 * (cluster/deployment.ts). `nameFile` turns the paths the deployment readers
 * use into the caller's file ids (the editor's `file://` URIs); `uri` is the
 * config's id in the caller's terms.
 */
export function sourcesForFile(
  path: string,
  reader: FileReader,
  options: DeploymentOptions & { readonly uri?: string; readonly text?: string; readonly docker?: boolean; readonly nameFile?: (path: string) => string } = {},
): NodeSource[] {
  const name = options.nameFile ?? ((p: string) => p);
  return deploymentsFor(path, reader, options).map((d) => {
    const env: NodeEnvVar[] = d.env.map((v) => {
      // The value's own place, so a finding about a variable points at what to change.
      const loc = v.valueLocation ?? v.location;
      return { name: v.name, value: v.value, location: { uri: name(loc.uri), range: loc.range } };
    });
    const base = { uri: options.uri ?? path, env, unresolved: d.unresolved, docker: (options.docker ?? false) || d.docker, ...(d.container ? { container: d.container } : {}) };
    const withText = options.text !== undefined ? { ...base, text: options.text } : base;
    return d.service ? { ...withText, deployment: { file: name(d.service.file), name: d.service.name } } : withText;
  });
}

/** The comment syntax of a file no analysis read (a compose or .env file: `#`, as in HOCON). */
function dialectOfName(uri: string): 'hocon' | 'ssl-dist' {
  return /(^|[\\/])([^\\/]*\.)?ssl_dist\.conf$/i.test(uri) ? 'ssl-dist' : 'hocon';
}

/** Identity of a finding for de-duplication: rule, place and message. */
export function findingKey(f: Finding): string {
  const r = f.location.range;
  return `${f.ruleId}|${f.location.uri}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${f.message}`;
}

/** Runs the pipeline (see the file header). */
export function runPipeline(input: PipelineInput): PipelineResult {
  const analyze = input.analyze ?? ((i: AnalyzeInput) => analyzeDocument(i));
  const reader = input.reader;
  // An ssl_dist.conf is analysed once, whether it is checked as a file or read for the nodes that use it.
  const sslDist = new Map<string, AnalyzeResult>();
  // Keyed by the container too: the certificate paths it names are the container's (rules/certs/certFiles.ts).
  const sslDistKey = (uri: string, text: string, container: NodeContainer | undefined): string => `${uri}\u0000${text}\u0000${JSON.stringify(container ?? null)}`;
  const sslDistAnalysis = (uri: string, text: string, settings: AnalyzeSettings, container: NodeContainer | undefined): AnalyzeResult => {
    const key = sslDistKey(uri, text, container);
    let r = sslDist.get(key);
    if (!r) {
      r = analyzeDocument({ uri, text, reader, trusted: true, settings, languageId: 'emqx-ssl-dist', extraRuleIds: CLUSTER_RULE_IDS, container });
      sslDist.set(key, r);
    }
    return r;
  };

  const prepared: Array<{ source: NodeSource; input: AnalyzeInput; sslDist: boolean }> = [];
  const unreadable: string[] = [];
  for (const source of input.sources) {
    const text = source.text ?? readById(reader, source.uri);
    if (text === undefined) {
      if (!unreadable.includes(source.uri)) unreadable.push(source.uri);
      continue;
    }
    const fileSettings = input.settings(source.uri);
    const auto = fileSettings.emqxVersion === undefined || fileSettings.emqxVersion.trim().toLowerCase() === 'auto';
    const settings: AnalyzeSettings = {
      ...fileSettings,
      docker: (fileSettings.docker ?? false) || source.docker,
      ...(auto && source.emqxVersion ? { emqxVersion: source.emqxVersion } : {}),
    };
    const analyzeInput: AnalyzeInput = {
      uri: source.uri,
      text,
      reader,
      trusted: true,
      settings,
      env: analysisEnv(source),
      languageId: source.languageId,
      container: source.container,
      // Suppression comments may name the cluster rules checked below.
      extraRuleIds: CLUSTER_RULE_IDS,
      includedFindingsAt: input.placement,
      analyzeSslDist: (uri, t) => sslDistAnalysis(uri, t, settings, source.container).findings,
    };
    prepared.push({ source, input: analyzeInput, sslDist: detectDialect(source.uri, text, settings.emqxVersion, source.languageId) === 'ssl-dist' });
  }
  // ssl_dist.conf files first: the configs that read one reuse its analysis.
  const results = new Map<(typeof prepared)[number], AnalyzeResult>();
  for (const p of prepared.filter((x) => x.sslDist)) {
    const result = analyze(p.input, p.source);
    sslDist.set(sslDistKey(p.source.uri, p.input.text, p.source.container), result);
    results.set(p, result);
  }
  // Sources alike in everything the analysis reads (replicas whose names are not known here share
  // one config id, deploy/identity.ts) are analysed once; a caller's own `analyze` decides for itself.
  const alike = new Map<string, AnalyzeResult>();
  const texts = new Map<string, number>();
  const perUri = new Map<string, number>();
  for (const p of prepared) perUri.set(p.input.uri, (perUri.get(p.input.uri) ?? 0) + 1);
  const analyzeAlike = (p: (typeof prepared)[number]): AnalyzeResult => {
    // Only sources sharing their uri with another can be alike.
    if (input.analyze || perUri.get(p.input.uri)! < 2) return analyze(p.input, p.source);
    let text = texts.get(p.input.text);
    if (text === undefined) texts.set(p.input.text, (text = texts.size));
    const key = JSON.stringify([p.input.uri, text, p.input.env, p.input.settings, p.input.languageId ?? null, p.input.container ?? null]);
    let r = alike.get(key);
    if (!r) alike.set(key, (r = analyze(p.input, p.source)));
    return r;
  };
  for (const p of prepared.filter((x) => !x.sslDist)) results.set(p, analyzeAlike(p));
  const analyses: SourceAnalysis[] = prepared.map((p) => {
    const result = results.get(p)!;
    return { source: p.source, result, node: isNodeSource(p.source, result) };
  });

  const findings = new FindingSet();
  // A file reached from several configs (a shared include, an ssl_dist.conf also checked itself)
  // is reported once, with the related locations that say how a config reads it.
  const moreRelated = (seen: Finding, f: Finding): boolean => (f.related?.length ?? 0) > (seen.related?.length ?? 0);
  const add = (f: Finding): void => findings.add(f, moreRelated);
  for (const a of analyses) a.result.findings.forEach(add);
  for (const f of clusterFindings(analyses, input)) add(f);

  const kept = findings.values();
  const byFile = new Map<string, Finding[]>();
  for (const f of kept) {
    const list = byFile.get(f.location.uri);
    if (list) list.push(f);
    else byFile.set(f.location.uri, [f]);
  }
  const internalErrors = new Map<string, string[]>();
  const failed = (uri: string, what: readonly string[] | undefined): void => {
    if (what && what.length > 0) internalErrors.set(uri, [...(internalErrors.get(uri) ?? []), ...what]);
  };
  for (const a of analyses) failed(a.source.uri, a.result.internalErrors);
  // An ssl_dist.conf read for a node but not given as a source.
  for (const [key, r] of sslDist) if (!analyses.some((a) => a.result === r)) failed(key.slice(0, key.indexOf('\u0000')), r.internalErrors);
  return { analyses, findings: kept, byFile, unreadable, internalErrors };
}

/**
 * The cluster rules over each group of nodes the evidence links (grouping.ts),
 * with the severity overrides and the suppression comments of the file each
 * finding is located in applied, and placed as the rules' findings are: a
 * finding in a file a node includes or in the file that sets its variables
 * stays there (`place`) or moves to the node's config (`include`), and the
 * node config's own suppression comments apply to it there.
 */
function clusterFindings(analyses: readonly SourceAnalysis[], input: PipelineInput): Finding[] {
  const candidates: GroupCandidate<SourceAnalysis>[] = [];
  for (const a of analyses) {
    if (!a.node || a.result.dialect === 'ssl-dist') continue;
    const node: ClusterNodeInput = {
      uri: a.source.uri,
      config: a.result.config,
      dialect: a.result.dialect,
      major: a.result.version.major,
      docker: (input.settings(a.source.uri).docker ?? false) || a.source.docker,
      reader: input.reader,
      cookieUnknown: a.source.unresolved.includes('EMQX_NODE__COOKIE'),
      nameUnknown: a.source.unresolved.includes('EMQX_NODE__NAME'),
    };
    candidates.push(a.source.deployment ? { node, composeFile: a.source.deployment.file, data: a } : { node, data: a });
  }
  const raw = groupClusterNodes(candidates)
    .flatMap((group) =>
      checkCluster(
        group.map((c) => c.node),
        { severities: input.clusterSeverities },
      ),
    )
    .filter((f) => input.complete !== false || f.ruleId !== 'cluster-unknown-seed');
  const checked = new Set(analyses.map((a) => a.source.uri));
  const texts = new Map<string, string | undefined>();
  const textOf = (uri: string): string | undefined => {
    if (!texts.has(uri)) texts.set(uri, analyses.find((a) => a.source.uri === uri)?.source.text ?? readById(input.reader, uri));
    return texts.get(uri);
  };
  const out: Finding[] = [];
  for (const f of raw) {
    const own = analyses.find((a) => a.source.uri === f.location.uri)?.result.dialect ?? dialectOfName(f.location.uri);
    if (withoutSuppressed([f], textOf(f.location.uri), own).length === 0) continue;
    if (checked.has(f.location.uri)) {
      out.push(f);
      continue;
    }
    const targets: Array<{ finding: Finding; doc: SourceAnalysis; line: number }> = [];
    for (const c of candidates) {
      const a = c.data!;
      const via = a.result.config.includedFile?.(f.location.uri)?.via;
      if (via && via.uri === a.source.uri) {
        targets.push({ finding: input.placement === 'place' ? f : atIncludeDirective(f, a.source.uri, via), doc: a, line: via.range.start.line });
      } else if (a.source.env.some((v) => v.location?.uri === f.location.uri)) {
        targets.push({ finding: input.placement === 'place' ? f : atDocumentStart(f, a.source.uri, textOf(a.source.uri)), doc: a, line: -1 });
      }
    }
    if (targets.length === 0 && input.placement === 'place') out.push(f);
    for (const t of targets) {
      const text = textOf(t.doc.source.uri);
      const suppressed = text?.includes(SUPPRESSION_MARKER) ? suppressionTest(parseSuppressions(text, t.doc.result.dialect)) : undefined;
      if (!suppressed?.(f.ruleId, t.line)) out.push(t.finding);
    }
  }
  return out;
}
