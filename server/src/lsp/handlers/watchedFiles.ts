/**
 * workspace/didChangeWatchedFiles: a file the open documents may read
 * (includes, certificates, peers, env files) changed on disk: check them
 * again. A changed project file also changes their settings. A changed file
 * loses the results of the last workspace check (they describe its old text).
 */
import { Feature, ServerContext } from '../context';
import { dropWorkspaceResult } from './checkWorkspace';
import { isRecord } from '../params';
import { ProjectFiles } from '../projectFiles';
import { DEPENDENTS_DEBOUNCE_MS } from '../scheduler';

export function onDidChangeWatchedFiles(ctx: ServerContext, params: unknown): void {
  const changes = isRecord(params) && Array.isArray(params.changes) ? params.changes : [];
  if (changes.some((c) => isRecord(c) && typeof c.uri === 'string' && ProjectFiles.isProjectFile(c.uri))) {
    ctx.projectFiles.clear();
    ctx.settings.clear();
    ctx.checks.dropAnalyses();
  }
  for (const c of changes) if (isRecord(c) && typeof c.uri === 'string') dropWorkspaceResult(ctx, c.uri);
  for (const d of ctx.documents.all()) ctx.scheduler.schedule(d.uri, DEPENDENTS_DEBOUNCE_MS);
}

export const watchedFiles: Feature = {
  register: (ctx) => ctx.connection.onDidChangeWatchedFiles((params) => onDidChangeWatchedFiles(ctx, params)),
};
