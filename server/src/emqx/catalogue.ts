/**
 * The key catalogue taken from EMQX's schema (keyCatalogue.json, written by
 * scripts/gen-key-catalogue.ts from emqx/emqx at every release tag): which keys
 * exist under `node`, `cluster`, `rpc`, `dashboard` and `listeners` in a given
 * release, their types, enum values, defaults and EMQX's own descriptions.
 *
 * Presence is three-valued. A key is `known` in a release the generator read
 * it in, `unknown` where it read the release and the key was not there, and
 * `uncertain` between two releases read (6.1 and 6.2 are not tagged) or
 * outside the releases read: nothing is judged then.
 */
import { currentLocale } from '../l10n';
import { compareVersions } from './version';

type V = { readonly major: number; readonly minor: number; readonly patch: number };

export interface CatalogueRecord {
  readonly path: string;
  readonly type: string;
  readonly enum?: Readonly<Record<string, readonly string[]>>;
  readonly default?: string;
  readonly defaults?: ReadonlyArray<readonly [string, string | null]>;
  readonly desc?: { readonly en?: string; readonly zh?: string };
  readonly deprecated?: string;
  readonly aliases?: readonly string[];
  readonly sensitive?: boolean;
  readonly required?: boolean;
  readonly hidden?: boolean;
  /** A converter rewrites the value before EMQX checks it (old layouts and values accepted). */
  readonly converter?: boolean;
  readonly seen: ReadonlyArray<readonly [string, string]>;
  readonly absentAt?: string;
  /** Releases where the struct is open (other modules extend it): unknown fields are not judged there. */
  readonly openIn?: ReadonlyArray<readonly [string, string]>;
  readonly map?: boolean;
}

export type Presence = 'known' | 'unknown' | 'uncertain';
export type SchemaDialect = 'hocon' | 'cuttlefish';

/**
 * A node of a dialect's key trie. Its children are sorted out of the records below
 * it when first asked for: checking a config walks a few of the trie's branches
 * (`node`, `cluster`, ...), and building all of it took longer than the walk.
 */
class Node {
  rec?: CatalogueRecord;
  private kids?: Map<string, Node>;
  private byAlias?: Map<string, Node>;
  private starNode?: Node;
  /** The records below this node with their path segments, until the children are built. */
  private below: Array<{ readonly rec: CatalogueRecord; readonly segs: readonly string[] }> | undefined = [];

  constructor(private readonly depth: number) {}

  /** Adds a record whose path runs through this node (its segment at `depth - 1` is this node's). */
  add(rec: CatalogueRecord, segs: readonly string[]): void {
    if (segs.length === this.depth) this.rec = rec;
    else this.below!.push({ rec, segs });
  }

  get children(): ReadonlyMap<string, Node> {
    return this.expand().kids!;
  }

  /** Children by alias (`ssl` for `ssl_options`). */
  get aliases(): ReadonlyMap<string, Node> {
    return this.expand().byAlias!;
  }

  get star(): Node | undefined {
    return this.expand().starNode;
  }

  private expand(): this {
    if (!this.below) return this;
    const kids = new Map<string, Node>();
    const byAlias = new Map<string, Node>();
    for (const { rec, segs } of this.below) {
      const seg = segs[this.depth];
      let next = seg === '*' ? this.starNode : kids.get(seg);
      if (!next) {
        next = new Node(this.depth + 1);
        if (seg === '*') this.starNode = next;
        else kids.set(seg, next);
      }
      next.add(rec, segs);
    }
    // Aliases of the named children (a `*` child has none).
    for (const child of kids.values()) for (const a of child.rec?.aliases ?? []) byAlias.set(a, child);
    this.kids = kids;
    this.byAlias = byAlias;
    this.below = undefined;
    return this;
  }
}

/** Release strings of the catalogue, parsed once each: every presence check compares against them. */
const PARSED = new Map<string, V>();
const parse = (s: string): V => {
  let v = PARSED.get(s);
  if (!v) {
    const [major = 0, minor = 0, patch = 0] = s.split('.').map(Number);
    v = { major, minor, patch };
    PARSED.set(s, v);
  }
  return v;
};

