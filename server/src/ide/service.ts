/**
 * The language service: everything the editor shows, as plain data, with no
 * connection and no I/O of its own (files are read only through the injected
 * FileReader). The server calls it; tests call it directly.
 *
 *   analyze(request)            → DocumentAnalysis (diagnostics included)
 *   refresh(analysis)           → the same analysis with fresh cross-file findings
 *   hover(analysis, position)   → IdeHover | undefined
 *   codeActions(analysis, …)    → IdeCodeAction[]
 *   documentLinks(analysis)     → IdeDocumentLink[] (the files include directives read)
 *   completion(analysis, pos)   → IdeCompletionItem[] (keys and values from EMQX's schema)
 *   documentSymbols / foldingRanges / selectionRanges / definition / references
 *   format(analysis, options)   → IdeFormatEdit[] (HOCON only; nothing for a file with syntax errors)
 *
 * Nothing here throws to its caller: an engine failure becomes one
 * `internal-error` diagnostic, so one bad document never stops the others.
 */
import { FileReader } from '../io';
import { EffectiveConfig, Problem } from '../model/types';
import { applySeverities } from '../rules/analyze';
import { withoutSuppressed } from '../rules/suppress';
import { EmqxVersion, Finding } from '../rules/types';
import { analyzeDeploymentDocument, DeploymentNodeView, isDeploymentDocument } from './deployment';
import { Position, Range, rangeContains } from '../syntax/position';
import { t } from '../l10n';
import { DEFAULT_VERSION } from '../emqx/version';
import { CodeActionRequestContext, codeActions } from './codeActions';
import { IdeCompletionItem, completions } from './completion';
import { FormatOptions, IdeFormatEdit, formatHocon } from './format';
import { IdeDocumentSymbol, IdeFoldingRange, IdeSelectionRange, definition, documentSymbols, foldingRanges, references, selectionRanges } from './navigation';
import { Location } from '../syntax/position';
import { DiagnosticWithFinding, buildDiagnostics } from './diagnostics';
import { Engine } from './engine';
import { deploymentNodeHover, KeyDocLookup, hover } from './hover';
import { LineIndex } from '../syntax/lineIndex';
import { sliceRange, tightRange } from './text';
import { DIAGNOSTIC_SOURCE, DocumentSettings, IdeCodeAction, IdeDiagnostic, IdeDocumentLink, IdeHover } from './types';
import { baseName, sameUri, toUri } from './uri';
import { WorkspaceIndex } from './workspace';

export const INTERNAL_ERROR_CODE = 'internal-error';
export const TOO_LARGE_CODE = 'file-too-large';
/** Documents above this many characters are not checked (the editor must stay responsive). */
export const MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

export interface LanguageServiceOptions {
  readonly engine: Engine;
  readonly keyDocs?: KeyDocLookup;
  /** The link of a rule's documentation, or undefined when it has none. */
  readonly docsHref?: (ruleId: string) => string | undefined;
  readonly index?: WorkspaceIndex;
  /** Where failures are reported (never with document text). */
  readonly log?: (message: string) => void;
  /** Documents longer than this are not checked; one diagnostic says so. */
  readonly maxDocumentChars?: number;
}

export interface AnalyzeRequest {
  readonly uri: string;
  readonly path?: string;
  readonly version: number;
  readonly text: string;
  readonly languageId?: string;
  readonly settings: DocumentSettings;
  readonly reader: FileReader;
  readonly trusted: boolean;
  /**
   * Files the reader refused because they are too large, filled while the
   * engine runs (the server's disk reader reports them). A required include of
   * one is then reported as too large rather than as not found.
   */
  readonly oversizedFiles?: { readonly paths: readonly string[]; readonly maxBytes: number };
}

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly settings: DocumentSettings;
  readonly dialect: string;
  readonly config?: EffectiveConfig;
  readonly emqxVersion?: EmqxVersion;
  /** The document's own findings (engine output, overrides and suppressions applied). */
  readonly findings: readonly Finding[];
  /** What the editor shows, each with its finding. */
  readonly diagnostics: readonly DiagnosticWithFinding[];
  /**
   * The line index of `text`, built once per document version and shared by
   * diagnostics, hovers and code actions (absent in analyses made elsewhere;
   * then each builds its own).
   */
  readonly lines?: LineIndex;
  /** A deployment file's nodes (ide/deployment.ts), for the port hover on their names. */
  readonly deploymentNodes?: readonly DeploymentNodeView[];
  /** Files the reader refused as too large during this analysis (see AnalyzeRequest). */
  readonly oversizedFiles?: { readonly paths: readonly string[]; readonly maxBytes: number };
  /** Part of the check failed: the diagnostics carry an internal-error one, so the rest never looks complete. */
  readonly incomplete?: boolean;
}

