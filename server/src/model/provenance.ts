/**
 * Provenance of a load, kept compact because a big file has a record per
 * field: every assignment is eight integers in one typed array (RecStore),
 * the tree of key paths is typed arrays too (ProvTree), a leaf assigned once
 * is a bare record number in it, and Assignment objects are made only when
 * read. A block that merges into an
 * object (`a { … }`, `a = {…}`, `a = ${a} {…}`) is recorded on the object's
 * path only: the leaves it does not mention keep their own assignment.
 */
import { FieldNode, ValueNode } from '../syntax/cst';
import { LineIndex } from '../syntax/lineIndex';
import { Location, Position, rangeContains } from '../syntax/position';
import { Quoting, SourceAssignment } from './assignment';
import { Assignment, Origin } from './types';
import { Thunk } from './values';

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

/** A provenance node's id in its ProvTree; NO_NODE for "no provenance" (objects that are values, in arrays or concatenations). */
export type ProvNode = number;
export const NO_NODE: ProvNode = -1;
/** The root of every ProvTree. */
export const ROOT_NODE: ProvNode = 0;
/** What ProvTree.guide() answers when nothing below the path needs a visit. */
export const GUIDE_SKIP = -1;
/** What ProvTree.guide() answers when the value at the path must be walked whole. */
export const GUIDE_WALK = -2;

const SPECIAL = 1;
const OPAQUE = 2;

/**
 * Provenance, as a tree of key paths kept outside the garbage-collected heap:
 * a big config has a path per field, and as objects (a node and a table of
 * children each) they were as much heap as the config itself, all of it
 * surviving every collection while the file is read.
 *
 * A node is an integer with its fields in typed arrays. The children of all
 * nodes are one hash table keyed by (node, name), with the hash of the name
 * that the fast reader computes as it scans a key. A child is a node id (> 0) or, for a path with a single assignment
 * and nothing below it (most leaves), just that record, stored as ~record
 * (< 0).
 */
export class ProvTree {
  /** The latest record (RecStore) of an assignment to exactly the node's path, -1 for none. */
  private last = new Int32Array(64).fill(-1);
  /** The first assignment that created the path as part of a longer dotted key, -1 for none. */
  private touched = new Int32Array(64).fill(-1);
  /** The node one segment shorter (-1 for the root). */
  private parent = new Int32Array(64).fill(-1);
  /** SPECIAL and OPAQUE, see markSpecial and setOpaque. */
  private flags = new Uint8Array(64);
  private nodes = 1;
  /** The earlier records of a node's path, oldest first (most paths have none). */
  private readonly earlierOf = new Map<ProvNode, number[]>();

  /** The children table: slot i holds (slotNode[i] - 1, slotName[i]) → slotKid[i], slotHash[i] being the name's nameHash; slotNode is 0 when empty (new arrays need no filling). */
  private slotNode: Int32Array;
  private slotHash: Int32Array;
  private slotName: Array<string | undefined>;
  private slotKid: Int32Array;
  private used = 0;

  constructor() {
    this.slotNode = new Int32Array(256);
    this.slotHash = new Int32Array(256);
    this.slotName = new Array<string | undefined>(256);
    this.slotKid = new Int32Array(256);
  }

  /** Makes room for about `paths` more paths at once (a big file's table is made once, not doubled step by step). */
  reserve(paths: number): void {
    let size = this.slotNode.length;
    while (size < (this.used + paths) * 2) size *= 2;
    if (size > this.slotNode.length) this.rehash(size);
  }

  /** The records of assignments to exactly `node`'s path: the latest, and the earlier ones oldest first. */
  lastOf(node: ProvNode): number {
    return this.last[node];
  }

  earlier(node: ProvNode): readonly number[] | undefined {
    return this.earlierOf.get(node);
  }

  /** The first assignment that created `node`'s path as part of a longer dotted key, -1 for none. */
  touch(node: ProvNode): number {
    return this.touched[node];
  }

  setTouch(node: ProvNode, r: number): void {
    this.touched[node] = r;
  }

  add(node: ProvNode, r: number): void {
    const prev = this.last[node];
    if (prev >= 0) {
      const e = this.earlierOf.get(node);
      if (e) e.push(prev);
      else this.earlierOf.set(node, [prev]);
    }
    this.last[node] = r;
  }

  /**
   * Whether a value needing resolution or exact printing (a thunk, a Num, an
   * array holding one, or any array built from nodes) was put at or below
   * the path: resolve() and finish() visit only such paths, not every object
   * of a big config.
   */
  isSpecial(node: ProvNode): boolean {
    return (this.flags[node] & SPECIAL) !== 0;
  }

  /** Marks the path and the paths above it as special. */
  markSpecial(node: ProvNode): void {
    const flags = this.flags;
    for (let p = node; p >= 0 && (flags[p] & SPECIAL) === 0; p = this.parent[p]) flags[p] |= SPECIAL;
  }

  /**
   * Notes that the value at the path was made by an expression (a
   * substitution, a concatenation, an array), so what lies below it is not
   * described by the node's children: resolve() and finish() walk it whole.
   */
  setOpaque(node: ProvNode): void {
    this.flags[node] |= OPAQUE;
  }

