/** textDocument/documentLink: the files include directives read, clickable. */
import { CancellationToken, DocumentLink } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { Feature, ServerContext } from '../context';
import { documentUri } from '../params';

export async function onDocumentLinks(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<DocumentLink[]> {
  try {
    const uri = documentUri(params);
    if (!uri) return [];
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return [];
    return ctx.service.documentLinks(analysis);
  } catch (e) {
    ctx.logError(`document links failed: ${errorSummary(e)}`);
    return [];
  }
}

export const documentLinks: Feature = {
  capabilities: { documentLinkProvider: { resolveProvider: false } },
  register: (ctx) => ctx.connection.onDocumentLinks((params, token) => onDocumentLinks(ctx, params, token)),
};
