/**
 * The language server: LSP glue only. It owns the connection, the open
 * documents, per-resource settings and the debounce/version bookkeeping, and
 * routes every request to the pure language service in `ide/`.
 *
 *   node dist/server.js --stdio      (Neovim, other editors, tests)
 *   node dist/server.js --node-ipc   (VS Code; chosen by vscode-languageclient)
 *
 * Invariants:
 * - The server never dies of a document: every analysis, hover and code action
 *   runs inside try/catch, and a failure becomes an `internal-error` diagnostic
 *   on that document and a log line (without document text) for the others.
 * - Diagnostics are never published out of order: each run carries a
 *   generation number, a newer edit cancels an older run, and the published
 *   version is the one the diagnostics were computed for.
 * - Untrusted workspaces: only the open documents are analysed; nothing else
 *   is read from disk (no includes, no sibling ssl_dist.conf, no certificates).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  DocumentLink,
  DocumentLinkParams,
  Connection,
  ConnectionOptions,
  Diagnostic,
  DidChangeConfigurationNotification,
  ExecuteCommandParams,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  Message,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileReader, noFiles } from './io';
import { configureLocale, t } from './l10n';
import { DEFAULT_MAX_READ_BYTES, nodeFileReader } from './nodeReader';
import { SETTINGS_SECTION, parseSettings, sectionOf } from './settings';
import { defaultProviders } from './serverProviders';
import { defaultEngine, defaultKeyDocs } from './ide/defaultEngine';
import { Engine } from './ide/engine';
import { KeyDocLookup } from './ide/hover';
import { DocumentAnalysis, LanguageService, errorSummary } from './ide/service';
import {
  CODE_ACTION_KIND_FIX_ALL_OURS,
  DEFAULT_SETTINGS,
  DocumentSettings,
  SHOW_RULE_DOCS_COMMAND,
} from './ide/types';
import { toPath } from './ide/uri';
import { WorkspaceFindingsProvider } from './ide/workspace';

/** Milliseconds between the last keystroke and the analysis of a document. */
export const DEBOUNCE_MS = 200;
/** Other open documents (which may include or sit next to the edited one) are re-checked a little later. */
const DEPENDENTS_DEBOUNCE_MS = 400;
/** Edits of documents larger than this do not trigger re-checks of the other open documents. */
const DEPENDENTS_MAX_CHARS = 256 * 1024;
/**
 * Documents over this many characters are large: hover and code-action
 * requests wait for the scheduled check instead of starting one of their own
 * (editors send them on every cursor move while the user types).
 */
export const LARGE_DOCUMENT_CHARS = 1024 * 1024;
/**
 * Documents up to this many characters are checked `debounceMs` after the last
 * edit; larger ones wait proportionally longer (a 5 MB file 250 ms, the 16 MB
 * cap 0.8 s), about what their check itself takes (BENCHMARKS.md), so typing
 * in them does not start a check on every pause.
 */
export const DEBOUNCE_SCALE_CHARS = 4 * 1024 * 1024;

/** The quiet time after an edit before a document of `chars` characters is checked. */
export function debounceFor(chars: number, baseMs: number = DEBOUNCE_MS): number {
  return chars <= DEBOUNCE_SCALE_CHARS ? baseMs : Math.round((baseMs * chars) / DEBOUNCE_SCALE_CHARS);
}

export interface ServerOptions {
  readonly engine?: Engine;
  readonly keyDocs?: KeyDocLookup;
  /** Cross-file checks (cluster-wide findings), registered with the workspace index. */
  readonly providers?: readonly WorkspaceFindingsProvider[];
}

interface InitOptions {
  trusted?: unknown;
  settings?: unknown;
  locale?: unknown;
  /** Milliseconds of quiet after an edit before checking (default 200); benchmarks set 0. */
  debounceMs?: unknown;
}