  /**
   * How to visit the object at the path one segment longer: GUIDE_SKIP when
   * nothing below it needs visiting, GUIDE_WALK when it must be walked whole,
   * else the node to be guided by.
   */
  guide(node: ProvNode, name: string): ProvNode {
    const k = this.kid(node, name);
    if (k <= 0 || (this.flags[k] & OPAQUE) !== 0) return GUIDE_WALK;
    return (this.flags[k] & SPECIAL) !== 0 ? k : GUIDE_SKIP;
  }

  /**
   * Whether the array at the path one segment longer holds nothing to resolve
   * or print exactly (a streamed array with no Num and no thunk in it): then
   * resolve() and finish() need not walk it. False when that is not known.
   */
  plainArray(node: ProvNode, name: string): boolean {
    const k = this.kid(node, name);
    return k > 0 && (this.flags[k] & SPECIAL) === 0;
  }

  /**
   * The entry for the path one segment longer: 0 for none, a node (> 0), or
   * ~record for a leaf kept as its one record (< 0). `hash` is nameHash(name)
   * (the fast reader has it already).
   */
  kid(node: ProvNode, name: string, hash = nameHash(name)): number {
    const slot = this.find(node, name, hash);
    return this.slotNode[slot] === 0 ? 0 : this.slotKid[slot];
  }

  /** The node of the path one segment longer, made if needed (a leaf kept as a record becomes a node with that record). */
  child(node: ProvNode, name: string, hash = nameHash(name)): ProvNode {
    const slot = this.find(node, name, hash);
    if (this.slotNode[slot] === 0) {
      const k = this.newNode(node);
      this.claim(slot, node, name, hash, k);
      return k;
    }
    const k = this.slotKid[slot];
    if (k > 0) return k;
    const made = this.newNode(node);
    this.last[made] = ~k;
    this.slotKid[slot] = made;
    return made;
  }

  /** Records an assignment to the path one segment longer (`add(child(node, name), r)`, compactly). */
  addLeaf(node: ProvNode, name: string, hash: number, r: number): void {
    const slot = this.find(node, name, hash);
    if (this.slotNode[slot] === 0) this.claim(slot, node, name, hash, ~r);
    else this.add(this.child(node, name, hash), r);
  }

  /** The slot of (node, name) in the children table, or the empty slot where it would go. */
  private find(node: ProvNode, name: string, hash: number): number {
    const nodes = this.slotNode;
    const hashes = this.slotHash;
    const mask = nodes.length - 1;
    const stored = node + 1;
    let i = (Math.imul(node, 0x9e3779b1) ^ hash) & mask;
    for (;;) {
      const n = nodes[i];
      if (n === 0 || (n === stored && hashes[i] === hash && this.slotName[i] === name)) return i;
      i = (i + 1) & mask;
    }
  }

  private claim(slot: number, node: ProvNode, name: string, hash: number, kid: number): void {
    this.slotNode[slot] = node + 1;
    this.slotHash[slot] = hash;
    this.slotName[slot] = name;
    this.slotKid[slot] = kid;
    // At most half full, so probes stay short.
    if (++this.used * 2 > this.slotNode.length) this.rehash(this.slotNode.length * 2);
  }

  private rehash(size: number): void {
    const nodes = this.slotNode;
    const hashes = this.slotHash;
    const names = this.slotName;
    const kids = this.slotKid;
    this.slotNode = new Int32Array(size);
    this.slotHash = new Int32Array(size);
    this.slotName = new Array<string | undefined>(size);
    this.slotKid = new Int32Array(size);
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i] === 0) continue;
      const slot = this.find(nodes[i] - 1, names[i]!, hashes[i]);
      this.slotNode[slot] = nodes[i];
      this.slotHash[slot] = hashes[i];
      this.slotName[slot] = names[i];
      this.slotKid[slot] = kids[i];
    }
  }

  private newNode(parent: ProvNode): ProvNode {
    const id = this.nodes++;
    if (id >= this.last.length) {
      const size = this.last.length * 2;
      this.last = grown(this.last, size, -1);
      this.touched = grown(this.touched, size, -1);
      this.parent = grown(this.parent, size, -1);
      const flags = new Uint8Array(size);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.parent[id] = parent;
    return id;
  }
}

function grown(a: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size).fill(fill, a.length);
  b.set(a);
  return b;
}

/** A key segment's hash, as the fast reader computes it while it scans a key (syntax/fastParse.ts keyEnd). */
export function nameHash(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h = (Math.imul(h, 31) + name.charCodeAt(k)) | 0;
  return h;
}

/** A ProvTree as a finish() guide (values.ts), from `node` down. */
export class ProvGuide {
  constructor(
    private readonly tree: ProvTree,
    private readonly node: ProvNode,
  ) {}

  guide(name: string): ProvGuide | null | undefined {
    const g = this.tree.guide(this.node, name);
    return g === GUIDE_SKIP ? null : g === GUIDE_WALK ? undefined : new ProvGuide(this.tree, g);
  }

  plainArray(name: string): boolean {
    return this.tree.plainArray(this.node, name);
  }
}
