/**
 * The settings of one document: the client's `emqxClusterSecurity` section for
 * that resource (`workspace/configuration`), or the settings it pushed
 * (initializationOptions, didChangeConfiguration) when it cannot answer
 * that request, validated by `settings.ts`. A failure falls back to what is
 * known and is logged; it never stops the check.
 */
import type { Connection } from 'vscode-languageserver/node';
import { errorSummary } from '../ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../ide/types';
import { SETTINGS_SECTION, parseSettings, sectionOf } from '../settings';
import { ClientState, folderOf } from './context';

export interface SettingsSource {
  readonly connection: Pick<Connection, 'workspace'>;
  readonly state: ClientState;
  logError(message: string): void;
}

export async function loadDocumentSettings(source: SettingsSource, uri: string): Promise<DocumentSettings> {
  const { state, logError } = source;
  const warn = (m: string) => logError(`settings: ${m}`);
  const folder = folderOf(state, uri);
  const pushed = () => (state.globalSettings !== undefined ? parseSettings(sectionOf(state.globalSettings), folder, warn) : DEFAULT_SETTINGS);
  if (!state.hasConfigurationCapability) return pushed();
  try {
    const raw: unknown = await source.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
    return parseSettings(raw ?? sectionOf(state.globalSettings), folder, warn);
  } catch (e) {
    logError(`settings for ${uri} could not be read (${errorSummary(e)}); using defaults`);
    return pushed();
  }
}
