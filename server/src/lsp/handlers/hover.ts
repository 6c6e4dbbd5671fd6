/** textDocument/hover: the port, node-name and key hovers of the language service. */
import { CancellationToken, Hover } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { Feature, ServerContext } from '../context';
import { asPosition, documentUri, isRecord } from '../params';

export async function onHover(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<Hover | null> {
  try {
    const uri = documentUri(params);
    const position = isRecord(params) ? asPosition(params.position) : undefined;
    if (!uri || !position) return null;
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return null;
    return (ctx.service.hover(analysis, position) as Hover | undefined) ?? null;
  } catch (e) {
    ctx.logError(`hover failed: ${errorSummary(e)}`);
    return null;
  }
}

export const hover: Feature = {
  capabilities: { hoverProvider: true },
  register: (ctx) => ctx.connection.onHover((params, token) => onHover(ctx, params, token)),
};
