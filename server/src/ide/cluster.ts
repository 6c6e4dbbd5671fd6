/**
 * The cluster checks in the editor: a WorkspaceFindingsProvider (see
 * workspace.ts) that runs the node pipeline (cluster/pipeline.ts) over the
 * EMQX configs of the workspace — the open ones and, in a trusted workspace,
 * the configs in the workspace folders on disk — exactly as `check` runs it
 * over a folder, and shows each open config what `check` reports for it:
 * the cluster findings of the nodes the configs link into one cluster
 * (cluster/grouping.ts), and the findings of its other deployments (a config
 * mounted into three compose services is three nodes). It also supplies each
 * config's `EMQX_*` overrides from the docker-compose / .env files that
 * deploy it (and the container a compose service runs it in), so the
 * document's own analysis runs with the first deployment.
 *
 * Findings land on the file that is wrong, with related information pointing
 * at the other node's file; one in a file the config includes shows at its
 * include directive, one about a variable set in a compose or .env file
 * (which the editor does not check as a document) at the top of the config,
 * with related information pointing at the line.
 *
 * Nothing outside the workspace folders is listed or searched for deployment
 * files (compose files, `.env`); the configs still read the files they name
 * themselves (includes, certificates, ssl_dist.conf). Untrusted workspaces
 * get nothing: comparing configs means reading files that are not open, and
 * the workspace reader refuses them anyway.
 *
 * Each document is analysed once per edit: the pipeline reuses the analysis
 * the language service made of an open document, and keeps those of files on
 * disk while their text, environment and settings stay the same, for the
 * files of the last run only (closing documents frees theirs). When an open
 * document is about to be analysed again (`replaced`), everything that holds
 * its previous analysis goes: its snapshot, the run's findings and nodes, and
 * the analyses of its other deployments (they read its previous text); the
 * analyses of the files on disk stay.
 *
 * No I/O of its own: files are read through the workspace reader; the list of
 * config files on disk comes from the server layer (`listConfigs`).
 */
import { FileReader } from '../io';
import { AnalyzeInput, AnalyzeResult, AnalyzeSettings, analyzeDocument } from '../rules/analyze';
import { Finding } from '../rules/types';
import { analysisEnv, findingKey, NodeSource, runPipeline, sourcesForFile } from '../cluster/pipeline';
import { EnvOverride } from './engine';
import { DEFAULT_SETTINGS, DocumentSettings } from './types';
import { isInside, sameUri, toPath, toUri } from './uri';
import { DeployedNode, DocumentSnapshot, NodeDeploymentInfo, WorkspaceFindingsProvider, WorkspaceIndex } from './workspace';

export interface ClusterProviderOptions {
  /**
   * At most `limit` EMQX config files on disk under the given workspace
   * folders (the server layer lists directories, this module cannot). Called
   * only in a trusted workspace.
   */
  readonly listConfigs?: (folders: readonly string[], limit: number) => readonly string[];
  /** The rules layer's entry point (injectable for tests). */
  readonly analyze?: (input: AnalyzeInput) => AnalyzeResult;
  /** At most this many config files take part (large monorepos stay responsive). */
  readonly maxFiles?: number;
}

export function analyzeSettings(s: DocumentSettings): AnalyzeSettings {
  return { emqxVersion: s.emqxVersion, docker: s.docker, rules: s.rules, includeDirs: s.includeDirs, pathMappings: s.pathMappings };
}

/** A reader that sees only files inside the workspace folders (for finding deployment files). */
export function withinFolders(reader: FileReader, folders: readonly string[]): FileReader {
  const inside = (p: string): boolean => folders.some((f) => isInside(p, f));
  return {
    readText: (p) => (inside(p) ? reader.readText(p) : undefined),
    exists: (p) => inside(p) && reader.exists(p),
    stat: (p) => (inside(p) ? reader.stat?.(p) : undefined),
  };
}

