/**
 * Completion from EMQX's schema (emqx/catalogue.ts): keys inside blocks and in
 * dotted paths (HOCON and 4.x flat files), and the values of enum and boolean
 * keys, each with EMQX's description. Only keys the target version knows are
 * offered; hidden and deprecated ones are not. No values from the document are
 * ever offered (a cookie must not show up as a suggestion).
 */
import { CatalogueRecord, childKeys, defaultIn, describe, enumValues, lookup } from '../emqx/catalogue';
import { EmqxVersion } from '../emqx/version';
import { Position } from '../syntax/position';
import { blockKeysAt, keySegments } from './outline';
import { LineIndex } from '../syntax/lineIndex';

export interface IdeCompletionItem {
  readonly label: string;
  /** LSP CompletionItemKind: 9 Module (a block), 10 Property, 20 EnumMember, 21 Constant. */
  readonly kind: number;
  readonly detail?: string;
  readonly documentation?: { readonly kind: 'markdown'; readonly value: string };
  readonly insertText?: string;
  readonly sortText?: string;
}

export function completions(text: string, lines: LineIndex, position: Position, version: EmqxVersion): IdeCompletionItem[] {
  const lineText = (lines.lineText(position.line) ?? '').slice(0, position.character);
  if (/(^|\s)(#|\/\/)/.test(lineText) || /"[^"]*$/.test(lineText.replace(/"[^"]*"/g, ''))) return [];
  // the keys of the blocks the position is inside, from the text before it (no tree per keystroke)
  const prefix = blockKeysAt(text, lines.offsetAt({ line: position.line, character: 0 }) + lineText.lastIndexOf('{') + 1);
  if (!prefix) return [];
  const value = /^\s*([A-Za-z0-9_."-]+)\s*(?:=|:)\s*([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (value) {
    const path = [...prefix, ...keySegments(value[1])];
    const found = lookup(path, version);
    return found ? valueItems(found.rec, version) : [];
  }
  const key = /(?:^|[{,]\s*)\s*([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (!key) return [];
  const typed = key[1].split('.');
  const parent = [...prefix, ...typed.slice(0, -1)];
  return childKeys(parent, version)
    .filter((c) => !c.placeholder)
    .map((c) => keyItem(c.name, c.rec, version));
}

function keyItem(name: string, rec: CatalogueRecord | undefined, version: EmqxVersion): IdeCompletionItem {
  const isStruct = !rec || rec.type === 'struct';
  const d = rec ? defaultIn(rec, version) : undefined;
  const detail = rec ? [rec.type, d !== undefined && !rec.sensitive ? `= ${d}` : undefined].filter(Boolean).join(' ') : undefined;
  const doc = rec ? describe(rec) : undefined;
  return {
    label: name,
    kind: isStruct ? 9 : 10,
    detail,
    documentation: doc ? { kind: 'markdown', value: doc } : undefined,
    sortText: `${isStruct ? 1 : 0}${name}`,
  };
}

function valueItems(rec: CatalogueRecord, version: EmqxVersion): IdeCompletionItem[] {
  const d = defaultIn(rec, version);
  const values = rec.type === 'boolean' ? ['true', 'false'] : (enumValues(rec, version) ?? []);
  const doc = describe(rec);
  return values.map((v) => ({
    label: v,
    kind: 20,
    detail: v === d ? 'default' : undefined,
    documentation: doc ? { kind: 'markdown', value: doc } : undefined,
    sortText: `${v === d ? 0 : 1}${v}`,
  }));
}
