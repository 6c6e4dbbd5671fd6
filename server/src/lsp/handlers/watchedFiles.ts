/**
 * workspace/didChangeWatchedFiles: a file the open documents may read
 * (includes, certificates, peers, env files) changed on disk: check them again.
 */
import { Feature, ServerContext } from '../context';
import { DEPENDENTS_DEBOUNCE_MS } from '../scheduler';

export function onDidChangeWatchedFiles(ctx: ServerContext): void {
  for (const d of ctx.documents.all()) ctx.scheduler.schedule(d.uri, DEPENDENTS_DEBOUNCE_MS);
}

export const watchedFiles: Feature = {
  register: (ctx) => ctx.connection.onDidChangeWatchedFiles(() => onDidChangeWatchedFiles(ctx)),
};
