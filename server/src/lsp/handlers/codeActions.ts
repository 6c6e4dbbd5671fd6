/**
 * textDocument/codeAction: quick fixes, suppression comments and fix-all.
 * Parameters are checked first: a request without a range (older clients)
 * uses the range its diagnostics cover; diagnostics without a valid range
 * are ignored, and ones without a code are matched by place and message.
 */
import { CancellationToken, CodeAction, CodeActionKind } from 'vscode-languageserver/node';
import { CodeActionRequestContext } from '../../ide/codeActions';
import { errorSummary } from '../../ide/service';
import { CODE_ACTION_KIND_FIX_ALL_OURS } from '../../ide/types';
import { Feature, ServerContext } from '../context';
import { asRange, coveringRange, documentUri, isRecord } from '../params';

/** The request's context with only well-formed diagnostics and kinds. */
export function requestContext(raw: unknown): CodeActionRequestContext {
  const context = isRecord(raw) ? raw : {};
  const diagnostics: Array<CodeActionRequestContext['diagnostics'][number]> = [];
  for (const d of Array.isArray(context.diagnostics) ? context.diagnostics : []) {
    if (!isRecord(d)) continue;
    const range = asRange(d.range);
    if (!range) continue;
    diagnostics.push({
      range,
      code: typeof d.code === 'string' || typeof d.code === 'number' ? d.code : undefined,
      source: typeof d.source === 'string' ? d.source : undefined,
      message: typeof d.message === 'string' ? d.message : undefined,
    });
  }
  const only = Array.isArray(context.only) ? context.only.filter((k): k is string => typeof k === 'string') : undefined;
  return { diagnostics, only };
}

export async function onCodeAction(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<CodeAction[]> {
  try {
    const uri = documentUri(params);
    if (!uri || !isRecord(params)) return [];
    const context = requestContext(params.context);
    const range = asRange(params.range) ?? coveringRange(context.diagnostics.map((d) => d.range));
    if (!range) return [];
    const analysis = await ctx.checks.analysisFor(uri, token);
    if (!analysis || token.isCancellationRequested) return [];
    return ctx.service.codeActions(analysis, range, context) as unknown as CodeAction[];
  } catch (e) {
    ctx.logError(`code actions failed: ${errorSummary(e)}`);
    return [];
  }
}

export const codeActions: Feature = {
  capabilities: {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, CODE_ACTION_KIND_FIX_ALL_OURS] },
  },
  register: (ctx) => ctx.connection.onCodeAction((params, token) => onCodeAction(ctx, params, token)),
};
