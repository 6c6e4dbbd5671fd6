/**
 * workspace/didChangeConfiguration: settings may have changed for every
 * document, so the cache and every analysis made with the old settings go,
 * and every open document is checked again at once.
 */
import { Feature, ServerContext } from '../context';
import { isRecord } from '../params';

export function onDidChangeConfiguration(ctx: ServerContext, params: unknown): void {
  ctx.settings.clear();
  // Clients without a file watcher (Neovim) have only this to say that the project file changed.
  ctx.projectFiles.clear();
  // A hover or code action must not answer from an analysis made with the old settings.
  ctx.checks.dropAnalyses();
  const settings = isRecord(params) ? params.settings : undefined;
  // Clients without workspace/configuration push the settings here.
  if (!ctx.state.hasConfigurationCapability && settings !== undefined && settings !== null) ctx.state.globalSettings = settings;
  for (const doc of ctx.documents.all()) ctx.scheduler.schedule(doc.uri, 0);
}

export const configuration: Feature = {
  register: (ctx) => ctx.connection.onDidChangeConfiguration((params) => onDidChangeConfiguration(ctx, params)),
};
