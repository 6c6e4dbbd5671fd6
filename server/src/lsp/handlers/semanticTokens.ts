/**
 * textDocument/semanticTokens/full and /range: overridden keys, secret values
 * and keys EMQX does not know (ide/semanticTokens.ts), from the analysis the
 * checks already made of the document's current version (waiting for a
 * scheduled check, never forcing one: editors ask after every edit).
 */
import { CancellationToken, LSPErrorCodes, ResponseError, SemanticTokens } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { SEMANTIC_TOKENS_LEGEND, encodeSemanticTokens, semanticTokens } from '../../ide/semanticTokens';
import { Feature, ServerContext } from '../context';
import { asRange, documentUri, isRecord } from '../params';

export async function onSemanticTokens(ctx: ServerContext, params: unknown, token: CancellationToken, ranged: boolean): Promise<SemanticTokens> {
  let data: number[] | undefined;
  try {
    const uri = documentUri(params);
    const range = ranged && isRecord(params) ? asRange(params.range) : undefined;
    // A range request without a valid range answers nothing rather than the whole document.
    if (!uri || (ranged && !range)) return { data: [] };
    // Sent after every edit: wait for the scheduled check rather than forcing one.
    const analysis = await ctx.checks.settledAnalysis(uri, token);
    if (!analysis && !token.isCancellationRequested && ctx.documents.get(uri)) data = undefined;
    else if (!analysis || token.isCancellationRequested) return { data: [] };
    else data = encodeSemanticTokens(semanticTokens({ uri, config: analysis.config, emqxVersion: analysis.emqxVersion }, range));
  } catch (e) {
    ctx.logError(`semantic tokens failed: ${errorSummary(e)}`);
    return { data: [] };
  }
  // The document changed again before its check: the editor keeps its tokens and asks again.
  if (data === undefined) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
  return { data };
}

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true } },
  register(ctx) {
    ctx.connection.languages.semanticTokens.on((params, token) => onSemanticTokens(ctx, params, token, false));
    ctx.connection.languages.semanticTokens.onRange((params, token) => onSemanticTokens(ctx, params, token, true));
  },
};
