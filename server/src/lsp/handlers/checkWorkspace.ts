/**
 * `emqxClusterSecurity/checkWorkspace` (a request of our own, sent by the
 * client's "EMQX: Check Workspace" command, in the manner of eslint's lint
 * task): runs the node pipeline over the EMQX configs of the workspace
 * folders and publishes diagnostics for the files that are not open.
 *
 * - Untrusted workspace: nothing is listed or read; the answer says so.
 * - Only files inside the workspace folders are listed and given diagnostics.
 * - An open document keeps the diagnostics of its own check; a file opened
 *   later takes over with its own check as usual. Closing a document clears
 *   its diagnostics, as for any closed document: the workspace results of
 *   that file are dropped then (they would describe a text that may have
 *   changed since), and come back with the next workspace check.
 * - A file that changes or goes on disk loses its workspace results
 *   (watchedFiles.ts); a new workspace check clears the files of the previous
 *   one that no longer have a result.
 */
import { listConfigs } from '../../clusterFiles';
import { errorSummary } from '../../ide/service';
import { CHECK_WORKSPACE_REQUEST, DEFAULT_SETTINGS, DocumentSettings, WorkspaceCheckSummary } from '../../ide/types';
import { checkWorkspace } from '../../ide/workspaceCheck';
import { toUri } from '../../ide/uri';
import { Feature, ServerContext } from '../context';

/** At most this many config files are checked; the rest are left out (and the answer says so). */
export const WORKSPACE_CHECK_MAX_FILES = 500;

export async function onCheckWorkspace(ctx: ServerContext): Promise<WorkspaceCheckSummary> {
  const none = { files: 0, filesWithProblems: 0, problems: 0, truncated: false };
  if (!ctx.state.trusted) return { trusted: false, ...none };
  try {
    const folders = ctx.state.workspaceFolders;
    const listed = folders.length > 0 ? listConfigs(folders, WORKSPACE_CHECK_MAX_FILES + 1) : [];
    const files = listed.slice(0, WORKSPACE_CHECK_MAX_FILES);
    // Settings are fetched first (one request each, cached): the pipeline itself is synchronous.
    const uris = files.map(toUri);
    const settings = new Map<string, DocumentSettings>();
    const loaded = await Promise.all(uris.map((u) => ctx.settings.get(u)));
    uris.forEach((u, i) => settings.set(u, loaded[i]));
    const isOpen = (uri: string): boolean => ctx.documents.get(uri) !== undefined;
    // The cache is for open documents; the others' settings are fetched again by the next check.
    for (const u of uris) if (!isOpen(u)) ctx.settings.forget(u);
    const result = checkWorkspace({
      files,
      folders,
      reader: ctx.checks.readerFor(),
      settings: (uri) => settings.get(uri) ?? DEFAULT_SETTINGS,
      skip: isOpen,
      complete: listed.length <= WORKSPACE_CHECK_MAX_FILES,
      docsHref: ctx.docsHref,
    });
    const now = new Set<string>();
    let problems = 0;
    let filesWithProblems = 0;
    for (const f of result.files) {
      // A document opened while the settings were fetched has its own check.
      if (isOpen(f.uri)) continue;
      now.add(f.uri);
      problems += f.diagnostics.length;
      if (f.diagnostics.length > 0) filesWithProblems++;
      ctx.publishDiagnostics({ uri: f.uri, diagnostics: f.diagnostics });
    }
    for (const uri of ctx.workspaceResults) if (!now.has(uri) && !isOpen(uri)) ctx.publishDiagnostics({ uri, diagnostics: [] });
    ctx.workspaceResults.clear();
    for (const uri of now) ctx.workspaceResults.add(uri);
    return { trusted: true, files: files.length, filesWithProblems, problems, truncated: listed.length > WORKSPACE_CHECK_MAX_FILES };
  } catch (e) {
    ctx.logError(`the workspace check failed: ${errorSummary(e)}`);
    return { trusted: true, ...none };
  }
}

/** A file with workspace results changed or went on disk, or was opened and closed: its results go. */
export function dropWorkspaceResult(ctx: ServerContext, uri: string): void {
  if (!ctx.workspaceResults.delete(uri)) return;
  if (!ctx.documents.get(uri)) ctx.publishDiagnostics({ uri, diagnostics: [] });
}

export const checkWorkspaceFeature: Feature = {
  register: (ctx) => ctx.connection.onRequest(CHECK_WORKSPACE_REQUEST, () => onCheckWorkspace(ctx)),
};
