/**
 * Checking open documents and publishing their diagnostics: one analysis per
 * document version, kept for hover, code actions and links; identical
 * diagnostics are not republished; cross-file findings of the other documents
 * are refreshed after each check. When a check runs is the scheduler's
 * business; this module runs it.
 *
 * Invariants:
 * - A failure never escapes: the service turns engine failures into an
 *   `internal-error` diagnostic, and anything else here is logged (without
 *   document text) and the requests waiting for the check go on.
 * - A stale run never publishes: a run whose generation is no longer the
 *   newest (a newer edit, a close) stops before analysing.
 * - Untrusted workspaces: the reader is `noFiles`; only the open documents are read.
 * - At most one analysis of a document is reachable: the previous one is
 *   dropped (here and in the workspace index) right before the next is made,
 *   with nothing asynchronous in between, so a request never finds the
 *   document without one it could have used, and a big document never needs
 *   two analyses' worth of memory. Requests get an analysis of the document's
 *   current version only, or wait for it, or get nothing.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileReader, noFiles } from '../io';
import { DEFAULT_MAX_READ_BYTES, nodeFileReader } from '../nodeReader';
import { DocumentAnalysis, LanguageService, errorSummary } from '../ide/service';
import { DocumentSettings, IdeDiagnostic } from '../ide/types';
import { toPath } from '../ide/uri';
import { Cancellable, DocumentScheduler } from './scheduler';

/**
 * Documents over this many characters are large: hover and code-action
 * requests wait for the scheduled check instead of starting one of their own
 * (editors send them on every cursor move while the user types).
 */
export const LARGE_DOCUMENT_CHARS = 1024 * 1024;

