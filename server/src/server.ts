/**
 * The language server's routing table: one line per LSP feature, each
 * handled in its own file under `lsp/handlers/`. It only moves data between
 * the connection and the pure language service in `ide/`.
 *
 *   node dist/server.js --stdio      (Neovim, other editors, tests)
 *   node dist/server.js --node-ipc   (VS Code; chosen by vscode-languageclient)
 *
 * Adding a feature: write `lsp/handlers/<feature>.ts` exporting a `Feature`
 * (its capabilities and its `register`), and add it to FEATURES below.
 *
 * Invariants (kept by the modules under `lsp/`):
 * - The server never dies of a document or a request: every handler catches,
 *   and a failure becomes an `internal-error` diagnostic or an empty answer
 *   plus a log line (without document text). Parameters are validated first.
 * - Diagnostics are never published out of order (`lsp/scheduler.ts`).
 * - Untrusted workspaces: only the open documents are analysed; nothing else
 *   is read from disk (no includes, no sibling ssl_dist.conf, no certificates).
 */
import { Connection, ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { defaultProviders } from './serverProviders';
import { defaultEngine, defaultKeyDocs } from './ide/defaultEngine';
import { Engine } from './ide/engine';
import { KeyDocLookup } from './ide/hover';
import { LanguageService } from './ide/service';
import { DEFAULT_SETTINGS, DocumentSettings, IdeDiagnostic } from './ide/types';
import { WorkspaceFindingsProvider } from './ide/workspace';
import { documentStatus } from './lsp/handlers/status';
import { formatting } from './lsp/handlers/formatting';
import { completion, definition, documentSymbols, foldingRanges, references, selectionRanges } from './lsp/handlers/navigation';
import { DocumentChecks } from './lsp/checks';
import { connectionOptions, guardProcess } from './lsp/connection';
import { ClientState, Feature, ServerContext } from './lsp/context';
import { docsLinker, findDocsDir } from './lsp/docs';
import { loadDocumentSettings } from './lsp/documentSettings';
import { createDocuments } from './lsp/documentSync';
import { FramingRepair } from './lsp/framing';
import { DEBOUNCE_MS } from './lsp/scheduler';
import { ProjectFiles } from './lsp/projectFiles';
import { SettingsCache } from './lsp/settingsCache';
import { nodeFileReader } from './nodeReader';
import { PROJECT_FILE_MAX_BYTES } from './projectFile';
import { checkWorkspaceFeature } from './lsp/handlers/checkWorkspace';
import { codeActions } from './lsp/handlers/codeActions';
import { configuration } from './lsp/handlers/configuration';
import { documentEvents } from './lsp/handlers/documentEvents';
import { documentLinks } from './lsp/handlers/documentLinks';
import { executeCommand } from './lsp/handlers/executeCommand';
import { semanticTokensFeature } from './lsp/handlers/semanticTokens';
import { hover } from './lsp/handlers/hover';
import { onInitialize, onInitialized } from './lsp/handlers/initialize';
import { watchedFiles } from './lsp/handlers/watchedFiles';

/** Every feature: its capabilities are announced by `initialize`, its handlers registered at start. */
const FEATURES: readonly Feature[] = [
  documentEvents, //  textDocument/didOpen, didChange, didSave, didClose
  configuration, //   workspace/didChangeConfiguration
  watchedFiles, //    workspace/didChangeWatchedFiles
  hover, //           textDocument/hover
  documentLinks, //   textDocument/documentLink
  codeActions, //     textDocument/codeAction
  executeCommand, //  workspace/executeCommand
  completion, //      textDocument/completion
  documentSymbols, // textDocument/documentSymbol
  foldingRanges, //   textDocument/foldingRange
  selectionRanges, // textDocument/selectionRange
  definition, //      textDocument/definition
  references, //      textDocument/references
  formatting, //      textDocument/formatting, rangeFormatting
  documentStatus, //  emqxClusterSecurity/documentStatus (the client's status bar)
  checkWorkspaceFeature, // emqxClusterSecurity/checkWorkspace ("EMQX: Check Workspace")
  semanticTokensFeature, // textDocument/semanticTokens/full, range
];

export interface ServerOptions {
  readonly engine?: Engine;
  readonly keyDocs?: KeyDocLookup;
  /** Cross-file checks (cluster-wide findings), registered with the workspace index. */
  readonly providers?: readonly WorkspaceFindingsProvider[];
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const ctx = createContext(connection, options);
  connection.onInitialize((params) => onInitialize(ctx, params, FEATURES));
  connection.onInitialized(() => onInitialized(ctx));
  for (const feature of FEATURES) feature.register(ctx);
  ctx.documents.listen(connection);
  connection.listen();
}

function createContext(connection: Connection, options: ServerOptions): ServerContext {
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const docsHref = docsLinker(findDocsDir());
  const service = new LanguageService({ engine: options.engine ?? defaultEngine, keyDocs: options.keyDocs ?? defaultKeyDocs, docsHref, log: logError });
  for (const p of options.providers ?? []) service.index.addProvider(p);
  const state: ClientState = {
    trusted: false,
    debounceMs: DEBOUNCE_MS,
    hasConfigurationCapability: false,
    hasShowDocument: false,
    workspaceFolders: [],
    globalSettings: undefined,
  };
  const documents = createDocuments((uri) => logError(`a malformed edit of ${uri} was ignored (the client's copy may now differ; reopen the file)`));
  const sendDiagnostics = (params: { uri: string; version?: number; diagnostics: IdeDiagnostic[] }) =>
    void connection.sendDiagnostics(params as Parameters<Connection['sendDiagnostics']>[0]).catch(() => undefined);
  const disk = nodeFileReader({ maxBytes: PROJECT_FILE_MAX_BYTES });
  const projectFiles = new ProjectFiles({
    exists: (p) => disk.exists(p),
    readText: (p) => disk.readText(p),
    publish: (uri, diagnostics) => sendDiagnostics({ uri, diagnostics }),
    log: logError,
  });
  const settings = new SettingsCache<DocumentSettings>((uri) => loadDocumentSettings({ connection, state, projectFiles, logError }, uri), DEFAULT_SETTINGS);
  const checks = new DocumentChecks({
    documents,
    service,
    settingsFor: (uri) => settings.get(uri),
    trusted: () => state.trusted,
    publish: sendDiagnostics,
    logError,
  });
  return {
    connection,
    documents,
    service,
    checks,
    scheduler: checks.scheduler,
    settings,
    projectFiles,
    state,
    docsHref,
    justOpened: new Set(),
    workspaceResults: new Set(),
    publishDiagnostics: sendDiagnostics,
    log,
    logError,
  };
}

if (require.main === module) {
  // createConnection picks the transport from the command line: --node-ipc, --stdio or --socket=N.
  // Over stdio the framing is repaired first: one wrong Content-Length must not leave the server deaf.
  const stdio = process.argv.includes('--stdio');
  const input = new FramingRepair((m) => process.stderr.write(`emqx-cluster-security server: ${m}\n`));
  if (stdio) process.stdin.pipe(input);
  const connection = stdio ? createConnection(ProposedFeatures.all, input, process.stdout, connectionOptions) : createConnection(ProposedFeatures.all, connectionOptions);
  guardProcess(connection);
  startServer(connection, { providers: defaultProviders() });
}
