/**
 * What every handler shares: the connection, the open documents, the
 * language service, the checks and their scheduler, the settings cache and
 * what `initialize` learnt about the client. `startServer` builds one; each
 * handler in `handlers/` receives it.
 */
import * as path from 'node:path';
import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../ide/service';
import { DocumentSettings, IdeDiagnostic } from '../ide/types';
import { toPath } from '../ide/uri';
import { DocumentChecks } from './checks';
import { ProjectFiles } from './projectFiles';
import { DocumentScheduler } from './scheduler';
import { SettingsCache } from './settingsCache';

/** What `initialize` learnt from the client; read by the handlers. */
export interface ClientState {
  trusted: boolean;
  /** Milliseconds of quiet after an edit before a check. */
  debounceMs: number;
  hasConfigurationCapability: boolean;
  hasShowDocument: boolean;
  /** Workspace folders as file-system paths. */
  workspaceFolders: string[];
  /** Settings for clients that cannot answer `workspace/configuration` (initializationOptions or didChangeConfiguration). */
  globalSettings: unknown;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  readonly checks: DocumentChecks;
  readonly scheduler: DocumentScheduler;
  readonly settings: SettingsCache<DocumentSettings>;
  /** The project files (`.emqx-cluster-security.yaml`) read so far. */
  readonly projectFiles: ProjectFiles;
  readonly state: ClientState;
  /** The `file://` link of a rule's documentation page, when the page exists. */
  readonly docsHref: (ruleId: string) => string | undefined;
  /** Documents opened but not yet checked (the first check runs without debounce). */
  readonly justOpened: Set<string>;
  /** Files given diagnostics by the last workspace check (handlers/checkWorkspace.ts). */
  readonly workspaceResults: Set<string>;
  publishDiagnostics(params: { uri: string; version?: number; diagnostics: IdeDiagnostic[] }): void;
  log(message: string): void;
  logError(message: string): void;
}

/**
 * One LSP feature: what `initialize` announces for it and how its handler is
 * registered. server.ts lists the features; adding one is one line there.
 */
export interface Feature {
  readonly capabilities?: ServerCapabilities;
  register(ctx: ServerContext): void;
}

/** The workspace folder that holds `uri` (the innermost), else the first one. */
export function folderOf(state: ClientState, uri: string): string | undefined {
  const p = toPath(uri);
  if (!p) return state.workspaceFolders[0];
  const inside = state.workspaceFolders.filter((f) => p === f || p.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  return inside.sort((a, b) => b.length - a.length)[0] ?? state.workspaceFolders[0];
}
