/**
 * The EffectiveConfig a load returns: the finished tree plus, for every
 * path, the assignment in effect and the ones it overrode, read from the
 * compact provenance (provenance.ts) only when asked for.
 */
import { ParseResult, parseHocon } from '../syntax/parser';
import { Position } from '../syntax/position';
import { NO_NODE, ProvNode, ProvTree, RecStore, ROOT_NODE } from './provenance';
import { Assignment, ConfigEntry, EffectiveConfig, HoconObject, HoconValue, IncludedFile, IncludeLink, Problem } from './types';
import { ExactNumbers, finish, FinishGuide, isArr, isIndexSegment, isObj, ObjV, own, Thunk, V } from './values';

export interface SourceText {
  readonly uri: string;
  readonly text: string;
}

function pathKey(path: readonly string[]): string {
  return path.join('\u0000');
}

/**
 * Whether a value merged into an object it did not replace (`a { x = 1 }`
 * then `a = ${b}`), and `path[from..]` is not among the leaves it brought.
 */
function setsElsewhere(t: Thunk | undefined, path: readonly string[], from: number): boolean {
  return t?.own !== undefined && !hasPath(t.own, path, from);
}

/** Whether `path[from..]` exists in the resolved object `o`. */
function hasPath(o: ObjV, path: readonly string[], from: number): boolean {
  let cur: V | undefined = o;
  for (let i = from; i < path.length; i++) {
    const seg = path[i];
    if (isObj(cur)) cur = own(cur, seg);
    else if (isArr(cur) && isIndexSegment(seg)) cur = cur[Number(seg) - 1];
    else return false;
    if (cur === undefined) return false;
  }
  return true;
}

/**
 * An entry whose Assignment objects are made when first read: a rule that
 * walks every entry of a big file to pick a few by path pays for those few.
 */
class LazyEntry implements ConfigEntry {
  private overridden?: readonly Assignment[];

  constructor(
    readonly path: readonly string[],
    readonly value: HoconValue,
    /** The record in effect (also the source order of entries). */
    readonly seq: number,
    private readonly store: RecStore,
    private readonly prov: ProvTree,
    /** The path's own provenance node; for a leaf kept as a bare record, NO_NODE and `leaf` is that record (else -1). */
    private readonly own: ProvNode,
    private readonly leaf: number,
  ) {}

  get setBy(): Assignment {
    return this.store.assignment(this.seq);
  }

  get overrides(): readonly Assignment[] {
    return (this.overridden ??= this.overrideRecords().map((r) => this.store.assignment(r)));
  }

  /** The records of `overrides`, oldest first. */
  overrideRecords(): number[] {
    const out: number[] = [];
    const own = this.own;
    if (own >= 0) {
      const earlier = this.prov.earlier(own);
      if (earlier) for (const r of earlier) if (r < this.seq) out.push(r);
      const last = this.prov.lastOf(own);
      if (last >= 0 && last < this.seq) out.push(last);
    }
    if (this.leaf >= 0 && this.leaf < this.seq) out.push(this.leaf);
    return out;
  }

  /** Plain data when printed (the getters are not own properties). */
  toJSON(): ConfigEntry {
    return { path: this.path, value: this.value, setBy: this.setBy, overrides: this.overrides };
  }
}

export class EffectiveConfigImpl implements EffectiveConfig {
  readonly root: HoconObject;
  /** How the floats and big integers of `root` print exactly (pass to toEmqxJson). */
  readonly exactNumbers: ExactNumbers = new WeakMap();
  private entryList?: LazyEntry[];
  private readonly cache = new Map<string, LazyEntry | null>();

  constructor(
    rootV: ObjV,
    /** Where the working tree can hold thunks or Nums (see finish); undefined when it holds none. */
    special: FinishGuide | undefined,
    readonly problems: Problem[],
    private readonly prov: ProvTree,
    /** Every file read (the main file first, then includes), as text. */
    readonly sources: readonly SourceText[],
    private readonly store: RecStore,
    private readonly included: ReadonlyMap<string, IncludedFile> = new Map(),
    private readonly links: readonly IncludeLink[] = [],
  ) {
    this.root = finish(rootV, this.exactNumbers, special);
  }

  private parsedDocs?: ParseResult[];

  /** The syntax trees of every file read, parsed on first use. */
  get documents(): readonly ParseResult[] {
    return (this.parsedDocs ??= this.sources.map((s) => parseHocon(s.text, s.uri)));
  }

  includedFile(uri: string): IncludedFile | undefined {
    return this.included.get(uri);
  }

  includeLinks(): readonly IncludeLink[] {
    return this.links;
  }