/** The document facts the client's status bar item shows. */
export interface IdeDocumentStatus {
  readonly enabled: boolean;
  readonly dialect: string;
  /** The version the document is checked against, as `5.8.0`. */
  readonly emqxVersion?: string;
  /** The user's setting, detected from the file, or the default. */
  readonly versionSource?: 'setting' | 'detected' | 'default';
}

export class LanguageService {
  readonly index: WorkspaceIndex;
  private readonly log: (message: string) => void;

  constructor(private readonly options: LanguageServiceOptions) {
    this.log = options.log ?? (() => undefined);
    this.index = options.index ?? new WorkspaceIndex(this.log);
  }

  /**
   * Analyses a document. The index lets go of the document's previous analysis
   * first (`WorkspaceIndex.replace`); a caller that keeps analyses drops its
   * own copy before calling (lsp/checks.ts does), so a big document never
   * needs two analyses' worth of memory.
   */
  analyze(req: AnalyzeRequest): DocumentAnalysis {
    const base = { uri: req.uri, version: req.version, text: req.text, settings: req.settings, lines: new LineIndex(req.text) };
    if (!req.settings.enable) {
      this.index.remove(req.uri);
      return { ...base, dialect: dialectGuess(req), findings: [], diagnostics: [] };
    }
    const max = this.options.maxDocumentChars ?? MAX_DOCUMENT_CHARS;
    if (req.text.length > max) {
      this.index.remove(req.uri);
      return { ...base, dialect: dialectGuess(req), findings: [], diagnostics: [{ diagnostic: tooLarge(req.text, max) }] };
    }
    // YAML is a deployment file (compose, manifest, Helm values, Operator resource) or nobody's business.
    if (isDeploymentDocument(req.uri, req.languageId)) return this.analyzeDeployment(req, base);
    // The index lets go of the previous analysis before the next is made, so both are never in memory at once.
    this.index.replace(req.uri);
    let analysis: DocumentAnalysis;
    try {
      const deployment = this.index.hasProviders ? this.index.deploymentFor(req.uri, req.reader) : undefined;
      const out = this.options.engine({
        uri: req.uri,
        path: req.path,
        text: req.text,
        lines: base.lines,
        languageId: req.languageId,
        // A node deployed with the official Docker image runs as one whatever the setting says.
        settings: deployment?.docker && !req.settings.docker ? { ...req.settings, docker: true } : req.settings,
        reader: req.reader,
        trusted: req.trusted,
        env: deployment?.env,
        container: deployment?.container,
      });
      const oversized = req.oversizedFiles && req.oversizedFiles.paths.length > 0 ? { paths: [...req.oversizedFiles.paths], maxBytes: req.oversizedFiles.maxBytes } : undefined;
      const incomplete = (out.internalErrors?.length ?? 0) > 0;
      if (incomplete) this.log(`analysis of ${req.uri} is incomplete: ${out.internalErrors!.join('; ')}`);
      analysis = { ...base, dialect: out.dialect, config: out.config, emqxVersion: out.version, findings: out.findings, diagnostics: [], oversizedFiles: oversized, incomplete };
    } catch (e) {
      this.log(`analysis of ${req.uri} failed: ${errorSummary(e)}`);
      return { ...base, dialect: dialectGuess(req), findings: [], diagnostics: [{ diagnostic: internalError(req.text, base.lines) }] };
    }
    try {
      this.index.update({
        uri: req.uri,
        path: req.path,
        version: req.version,
        text: req.text,
        dialect: analysis.dialect,
        config: analysis.config,
        emqxVersion: analysis.emqxVersion,
        settings: req.settings,
        findings: analysis.findings,
        reader: req.reader,
        trusted: req.trusted,
      });
    } catch (e) {
      this.log(`workspace index update for ${req.uri} failed: ${errorSummary(e)}`);
    }
    return this.refresh(analysis);
  }