const CUTTLEFISH_RANGE = { first: parse('4.3.0'), last: parse('4.4.19') };

/** The roots whose every key the catalogue lists, per dialect. Unknown keys are judged only under these. */
const CLOSED_ROOTS: Record<SchemaDialect, readonly string[]> = {
  hocon: ['node', 'cluster', 'rpc', 'dashboard', 'listeners'],
  // 4.x: emqx.schema alone defines these prefixes (plugins bring their own roots).
  cuttlefish: ['node', 'cluster', 'rpc'],
};

function buildTrie(records: readonly CatalogueRecord[]): Node {
  const root = new Node(0);
  for (const rec of records) root.add(rec, rec.path.split('.'));
  return root;
}

interface CatalogueData {
  readonly releases: readonly string[];
  readonly hocon: readonly CatalogueRecord[];
  readonly cuttlefish: readonly CatalogueRecord[];
}

/**
 * The catalogue is read on first use, not when the module loads: a CLI command or
 * an editor session that never asks about a key does not pay for it. It is a JSON
 * file beside the code (the bundles' is dist/keyCatalogue.json, see
 * scripts/build.mjs): Node reads a required JSON file with one JSON.parse, far
 * faster than V8 compiles the same data as an object literal. EMQX's descriptions
 * are a file of their own (keyDescriptions.json), read for the first hover or
 * completion that shows one.
 */
let data: CatalogueData | undefined;
function catalogue(): CatalogueData {
  return (data ??= require('./keyCatalogue.json') as CatalogueData);
}

let described = false;
/** Puts EMQX's descriptions on the records (once). */
function withDescriptions(): void {
  if (described) return;
  described = true;
  const descriptions = require('./keyDescriptions.json') as Record<SchemaDialect, Record<string, CatalogueRecord['desc']>>;
  for (const dialect of ['hocon', 'cuttlefish'] as const) {
    for (const rec of catalogue()[dialect]) {
      const desc = descriptions[dialect][rec.path];
      if (desc) (rec as { desc?: CatalogueRecord['desc'] }).desc = desc;
    }
  }
}

let releases: V[] | undefined;
/** Every release the generator read. */
function releasesRead(): V[] {
  return (releases ??= catalogue().releases.map(parse));
}

let hocon: { first: V; last: V } | undefined;
/** The 5.x and later releases the catalogue covers: 5.0.0 to the newest read. */
function hoconRange(): { first: V; last: V } {
  return (hocon ??= {
    first: parse('5.0.0'),
    last: releasesRead()
      .filter((r) => r.major >= 5)
      .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b)),
  });
}

/** The trie of each dialect, built when that dialect is first asked about. */
const tries: Partial<Record<SchemaDialect, Node>> = {};
function trie(dialect: SchemaDialect): Node {
  return (tries[dialect] ??= buildTrie(catalogue()[dialect]));
}

export function dialectFor(v: V): SchemaDialect {
  return v.major < 5 ? 'cuttlefish' : 'hocon';
}

/** Whether the catalogue read releases around `v` (4.3–4.4, 5.0 to the newest read). */
export function catalogueCovers(v: V): boolean {
  const r = v.major < 5 ? CUTTLEFISH_RANGE : hoconRange();
  return compareVersions(v, r.first) >= 0 && compareVersions(v, r.last) <= 0;
}

/** The newest release the catalogue read, as `6.3.0`. */
export function newestRelease(): string {
  const l = hoconRange().last;
  return `${l.major}.${l.minor}.${l.patch}`;
}

function inRanges(ranges: ReadonlyArray<readonly string[]>, v: V): boolean {
  return ranges.some(([from, to]) => compareVersions(v, parse(from)) >= 0 && (!to || compareVersions(v, parse(to)) < 0));
}

