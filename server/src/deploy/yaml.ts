/**
 * Reading YAML deployment files safely and with exact places: every node of
 * the `yaml` library's document tree keeps its source offsets, which become
 * LSP ranges here. Nothing is converted to plain JavaScript (`toJS`), so an
 * alias is followed only where this code asks for a value, and every
 * document has a budget of alias resolutions: a "billion laughs" file costs
 * at most that many steps, then the file is refused with a message.
 *
 * Pure text in, data out; never throws.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, Document, YAMLMap, Scalar } from './yamlLib';
import { LineIndex } from '../syntax/lineIndex';
import { Location, Range } from '../syntax/position';

/** Files above this size are refused: deployment files are kilobytes, and a 50 MB one is not a deployment. */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;

/** Alias resolutions allowed per file (yaml's own default `maxAliasCount` for toJS is 100 per alias). */
export const MAX_ALIAS_STEPS = 10_000;

/** One problem that stops a file from being read: a syntax error, or too big / too many aliases. */
export interface YamlProblem {
  readonly kind: 'syntax' | 'too-large' | 'aliases';
  readonly message: string;
  readonly range: Range;
}

/** A parsed file: its documents (a Kubernetes manifest has several), positions, and the alias budget. */
export class YamlFile {
  /** The syntax layer's one line index of `text`. */
  readonly lines: LineIndex;
  private steps = 0;
  /** Set once the alias budget is spent; the readers then stop. */
  exhausted = false;

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly documents: readonly Document.Parsed[],
  ) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): { line: number; character: number } {
    return this.lines.positionAt(offset);
  }

  rangeOf(from: number, to: number): Range {
    return { start: this.position(from), end: this.position(to) };
  }

  /** The node's own range (a scalar's text, a key), or the file start. */
  location(node: unknown): Location {
    const r = (node as YamlNode | undefined)?.range;
    return { uri: this.uri, range: r ? this.rangeOf(r[0], r[1]) : this.rangeOf(0, 0) };
  }

  /** The node an alias stands for (with the budget), the node itself otherwise. */
  resolve(node: unknown, doc: Document.Parsed): unknown {
    let n = node;
    for (let hops = 0; isAlias(n); hops++) {
      if (++this.steps > MAX_ALIAS_STEPS) this.exhausted = true;
      if (this.exhausted || hops > 100) return undefined;
      n = n.resolve(doc);
    }
    return n;
  }

  /**
   * The pairs of a map, with `<<: *anchor` merge keys expanded (YAML 1.1, used by compose
   * files for shared settings): the map's own keys win over merged ones, earlier merged maps
   * over later ones.
   */
  pairs(node: unknown, doc: Document.Parsed): Array<{ key: string; keyNode: unknown; value: unknown }> {
    const map = this.resolve(node, doc);
    if (!isMap(map)) return [];
    const own: Array<{ key: string; keyNode: unknown; value: unknown }> = [];
    const merged: Array<{ key: string; keyNode: unknown; value: unknown }> = [];
    for (const item of (map as YAMLMap).items) {
      if (!isPair(item)) continue;
      const key = scalarString(this.resolve(item.key, doc));
      // A quoted '<<' is an ordinary key.
      const quoted = isScalar(item.key) && ((item.key as Scalar).type === 'QUOTE_DOUBLE' || (item.key as Scalar).type === 'QUOTE_SINGLE');
      if (key === '<<' && !quoted) {
        const value = this.resolve(item.value, doc);
        const sources = isSeq(value) ? value.items : [value];
        for (const s of sources) merged.push(...this.pairs(s, doc));
        continue;
      }
      if (key !== undefined) own.push({ key, keyNode: item.key, value: item.value });
    }
    const out = [...own];
    for (const m of merged) if (!out.some((o) => o.key === m.key)) out.push(m);
    return out;
  }

  /** The value of `key` in a map (merge keys followed), resolved. */
  get(node: unknown, key: string, doc: Document.Parsed): unknown {
    const p = this.pairs(node, doc).find((x) => x.key === key);
    return p ? this.resolve(p.value, doc) : undefined;
  }

  /** The pair of `key` (for the key's place), merge keys followed. */
  pair(node: unknown, key: string, doc: Document.Parsed): { keyNode: unknown; value: unknown } | undefined {
    const p = this.pairs(node, doc).find((x) => x.key === key);
    return p ? { keyNode: p.keyNode, value: this.resolve(p.value, doc) } : undefined;
  }

  items(node: unknown, doc: Document.Parsed): unknown[] {
    const seq = this.resolve(node, doc);
    return isSeq(seq) ? seq.items.map((i) => this.resolve(i, doc)) : [];
  }
}

/** A scalar's value as text (`3` → `"3"`, `true` → `"true"`), undefined for null and collections. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Whether the scalar's text is written plainly or quoted (so the value sits at a known place in it). */
export function scalarStyle(node: unknown): 'plain' | 'quoted' | 'block' | undefined {
  if (!isScalar(node)) return undefined;
  const t = node.type;
  if (t === 'PLAIN') return 'plain';
  if (t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE') return 'quoted';
  if (t === 'BLOCK_LITERAL' || t === 'BLOCK_FOLDED') return 'block';
  return undefined;
}

/** A Helm/Go template (`{{ .Values.x }}`): not a value anybody can read before rendering. */
export function isTemplated(s: string): boolean {
  return s.includes('{{');
}

export type YamlRead = { readonly file: YamlFile; readonly problem?: undefined } | { readonly file?: undefined; readonly problem: YamlProblem };

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Parses a YAML file: refuses one over MAX_YAML_BYTES, and reports the first syntax error
 * with its place (one finding per file: the rest of a broken file says nothing reliable).
 */
export function readYaml(text: string, uri: string): YamlRead {
  if (text.length > MAX_YAML_BYTES) {
    return { problem: { kind: 'too-large', message: `${Math.ceil(text.length / (1024 * 1024))}`, range: ZERO } };
  }
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [parsed as unknown as Document.Parsed];
  } catch (e) {
    return { problem: { kind: 'syntax', message: e instanceof Error ? e.message : String(e), range: ZERO } };
  }
  const file = new YamlFile(uri, text, docs);
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const [from, to] = err.pos ?? [0, 0];
      const first = err.message.split('\n')[0];
      return { problem: { kind: 'syntax', message: first, range: file.rangeOf(from, Math.max(from, Math.min(to, from + 200))) } };
    }
  }
  return { file };
}