  /** A YAML document: the findings `check` reports in it, none when it is no deployment file (ide/deployment.ts). */
  private analyzeDeployment(req: AnalyzeRequest, base: Pick<DocumentAnalysis, 'uri' | 'version' | 'text' | 'settings'> & { lines: LineIndex }): DocumentAnalysis {
    this.index.remove(req.uri);
    try {
      const s = req.settings;
      const { findings, nodes } = analyzeDeploymentDocument({
        uri: req.uri,
        path: req.path,
        text: req.text,
        reader: req.reader,
        settings: { emqxVersion: s.emqxVersion, docker: s.docker, rules: s.rules, includeDirs: s.includeDirs, pathMappings: s.pathMappings },
      });
      return this.refresh({ ...base, dialect: 'yaml', findings, diagnostics: [], deploymentNodes: nodes });
    } catch (e) {
      this.log(`analysis of ${req.uri} failed: ${errorSummary(e)}`);
      return { ...base, dialect: 'yaml', findings: [], diagnostics: [{ diagnostic: internalError(req.text, base.lines) }] };
    }
  }

  /** Recomputes the diagnostics of an analysis (cross-file findings may have changed since). */
  refresh(analysis: DocumentAnalysis): DocumentAnalysis {
    if (!analysis.settings.enable) return analysis;
    try {
      const extra = this.index.hasProviders
        ? // The document's severity overrides and suppression comments, as the rules layer applies them to its own findings.
          withoutSuppressed(applySeverities(this.index.extraFindings(analysis.uri), analysis.settings.rules), analysis.text, dialectOf(analysis.dialect))
        : [];
      const { problems, replaced } = explainOversizedIncludes(analysis.config?.problems ?? [], analysis);
      // The hocon-syntax rule repeats each problem as a finding; the one about an oversized include goes with it.
      const own = replaced.size === 0 ? analysis.findings : analysis.findings.filter((f) => !replaced.has(`${f.message}\u0000${f.location.range.start.line}`));
      const diagnostics = buildDiagnostics(analysis.uri, analysis.text, extra.length === 0 ? own : [...own, ...extra], problems, {
        docsHref: this.options.docsHref,
        lines: linesOf(analysis),
      });
      return { ...analysis, diagnostics: analysis.incomplete ? [{ diagnostic: internalError(analysis.text, linesOf(analysis)) }, ...diagnostics] : diagnostics };
    } catch (e) {
      this.log(`diagnostics of ${analysis.uri} failed: ${errorSummary(e)}`);
      return { ...analysis, diagnostics: [{ diagnostic: internalError(analysis.text, linesOf(analysis)) }] };
    }
  }

  /** The plain diagnostics of an analysis, as published. */
  diagnostics(analysis: DocumentAnalysis): IdeDiagnostic[] {
    return analysis.diagnostics.map((d) => d.diagnostic);
  }

  forget(uri: string): void {
    this.index.remove(uri);
  }

  hover(analysis: DocumentAnalysis, position: Position): IdeHover | undefined {
    if (!analysis.settings.enable) return undefined;
    try {
      if (analysis.deploymentNodes) {
        // Replicas of one workload share the line that names them: each is shown (a few at most).
        const here = analysis.deploymentNodes.filter((x) => rangeContains(x.range, position));
        if (here.length === 0) return undefined;
        const value = here
          .slice(0, 5)
          .map((n) => deploymentNodeHover(n.name, n.label, n.config, n.docker))
          .join('\n\n---\n\n');
        return { range: here[0].range, contents: { kind: 'markdown', value } };
      }
      return hover({
        uri: analysis.uri,
        text: analysis.text,
        position,
        config: analysis.config,
        version: analysis.emqxVersion,
        docker: analysis.settings.docker,
        keyDocs: this.options.keyDocs,
        lines: linesOf(analysis),
        nodes: () => (this.index.hasProviders ? this.index.nodesFor(analysis.uri) : []),
      });
    } catch (e) {
      this.log(`hover in ${analysis.uri} failed: ${errorSummary(e)}`);
      return undefined;
    }
  }

