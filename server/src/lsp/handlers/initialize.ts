/**
 * initialize and initialized: what the client told us (trust, locale,
 * settings, folders, capabilities) goes into the context; the answer
 * announces the capabilities of every registered feature.
 */
import { DidChangeConfigurationNotification, InitializeParams, InitializeResult, ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { configureLocale } from '../../l10n';
import { SETTINGS_SECTION } from '../../settings';
import { toPath } from '../../ide/uri';
import { Feature, ServerContext } from '../context';
import { isRecord } from '../params';

interface InitOptions {
  trusted?: unknown;
  settings?: unknown;
  locale?: unknown;
  /** Milliseconds of quiet after an edit before checking (default 200); benchmarks set 0. */
  debounceMs?: unknown;
}

/** Workspace folders as paths; clients send all kinds of shapes here, so only well-formed entries count. */
export function workspaceFolderPaths(params: Partial<InitializeParams>): string[] {
  const folders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders : [])
    .map((f) => (isRecord(f) && typeof f.uri === 'string' ? toPath(f.uri) : undefined))
    .filter((p): p is string => p !== undefined);
  if (folders.length === 0 && typeof params.rootUri === 'string' && params.rootUri) {
    const root = toPath(params.rootUri);
    if (root) return [root];
  }
  return folders;
}

export function onInitialize(ctx: ServerContext, params: InitializeParams, features: readonly Feature[]): InitializeResult {
  const init = (isRecord(params.initializationOptions) ? params.initializationOptions : {}) as InitOptions;
  const { state } = ctx;
  state.trusted = init.trusted === true;
  if (typeof init.debounceMs === 'number' && init.debounceMs >= 0 && init.debounceMs <= 5000) state.debounceMs = init.debounceMs;
  state.globalSettings = init.settings;
  const locale = configureLocale(typeof init.locale === 'string' ? init.locale : params.locale);
  state.hasConfigurationCapability = params.capabilities?.workspace?.configuration === true;
  state.hasShowDocument = params.capabilities?.window?.showDocument?.support === true;
  state.workspaceFolders = workspaceFolderPaths(params);
  // The cross-file checks look for files only inside these folders.
  ctx.service.index.workspaceFolders = state.workspaceFolders;
  ctx.log(`EMQX Cluster Security server started (workspace ${state.trusted ? 'trusted' : 'untrusted: only open documents are read'}, messages: ${locale}).`);
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  };
  for (const f of features) Object.assign(capabilities, f.capabilities);
  return { capabilities, serverInfo: { name: 'emqx-cluster-security' } };
}

export function onInitialized(ctx: ServerContext): void {
  if (ctx.state.hasConfigurationCapability) {
    // Ask to be told about changes of our section; the client then sends didChangeConfiguration.
    void ctx.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
  }
}
