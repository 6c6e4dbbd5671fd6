/**
 * "Check Workspace": the node pipeline (cluster/pipeline.ts) over every EMQX
 * config of the workspace folders, as `check` runs it over a folder, turned
 * into the diagnostics of each file, for files that are not open (an open
 * document keeps the diagnostics of its own check).
 *
 * The files come from the caller (the server layer lists the folders);
 * deployment files (docker-compose, `.env`) are looked for inside the
 * workspace folders only, and a file outside them is never checked or given
 * diagnostics. A config still reads the files it names itself (includes,
 * certificates, ssl_dist.conf) through the workspace reader, as it does when
 * it is opened, so a file shows the same findings closed and open.
 *
 * No I/O of its own: everything is read through the injected reader.
 */
import { FileReader } from '../io';
import { AnalyzeInput, AnalyzeResult, analyzeDocument } from '../rules/analyze';
import { NodeSource, runPipeline, sourcesForFile } from '../cluster/pipeline';
import { analyzeSettings, withinFolders } from './cluster';
import { buildDiagnostics } from './diagnostics';
import { DocumentSettings, IdeDiagnostic } from './types';
import { isInside, sameUri, toUri } from './uri';

export interface WorkspaceCheckInput {
  /** The EMQX config files found in the folders (paths). */
  readonly files: readonly string[];
  /** The workspace folders (paths); files outside them are left out. */
  readonly folders: readonly string[];
  /** The workspace reader (refuses everything in an untrusted workspace). */
  readonly reader: FileReader;
  /** The settings of a file (per folder, project file included). */
  readonly settings: (uri: string) => DocumentSettings;
  /** Files not to give diagnostics to (the open documents). */
  readonly skip?: (uri: string) => boolean;
  /** False when the list was cut at a limit (a seed naming no listed node then proves nothing). */
  readonly complete: boolean;
  readonly docsHref?: (ruleId: string) => string | undefined;
  /** The rules layer's entry point (injectable for tests). */
  readonly analyze?: (input: AnalyzeInput) => AnalyzeResult;
}

export interface WorkspaceFileDiagnostics {
  readonly uri: string;
  readonly diagnostics: IdeDiagnostic[];
}

export interface WorkspaceCheckResult {
  /** One entry per checked file that is not skipped, with or without diagnostics. */
  readonly files: readonly WorkspaceFileDiagnostics[];
}

export function checkWorkspace(input: WorkspaceCheckInput): WorkspaceCheckResult {
  const inside = (p: string): boolean => input.folders.some((f) => isInside(p, f));
  const files = input.files.filter(inside);
  const deployments = withinFolders(input.reader, input.folders);
  const sources: NodeSource[] = [];
  const enabled = files.filter((p) => input.settings(toUri(p)).enable);
  for (const p of enabled) sources.push(...sourcesForFile(p, deployments, { uri: toUri(p), nameFile: toUri }));
  const analyze = input.analyze ?? analyzeDocument;
  const result = runPipeline({
    sources,
    reader: input.reader,
    settings: (uri) => analyzeSettings(input.settings(uri)),
    clusterSeverities: input.settings(toUri(enabled[0] ?? input.folders[0] ?? '')).rules,
    placement: 'include',
    analyze: (i) => analyze(i),
    complete: input.complete,
  });
  // The problems the reader found in each file (a syntax error the rules did not repeat).
  const problems = new Map<string, AnalyzeResult>();
  for (const a of result.analyses) if (!problems.has(a.source.uri)) problems.set(a.source.uri, a.result);
  const out: WorkspaceFileDiagnostics[] = [];
  for (const p of enabled) {
    const uri = toUri(p);
    if (input.skip?.(uri)) continue;
    const text = input.reader.readText(p);
    if (text === undefined) continue;
    let findings: Parameters<typeof buildDiagnostics>[2] = [];
    for (const [u, list] of result.byFile) if (sameUri(u, uri)) findings = list;
    const diagnostics = buildDiagnostics(uri, text, findings, problems.get(uri)?.config?.problems ?? [], { docsHref: input.docsHref });
    out.push({ uri, diagnostics: diagnostics.map((d) => d.diagnostic) });
  }
  return { files: out };
}