  /** The file name of each include directive of the document whose file was read, linked to that file. */
  documentLinks(analysis: DocumentAnalysis): IdeDocumentLink[] {
    if (!analysis.settings.enable) return [];
    try {
      return (analysis.config?.includeLinks?.() ?? [])
        .filter((l) => sameUri(l.at.uri, analysis.uri))
        .map((l) => ({ range: l.at.range, target: toUri(l.uri), tooltip: t('Open {0}', baseName(l.uri)) }));
    } catch (e) {
      this.log(`document links in ${analysis.uri} failed: ${errorSummary(e)}`);
      return [];
    }
  }

  /** Keys and enum values EMQX's schema allows at the position, for the analysis's EMQX version. */
  completion(analysis: DocumentAnalysis, position: Position): IdeCompletionItem[] {
    if (!analysis.settings.enable || analysis.dialect === 'ssl-dist') return [];
    return this.guard('completion', analysis, [], () => completions(analysis.text, this.lines(analysis), position, analysis.emqxVersion ?? DEFAULT_VERSION));
  }

  documentSymbols(analysis: DocumentAnalysis): IdeDocumentSymbol[] {
    if (!analysis.settings.enable || analysis.dialect === 'ssl-dist') return [];
    return this.guard('document symbols', analysis, [], () => documentSymbols(analysis.text, this.lines(analysis)));
  }

  foldingRanges(analysis: DocumentAnalysis): IdeFoldingRange[] {
    if (!analysis.settings.enable || analysis.dialect === 'ssl-dist') return [];
    return this.guard('folding ranges', analysis, [], () => foldingRanges(analysis.text, this.lines(analysis)));
  }

  selectionRanges(analysis: DocumentAnalysis, positions: readonly Position[]): IdeSelectionRange[] {
    if (!analysis.settings.enable) return [];
    return this.guard('selection ranges', analysis, [], () => selectionRanges(analysis.text, this.lines(analysis), positions));
  }

  /** From `${path}` to the assignment in effect (in any file or layer), from an include to its file. */
  definition(analysis: DocumentAnalysis, position: Position): Location[] {
    if (!analysis.settings.enable) return [];
    return this.guard('definition', analysis, [], () => definition(analysis.uri, analysis.config, this.lines(analysis), position));
  }

  /** Every assignment of the key path at the position, overridden ones included. */
  references(analysis: DocumentAnalysis, position: Position, includeDeclaration = true): Location[] {
    if (!analysis.settings.enable) return [];
    return this.guard('references', analysis, [], () => references(analysis.uri, analysis.config, this.lines(analysis), position, includeDeclaration));
  }

  /** What the status bar shows for the document: the EMQX version checked against and where it came from. */
  status(analysis: DocumentAnalysis): IdeDocumentStatus {
    const v = analysis.emqxVersion;
    return {
      enabled: analysis.settings.enable,
      dialect: analysis.dialect,
      emqxVersion: v ? `${v.major}.${v.minor}.${v.patch}` : undefined,
      versionSource: v?.source,
    };
  }

  /** Formatting edits for a HOCON document (the lines of `range` only, when given). 4.x and ssl_dist.conf files are left as they are. */
  format(analysis: DocumentAnalysis, options: FormatOptions, range?: Range): IdeFormatEdit[] {
    if (!analysis.settings.enable || analysis.dialect !== 'hocon') return [];
    return this.guard('formatting', analysis, [], () => formatHocon(analysis.text, options, this.lines(analysis), range));
  }

  private lines(analysis: DocumentAnalysis): LineIndex {
    return linesOf(analysis) ?? new LineIndex(analysis.text);
  }

  private guard<T>(what: string, analysis: DocumentAnalysis, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (e) {
      this.log(`${what} in ${analysis.uri} failed: ${errorSummary(e)}`);
      return fallback;
    }
  }

