/**
 * workspace/didChangeConfiguration: settings may have changed for every
 * document, so the cache goes and each open document's settings are fetched
 * again; a document whose settings did change loses its analysis and is
 * checked again at once. One whose settings are the same keeps its analysis:
 * VS Code sends this notification twice while it starts (once for the synced
 * section, once when the server registers for it), and re-checking then would
 * throw away the first check of the file the user just opened.
 */
import { Feature, ServerContext } from '../context';
import { isRecord } from '../params';

export function onDidChangeConfiguration(ctx: ServerContext, params: unknown): void {
  // What each open document is (being) checked with; cached, so no round trip.
  const before = new Map(
    ctx.documents
      .all()
      .filter((d) => ctx.settings.has(d.uri))
      .map((d) => [d.uri, ctx.settings.get(d.uri)] as const),
  );
  ctx.settings.clear();
  // Clients without a file watcher (Neovim) have only this to say that the project file changed.
  ctx.projectFiles.clear();
  const settings = isRecord(params) ? params.settings : undefined;
  // Clients without workspace/configuration push the settings here.
  if (!ctx.state.hasConfigurationCapability && settings !== undefined && settings !== null) ctx.state.globalSettings = settings;
  for (const doc of ctx.documents.all()) {
    const old = before.get(doc.uri);
    // Until the comparison is done, hovers and code actions wait (they must not answer from old settings).
    const same = old
      ? Promise.all([old, ctx.settings.get(doc.uri)]).then(
          ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
          () => false,
        )
      : Promise.resolve(false);
    ctx.checks.revalidate(doc.uri, same);
  }
}

export const configuration: Feature = {
  register: (ctx) => ctx.connection.onDidChangeConfiguration((params) => onDidChangeConfiguration(ctx, params)),
};