/** Where the rule documentation pages are: `<install dir>/docs/rules`, found from this bundle (dist/) or the sources (server/src/). */
export function findDocsDir(from: string = __dirname): string | undefined {
  for (const up of [['..'], ['..', '..']]) {
    const dir = path.resolve(from, ...up, 'docs', 'rules');
    try {
      if (fs.statSync(dir).isDirectory()) return dir;
    } catch {
      // Not here; try the next candidate.
    }
  }
  return undefined;
}

/** The `file://` link of a rule's documentation page, when the page exists. */
function docsLinker(dir: string | undefined): (ruleId: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (ruleId) => {
    if (!dir || !/^[a-z0-9][a-z0-9-]*$/.test(ruleId)) return undefined;
    if (!cache.has(ruleId)) {
      const file = path.join(dir, `${ruleId}.md`);
      let href: string | undefined;
      try {
        href = fs.statSync(file).isFile() ? pathToFileURL(file).toString() : undefined;
      } catch {
        href = undefined;
      }
      cache.set(ruleId, href);
    }
    return cache.get(ruleId);
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An `initialize` request as the library expects it. vscode-languageserver reads
 * `params.trace` and `params.capabilities.workspace` itself before our handler runs, so a
 * minimal client that sends no `capabilities` (or null, or params that are not an object)
 * would get an internal error instead of a server. Missing parts become empty objects:
 * no capabilities means the client supports nothing optional.
 */
export function normalizeInitialize(message: Message): Message {
  if (!Message.isRequest(message) || message.method !== 'initialize') return message;
  const params = isPlainObject(message.params) ? message.params : {};
  const capabilities = isPlainObject(params.capabilities) ? params.capabilities : {};
  return { ...message, params: { ...params, capabilities } } as Message;
}

/** Connection options for every transport: `initialize` is normalised before the library sees it. */
export const connectionOptions: ConnectionOptions = {
  messageStrategy: { handleMessage: (message, next) => next(normalizeInitialize(message)) },
};

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const docsHref = docsLinker(findDocsDir());
  const service = new LanguageService({
    engine: options.engine ?? defaultEngine,
    keyDocs: options.keyDocs ?? defaultKeyDocs,
    docsHref,
    log: logError,
  });
  for (const p of options.providers ?? []) service.index.addProvider(p);

  let trusted = false;
  let debounceMs = DEBOUNCE_MS;
  let hasConfigurationCapability = false;
  let hasShowDocument = false;
  let workspaceFolders: string[] = [];
  /** Settings for clients that cannot answer `workspace/configuration`. */
  let globalSettings: unknown = undefined;
  const settingsCache = new Map<string, Promise<DocumentSettings>>();
  const analyses = new Map<string, DocumentAnalysis>();
  const published = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const generation = new Map<string, number>();
  const justOpened = new Set<string>();
  /** Requests (hover, code actions) on a large document waiting for its scheduled check. */
  const awaitingAnalysis = new Map<string, Array<() => void>>();
  let dependentsTimer: NodeJS.Timeout | undefined;

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    trusted = init.trusted === true;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0 && init.debounceMs <= 5000) debounceMs = init.debounceMs;
    globalSettings = init.settings;
    const locale = configureLocale(typeof init.locale === 'string' ? init.locale : params.locale);
    hasConfigurationCapability = params.capabilities?.workspace?.configuration === true;
    hasShowDocument = params.capabilities?.window?.showDocument?.support === true;
    // Clients send all kinds of shapes here; only well-formed entries count.
    workspaceFolders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders : [])
      .map((f) => (isPlainObject(f) && typeof f.uri === 'string' ? toPath(f.uri) : undefined))
      .filter((p): p is string => p !== undefined);
    if (workspaceFolders.length === 0 && typeof params.rootUri === 'string' && params.rootUri) {
      const root = toPath(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    // The cross-file checks look for files only inside these folders.
    service.index.workspaceFolders = workspaceFolders;
    log(`EMQX Cluster Security server started (workspace ${trusted ? 'trusted' : 'untrusted: only open documents are read'}, messages: ${locale}).`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, CODE_ACTION_KIND_FIX_ALL_OURS],
        },
        executeCommandProvider: { commands: [SHOW_RULE_DOCS_COMMAND] },
      },
      serverInfo: { name: 'emqx-cluster-security' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) {
      // Ask to be told about changes of our section; the client then sends didChangeConfiguration.
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
  });

  // ---------------------------------------------------------------- settings

  function folderOf(uri: string): string | undefined {
    const p = toPath(uri);
    if (!p) return workspaceFolders[0];
    const inside = workspaceFolders.filter((f) => p === f || p.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    return inside.sort((a, b) => b.length - a.length)[0] ?? workspaceFolders[0];
  }

  function settingsFor(uri: string): Promise<DocumentSettings> {
    const cached = settingsCache.get(uri);
    if (cached) return cached;
    const warn = (m: string) => logError(`settings: ${m}`);
    const folder = folderOf(uri);
    let p: Promise<DocumentSettings>;
    if (hasConfigurationCapability) {
      p = connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw) => parseSettings(raw ?? sectionOf(globalSettings), folder, warn))
        .catch((e) => {
          logError(`settings for ${uri} could not be read (${errorSummary(e)}); using defaults`);
          return globalSettings !== undefined ? parseSettings(sectionOf(globalSettings), folder, warn) : DEFAULT_SETTINGS;
        });
    } else {
      p = Promise.resolve(globalSettings !== undefined ? parseSettings(sectionOf(globalSettings), folder, warn) : DEFAULT_SETTINGS);
    }
    settingsCache.set(uri, p);
    return p;
  }

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    // Every analysis was made with the old settings: a hover or code action must not use one.
    analyses.clear();
    if (!hasConfigurationCapability && change.settings !== undefined && change.settings !== null) {
      globalSettings = change.settings;
    }
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  // ---------------------------------------------------------------- reading files

  /** Trusted: the disk, with the open documents' unsaved text taking precedence. Untrusted: nothing. */
  function readerFor(oversized?: string[]): FileReader {
    if (!trusted) return noFiles;
    const disk = nodeFileReader({ onTooLarge: (p) => oversized?.push(p) });
    const open = new Map<string, string>();
    for (const d of documents.all()) {
      const p = toPath(d.uri);
      if (p) open.set(path.normalize(p), d.getText());
    }
    return {
      readText: (p) => open.get(path.normalize(p)) ?? disk.readText(p),
      exists: (p) => open.has(path.normalize(p)) || disk.exists(p),
      stat: (p) => disk.stat?.(p),
    };
  }

  // ---------------------------------------------------------------- diagnostics

  function schedule(uri: string, delay: number): void {
    const gen = (generation.get(uri) ?? 0) + 1;
    generation.set(uri, gen);
    const old = timers.get(uri);
    if (old) clearTimeout(old);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri, gen);
      }, delay),
    );
  }

  /**
   * Whether another open document may read `changedUri`: it sits in the same
   * folder (ssl_dist.conf, base.hocon next to emqx.conf) or names the file
   * (an include). Re-checking only those keeps typing in one file from
   * re-checking a large unrelated one.
   */
  function mayDependOn(other: TextDocument, changedUri: string): boolean {
    const a = toPath(other.uri);
    const b = toPath(changedUri);
    if (!a || !b) return false;
    if (path.dirname(a) === path.dirname(b)) return true;
    return other.getText().includes(path.basename(b));
  }

  const pendingDependents = new Set<string>();

  function scheduleDependents(changedUri: string): void {
    if (!trusted) return; // Untrusted: no document reads another, so none depends on it.
    pendingDependents.add(changedUri);
    if (dependentsTimer) clearTimeout(dependentsTimer);
    dependentsTimer = setTimeout(() => {
      dependentsTimer = undefined;
      const changed = [...pendingDependents];
      pendingDependents.clear();
      // A document that changed itself is already scheduled, but it may also depend on another one that changed.
      for (const d of documents.all()) if (changed.some((c) => c !== d.uri && mayDependOn(d, c))) schedule(d.uri, 0);
    }, DEPENDENTS_DEBOUNCE_MS);
  }

  function wakeRequests(uri: string): void {
    const waiting = awaitingAnalysis.get(uri);
    if (!waiting) return;
    awaitingAnalysis.delete(uri);
    for (const wake of waiting) wake();
  }

  /**
   * The analysis of a document's current version, for hover and code actions.
   * A small document whose check is still pending is checked now. A large one
   * (over LARGE_DOCUMENT_CHARS) is not: the request waits for the scheduled
   * check, so requests sent while typing (editors ask for code actions on every
   * cursor move) never add checks of their own; it gets nothing when the
   * document changed again meanwhile or the client cancelled it.
   */
  async function analysisFor(uri: string, token?: CancellationToken): Promise<DocumentAnalysis | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const current = analyses.get(uri);
    if (current && current.version === doc.version) return current;
    if (doc.getText().length > LARGE_DOCUMENT_CHARS) {
      const version = doc.version;
      // Settings changes drop analyses and schedule a check; anything else without a pending run gets one.
      if (!timers.has(uri)) schedule(uri, 0);
      await new Promise<void>((resolve) => {
        const list = awaitingAnalysis.get(uri) ?? [];
        list.push(resolve);
        awaitingAnalysis.set(uri, list);
        token?.onCancellationRequested(() => resolve());
      });
      const done = analyses.get(uri);
      return done && done.version === version && documents.get(uri)?.version === version ? done : undefined;
    }
    const gen = (generation.get(uri) ?? 0) + 1;
    generation.set(uri, gen);
    const t0 = timers.get(uri);
    if (t0) {
      clearTimeout(t0);
      timers.delete(uri);
    }
    await validate(uri, gen);
    return analyses.get(uri);
  }

  async function validate(uri: string, gen: number): Promise<void> {
    try {
      const settings = await settingsFor(uri);
      // A newer edit or a close arrived while the settings were fetched: that run publishes instead.
      if (generation.get(uri) !== gen) return;
      const doc = documents.get(uri);
      if (!doc) return;
      const oversized: string[] = [];
      const analysis = service.analyze({
        uri,
        path: toPath(uri),
        version: doc.version,
        text: doc.getText(),
        languageId: doc.languageId,
        settings,
        reader: readerFor(oversized),
        trusted,
        oversizedFiles: { paths: oversized, maxBytes: DEFAULT_MAX_READ_BYTES },
      });
      analyses.set(uri, analysis);
      publish(analysis);
      wakeRequests(uri);
      if (service.index.hasProviders) refreshOthers(uri);
    } catch (e) {
      // service.analyze does not throw; this guards the glue itself.
      logError(`checking ${uri} failed: ${errorSummary(e)}`);
      wakeRequests(uri);
    }
  }

  function publish(analysis: DocumentAnalysis): void {
    const diagnostics = service.diagnostics(analysis) as unknown as Diagnostic[];
    const key = JSON.stringify(diagnostics);
    // Republishing identical diagnostics makes some clients redraw (flicker); skip it, but still
    // publish when the version moved, so the client knows they belong to the new text.
    const last = published.get(analysis.uri);
    if (last === `${analysis.version}\u0000${key}`) return;
    published.set(analysis.uri, `${analysis.version}\u0000${key}`);
    void connection.sendDiagnostics({ uri: analysis.uri, version: analysis.version, diagnostics }).catch(() => undefined);
  }

  /** Cross-file findings of the other documents may have changed: republish the ones that did. */
  function refreshOthers(changedUri: string): void {
    for (const [uri, analysis] of analyses) {
      const doc = documents.get(uri);
      // A document with an edit pending gets its own run; its old analysis must not be republished over it.
      if (uri === changedUri || !doc || doc.version !== analysis.version || timers.has(uri)) continue;
      const refreshed = service.refresh(analysis);
      analyses.set(uri, refreshed);
      publish(refreshed);
    }
  }

  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
  });

  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    const opened = justOpened.delete(uri);
    schedule(uri, opened ? 0 : debounceFor(e.document.getText().length, debounceMs));
    // A config may include this document or read it as its ssl_dist.conf; re-check the others
    // (not on every keystroke of a huge file).
    if (opened || e.document.getText().length <= DEPENDENTS_MAX_CHARS) scheduleDependents(uri);
  });

  documents.onDidSave((e) => scheduleDependents(e.document.uri));

  documents.onDidClose((e) => {
    const uri = e.document.uri;
    generation.set(uri, (generation.get(uri) ?? 0) + 1);
    const timer = timers.get(uri);
    if (timer) clearTimeout(timer);
    timers.delete(uri);
    analyses.delete(uri);
    published.delete(uri);
    settingsCache.delete(uri);
    justOpened.delete(uri);
    wakeRequests(uri);
    service.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    if (service.index.hasProviders) refreshOthers(uri);
    scheduleDependents(uri);
  });

  connection.onDidChangeWatchedFiles(() => {
    for (const d of documents.all()) schedule(d.uri, DEPENDENTS_DEBOUNCE_MS);
  });

  // ---------------------------------------------------------------- requests

  connection.onHover(async (params: HoverParams, token): Promise<Hover | null> => {
    try {
      const analysis = await analysisFor(params.textDocument.uri, token);
      if (!analysis || token.isCancellationRequested) return null;
      return (service.hover(analysis, params.position) as Hover | undefined) ?? null;
    } catch (e) {
      logError(`hover failed: ${errorSummary(e)}`);
      return null;
    }
  });

  connection.onDocumentLinks(async (params: DocumentLinkParams, token): Promise<DocumentLink[]> => {
    try {
      const analysis = await analysisFor(params.textDocument.uri, token);
      if (!analysis || token.isCancellationRequested) return [];
      return service.documentLinks(analysis);
    } catch (e) {
      logError(`document links failed: ${errorSummary(e)}`);
      return [];
    }
  });

  connection.onCodeAction(async (params: CodeActionParams, token): Promise<CodeAction[]> => {
    try {
      const analysis = await analysisFor(params.textDocument.uri, token);
      if (!analysis || token.isCancellationRequested) return [];
      const context = {
        diagnostics: (params.context?.diagnostics ?? []).map((d) => ({
          range: d.range,
          code: typeof d.code === 'object' ? undefined : d.code,
          source: d.source,
          message: d.message,
        })),
        only: params.context?.only,
      };
      return service.codeActions(analysis, params.range, context) as unknown as CodeAction[];
    } catch (e) {
      logError(`code actions failed: ${errorSummary(e)}`);
      return [];
    }
  });

  connection.onExecuteCommand(async (params: ExecuteCommandParams) => {
    if (params.command !== SHOW_RULE_DOCS_COMMAND) return null;
    const ruleId = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : '';
    const href = docsHref(ruleId);
    if (!href) {
      void connection.window.showWarningMessage(t('No documentation page was found for {0}.', ruleId));
      return null;
    }
    if (hasShowDocument) {
      await connection.window.showDocument({ uri: href, takeFocus: true }).catch(() => undefined);
    } else {
      void connection.window.showInformationMessage(t('Documentation for {0}: {1}', ruleId, href));
    }
    return null;
  });

  documents.listen(connection);
  connection.listen();
}

/** Keeps the process alive through a bug in a handler: the error is logged, the server goes on. */
function guardProcess(connection: Connection): void {
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`unexpected error: ${errorSummary(e)}`);
    } catch {
      // The connection itself may be gone; nothing more to do.
    }
  });
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`unexpected rejection: ${errorSummary(e)}`);
    } catch {
      // As above.
    }
  });
}

if (require.main === module) {
  // createConnection picks the transport from the command line: --node-ipc, --stdio or --socket=N.
  const connection = createConnection(ProposedFeatures.all, connectionOptions);
  guardProcess(connection);
  startServer(connection, { providers: defaultProviders() });
}