interface Cached {
  /** The analysed config file. */
  readonly uri: string;
  readonly text: string;
  readonly key: string;
  readonly result: AnalyzeResult;
}

export class ClusterFindingsProvider implements WorkspaceFindingsProvider {
  readonly name = 'cluster';
  private readonly snapshots = new Map<string, DocumentSnapshot>();
  private reader: FileReader | undefined;
  private trusted = false;
  private folders: readonly string[] = [];
  /** Findings by the URI they land on, for the current snapshots; undefined when stale. */
  private computed: Map<string, Finding[]> | undefined;
  /** The nodes of each config with a deployment, from the same run as `computed`. */
  private nodes = new Map<string, DeployedNode[]>();
  private readonly analyze: (input: AnalyzeInput) => AnalyzeResult;
  /** Analyses of files that are not open (and of other deployments of open ones), from the last run. */
  private cache = new Map<string, Cached>();
  /** The deployment handed to each open document's own analysis (its first one). */
  private readonly given = new Map<string, { readonly env: string; readonly docker: boolean; readonly container: string }>();

  constructor(private readonly options: ClusterProviderOptions = {}) {
    this.analyze = options.analyze ?? analyzeDocument;
  }

  /** How many analyses of files the provider keeps (the open documents' are the service's). */
  get retainedAnalyses(): number {
    return this.cache.size;
  }

  deploymentFor(uri: string, reader: FileReader, index?: WorkspaceIndex): NodeDeploymentInfo | undefined {
    const p = toPath(uri);
    if (index) this.folders = index.workspaceFolders;
    this.given.delete(uri);
    // The workspace reader refuses everything in an untrusted workspace; a
    // trusted one sees at least the document itself (open buffer or disk).
    if (!p || !reader.exists(p)) return undefined;
    const [first] = sourcesForFile(p, withinFolders(reader, this.folders), { uri, nameFile: toUri });
    if (!first) return undefined;
    const env: EnvOverride[] = analysisEnv(first);
    this.given.set(uri, { env: JSON.stringify(env), docker: first.docker, container: JSON.stringify(first.container ?? null) });
    return first.container ? { env, docker: first.docker, container: first.container } : { env, docker: first.docker };
  }

  update(snapshot: DocumentSnapshot, index?: WorkspaceIndex): void {
    this.snapshots.set(snapshot.uri, snapshot);
    // The analysis says outright whether the workspace is trusted and which reader it used.
    this.trusted = snapshot.trusted;
    this.reader = snapshot.reader;
    if (index) this.folders = index.workspaceFolders;
    this.computed = undefined;
  }

  remove(uri: string): void {
    this.snapshots.delete(uri);
    this.given.delete(uri);
    this.computed = undefined;
    if (this.snapshots.size === 0) {
      this.cache.clear();
      this.nodes.clear();
    }
  }

  /** The document is about to be analysed again: nothing of its previous analysis is kept (see the file header). */
  replaced(uri: string): void {
    this.snapshots.delete(uri);
    this.computed = undefined;
    for (const u of [...this.nodes.keys()]) if (sameUri(u, uri)) this.nodes.delete(u);
    for (const [key, kept] of [...this.cache]) if (sameUri(kept.uri, uri)) this.cache.delete(key);
  }

  findingsFor(uri: string): readonly Finding[] {
    if (!this.trusted || !this.reader) return [];
    if (!this.computed) this.computed = this.compute(this.reader);
    const own = this.snapshots.get(uri);
    const ownKeys = new Set((own?.findings ?? []).map(findingKey));
    for (const [u, list] of this.computed) if (sameUri(u, uri)) return list.filter((f) => !ownKeys.has(findingKey(f)));
    return [];
  }

  nodesFor(uri: string): readonly DeployedNode[] {
    if (!this.trusted || !this.reader) return [];
    if (!this.computed) this.computed = this.compute(this.reader);
    for (const [u, list] of this.nodes) if (sameUri(u, uri)) return list;
    return [];
  }

