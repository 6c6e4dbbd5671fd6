/**
 * textDocument/completion, documentSymbol, foldingRange, selectionRange,
 * definition and references: each answers from the language service, and an
 * empty answer on bad parameters or failure.
 */
import { CancellationToken } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../../ide/service';
import { errorSummary } from '../../ide/service';
import { Position } from '../../syntax/position';
import { Feature, ServerContext } from '../context';
import { asPosition, documentUri, isRecord } from '../params';

async function withAnalysis<T>(ctx: ServerContext, what: string, params: unknown, token: CancellationToken, empty: T, run: (a: DocumentAnalysis, position: Position | undefined) => T): Promise<T> {
  try {
    const uri = documentUri(params);
    if (!uri) return empty;
    const position = isRecord(params) ? asPosition(params.position) : undefined;
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return empty;
    return run(analysis, position);
  } catch (e) {
    ctx.logError(`${what} failed: ${errorSummary(e)}`);
    return empty;
  }
}

export const completion: Feature = {
  capabilities: { completionProvider: { triggerCharacters: ['.', '=', ' '], resolveProvider: false } },
  register: (ctx) => ctx.connection.onCompletion((params, token) => withAnalysis(ctx, 'completion', params, token, [], (a, p) => (p ? ctx.service.completion(a, p) : [])) as never),
};

export const documentSymbols: Feature = {
  capabilities: { documentSymbolProvider: true },
  register: (ctx) => ctx.connection.onDocumentSymbol((params, token) => withAnalysis(ctx, 'document symbols', params, token, [], (a) => ctx.service.documentSymbols(a)) as never),
};

export const foldingRanges: Feature = {
  capabilities: { foldingRangeProvider: true },
  register: (ctx) => ctx.connection.onFoldingRanges((params, token) => withAnalysis(ctx, 'folding ranges', params, token, [], (a) => ctx.service.foldingRanges(a)) as never),
};

export const selectionRanges: Feature = {
  capabilities: { selectionRangeProvider: true },
  register: (ctx) =>
    ctx.connection.onSelectionRanges(
      (params, token) =>
        withAnalysis(ctx, 'selection ranges', params, token, [], (a) => {
          const raw = isRecord(params) && Array.isArray(params.positions) ? params.positions : [];
          const positions = raw.map(asPosition).filter((x): x is Position => x !== undefined);
          return ctx.service.selectionRanges(a, positions);
        }) as never,
    ),
};

export const definition: Feature = {
  capabilities: { definitionProvider: true },
  register: (ctx) => ctx.connection.onDefinition((params, token) => withAnalysis(ctx, 'definition', params, token, [], (a, p) => (p ? ctx.service.definition(a, p) : [])) as never),
};

export const references: Feature = {
  capabilities: { referencesProvider: true },
  register: (ctx) =>
    ctx.connection.onReferences(
      (params, token) =>
        withAnalysis(ctx, 'references', params, token, [], (a, p) => {
          const include = isRecord(params) && isRecord(params.context) ? params.context.includeDeclaration !== false : true;
          return p ? ctx.service.references(a, p, include) : [];
        }) as never,
    ),
};
