/** textDocument/formatting and textDocument/rangeFormatting: ide/format.ts over the open document. */
import { TextEdit } from 'vscode-languageserver/node';
import { formatDocument, FormatOptions } from '../../ide/format';
import { errorSummary } from '../../ide/service';
import { Feature, ServerContext } from '../context';
import { asRange, documentUri, isRecord } from '../params';
import type { Range } from '../../syntax/position';

/** LSP's FormattingOptions as clients send them; two spaces when they send none. */
function formatOptions(params: unknown): FormatOptions {
  const o = isRecord(params) && isRecord(params.options) ? params.options : {};
  const tabSize = typeof o.tabSize === 'number' && Number.isFinite(o.tabSize) && o.tabSize >= 0 ? o.tabSize : 2;
  return { tabSize, insertSpaces: o.insertSpaces !== false };
}

export async function onFormatting(ctx: ServerContext, params: unknown, range?: Range): Promise<TextEdit[]> {
  try {
    const uri = documentUri(params);
    const doc = uri ? ctx.documents.get(uri) : undefined;
    if (!uri || !doc) return [];
    const settings = await ctx.settings.get(uri);
    if (!settings.enable) return [];
    return formatDocument(uri, doc.getText(), doc.languageId, settings.emqxVersion, formatOptions(params), range) ?? [];
  } catch (e) {
    ctx.logError(`formatting failed: ${errorSummary(e)}`);
    return [];
  }
}

export const formatting: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register: (ctx) => {
    ctx.connection.onDocumentFormatting((params) => onFormatting(ctx, params));
    ctx.connection.onDocumentRangeFormatting((params) => {
      const range = isRecord(params) ? asRange(params.range) : undefined;
      return range ? onFormatting(ctx, params, range) : [];
    });
  },
};
