/**
 * `emqxClusterSecurity/documentStatus` (a request of our own): the EMQX version
 * a document is checked against, where it came from, and whether the workspace
 * is trusted, for the client's status bar item. Null for unknown documents.
 */
import { CancellationToken } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { Feature, ServerContext } from '../context';
import { documentUri } from '../params';

export const DOCUMENT_STATUS_REQUEST = 'emqxClusterSecurity/documentStatus';

export async function onDocumentStatus(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<unknown> {
  try {
    const uri = documentUri(params);
    if (!uri) return null;
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return null;
    return { ...ctx.service.status(analysis), trusted: ctx.state.trusted };
  } catch (e) {
    ctx.logError(`document status failed: ${errorSummary(e)}`);
    return null;
  }
}

export const documentStatus: Feature = {
  capabilities: {},
  register: (ctx) => ctx.connection.onRequest(DOCUMENT_STATUS_REQUEST, (params: unknown, token: CancellationToken) => onDocumentStatus(ctx, params, token)),
};
