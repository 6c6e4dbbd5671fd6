/** textDocument/formatting and rangeFormatting: the language service's formatting edits. */
import { CancellationToken } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { Feature, ServerContext } from '../context';
import { asRange, documentUri, isRecord } from '../params';

async function onFormatting(ctx: ServerContext, params: unknown, token: CancellationToken, ranged: boolean): Promise<unknown[]> {
  try {
    const uri = documentUri(params);
    if (!uri || !isRecord(params)) return [];
    const range = ranged ? asRange(params.range) : undefined;
    if (ranged && !range) return [];
    const o = isRecord(params.options) ? params.options : {};
    const options = { tabSize: typeof o.tabSize === 'number' && o.tabSize > 0 ? o.tabSize : 2, insertSpaces: o.insertSpaces !== false };
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return [];
    return ctx.service.format(analysis, options, range);
  } catch (e) {
    ctx.logError(`formatting failed: ${errorSummary(e)}`);
    return [];
  }
}

export const formatting: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register: (ctx) => {
    ctx.connection.onDocumentFormatting((params, token) => onFormatting(ctx, params, token, false) as never);
    ctx.connection.onDocumentRangeFormatting((params, token) => onFormatting(ctx, params, token, true) as never);
  },
};
