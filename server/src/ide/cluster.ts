/**
 * The cluster checks in the editor: a WorkspaceFindingsProvider (see
 * workspace.ts) that compares the EMQX configs of the workspace with each
 * other — the open ones and, in a trusted workspace, the configs next to them
 * on disk, but only those the configs themselves link into one cluster
 * (static seeds / core nodes, one compose file, an explicit non-default
 * cluster.name; see cluster/grouping.ts) — and supplies each config's `EMQX_*` overrides from the
 * docker-compose / .env files that deploy it.
 *
 * Findings land on the file that is wrong, with related information pointing
 * at the other node's file. A finding about a variable set in a compose or
 * .env file (which the editor does not check as a document) is shown on the
 * config that file deploys, with related information pointing at the line.
 *
 * Untrusted workspaces get nothing: comparing configs means reading files
 * that are not open, and the workspace reader refuses them anyway.
 *
 * No I/O of its own: files are read through the workspace reader; the list of
 * config files on disk comes from the server layer (`listConfigsNear`).
 */
import * as path from 'path';
import { FileReader } from '../io';
import { t } from '../l10n';
import { analyzeDocument, AnalyzeInput, AnalyzeResult } from '../rules/analyze';
import { atIncludeDirective } from '../rules/otherFiles';
import { anchorInText } from '../rules/util';
import { Finding } from '../rules/types';
import { range } from '../syntax/position';
import { checkCluster } from '../cluster/checks';
import { GroupCandidate, groupClusterNodes } from '../cluster/grouping';
import { applyFileSuppressions, envLocatedFindings } from '../cluster/crossFile';
import { deploymentsFor, NodeDeployment } from '../cluster/deployment';
import { ClusterNodeInput } from '../cluster/nodes';
import { EnvOverride } from './engine';
import { DEFAULT_SETTINGS, DocumentSettings } from './types';
import { sameUri, toPath, toUri } from './uri';
import { DocumentSnapshot, WorkspaceFindingsProvider } from './workspace';

export interface ClusterProviderOptions {
  /**
   * EMQX config files on disk near the given ones (same folder, sibling
   * folders): the server layer lists directories, this module cannot.
   * Called only in a trusted workspace.
   */
  readonly listConfigsNear?: (paths: readonly string[]) => readonly string[];
  /** The rules layer's entry point (injectable for tests). */
  readonly analyze?: (input: AnalyzeInput) => AnalyzeResult;
  /** At most this many config files take part (large monorepos stay responsive). */
  readonly maxFiles?: number;
}

/** Names of files EMQX reads as layers beneath emqx.conf; they are not nodes of their own. */
function isLayerName(p: string): boolean {
  const n = path.basename(p).toLowerCase();
  return n === 'base.hocon' || n === 'cluster.hocon';
}

function isNodeConfigName(p: string): boolean {
  const n = path.basename(p).toLowerCase();
  return n === 'emqx.conf' || (n.endsWith('.hocon') && !isLayerName(p));
}

function envForAnalysis(d: NodeDeployment): EnvOverride[] {
  // Locations as URIs, the editor's currency; the value's own range where known.
  const known: EnvOverride[] = d.env.map((v) => {
    const loc = v.valueLocation ?? v.location;
    return { name: v.name, value: v.value, location: { uri: toUri(loc.uri), range: loc.range } };
  });
  // Set from a Secret or an unset ${VAR}: the rules count the key as set and judge no value
  // (no cookie-missing for a cookie that comes from a Secret), as the CLI does.
  const unknown: EnvOverride[] = d.unresolved.map((name) => ({ name, value: '', unresolved: true }));
  return [...known, ...unknown];
}

interface Computed {
  /** Findings by the URI they land on (after relocation). */
  readonly byUri: Map<string, Finding[]>;
}

export class ClusterFindingsProvider implements WorkspaceFindingsProvider {
  readonly name = 'cluster';
  private readonly snapshots = new Map<string, DocumentSnapshot>();
  private reader: FileReader | undefined;
  private trusted = false;
  private computed: Computed | undefined;
  private readonly analyze: (input: AnalyzeInput) => AnalyzeResult;
  /** Analyses of files that are not open, reused while their text and environment stay the same. */
  private readonly diskCache = new Map<string, { key: string; result: AnalyzeResult }>();

  constructor(private readonly options: ClusterProviderOptions = {}) {
    this.analyze = options.analyze ?? analyzeDocument;
  }

  envFor(uri: string, reader: FileReader): readonly EnvOverride[] {
    const p = toPath(uri);
    // The workspace reader refuses everything in an untrusted workspace; a
    // trusted one sees at least the document itself (open buffer or disk).
    this.reader = reader;
    this.trusted = p !== undefined && reader.exists(p);
    if (!this.trusted || !p) return [];
    const deployments = deploymentsFor(p, reader);
    return deployments.length > 0 ? envForAnalysis(deployments[0]) : [];
  }

  update(snapshot: DocumentSnapshot): void {
    this.snapshots.set(snapshot.uri, snapshot);
    // The analysis says outright whether the workspace is trusted and which reader it used.
    this.trusted = snapshot.trusted;
    this.reader = snapshot.reader;
    this.computed = undefined;
  }

  remove(uri: string): void {
    this.snapshots.delete(uri);
    this.computed = undefined;
  }

  findingsFor(uri: string): readonly Finding[] {
    if (!this.trusted || !this.reader) return [];
    if (!this.computed) this.computed = this.compute(this.reader);
    for (const [u, list] of this.computed.byUri) if (sameUri(u, uri)) return list;
    return [];
  }

