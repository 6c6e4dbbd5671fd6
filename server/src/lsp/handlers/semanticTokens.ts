/**
 * textDocument/semanticTokens/full and /range: overridden keys, secret values
 * and keys EMQX does not know (ide/semanticTokens.ts), from the analysis the
 * checks already made of the document's current version.
 */
import { CancellationToken, SemanticTokens } from 'vscode-languageserver/node';
import { errorSummary } from '../../ide/service';
import { SEMANTIC_TOKENS_LEGEND, encodeSemanticTokens, semanticTokens } from '../../ide/semanticTokens';
import { Feature, ServerContext } from '../context';
import { asRange, documentUri, isRecord } from '../params';

export async function onSemanticTokens(ctx: ServerContext, params: unknown, token: CancellationToken, ranged: boolean): Promise<SemanticTokens> {
  try {
    const uri = documentUri(params);
    const range = ranged && isRecord(params) ? asRange(params.range) : undefined;
    // A range request without a valid range answers nothing rather than the whole document.
    if (!uri || (ranged && !range)) return { data: [] };
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return { data: [] };
    return { data: encodeSemanticTokens(semanticTokens({ uri, config: analysis.config, emqxVersion: analysis.emqxVersion }, range)) };
  } catch (e) {
    ctx.logError(`semantic tokens failed: ${errorSummary(e)}`);
    return { data: [] };
  }
}

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true } },
  register(ctx) {
    ctx.connection.languages.semanticTokens.on((params, token) => onSemanticTokens(ctx, params, token, false));
    ctx.connection.languages.semanticTokens.onRange((params, token) => onSemanticTokens(ctx, params, token, true));
  },
};