  private settingsOf(uri: string): DocumentSettings {
    const s = this.snapshots.get(uri)?.settings;
    if (s) return s;
    for (const x of this.snapshots.values()) return x.settings;
    return DEFAULT_SETTINGS;
  }

  private compute(reader: FileReader): Map<string, Finding[]> {
    const open = [...this.snapshots.values()].filter((s) => s.path !== undefined && s.settings.enable);
    const deployments = withinFolders(reader, this.folders);
    const files = new Map<string, { uri: string; text?: string }>();
    for (const s of open) files.set(s.path as string, { uri: s.uri, text: s.text });
    // The files on disk are a stable list (not displaced by the open ones), so opening one more
    // document does not change what every other document is compared with.
    const max = this.options.maxFiles ?? 64;
    const listed = this.folders.length > 0 ? (this.options.listConfigs?.(this.folders, max + 1) ?? []) : [];
    for (const p of listed.slice(0, max)) {
      if (!files.has(p) && this.folders.some((f) => isInside(p, f))) files.set(p, { uri: toUri(p) });
    }
    const sources: NodeSource[] = [];
    for (const [p, f] of files) sources.push(...sourcesForFile(p, deployments, { uri: f.uri, text: f.text, nameFile: toUri }));

    const used = new Map<string, Cached>();
    const result = runPipeline({
      sources,
      reader,
      settings: (uri) => analyzeSettings(this.settingsOf(uri)),
      clusterSeverities: this.settingsOf('').rules,
      placement: 'include',
      analyze: (input, source) => this.analysisOf(input, source, used),
      // More configs than looked at: a seed naming none of them may name one not looked at.
      complete: listed.length <= max,
    });
    this.cache = used;
    const nodes = new Map<string, DeployedNode[]>();
    for (const a of result.analyses) {
      const deployment = a.source.deployment;
      if (!a.node || !deployment) continue;
      const node: DeployedNode = { deployment, config: a.result.config, docker: this.settingsOf(a.source.uri).docker || a.source.docker };
      const list = nodes.get(a.source.uri);
      if (list) list.push(node);
      else nodes.set(a.source.uri, [node]);
    }
    this.nodes = nodes;
    const byUri = new Map<string, Finding[]>();
    for (const [uri, list] of result.byFile) byUri.set(uri, [...list]);
    return byUri;
  }

  /** The open document's own analysis when it was made with this input; else a kept or a new one. */
  private analysisOf(input: AnalyzeInput, source: NodeSource, used: Map<string, Cached>): AnalyzeResult {
    const snap = this.snapshots.get(input.uri);
    const envKey = JSON.stringify(input.env ?? []);
    const given = this.given.get(input.uri);
    const sameSettings = snap !== undefined && given !== undefined && (snap.settings.docker || given.docker) === input.settings.docker && snap.settings.emqxVersion === input.settings.emqxVersion;
    const sameContainer = given !== undefined && given.container === JSON.stringify(input.container ?? null);
    if (snap?.config && snap.emqxVersion && sameSettings && sameContainer && snap.text === input.text && given.env === envKey) {
      return { findings: [...snap.findings], config: snap.config, dialect: snap.dialect as AnalyzeResult['dialect'], version: snap.emqxVersion };
    }
    const cacheKey = `${input.uri}\u0000${source.deployment?.name ?? ''}`;
    const key = `${envKey}\u0000${JSON.stringify(input.settings)}\u0000${JSON.stringify(input.container ?? null)}`;
    const kept = this.cache.get(cacheKey) ?? used.get(cacheKey);
    const result = kept && kept.text === input.text && kept.key === key ? kept.result : this.analyze(input);
    used.set(cacheKey, { uri: input.uri, text: input.text, key, result });
    return result;
  }
}

export function createClusterProvider(options: ClusterProviderOptions = {}): ClusterFindingsProvider {
  return new ClusterFindingsProvider(options);
}