/** Whether a record exists in `v`. */
export function presence(rec: CatalogueRecord, v: V): Presence {
  if (!catalogueCovers(v)) return 'uncertain';
  if (inRanges(rec.seen, v)) return 'known';
  const first = parse(rec.seen[0]?.[0] ?? '0.0.0');
  // EMQX Enterprise 5.0.x was built from CE 5.0.2x sources with its own patch numbers:
  // within 5.0, a key added in a patch release is not judged by patch number.
  if (v.major === 5 && v.minor === 0 && first.major === 5 && first.minor === 0 && first.patch > 0) return 'uncertain';
  if (compareVersions(v, first) < 0) {
    // Before the first release seen: absent for sure only up to the last release read without it.
    return rec.absentAt && compareVersions(v, parse(rec.absentAt)) <= 0 ? 'unknown' : 'uncertain';
  }
  // Between or after ranges: each range ends at a release read without the key; anything
  // up to the next range's first release is unknown only if it is a release read.
  return releasesRead().some((r) => compareVersions(r, v) === 0) || isPatchOfRead(v) ? 'unknown' : 'uncertain';
}

/** A patch release of a minor line the catalogue read releases of (5.3.3 of 5.3). */
function isPatchOfRead(v: V): boolean {
  return releasesRead().some((r) => r.major === v.major && r.minor === v.minor && r.patch >= v.patch);
}

/** Whether unknown fields inside the struct `rec` cannot be judged in `v` (open there, or its presence uncertain). */
export function isOpen(rec: CatalogueRecord | undefined, v: V): boolean {
  if (!rec) return true;
  if (rec.openIn && inRanges(rec.openIn, v)) return true;
  return presence(rec, v) !== 'known';
}

/** The first release `rec` is known in and the first one it is gone again, for messages. */
export function lifetime(rec: CatalogueRecord): { since: string; until?: string } {
  const last = rec.seen[rec.seen.length - 1];
  return { since: rec.seen[0]?.[0] ?? '', until: last && last[1] ? last[1] : undefined };
}

/** The enum values of `rec` EMQX accepts in `v` (undefined: not an enum, or values computed at run time). */
export function enumValues(rec: CatalogueRecord, v: V): string[] | undefined {
  if (!rec.enum) return undefined;
  const out: string[] = [];
  for (const [value, flat] of Object.entries(rec.enum)) {
    const ranges: string[][] = [];
    for (let i = 0; i < flat.length; i += 2) ranges.push([flat[i], flat[i + 1]]);
    if (inRanges(ranges, v) || (!catalogueCovers(v) && ranges.some((r) => !r[1]))) out.push(value);
  }
  return out;
}

/** The default EMQX uses in `v`. */
export function defaultIn(rec: CatalogueRecord, v: V): string | undefined {
  if (!rec.defaults) return rec.default;
  let d: string | null | undefined;
  for (const [from, value] of rec.defaults) if (compareVersions(v, parse(from)) >= 0) d = value;
  return d ?? undefined;
}

/** EMQX's description of the key, in the editor's language when EMQX has it, without HTML. */
export function describe(rec: CatalogueRecord): string | undefined {
  withDescriptions();
  const text = currentLocale() === 'zh-cn' ? (rec.desc?.zh ?? rec.desc?.en) : rec.desc?.en;
  return text ? stripHtml(text) : undefined;
}

function stripHtml(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?code>/gi, '`')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

export interface Resolved {
  readonly rec: CatalogueRecord;
  /** The segment was an alias of `rec`'s name. */
  readonly viaAlias: boolean;
}

function step(node: Node, seg: string, v?: V): { node: Node; viaAlias: boolean } | undefined {
  const exact = node.children.get(seg);
  const alias = node.aliases.get(seg);
  // A name that was a field of its own in other releases and is an alias in this one (`cluster.etcd.ssl`).
  if (exact && !(alias && v && exact.rec && presence(exact.rec, v) === 'unknown')) return { node: exact, viaAlias: false };
  if (alias) return { node: alias, viaAlias: true };
  if (node.star) return { node: node.star, viaAlias: false };
  return undefined;
}

/** The record of a key path in the dialect of `v` (any release), or undefined. */
export function lookup(path: readonly string[], v: V): Resolved | undefined {
  let node: Node | undefined = trie(dialectFor(v));
  let viaAlias = false;
  for (const seg of path) {
    const s = step(node, seg, v);
    if (!s) return undefined;
    node = s.node;
    viaAlias ||= s.viaAlias;
  }
  return node.rec ? { rec: node.rec, viaAlias } : undefined;
}