  private settings(): DocumentSettings {
    for (const s of this.snapshots.values()) return s.settings;
    return DEFAULT_SETTINGS;
  }

  private compute(reader: FileReader): Computed {
    const byUri = new Map<string, Finding[]>();
    const open = [...this.snapshots.values()].filter((s) => (s.dialect === 'hocon' || s.dialect === 'cuttlefish') && s.path && s.settings.enable);
    const openPaths = open.map((s) => s.path as string);
    const files = new Map<string, { uri: string; text: string; settings: DocumentSettings }>();
    for (const s of open) if (isNodeConfigName(s.path as string) || s.config?.get('node.name')) files.set(s.path as string, { uri: s.uri, text: s.text, settings: s.settings });
    const max = this.options.maxFiles ?? 64;
    for (const p of this.options.listConfigsNear?.(openPaths) ?? []) {
      if (files.size >= max) break;
      if (files.has(p) || !isNodeConfigName(p)) continue;
      const text = reader.readText(p);
      if (text !== undefined) files.set(p, { uri: toUri(p), text, settings: this.settings() });
    }
    // One file can still be several nodes (a template mounted into several compose services).
    if (files.size === 0) return { byUri };

    const nodes: GroupCandidate[] = [];
    const extra: Finding[] = [];
    /** Which configs an env file deploys, to show findings located in it. */
    const deployedBy = new Map<string, Set<string>>();
    for (const [p, f] of files) {
      for (const d of deploymentsFor(p, reader)) {
        const env = envForAnalysis(d);
        for (const v of env) if (v.location && !sameUri(v.location.uri, f.uri)) {
          const set = deployedBy.get(v.location.uri) ?? new Set<string>();
          set.add(f.uri);
          deployedBy.set(v.location.uri, set);
        }
        const docker = f.settings.docker || d.docker;
        const key = `${f.text}\u0000${JSON.stringify(env)}\u0000${docker}\u0000${JSON.stringify(f.settings)}`;
        const cacheKey = `${p}\u0000${d.service?.name ?? ''}`;
        let result = this.diskCache.get(cacheKey)?.key === key ? this.diskCache.get(cacheKey)!.result : undefined;
        if (!result) {
          result = this.analyze({
            uri: f.uri,
            text: f.text,
            reader,
            trusted: true,
            settings: { emqxVersion: f.settings.emqxVersion, docker, rules: f.settings.rules, includeDirs: f.settings.includeDirs, pathMappings: f.settings.pathMappings },
            env,
          });
          this.diskCache.set(cacheKey, { key, result });
        }
        if (result.dialect === 'ssl-dist') continue;
        const cookieUnknown = d.unresolved.includes('EMQX_NODE__COOKIE');
        const node: ClusterNodeInput = { uri: f.uri, config: result.config, dialect: result.dialect, major: result.version.major, docker, reader, cookieUnknown };
        nodes.push(d.service ? { node, composeFile: d.service.file } : { node });
        // Rules' findings about variables of this deployment (a default cookie in docker-compose.yml).
        extra.push(
          ...envLocatedFindings({
            uri: f.uri,
            text: f.text,
            config: result.config,
            dialect: result.dialect,
            version: result.version,
            docker,
            reader,
            trusted: true,
            severities: f.settings.rules,
            env,
          }),
        );
      }
    }
    // Only configs that the evidence says form one cluster are compared (see
    // cluster/grouping.ts): the files found near the open one may belong to
    // unrelated deployments, and EMQX never compares those.
    const clusterFindings = groupClusterNodes(nodes).flatMap((group) =>
      checkCluster(
        group.map((c) => c.node),
        { severities: this.settings().rules },
      ),
    );
    const findings = [...clusterFindings, ...extra];
    // Suppression comments of compose/.env files (the configs' own are applied by the service).
    const visible = applyFileSuppressions(
      findings.filter((f) => ![...files.values()].some((x) => sameUri(x.uri, f.location.uri))),
      { readText: (u) => reader.readText(toPath(u) ?? u), exists: (u) => reader.exists(toPath(u) ?? u) },
    );
    const seen = new Set<string>();
    const add = (uri: string, f: Finding): void => {
      const k = `${uri}|${f.ruleId}|${JSON.stringify(f.location.range)}|${f.message}`;
      if (seen.has(k)) return;
      seen.add(k);
      byUri.set(uri, [...(byUri.get(uri) ?? []), f]);
    };
    for (const f of findings) {
      const target = [...files.values()].find((x) => sameUri(x.uri, f.location.uri));
      if (target) {
        add(target.uri, f);
        continue;
      }
      if (!visible.includes(f)) continue;
      // In a file a config includes (its cookie kept in secrets.conf): shown at that config's include.
      for (const { node } of nodes) {
        const via = node.config.includedFile?.(f.location.uri)?.via;
        if (via && sameUri(via.uri, node.uri)) add(node.uri, atIncludeDirective(f, node.uri, via));
      }
      // Located in a compose/.env file: shown in each config that file deploys, at the section of its key.
      for (const configUri of deployedBy.get(f.location.uri) ?? []) {
        const config = [...files.values()].find((x) => sameUri(x.uri, configUri));
        add(configUri, {
          ...f,
          location: config ? anchorInText(config.uri, config.text, f.keyPath) : { uri: configUri, range: range(0, 0, 0, 0) },
          related: [{ location: f.location, message: t('Set here ({0})', path.basename(toPath(f.location.uri) ?? f.location.uri)) }, ...(f.related ?? [])],
          fixes: undefined,
        });
      }
    }
    return { byUri };
  }
}

export function createClusterProvider(options: ClusterProviderOptions = {}): ClusterFindingsProvider {
  return new ClusterFindingsProvider(options);
}