/** The open documents, as `TextDocuments` keeps them. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export interface ChecksOptions {
  readonly documents: OpenDocuments;
  readonly service: LanguageService;
  readonly settingsFor: (uri: string) => Promise<DocumentSettings>;
  readonly trusted: () => boolean;
  readonly publish: (params: { uri: string; version?: number; diagnostics: IdeDiagnostic[] }) => void;
  readonly logError: (message: string) => void;
}

export class DocumentChecks {
  /** The analysis of each open document's latest checked version. */
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** What was last published per document (version + diagnostics), to skip identical republishing. */
  private readonly published = new Map<string, string>();
  readonly scheduler: DocumentScheduler;

  constructor(private readonly options: ChecksOptions) {
    this.scheduler = new DocumentScheduler({
      check: (uri, generation) => this.check(uri, generation),
      checkDependents: (changed) => this.checkDependents(changed),
    });
  }

  /**
   * Trusted: the disk, with the open documents' unsaved text taking precedence.
   * Untrusted: nothing. The text of an open document is its current one, read
   * when asked: the reader is kept with the analysis it served (the workspace
   * index hands it to the cluster checks), and must not keep old versions of
   * the open documents' text.
   */
  readerFor(oversized?: string[]): FileReader {
    if (!this.options.trusted()) return noFiles;
    const disk = nodeFileReader({ onTooLarge: (p) => oversized?.push(p) });
    const documents = this.options.documents;
    const open = new Map<string, string>();
    for (const d of documents.all()) {
      const p = toPath(d.uri);
      if (p) open.set(path.normalize(p), d.uri);
    }
    const openText = (p: string): string | undefined => {
      const uri = open.get(path.normalize(p));
      return uri === undefined ? undefined : documents.get(uri)?.getText();
    };
    return {
      readText: (p) => openText(p) ?? disk.readText(p),
      exists: (p) => openText(p) !== undefined || disk.exists(p),
      stat: (p) => disk.stat?.(p),
    };
  }

  /** Checks `uri` if `generation` is still its newest, then publishes and wakes the requests waiting for it. */
  async check(uri: string, generation: number): Promise<void> {
    const { service, documents } = this.options;
    try {
      const settings = await this.options.settingsFor(uri);
      // A newer edit or a close arrived while the settings were fetched: that run publishes instead.
      if (!this.scheduler.isCurrent(uri, generation)) return;
      const doc = documents.get(uri);
      if (!doc) return;
      // The previous analysis goes before the next is made (the service drops the index's copy).
      this.analyses.delete(uri);
      const oversized: string[] = [];
      const analysis = service.analyze({
        uri,
        path: toPath(uri),
        version: doc.version,
        text: doc.getText(),
        languageId: doc.languageId,
        settings,
        reader: this.readerFor(oversized),
        trusted: this.options.trusted(),
        oversizedFiles: { paths: oversized, maxBytes: DEFAULT_MAX_READ_BYTES },
      });
      this.analyses.set(uri, analysis);
      this.publish(analysis);
      this.scheduler.checked(uri);
      if (service.index.hasProviders) this.refreshOthers(uri);
    } catch (e) {
      // service.analyze does not throw; this guards the glue itself.
      this.options.logError(`checking ${uri} failed: ${errorSummary(e)}`);
      this.scheduler.checked(uri);
    }
  }

  /**
   * The analysis of a document's current version, for hover and code actions.
   * A small document whose check is still pending is checked now. A large one
   * (over LARGE_DOCUMENT_CHARS) is not: the request waits for the scheduled
   * check, so requests sent while typing (editors ask for code actions on every
   * cursor move) never add checks of their own. Either way it gets an analysis
   * of the version the request was made on, or nothing (the document changed
   * again meanwhile, or the client cancelled): never another version's, whose
   * ranges would be wrong.
   */
  async analysisFor(uri: string, token?: Cancellable): Promise<DocumentAnalysis | undefined> {
    const validating = this.validating.get(uri);
    if (validating) await validating;
    const doc = this.options.documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    // No analysis of another version is held across the waits below: it must be collectable while the next is made.
    const current = this.analysisAt(uri, version);
    if (current) return current;
    if (doc.getText().length > LARGE_DOCUMENT_CHARS) {
      // Settings changes drop analyses and schedule a check; anything else without a pending run gets one.
      if (!this.scheduler.isPending(uri)) this.scheduler.schedule(uri, 0);
      await this.scheduler.waitForCheck(uri, token);
      return this.analysisAt(uri, version);
    }
    // A check made stale by a newer edit (while it fetched its settings) leaves no analysis of this version: nothing.
    await this.scheduler.checkNow(uri);
    return this.analysisAt(uri, version);
  }

  /**
   * The analysis of a document's current version for requests the editor
   * sends after every edit (semantic tokens): a check already scheduled is
   * waited for rather than forced, so they never cut the debounce short.
   */
  async settledAnalysis(uri: string, token?: Cancellable): Promise<DocumentAnalysis | undefined> {
    const validating = this.validating.get(uri);
    if (validating) await validating;
    const doc = this.options.documents.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    const current = this.analysisAt(uri, version);
    if (current) return current;
    if (!this.scheduler.isPending(uri)) return this.analysisFor(uri, token);
    await this.scheduler.waitForCheck(uri, token);
    return this.analysisAt(uri, version);
  }

  /** The kept analysis of `uri` when it is of `version` and that is still the open document's version. */
  private analysisAt(uri: string, version: number): DocumentAnalysis | undefined {
    const analysis = this.analyses.get(uri);
    return analysis && analysis.version === version && this.options.documents.get(uri)?.version === version ? analysis : undefined;
  }

  /** Every analysis was made with settings that changed: none may answer a request any more. */
  dropAnalyses(): void {
    this.analyses.clear();
  }

  /** Settings comparisons under way, per document (see revalidate). */
  private readonly validating = new Map<string, Promise<unknown>>();

  /**
   * The settings of `uri` may have changed; `same` says whether they did not.
   * Meanwhile requests wait; when they changed, the analysis goes and the
   * document is checked at once; when not, the analysis (and a check under
   * way, which fetched the same settings) stands.
   */
  revalidate(uri: string, same: Promise<boolean>): void {
    const done = same.then(
      (unchanged) => {
        if (this.validating.get(uri) === done) this.validating.delete(uri);
        if (unchanged || !this.options.documents.get(uri)) return;
        this.analyses.delete(uri);
        this.scheduler.schedule(uri, 0);
      },
      () => undefined,
    );
    this.validating.set(uri, done);
  }

  /** The document closed: its analysis and published state go, the client's problems are cleared. */
  forget(uri: string): void {
    this.scheduler.forget(uri);
    this.analyses.delete(uri);
    this.published.delete(uri);
    this.options.service.forget(uri);
    this.options.publish({ uri, diagnostics: [] });
    if (this.options.service.index.hasProviders) this.refreshOthers(uri);
  }

  /**
   * Whether another open document may read `changedUri`: it sits in the same
   * folder (ssl_dist.conf, base.hocon next to emqx.conf) or names the file
   * (an include). Re-checking only those keeps typing in one file from
   * re-checking a large unrelated one.
   */
  static mayDependOn(other: TextDocument, changedUri: string): boolean {
    const a = toPath(other.uri);
    const b = toPath(changedUri);
    if (!a || !b) return false;
    if (path.dirname(a) === path.dirname(b)) return true;
    return other.getText().includes(path.basename(b));
  }

  /** Re-checks the open documents that may read one of `changed` (not a changed one itself, which has its own run). */
  private checkDependents(changed: readonly string[]): void {
    for (const d of this.options.documents.all()) {
      if (changed.some((c) => c !== d.uri && DocumentChecks.mayDependOn(d, c))) this.scheduler.schedule(d.uri, 0);
    }
  }

  private publish(analysis: DocumentAnalysis): void {
    const diagnostics = this.options.service.diagnostics(analysis);
    const key = `${analysis.version}\u0000${JSON.stringify(diagnostics)}`;
    // Republishing identical diagnostics makes some clients redraw (flicker); skip it, but still
    // publish when the version moved, so the client knows they belong to the new text.
    if (this.published.get(analysis.uri) === key) return;
    this.published.set(analysis.uri, key);
    this.options.publish({ uri: analysis.uri, version: analysis.version, diagnostics });
  }

  /** Cross-file findings of the other documents may have changed: republish the ones that did. */
  private refreshOthers(changedUri: string): void {
    for (const [uri, analysis] of this.analyses) {
      const doc = this.options.documents.get(uri);
      // A document with an edit pending gets its own run; its old analysis must not be republished over it.
      if (uri === changedUri || !doc || doc.version !== analysis.version || this.scheduler.isPending(uri)) continue;
      const refreshed = this.options.service.refresh(analysis);
      this.analyses.set(uri, refreshed);
      this.publish(refreshed);
    }
  }
}