  get(path: string | readonly string[]): ConfigEntry | undefined {
    const segs = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path;
    if (segs.length === 0) return undefined;
    const key = pathKey(segs);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let v: HoconValue | undefined = this.root;
    for (const s of segs) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        v = Object.prototype.hasOwnProperty.call(v, s) ? v[s] : undefined;
      } else if (Array.isArray(v) && isIndexSegment(s)) {
        v = v[Number(s) - 1];
      } else {
        v = undefined;
      }
      if (v === undefined) break;
    }
    const entry = v === undefined ? undefined : this.entryFor(segs, v);
    this.cache.set(key, entry ?? null);
    return entry;
  }

  /**
   * The entry of a path: the latest assignment to the path itself or to one
   * of its parents (a later `a = {…}` or `a = ${b}` sets everything below
   * `a`), and the earlier assignments to the path it overrides.
   */
  private entryFor(path: readonly string[], value: HoconValue): LazyEntry | undefined {
    const store = this.store;
    const prov = this.prov;
    let node: ProvNode = ROOT_NODE;
    let leaf = -1;
    let best = -1;
    const n = path.length;
    for (let i = 0; i < n && node >= 0; i++) {
      const k = prov.kid(node, path[i]);
      if (k < 0) {
        // A leaf with one plain assignment and nothing below it: it sets
        // the path (or, when the path goes on, everything below it).
        const r = ~k;
        node = NO_NODE;
        if (i === n - 1) leaf = r;
        if (r > best) best = r;
        break;
      }
      if (k === 0) {
        node = NO_NODE;
        continue;
      }
      node = k;
      const last = prov.lastOf(node);
      if (last < 0) continue;
      // The path's own latest assignment, or a later one to a parent that
      // replaced the parent's whole value (a merge into a parent does not
      // set the leaves it does not mention).
      const earlier = prov.earlier(node);
      const count = earlier ? earlier.length : 0;
      for (let j = count; j >= 0; j--) {
        const r = j === count ? last : earlier![j];
        if (r < best) break;
        if (i === n - 1 || (!store.isMerge(r) && !setsElsewhere(store.thunks.get(r), path, i + 1))) {
          best = r;
          break;
        }
      }
    }
    if (best < 0 && node >= 0) best = prov.touch(node);
    if (best < 0) return undefined;
    return new LazyEntry([...path], value, best, store, prov, node, leaf);
  }

  entries(): Iterable<ConfigEntry> {
    return (this.entryList ??= this.collect(this.root, []));
  }

  /** Every record of `entries()` (setBy, then overrides) with its entry, for assignmentsAt(). */
  private recordIndex?: { readonly records: number[]; readonly owners: LazyEntry[] };

  assignmentsAt(position: Position, inFile: (uri: string) => boolean): Array<{ entry: ConfigEntry; assignment: Assignment }> {
    if (!this.recordIndex) {
      const records: number[] = [];
      const owners: LazyEntry[] = [];
      this.entries();
      for (const e of this.entryList!) {
        records.push(e.seq);
        owners.push(e);
        for (const r of e.overrideRecords()) {
          records.push(r);
          owners.push(e);
        }
      }
      this.recordIndex = { records, owners };
    }
    // Offsets and integers only; an Assignment is made for the few that cover the position.
    const { records, owners } = this.recordIndex;
    const offsets = new Map<number, number>();
    const out: Array<{ entry: ConfigEntry; assignment: Assignment }> = [];
    for (let i = 0; i < records.length; i++) {
      if (this.store.covers(records[i], position, inFile, offsets)) out.push({ entry: owners[i], assignment: this.store.assignment(records[i]) });
    }
    return out;
  }

  entriesUnder(prefix: readonly string[]): readonly ConfigEntry[] {
    if (this.entryList || prefix.length === 0) return [...this.entries()].filter((e) => prefix.every((s, i) => e.path[i] === s));
    let v: HoconValue | undefined = this.root;
    for (const s of prefix) {
      v = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, s) ? v[s] : undefined;
      if (v === undefined) return [];
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return this.collect(v, [...prefix]);
    const e = this.entryFor(prefix, v);
    return e ? [e] : [];
  }

  /** The leaf entries below `obj` (at `path`), in source order. */
  private collect(obj: HoconObject, path: string[]): LazyEntry[] {
    const list: LazyEntry[] = [];
    const walk = (o: HoconObject): void => {
      for (const k of Object.keys(o)) {
        const v = o[k];
        path.push(k);
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v);
        else {
          const e = this.entryFor(path, v);
          if (e) list.push(e);
        }
        path.pop();
      }
    };
    walk(obj);
    return list.sort((a, b) => a.seq - b.seq);
  }
}
