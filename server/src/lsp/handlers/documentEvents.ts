/**
 * textDocument/didOpen, didChange, didSave, didClose: when to check. A new
 * document is checked at once, an edited one after the debounce (longer for
 * big documents); the other open documents that may read it (an include, an
 * ssl_dist.conf beside a config) are re-checked a little later, in a trusted
 * workspace only (untrusted, no document reads another).
 */
import { Feature, ServerContext } from '../context';
import { debounceFor } from '../scheduler';

/** Edits of documents larger than this do not trigger re-checks of the other open documents. */
export const DEPENDENTS_MAX_CHARS = 256 * 1024;

function changedForDependents(ctx: ServerContext, uri: string): void {
  if (ctx.state.trusted) ctx.scheduler.changedForDependents(uri);
}

export const documentEvents: Feature = {
  register(ctx: ServerContext) {
    const { documents, scheduler } = ctx;
    documents.onDidOpen((e) => {
      ctx.justOpened.add(e.document.uri);
    });
    documents.onDidChangeContent((e) => {
      const uri = e.document.uri;
      const opened = ctx.justOpened.delete(uri);
      const chars = e.document.getText().length;
      scheduler.schedule(uri, opened ? 0 : debounceFor(chars, ctx.state.debounceMs));
      // Not on every keystroke of a huge file.
      if (opened || chars <= DEPENDENTS_MAX_CHARS) changedForDependents(ctx, uri);
    });
    documents.onDidSave((e) => changedForDependents(ctx, e.document.uri));
    documents.onDidClose((e) => {
      const uri = e.document.uri;
      ctx.settings.forget(uri);
      ctx.justOpened.delete(uri);
      ctx.checks.forget(uri);
      // Its workspace results described the text on disk when the workspace was checked: they go too.
      ctx.workspaceResults.delete(uri);
      changedForDependents(ctx, uri);
    });
  },
};