/** A key path EMQX would refuse, and where. */
export interface UnknownKey {
  /** How many leading segments EMQX knows; path[depth] is the unknown one. */
  readonly depth: number;
  /** The record of the segment when it exists in other releases only. */
  readonly other?: CatalogueRecord;
  /** Names EMQX knows in `v` at that level, for did-you-mean. */
  readonly siblings: readonly string[];
}

/**
 * Whether EMQX `v` refuses `path` as an unknown field: the first segment that
 * is not in its struct (or not in this release), under a closed root, with no
 * open struct (a map, an injection point) on the way. Undefined when the key is
 * known or nothing can be said.
 */
export function unknownKey(path: readonly string[], v: V): UnknownKey | undefined {
  const dialect = dialectFor(v);
  if (!catalogueCovers(v) || path.length < 2 || !CLOSED_ROOTS[dialect].includes(path[0])) return undefined;
  let node: Node = trie(dialect);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    // A list element (`seeds.1`) or a value below a leaf: the value's type decides, not the key.
    if (/^\d+$/.test(seg) || (i > 0 && node.rec && !isStruct(node.rec))) return undefined;
    const s = step(node, seg, v);
    if (!s) {
      // A struct the generator could not follow completely (other modules extend it) accepts anything.
      if (dialect === 'hocon' && i > 0 && isOpen(node.rec, v)) return undefined;
      // cuttlefish has no struct records: a segment no pattern has is unknown
      return { depth: i, siblings: childNames(node, v) };
    }
    const rec = s.node.rec;
    if (rec) {
      const p = presence(rec, v);
      if (p === 'uncertain') return undefined;
      if (p === 'unknown') {
        // A struct other modules extend may bring the name back (`cluster.core_nodes` from 5.8).
        if (dialect === 'hocon' && node.rec && node.rec.openIn && inRanges(node.rec.openIn, v)) return undefined;
        return { depth: i, other: rec, siblings: childNames(node, v) };
      }
    }
    node = s.node;
  }
  if (dialect === 'cuttlefish' && !node.rec) return { depth: path.length - 1, siblings: [] };
  return undefined;
}

function isStruct(rec: CatalogueRecord): boolean {
  return rec.type === 'struct';
}

function childNames(node: Node, v: V): string[] {
  const out: string[] = [];
  for (const [name, child] of node.children) {
    if (child.rec && presence(child.rec, v) === 'known') out.push(name);
    else if (!child.rec && child.children.size > 0) out.push(name);
  }
  return out;
}

export interface ChildKey {
  readonly name: string;
  readonly rec?: CatalogueRecord;
  /** The name is a user-chosen map key (`listeners.ssl.<name>`). */
  readonly placeholder?: boolean;
}

/**
 * The keys EMQX `v` accepts directly under `prefix` (for completion): known in
 * `v` or not judged there, not hidden, not deprecated. Empty when the prefix is unknown.
 */
export function childKeys(prefix: readonly string[], v: V): ChildKey[] {
  let node: Node | undefined = trie(dialectFor(v));
  for (const seg of prefix) {
    const s = step(node, seg, v);
    if (!s) return [];
    node = s.node;
  }
  const out: ChildKey[] = [];
  for (const [name, child] of node.children) {
    const rec = child.rec;
    if (rec && (rec.hidden || rec.deprecated || presence(rec, v) === 'unknown')) continue;
    out.push({ name, rec });
  }
  if (node.star) out.push({ name: 'name', rec: node.star.rec, placeholder: true });
  return out;
}

/** Whether a key name looks like it holds a secret (a cookie, a password, a key): its value is never shown. */
export function isSecretKey(path: readonly string[] | string, v?: V): boolean {
  const segs = typeof path === 'string' ? path.split('.') : path;
  const last = (segs[segs.length - 1] ?? '').toLowerCase();
  if (v) {
    const r = lookup(segs, v);
    if (r?.rec.sensitive || r?.rec.type === 'secret') return true;
  }
  return (
    /cookie|password|passwd|passphrase|secret|token|private|credential|_key$|^key$|seed|psk|api_key/.test(last) && !/file$|_path$|dir$|expire|expired|ttl|timeout|lifetime|amount|interval/.test(last)
  );
}
