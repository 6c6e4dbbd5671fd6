/**
 * Semantic tokens for what the TextMate grammar cannot know, computed from
 * the analysis the checks already made (no parsing of its own):
 *
 * - a key whose value is overridden later (a later assignment in the file,
 *   an included file, a later layer or an `EMQX_*` variable): `property` with
 *   `deprecated` (VS Code strikes it through: the line has no effect) and our
 *   own `overridden`;
 * - a secret value (the cookie, passwords, passphrases, tokens; decided by
 *   the key's name as hovers decide what to hide; key-file paths are not
 *   secrets): `string` with our own `secret`, so a theme can mask it;
 * - a key EMQX does not know, where the key catalogue can say so
 *   (`isUnknownKey`, the one place that asks the catalogue): `property` with
 *   our own `unknown` (the rules report it as a problem too).
 *
 * Only assignments written in the document itself are marked; tokens that
 * would span lines (a triple-quoted value) are left out.
 */
import { isClosedSection, keyInfo } from '../emqx/keys';
import { ConfigEntry, EffectiveConfig } from '../model/types';
import { EmqxVersion } from '../rules/types';
import { Range } from '../syntax/position';
import { isSecretKey } from './hover';
import { sameUri } from './uri';

/** The legend: token types and modifiers, in the order their indices refer to. */
export const SEMANTIC_TOKEN_TYPES = ['property', 'string'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['deprecated', 'overridden', 'secret', 'unknown'] as const;
export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };

type TokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
type TokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/** One token before encoding. */
export interface SemanticToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

export interface SemanticTokensInput {
  readonly uri: string;
  readonly config?: EffectiveConfig;
  readonly emqxVersion?: EmqxVersion;
}

/** Sections the catalogue describes; keys elsewhere are never called unknown. */
const CATALOGUED = new Set(['node', 'cluster', 'rpc']);

/**
 * Whether EMQX `version` does not know the key: the catalogue says the key
 * does not exist there, or the key sits in a section the catalogue describes
 * completely. Undefined version or a key the catalogue does not cover: no.
 */
export function isUnknownKey(path: readonly string[], version: EmqxVersion | undefined): boolean {
  if (!version || !CATALOGUED.has(path[0] ?? '')) return false;
  const info = keyInfo(path, version);
  if (info) return !info.exists;
  return isClosedSection(path[0], version);
}

/** The tokens of each config, per document and version asked (full and range requests share them). */
const computed = new WeakMap<EffectiveConfig, { readonly key: string; readonly tokens: readonly SemanticToken[] }>();

/** The tokens of a document (those on the lines of `range` when given), sorted by position, without overlaps. */
export function semanticTokens(input: SemanticTokensInput, range?: Range): readonly SemanticToken[] {
  const { config } = input;
  if (!config) return [];
  const key = `${input.uri}\u0000${input.emqxVersion ? `${input.emqxVersion.major}.${input.emqxVersion.minor}.${input.emqxVersion.patch}` : ''}`;
  let done = computed.get(config);
  if (!done || done.key !== key) {
    done = { key, tokens: allTokens(input, config) };
    computed.set(config, done);
  }
  if (!range) return done.tokens;
  return done.tokens.filter((t) => t.line >= range.start.line && t.line <= range.end.line);
}

function allTokens(input: SemanticTokensInput, config: EffectiveConfig): SemanticToken[] {
  const byPlace = new Map<string, { line: number; character: number; length: number; type: TokenType; modifiers: Set<TokenModifier> }>();
  const add = (r: Range, type: TokenType, modifiers: readonly TokenModifier[]): void => {
    if (r.start.line !== r.end.line || r.end.character <= r.start.character) return;
    const k = `${r.start.line}:${r.start.character}`;
    const t = byPlace.get(k);
    if (t && t.type === type) {
      for (const m of modifiers) t.modifiers.add(m);
      return;
    }
    if (t) return;
    byPlace.set(k, { line: r.start.line, character: r.start.character, length: r.end.character - r.start.character, type, modifiers: new Set(modifiers) });
  };
  const inDoc = (loc: { uri: string }): boolean => loc.uri === input.uri || sameUri(loc.uri, input.uri);
  for (const entry of entries(config)) {
    const secret = isSecretKey(entry.path);
    for (const a of entry.overrides) {
      if (!inDoc(a.keyLocation)) continue;
      add(a.keyLocation.range, 'property', ['deprecated', 'overridden']);
      if (secret) add(a.valueLocation.range, 'string', ['secret']);
    }
    // Building an entry's `setBy` costs; most entries of a big file need none of this.
    const catalogued = input.emqxVersion !== undefined && CATALOGUED.has(entry.path[0] ?? '');
    if (!secret && !catalogued) continue;
    const set = entry.setBy;
    if (!inDoc(set.keyLocation)) continue;
    if (secret) add(set.valueLocation.range, 'string', ['secret']);
    if (catalogued && isUnknownKey(entry.path, input.emqxVersion)) add(set.keyLocation.range, 'property', ['unknown']);
  }
  return [...byPlace.values()]
    .sort((a, b) => a.line - b.line || a.character - b.character)
    .filter((t, i, all) => i === 0 || all[i - 1].line !== t.line || all[i - 1].character + all[i - 1].length <= t.character)
    .map((t) => ({ line: t.line, character: t.character, length: t.length, type: t.type, modifiers: SEMANTIC_TOKEN_MODIFIERS.filter((m) => t.modifiers.has(m)) }));
}

function entries(config: EffectiveConfig): Iterable<ConfigEntry> {
  return config.entries();
}

/** LSP's relative encoding: five integers per token. */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - character : t.character, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), modifierBits(t.modifiers));
    line = t.line;
    character = t.character;
  }
  return data;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const m of modifiers) bits |= 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m);
  return bits;
}
