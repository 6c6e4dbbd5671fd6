/**
 * The settings of one document: the project file that applies to it (trusted
 * workspaces only, see `projectFiles.ts`) under the client's
 * `emqxClusterSecurity` section for that resource (`workspace/configuration`),
 * or the settings the client pushed (initializationOptions,
 * didChangeConfiguration) when it cannot answer that request; all validated
 * by `settings.ts`. A document the project file ignores is not checked. A
 * failure falls back to what is known and is logged; it never stops the check.
 */
import type { Connection } from 'vscode-languageserver/node';
import { errorSummary } from '../ide/service';
import { DocumentSettings } from '../ide/types';
import { toPath } from '../ide/uri';
import { isIgnored } from '../projectFile';
import { SETTINGS_SECTION, SettingsLayer, combineSettings, readEditorSettings, sectionOf } from '../settings';
import { ClientState, folderOf } from './context';
import { ProjectFiles } from './projectFiles';

export interface SettingsSource {
  readonly connection: Pick<Connection, 'workspace'>;
  readonly state: ClientState;
  readonly projectFiles?: ProjectFiles;
  logError(message: string): void;
}

/** The client's own settings for `uri` (only what it says), as a layer. */
async function clientLayer(source: SettingsSource, uri: string, folder: string | undefined): Promise<SettingsLayer> {
  const { state, logError } = source;
  const warn = (m: string) => logError(`settings: ${m}`);
  const pushed = () => readEditorSettings(sectionOf(state.globalSettings), folder, warn);
  if (!state.hasConfigurationCapability) return pushed();
  try {
    const raw: unknown = await source.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
    return readEditorSettings(raw ?? sectionOf(state.globalSettings), folder, warn);
  } catch (e) {
    logError(`settings for ${uri} could not be read (${errorSummary(e)}); using defaults`);
    return pushed();
  }
}

export async function loadDocumentSettings(source: SettingsSource, uri: string): Promise<DocumentSettings> {
  const folder = folderOf(source.state, uri);
  const documentPath = toPath(uri);
  // The search stops at the workspace folder; a document outside it (folderOf's fallback) gets none.
  const project = source.state.trusted ? source.projectFiles?.forDocument(documentPath, folder) : undefined;
  const settings = combineSettings(project?.settings, await clientLayer(source, uri, folder));
  return project && documentPath && isIgnored(project, documentPath) ? { ...settings, enable: false } : settings;
}
