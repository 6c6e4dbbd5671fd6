/**
 * Provenance of a load, kept compact because a big file has a record per
 * field: every assignment is eight integers in one typed array (RecStore),
 * a leaf assigned once is a bare record number in its parent's ProvNode, and
 * Assignment objects are made only when read. A block that merges into an
 * object (`a { … }`, `a = {…}`, `a = ${a} {…}`) is recorded on the object's
 * path only: the leaves it does not mention keep their own assignment.
 */
import { FieldNode, ValueNode } from '../syntax/cst';
import { LineIndex } from '../syntax/lineIndex';
import { Location, Position, rangeContains } from '../syntax/position';
import { Quoting, SourceAssignment } from './assignment';
import { Assignment, Origin } from './types';
import { hasOwnKey, Thunk } from './values';

/** Where members being applied come from. */
export interface Ctx {
  /** Its index in the RecStore's list of files. */
  readonly id: number;
  readonly uri: string;
  readonly lines: LineIndex;
  readonly text: string;
  readonly origin: Origin;
  /** The chain of files including this one (for include cycles). */
  readonly includeStack: readonly string[];
  /** The key path where this file was included: EMQX prefixes its substitutions with it. */
  readonly substPrefix: readonly string[];
  /** For an included file: the include directive in the layer's own file that led to it. */
  readonly via?: Location;
}

const QUOTINGS: readonly Quoting[] = [undefined, 'unquoted', 'quoted', 'triple', 'concatenation'];
/** A quoting's index in QUOTINGS (a record per field: no search of the list). */
function quotingIndex(q: Quoting): number {
  return q === undefined ? 0 : q === 'unquoted' ? 1 : q === 'quoted' ? 2 : q === 'triple' ? 3 : 4;
}
const R_FS = 0;
const R_FE = 1;
const R_KS = 2;
const R_KE = 3;
const R_VS = 4;
const R_VE = 5;
/** Bit 0: the record merges (see `isMerge`); bits 1-3: the quoting's index in QUOTINGS. */
const R_FLAGS = 6;
/** The index of the file's Ctx, -1 for records made from an Assignment (env, generic builder). */
const R_CTX = 7;
const R_SIZE = 8;

/**
 * Every assignment of a load, as eight integers each in one growing typed
 * array (offsets of the field, its key segment and its value, flags, file):
 * a big file has a record per field, and keeping them out of the garbage
 * collected heap is most of what provenance costs. A record's index is its
 * sequence number (records are made in assignment order). The Assignment
 * object, with its lazily computed ranges, is made only when asked for.
 * The array starts small and doubles: most loads are tiny (every `EMQX_*`
 * value is read as a HOCON document of its own, thousands per deployment).
 */
export class RecStore {
  private data = new Int32Array(R_SIZE * 16);
  private count = 0;
  readonly ctxs: Ctx[] = [];
  /** Assignments given (env, generic builder) or already made. */
  private readonly made = new Map<number, Assignment>();
  /** Values that needed resolving, by record: their `own` tells which leaves they set. */
  readonly thunks = new Map<number, Thunk>();

  add(ctx: Ctx | undefined, fs: number, fe: number, ks: number, ke: number, vs: number, ve: number, quoting: Quoting, merge = false): number {
    const r = this.count++;
    let d = this.data;
    if ((r + 1) * R_SIZE > d.length) {
      const grown = new Int32Array(d.length * 2);
      grown.set(d);
      this.data = d = grown;
    }
    const o = r * R_SIZE;
    d[o + R_FS] = fs;
    d[o + R_FE] = fe;
    d[o + R_KS] = ks;
    d[o + R_KE] = ke;
    d[o + R_VS] = vs;
    d[o + R_VE] = ve;
    d[o + R_FLAGS] = (merge ? 1 : 0) | (quotingIndex(quoting) << 1);
    d[o + R_CTX] = ctx ? ctx.id : -1;
    return r;
  }

  /** A record standing for a given Assignment (no source offsets). */
  addAssignment(a: Assignment): number {
    const r = this.add(undefined, 0, 0, 0, 0, 0, 0, undefined);
    this.made.set(r, a);
    return r;
  }

  /**
   * Whether the record merges into the object at its path (`a { … }`,
   * `a = {…}`, `a = ${a} {…}`) instead of replacing what is there: it does
   * not set the leaves below it that it does not mention, so those keep
   * their own provenance.
   */
  isMerge(r: number): boolean {
    return (this.data[r * R_SIZE + R_FLAGS] & 1) === 1;
  }

  setMerge(r: number): void {
    this.data[r * R_SIZE + R_FLAGS] |= 1;
  }

  /** Streamed object fields are opened before their end is known. */
  setEnd(r: number, end: number): void {
    this.data[r * R_SIZE + R_FE] = end;
    this.data[r * R_SIZE + R_VE] = end;
  }