  codeActions(analysis: DocumentAnalysis, range: Range, context: CodeActionRequestContext): IdeCodeAction[] {
    if (!analysis.settings.enable) return [];
    try {
      return codeActions({
        uri: analysis.uri,
        text: analysis.text,
        dialect: analysis.dialect,
        diagnostics: analysis.diagnostics,
        range,
        context,
        docsHref: this.options.docsHref,
        lines: linesOf(analysis),
      });
    } catch (e) {
      this.log(`code actions in ${analysis.uri} failed: ${errorSummary(e)}`);
      return [];
    }
  }
}

export const INCLUDE_TOO_LARGE_CODE = 'include-too-large';
const INCLUDE_MISSING_CODE = 'hocon-include-missing';

/**
 * The model reports a required include it could not read as not found; when
 * the reader refused the file because of its size, that is misleading (EMQX
 * would read it and start). Such a problem becomes a warning that says so.
 */
function explainOversizedIncludes(problems: readonly Problem[], analysis: DocumentAnalysis): { problems: readonly Problem[]; replaced: Set<string> } {
  const replaced = new Set<string>();
  const oversized = analysis.oversizedFiles;
  if (!oversized || oversized.paths.length === 0 || !problems.some((p) => p.code === INCLUDE_MISSING_CODE)) return { problems, replaced };
  const lines = linesOf(analysis) ?? new LineIndex(analysis.text);
  const files = oversized.paths.map((p) => p.replace(/\\/g, '/'));
  const out = problems.map((p): Problem => {
    if (p.code !== INCLUDE_MISSING_CODE || !sameUri(p.location.uri, analysis.uri)) return p;
    const target = /"((?:[^"\\]|\\.)*)"/.exec(sliceRange(lines, p.location.range))?.[1];
    if (!target) return p;
    const rel = target.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
    const file = files.find((f) => f === rel || f.endsWith(`/${rel}`));
    if (!file) return p;
    replaced.add(`${p.message}\u0000${p.location.range.start.line}`);
    return {
      ...p,
      code: INCLUDE_TOO_LARGE_CODE,
      severity: 'warning',
      message: t(
        'Required include "{0}" was not read: {1} is larger than {2} MiB, the most this checker reads from disk. EMQX reads it; its settings are not part of this check.',
        target,
        baseName(file),
        Math.round(oversized.maxBytes / (1024 * 1024)),
      ),
    };
  });
  return { problems: out, replaced };
}

/** The analysis's shared line index when it matches its text (an analysis may be rebuilt by hand in tests). */
function linesOf(analysis: DocumentAnalysis): LineIndex | undefined {
  return analysis.lines?.text === analysis.text ? analysis.lines : undefined;
}

function dialectOf(dialect: string): 'hocon' | 'cuttlefish' | 'ssl-dist' {
  return dialect === 'ssl-dist' || dialect === 'cuttlefish' ? dialect : 'hocon';
}

function dialectGuess(req: { uri: string; languageId?: string }): string {
  return req.languageId === 'emqx-ssl-dist' || /ssl_dist\.conf$/i.test(req.uri) ? 'ssl-dist' : 'hocon';
}

/**
 * A summary of an exception for the log: its class and first stack frames.
 * The message is left out on purpose: a parser or rule error may quote the
 * document (and so a cookie), and the log must never hold document text.
 */
export function errorSummary(e: unknown): string {
  if (e instanceof Error) {
    const frames = (e.stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 4)
      .map((s) => s.trim());
    return `${e.name}${frames.length > 0 ? ` (${frames.join(' | ')})` : ''}`;
  }
  return typeof e;
}

function internalError(text: string, lines?: LineIndex): IdeDiagnostic {
  return {
    range: tightRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lines ?? new LineIndex(text)),
    severity: 2,
    code: INTERNAL_ERROR_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: t('EMQX Cluster Security could not check this file because of an internal error. The details are in the output channel; please report it.'),
  };
}

function tooLarge(text: string, max: number): IdeDiagnostic {
  return {
    range: tightRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, new LineIndex(text.slice(0, 4096))),
    severity: 3,
    code: TOO_LARGE_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: t('This file is larger than {0} MB, so EMQX Cluster Security does not check it in the editor. Check it with the command-line tool instead.', Math.round(max / (1024 * 1024))),
  };
}