  /**
   * Whether the field of record `r` covers `position` in a file `inFile`
   * accepts. `offsets` caches the position's offset in each file read.
   */
  covers(r: number, position: Position, inFile: (uri: string) => boolean, offsets: Map<number, number>): boolean {
    const d = this.data;
    const o = r * R_SIZE;
    const id = d[o + R_CTX];
    if (id < 0) {
      const a = this.made.get(r);
      return a !== undefined && a.origin.kind === 'file' && inFile(a.location.uri) && rangeContains(a.location.range, position);
    }
    let at = offsets.get(id);
    if (at === undefined) {
      const ctx = this.ctxs[id];
      at = ctx.origin.kind === 'file' && inFile(ctx.uri) ? ctx.lines.offsetAt(position) : -1;
      offsets.set(id, at);
    }
    return at >= 0 && d[o + R_FS] <= at && at <= d[o + R_FE];
  }

  assignment(r: number): Assignment {
    const hit = this.made.get(r);
    if (hit) return hit;
    const d = this.data;
    const o = r * R_SIZE;
    const ctx = this.ctxs[d[o + R_CTX]];
    const a = new SourceAssignment(ctx.origin, ctx.uri, ctx.lines, d[o + R_FS], d[o + R_FE], d[o + R_KS], d[o + R_KE], d[o + R_VS], d[o + R_VE], QUOTINGS[d[o + R_FLAGS] >> 1]);
    this.made.set(r, a);
    return a;
  }
}

function quotingOf(v: ValueNode): Quoting {
  if (v.pieces.length > 1) return 'concatenation';
  const p = v.pieces[0];
  if (p.kind === 'literal' && p.type === 'string') return p.quoting === 'unit' ? 'unquoted' : p.quoting;
  return undefined;
}

export function recOf(store: RecStore, f: FieldNode, ctx: Ctx, ks: number, ke: number): number {
  const v = f.value!;
  return store.add(ctx, f.start, f.end, ks, ke, v.pieces[0].start, v.pieces[v.pieces.length - 1].end, quotingOf(v));
}

/**
 * A provenance node's children by key: a plain object rather than a Map (a
 * third of the memory for the few keys most objects have, and a big config
 * has one per object). Read with hasOwnKey, written with setKid.
 */
type Kids = Record<string, ProvNode | number>;

function setKid(kids: Kids, name: string, k: ProvNode | number): void {
  if (name === '__proto__') Object.defineProperty(kids, name, { value: k, enumerable: true, writable: true, configurable: true });
  else kids[name] = k;
}

/** Provenance, as a tree of key paths (no joined path strings to build). */
export class ProvNode {
  /**
   * The paths one segment longer. A path with a single assignment and
   * nothing below it (most leaves) is just its record number: one object
   * less per leaf of a big file.
   */
  kids: Kids | undefined = undefined;
  /** The latest record (RecStore) of an assignment to exactly this path, -1 for none. */
  last = -1;
  /** The earlier ones, oldest first (most paths have none). */
  earlier: number[] | undefined = undefined;
  /** The first assignment that created this path as part of a longer dotted key, -1 for none. */
  touch = -1;
  /** The path one segment shorter (undefined for the root). */
  parent: ProvNode | undefined = undefined;
  /**
   * Whether a value needing resolution or exact printing (a thunk, a Num, an
   * array holding one, or any array built from nodes) was put at or below
   * this path: resolve() and finish() visit only such paths, not every
   * object of a big config.
   */
  special = false;
  /**
   * Whether the value at this path was made by an expression (a substitution,
   * a concatenation, an array), so what lies below it is not described by
   * this node's children: resolve() and finish() walk it whole.
   */
  opaque = false;

  /** Marks this path and the paths above it as special. */
  markSpecial(): void {
    for (let p: ProvNode | undefined = this; p && !p.special; p = p.parent) p.special = true;
  }

  /**
   * How to visit the object at the path one segment longer: `null` when
   * nothing below it needs visiting, undefined when it must be walked whole,
   * else the node to be guided by.
   */
  guide(name: string): ProvNode | null | undefined {
    const k = this.kid(name);
    if (!(k instanceof ProvNode) || k.opaque) return undefined;
    return k.special ? k : null;
  }

  /**
   * Whether the array at the path one segment longer holds nothing to resolve
   * or print exactly (a streamed array with no Num and no thunk in it): then
   * resolve() and finish() need not walk it. False when that is not known.
   */
  plainArray(name: string): boolean {
    const k = this.kid(name);
    return k instanceof ProvNode && !k.special;
  }

  add(r: number): void {
    if (this.last >= 0) (this.earlier ??= []).push(this.last);
    this.last = r;
  }

  /** The entry for the path one segment longer, if any. */
  kid(name: string): ProvNode | number | undefined {
    const kids = this.kids;
    return kids !== undefined && hasOwnKey(kids, name) ? kids[name] : undefined;
  }

  child(name: string): ProvNode {
    const kids = (this.kids ??= {});
    const k = hasOwnKey(kids, name) ? kids[name] : undefined;
    if (k instanceof ProvNode) return k;
    const node = new ProvNode();
    node.parent = this;
    if (k !== undefined) node.last = k;
    setKid(kids, name, node);
    return node;
  }

  /** Records an assignment to the path one segment longer (`child(name).add(r)`, compactly). */
  addLeaf(name: string, r: number): void {
    const kids = (this.kids ??= {});
    if (!hasOwnKey(kids, name)) setKid(kids, name, r);
    else this.child(name).add(r);
  }
}
