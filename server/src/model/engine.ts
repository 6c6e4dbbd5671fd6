/**
 * The engine that turns parsed files (and flat assignments) into the effective
 * config the way emqx/hocon does, keeping provenance:
 *
 * 0. Files are read with the fast reader (syntax/fastParse.ts) when they are
 *    in its subset, streaming top-level members straight into step 1; any
 *    file outside it makes `loadConfig` start over with the full parser
 *    (syntax/parser.ts), which reports every problem. Both feed the same
 *    node shapes, so steps 1-3 do not know which reader ran.
 *
 * 1. Assignments are applied in order (files in layer order, includes expanded
 *    where they stand). Objects merge, a non-object replaces, dotted keys
 *    create objects, `a.1 = x` on an array replaces its first element.
 *    Values with substitutions become thunks that remember the previous value
 *    of their field (self-references such as `a = ${a} [2]` read it).
 * 2. `resolve()` resolves every thunk against the final tree, detecting cycles
 *    and reporting unresolved substitutions and impossible concatenations.
 * 3. `build()` returns the EffectiveConfig: the plain tree plus, for every
 *    path, the assignment in effect and the ones it overrode.
 *
 * Provenance is kept compact because a big file has a record per field:
 * records are integers in one typed array (RecStore), a leaf assigned once
 * is a bare record number in its parent's ProvNode, and Assignment objects
 * (and entries' setBy/overrides) are made only when read. A block that
 * merges into an object (`a { … }`, `a = {…}`, `a = ${a} {…}`) is recorded
 * on the object's path only: the leaves it does not mention keep their own
 * assignment. A value that replaces the object (a scalar, a substitution)
 * sets every leaf it brings.
 *
 * Invariants: recursion depth is bounded by the parser's MAX_DEPTH (deeper
 * input never reaches the model); nothing here throws on any parse tree; all
 * file access goes through the injected FileReader.
 */
import { FileReader } from '../io';
import { t as tr } from '../l10n';
import { ArrayNode, FieldNode, LiteralNode, IncludeNode, ObjectNode, SubstNode, ValueNode } from '../syntax/cst';
import { LineIndex } from '../syntax/lineIndex';
import { ArraySink, DottedKey, fastParse, MemberSink } from '../syntax/fastParse';
import { parseHocon, ParseResult } from '../syntax/parser';
import { Location, Position, rangeContains } from '../syntax/position';
import { ProblemCode } from '../syntax/problems';
import { SourceAssignment, Quoting } from './assignment';
import { baseName, dirnameOf, joinId, readerKeys, sameFile } from './paths';
import { Assignment, ConfigEntry, EffectiveConfig, HoconObject, HoconValue, IncludedFile, IncludeLink, LayerName, Origin, Problem } from './types';
import { ArrV, ExactNumbers, finish, FinishGuide, fromHocon, hasOwnKey, isArr, isIndexSegment, isObj, Num, numberValue, ObjV, own, Part, setOwn, SubstSite, Thunk, V } from './values';

/** Reached a value that is being resolved: a cycle. */
const CYCLE = Symbol('cycle');
/** Reached a value whose resolution failed (its problem is already reported). */
const FAILED = Symbol('failed');
type Resolved = V | undefined | typeof CYCLE | typeof FAILED;

const QUOTINGS: readonly Quoting[] = [undefined, 'unquoted', 'quoted', 'triple', 'concatenation'];
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
 */
class RecStore {
  private data = new Int32Array(R_SIZE * 4096);
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
    d[o + R_FLAGS] = (merge ? 1 : 0) | (QUOTINGS.indexOf(quoting) << 1);
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

function recOf(store: RecStore, f: FieldNode, ctx: Ctx, ks: number, ke: number): number {
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
class ProvNode {
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

/** Where a key sits, for the problems a key path can cause (an array index out of range). */
interface KeySpan {
  readonly start: number;
  readonly end: number;
}

/** Where the fast reader streams the members of one object. */
class StreamSink implements MemberSink {
  constructor(
    private readonly engine: Engine,
    private readonly target: ObjV,
    private readonly ctx: Ctx,
    private readonly prefix: readonly string[],
    private readonly prov: ProvNode | undefined,
  ) {}

  member(m: FieldNode | IncludeNode): void {
    this.engine.member(this.target, m, this.ctx, this.prefix, this.prov);
  }

  scalar(key: string | DottedKey, fs: number, ke: number, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void {
    if (typeof key === 'string') this.engine.plainScalar(this.target, this.ctx, this.prov, key, fs, ke, vs, ve, value, quoting, float);
    else this.engine.dottedScalar(this.target, this.ctx, this.prov, key, vs, ve, value, quoting, float);
  }

  openObject(key: string | DottedKey, fieldStart: number, valueStart: number): MemberSink {
    return this.engine.openStreamed(this.target, this.ctx, this.prefix, this.prov, key, fieldStart, valueStart);
  }

  closeObject(end: number): void {
    this.engine.closeStreamed(end);
  }

  openArray(key: string | DottedKey, fieldStart: number, valueStart: number): ArraySink {
    return this.engine.openStreamedArray(this.target, this.ctx, this.prefix, this.prov, key, fieldStart, valueStart);
  }

  closeArray(end: number): void {
    this.engine.closeStreamedArray(end);
  }
}

/**
 * Where the fast reader streams the elements of an array (Engine.array()
 * without nodes): objects in it are built as detached() builds them, with no
 * provenance below the array's field.
 */
class ArrayStream implements ArraySink {
  constructor(
    private readonly engine: Engine,
    private readonly items: ArrV,
    private readonly ctx: Ctx,
    private readonly self: SelfCtx,
  ) {}

  element(v: ValueNode): void {
    this.engine.arrayElement(this.items, v, this.ctx, this.self);
  }

  literal(vs: number, ve: number, value: string | number | boolean | null, _quoting: LiteralNode['quoting'], float: boolean): void {
    this.items.push(typeof value === 'number' ? this.engine.number(value, float, this.ctx, vs, ve) : value);
  }

  openObject(): MemberSink {
    const obj: ObjV = {};
    this.items.push(obj);
    return new StreamSink(this.engine, obj, this.ctx, this.self.path, undefined);
  }

  openArray(): ArraySink {
    const items: ArrV = [];
    this.items.push(items);
    return new ArrayStream(this.engine, items, this.ctx, this.self);
  }
}

/** A sink that drops what it is given (members of a field that could not be applied). */
const NULL_SINK: MemberSink = {
  member: () => undefined,
  scalar: () => undefined,
  openObject: () => NULL_SINK,
  closeObject: () => undefined,
  openArray: () => NULL_ARRAY,
  closeArray: () => undefined,
};

/** The same for the elements of an array that could not be applied. */
const NULL_ARRAY: ArraySink = {
  element: () => undefined,
  literal: () => undefined,
  openObject: () => NULL_SINK,
  openArray: () => NULL_ARRAY,
};

/** Thrown when the fast reader cannot read a file: the caller starts over with the full parser. */
export class FastPathUnavailable extends Error {
  constructor() {
    super('fast path unavailable');
  }
}

/** Where members being applied come from. */
interface Ctx {
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

/** The field being assigned, for self-references. */
interface SelfCtx {
  readonly path: readonly string[];
  readonly prev: V | undefined;
}

function pathKey(path: readonly string[]): string {
  return path.join('\u0000');
}

export interface EngineOptions {
  readonly reader?: FileReader;
  readonly includeDirs?: readonly string[];
  /** Use the fast reader when it can (default true); false forces the full parser (tests compare both). */
  readonly fast?: boolean;
}

export interface SourceText {
  readonly uri: string;
  readonly text: string;
}

/**
 * Include expansions per load. Every include is expanded where it stands, so a
 * file that includes the next one twice, thirty deep (or one that includes
 * itself through a directory symlinked to its parent), is 2^30 expansions:
 * without a budget one document would freeze the server. Real configs
 * include a handful of files.
 */
export const MAX_INCLUDE_EXPANSIONS = 1000;
/** Included text applied per load, in characters (the same reason). */
export const MAX_INCLUDED_CHARS = 64 * 1024 * 1024;

export class Engine {
  readonly root: ObjV = {};
  /** Resolution state of objects and arrays (1 = resolving, 2 = resolved). */
  private readonly states = new Map<object, number>();
  /** Keys last written in quotes, by object: EMQX's substitutions cannot find them. */
  private readonly quoted = new Map<object, Set<string>>();
  /** Whether the tree may hold a Num or a thunk (finish() must walk it). */
  private special = false;
  readonly problems: Problem[] = [];
  /** Every file read, the main one and includes, in the order read. */
  readonly documents: SourceText[] = [];
  private readonly store = new RecStore();
  private readonly problemsOf = new Set<string>();
  /** Whether any value needs resolution (a substitution or a concatenation with one). */
  private hasThunks = false;
  private readonly prov = new ProvNode();
  private readonly reportedSites = new Set<string>();
  private includeExpansions = 0;
  private includedChars = 0;
  private includeLimitReported = false;
  /** Provenance records of the streamed objects still open, whose end is set when they close. */
  private readonly openRecs: number[] = [];
  /** For each open object or array field, where its records start in `openRecs`. */
  private readonly openMarks: number[] = [];
  /** How many Nums and thunks have been made (an array holding none needs no resolving or finishing). */
  private specialValues = 0;
  /** For each open streamed array field: its provenance node, and `specialValues` when it opened. */
  private readonly openArrays: Array<ProvNode | undefined> = [];
  private readonly openArrayCounts: number[] = [];
  /** Each included file read, by its id: where it was first included from, and its text. */
  private readonly included = new Map<string, IncludedFile>();
  /** The include directives whose file was found. */
  private readonly links: IncludeLink[] = [];

  constructor(private readonly options: EngineOptions = {}) {}

  problem(code: string, severity: Problem['severity'], location: Location, message: string): void {
    this.problems.push({ code, severity, message, location });
  }

  // ---------------------------------------------------------------- files

  /**
   * Applies a file's members to `target`. With the fast reader (default),
   * members are applied as they are read; when the text is outside its
   * subset the whole load must start over with the full parser
   * (FastPathUnavailable; `loadConfig` does that). The full parser reports
   * every problem.
   */
  private apply(uri: string, text: string, target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void {
    if (this.options.fast !== false) {
      const root = fastParse(text, new StreamSink(this, target, ctx, prefix, prov));
      if (!root) throw new FastPathUnavailable();
      return;
    }
    const parsed = parseHocon(text, uri);
    // A file included twice is parsed twice; its problems are reported once.
    if (!this.problemsOf.has(uri)) {
      this.problemsOf.add(uri);
      for (const p of parsed.problems) this.problems.push(p);
    }
    this.members(target, parsed.file.root.members, this.ctx({ ...ctx, lines: parsed.lines }), prefix, prov);
  }

  /**
   * Parses `text` and applies it (with its includes) as the next layer.
   * `lines`, when the caller has one for this text, is shared instead of a
   * second index of the same lines being built.
   */
  addText(uri: string, text: string, layer: LayerName, lines?: LineIndex): void {
    this.documents.push({ uri, text });
    const ctx = this.ctx({
      uri,
      lines: lines?.text === text ? lines : new LineIndex(text),
      text,
      origin: { kind: 'file', layer },
      includeStack: [uri],
      substPrefix: [],
    });
    this.apply(uri, text, this.root, ctx, [], this.prov);
  }

  /** Registers a file context with the record store. */
  private ctx(c: Omit<Ctx, 'id'>): Ctx {
    const ctx: Ctx = { ...c, id: this.store.ctxs.length };
    this.store.ctxs.push(ctx);
    return ctx;
  }

  /**
   * Applies fields and includes to `target` (at key path `prefix`). `prov` is
   * the provenance node of `prefix`, undefined for objects that are values
   * (in arrays or concatenations), whose fields are not recorded.
   */
  private members(target: ObjV, members: ReadonlyArray<FieldNode | IncludeNode>, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void {
    for (const m of members) this.member(target, m, ctx, prefix, prov);
  }

  /** field() for a one-segment unquoted key set to one literal (the fast reader's scalar()), without nodes. */
  plainScalar(target: ObjV, ctx: Ctx, prov: ProvNode | undefined, key: string, fs: number, ke: number, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void {
    if (prov) prov.addLeaf(key, this.store.add(ctx, fs, ve, fs, ke, vs, ve, quoting === 'unit' ? 'unquoted' : quoting));
    if (typeof value === 'number') {
      const v = this.number(value, float, ctx, vs, ve);
      if (v instanceof Num) prov?.markSpecial();
      setOwn(target, key, v);
    } else {
      setOwn(target, key, value);
    }
    if (this.quoted.size > 0) this.quoted.get(target)?.delete(key);
  }

  /** A streamed object field opens: the sink for its members. */
  openStreamed(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined, key: string | DottedKey, fieldStart: number, valueStart: number): MemberSink {
    this.openMarks.push(this.openRecs.length);
    const at = this.openPath(target, key, ctx, prefix, prov, fieldStart, valueStart, true);
    if (!at) return NULL_SINK;
    // As field() does for an object literal.
    const obj = this.ensureObject(at.cur, at.last, ctx, at.span);
    if (!obj) return NULL_SINK;
    if (!isArr(at.cur)) this.markQuoted(at.cur, at.last, false);
    return new StreamSink(this, obj, ctx, at.path, at.pn);
  }

  /** A streamed array field opens: the sink for its elements. */
  openStreamedArray(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined, key: string | DottedKey, fieldStart: number, valueStart: number): ArraySink {
    this.openMarks.push(this.openRecs.length);
    const at = this.openPath(target, key, ctx, prefix, prov, fieldStart, valueStart, false);
    this.openArrays.push(at?.pn);
    this.openArrayCounts.push(this.specialValues);
    if (!at) return NULL_ARRAY;
    // As field() does for an array value: the array is put in place now and
    // filled as it is read (nothing reads it before the load ends). Its path
    // is marked special on close only if a Num or a thunk was put in it.
    const self: SelfCtx = { path: at.path, prev: this.peek(at.cur, at.last) };
    const items: ArrV = [];
    if (at.pn) at.pn.opaque = true;
    this.put(at.cur, at.last, items, ctx, at.span);
    if (!isArr(at.cur)) this.markQuoted(at.cur, at.last, false);
    return new ArrayStream(this, items, ctx, self);
  }

  /** The streamed array field opened last closes at `end`. */
  closeStreamedArray(end: number): void {
    const pn = this.openArrays.pop();
    const count = this.openArrayCounts.pop();
    if (pn && count !== this.specialValues) pn.markSpecial();
    this.closeStreamed(end);
  }

  /** The streamed object or array field opened last closes at `end`. */
  closeStreamed(end: number): void {
    // Fields open and close nested, so one stack serves every sink.
    const mark = this.openMarks.pop() ?? 0;
    for (let i = mark; i < this.openRecs.length; i++) this.store.setEnd(this.openRecs[i], end);
    this.openRecs.length = mark;
  }

  /** One element of an array read as nodes, as array() adds it. */
  arrayElement(items: ArrV, e: ValueNode, ctx: Ctx, self: SelfCtx | undefined): void {
    if (e.pieces.length === 0 || e.invalid) return;
    const v = this.makeValue(e, ctx, self);
    // An element never falls back to the field's previous value.
    items.push(v instanceof Thunk && v.prev !== undefined ? new Thunk(v.parts, undefined, v.site) : v);
  }

  /**
   * The key path of a streamed field (`key {` or `key = [`): the container
   * of its last segment, created as field() creates it, its provenance node
   * with a record (whose end is filled in when the field closes), and its
   * full path. Undefined when the path cannot be followed (reported).
   */
  private openPath(
    target: ObjV,
    key: string | DottedKey,
    ctx: Ctx,
    prefix: readonly string[],
    prov: ProvNode | undefined,
    fieldStart: number,
    valueStart: number,
    merge: boolean,
  ): { cur: ObjV | ArrV; last: string; pn: ProvNode | undefined; path: string[]; span: KeySpan } | undefined {
    const single = typeof key === 'string';
    const n = single ? 1 : key.count;
    const span: KeySpan = single ? { start: fieldStart, end: fieldStart + key.length } : key;
    const rec = (ks: number, ke: number): number => {
      const r = this.store.add(ctx, fieldStart, valueStart, ks, ke, valueStart, valueStart, undefined, merge);
      this.openRecs.push(r);
      return r;
    };
    let cur: ObjV | ArrV = target;
    let pn = prov;
    const p = prefix.length;
    const path = new Array<string>(p + n);
    for (let i = 0; i < p; i++) path[i] = prefix[i];
    if (!single) {
      for (let i = 0; i < n - 1; i++) {
        const name = key.names[i];
        path[p + i] = name;
        const next = this.descend(cur, name, key.names[i + 1], ctx, span);
        if (!next) return undefined;
        cur = next;
        if (pn) {
          pn = pn.child(name);
          if (pn.touch < 0) pn.touch = rec(key.starts[i], key.ends[i]);
        }
      }
    }
    const last = single ? key : key.names[n - 1];
    path[p + n - 1] = last;
    if (pn) {
      pn = pn.child(last);
      pn.add(single ? rec(fieldStart, span.end) : rec(key.starts[n - 1], key.ends[n - 1]));
    }
    return { cur, last, pn, path, span };
  }

  /** Applies one member (also what StreamSink does with a member the fast reader read as nodes). */
  member(target: ObjV, m: FieldNode | IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void {
    if (m.kind === 'field') this.field(target, m, ctx, prefix, prov);
    else this.include(target, m, ctx, prefix, prov);
  }

  private include(target: ObjV, inc: IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void {
    if (inc.target === undefined) return;
    const loc: Location = { uri: ctx.uri, range: ctx.lines.range(inc.start, inc.end) };
    if (this.includeExpansions >= MAX_INCLUDE_EXPANSIONS) return this.includeLimit(loc);
    const reader = this.options.reader;
    const dirs = [dirnameOf(ctx.uri), ...(this.options.includeDirs ?? [])];
    let found: { id: string; text: string } | undefined;
    if (reader) {
      for (const dir of dirs) {
        const id = joinId(dir, inc.target);
        for (const key of readerKeys(id)) {
          const text = reader.readText(key);
          if (text !== undefined) {
            found = { id, text };
            break;
          }
        }
        if (found) break;
      }
    }
    if (!found) {
      if (inc.required) {
        this.problem(
          ProblemCode.includeMissing,
          'error',
          loc,
          (this.options.includeDirs ?? []).length > 0
            ? tr('Required include "{0}" not found (looked next to {1} and in the include directories): EMQX refuses to start.', inc.target, baseName(ctx.uri))
            : tr('Required include "{0}" not found (looked next to {1}): EMQX refuses to start.', inc.target, baseName(ctx.uri)),
        );
      }
      return;
    }
    this.links.push({ at: { uri: ctx.uri, range: ctx.lines.range(inc.targetStart ?? inc.start, inc.targetEnd ?? inc.end) }, uri: found.id });
    if (ctx.includeStack.some((f) => sameFile(f, found!.id))) {
      this.problem(
        ProblemCode.includeCycle,
        'error',
        loc,
        tr('Include cycle: "{0}" is already being included ({1}).', inc.target, [...ctx.includeStack.map(baseName), baseName(found.id)].join(' → ')),
      );
      return;
    }
    const text = stripBom(found.text);
    if (this.includedChars + text.length > MAX_INCLUDED_CHARS) return this.includeLimit(loc);
    this.includeExpansions++;
    this.includedChars += text.length;
    if (!this.documents.some((d) => d.uri === found!.id)) this.documents.push({ uri: found.id, text });
    const inner = this.ctx({
      uri: found.id,
      lines: new LineIndex(text),
      text,
      origin: ctx.origin,
      includeStack: [...ctx.includeStack, found.id],
      substPrefix: prefix,
      via: ctx.via ?? loc,
    });
    if (!this.included.has(found.id)) this.included.set(found.id, { via: inner.via!, text });
    this.apply(found.id, text, target, inner, prefix, prov);
  }

  /** Reports, once per load, that the include budget ran out; the includes past it are not read. */
  private includeLimit(loc: Location): void {
    if (this.includeLimitReported) return;
    this.includeLimitReported = true;
    this.problem(
      ProblemCode.includeLimit,
      'error',
      loc,
      tr('Too many includes: more than {0} files (or {1} MB of included text) would be read, probably a file included over and over. The includes from here on are not read.', MAX_INCLUDE_EXPANSIONS, MAX_INCLUDED_CHARS / 1024 / 1024),
    );
  }

  private field(target: ObjV, f: FieldNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void {
    const value = f.value;
    if (!value || value.pieces.length === 0 || value.invalid) return;
    const segs = f.key.segments;
    const n = segs.length;
    let cur: ObjV | ArrV = target;
    let pn = prov;
    for (let i = 0; i < n - 1; i++) {
      const name = segs[i].text;
      if (name.length === 0 && !f.key.quoted) return; // reported by the parser
      const next = this.descend(cur, name, segs[i + 1].text, ctx, f.key);
      if (!next) return;
      cur = next;
      if (pn) {
        pn = pn.child(name);
        if (pn.touch < 0) pn.touch = recOf(this.store, f, ctx, segs[i].start, segs[i].end);
      }
    }
    const lastSeg = segs[n - 1];
    const last = lastSeg.text;
    if (last.length === 0 && !f.key.quoted) return;
    const pieces = value.pieces;
    const single = pieces.length === 1 ? pieces[0] : undefined;
    if (single && single.kind === 'literal') {
      // The common case, kept short: a leaf set to a plain value.
      if (pn) pn.addLeaf(last, recOf(this.store, f, ctx, lastSeg.start, lastSeg.end));
      const v = single.type === 'number' ? this.literal(single, ctx) : single.value;
      if (v instanceof Num) pn?.markSpecial();
      this.put(cur, last, v, ctx, f.key);
      if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
      return;
    }
    if (pn) {
      pn = pn.child(last);
      pn.add(recOf(this.store, f, ctx, lastSeg.start, lastSeg.end));
    }
    if (single && single.kind === 'object') {
      if (pn) this.store.setMerge(pn.last);
      const obj = this.ensureObject(cur, last, ctx, f.key);
      if (!obj) return;
      if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
      this.members(obj, single.members, ctx, prefix.concat(segs.map((s) => s.text)), pn);
      return;
    }
    const prev = this.peek(cur, last);
    const self = { path: prefix.concat(segs.map((s) => s.text)), prev };
    const merged = pn ? this.selfMerge(value, ctx, self, pn) : undefined;
    if (merged) this.store.setMerge(pn!.last);
    const v = merged ?? this.makeValue(value, ctx, self);
    if (pn && !merged && v instanceof Thunk) this.store.thunks.set(pn.last, v);
    if (pn && v !== null && typeof v === 'object') {
      pn.opaque = true;
      pn.markSpecial();
    }
    this.put(cur, last, v, ctx, f.key);
    if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
  }

  /** field() for a dotted unquoted key set to one literal (the fast reader's scalar()), without nodes. */
  dottedScalar(
    target: ObjV,
    ctx: Ctx,
    prov: ProvNode | undefined,
    key: DottedKey,
    vs: number,
    ve: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void {
    const q: Quoting = quoting === 'unit' ? 'unquoted' : quoting;
    const names = key.names;
    const n = key.count;
    let cur: ObjV | ArrV = target;
    let pn = prov;
    for (let i = 0; i < n - 1; i++) {
      const name = names[i];
      const next = this.descend(cur, name, names[i + 1], ctx, key);
      if (!next) return;
      cur = next;
      if (pn) {
        pn = pn.child(name);
        if (pn.touch < 0) pn.touch = this.store.add(ctx, key.start, ve, key.starts[i], key.ends[i], vs, ve, q);
      }
    }
    const last = names[n - 1];
    if (pn) pn.addLeaf(last, this.store.add(ctx, key.start, ve, key.starts[n - 1], key.ends[n - 1], vs, ve, q));
    const v = typeof value === 'number' ? this.number(value, float, ctx, vs, ve) : value;
    if (v instanceof Num) pn?.markSpecial();
    this.put(cur, last, v, ctx, key);
    if (!isArr(cur)) this.markQuoted(cur, last, false);
  }

  private indexError(ctx: Ctx, key: KeySpan | undefined, seg: string, length: number): void {
    if (!key) return;
    this.problem(
      ProblemCode.arrayIndex,
      'error',
      { uri: ctx.uri, range: ctx.lines.range(key.start, key.end) },
      tr('Array index {0} is out of range: the array has {1} element(s) (EMQX counts from 1).', seg, length),
    );
  }

  /** The container for the next path segment, creating objects as needed. */
  private descend(cur: ObjV | ArrV, seg: string, nextSeg: string, ctx: Ctx, f?: KeySpan): ObjV | ArrV | undefined {
    if (isArr(cur)) {
      const idx = Number(seg);
      if (!isIndexSegment(seg) || idx < 1 || idx > cur.length) {
        this.indexError(ctx, f, seg, cur.length);
        return undefined;
      }
      const item = cur[idx - 1];
      if (isObj(item)) return item;
      if (isArr(item) && isIndexSegment(nextSeg)) return item;
      if (item instanceof Thunk) return overlayOf(item, (t) => (cur[idx - 1] = t));
      const o: ObjV = {};
      cur[idx - 1] = o;
      return o;
    }
    const existing = own(cur, seg);
    if (isObj(existing)) return existing;
    if (isArr(existing) && isIndexSegment(nextSeg)) return existing;
    if (existing instanceof Thunk) return overlayOf(existing, (t) => setOwn(cur, seg, t));
    const o: ObjV = {};
    setOwn(cur, seg, o);
    return o;
  }

  private ensureObject(cur: ObjV | ArrV, last: string, ctx: Ctx, f?: KeySpan): ObjV | undefined {
    if (isArr(cur)) {
      const idx = Number(last);
      if (!isIndexSegment(last) || idx < 1 || idx > cur.length) {
        this.indexError(ctx, f, last, cur.length);
        return undefined;
      }
      const item = cur[idx - 1];
      if (isObj(item)) return item;
      if (item instanceof Thunk) return overlayOf(item, (t) => (cur[idx - 1] = t));
      const o: ObjV = {};
      cur[idx - 1] = o;
      return o;
    }
    const existing = own(cur, last);
    if (isObj(existing)) return existing;
    if (existing instanceof Thunk) return overlayOf(existing, (t) => setOwn(cur, last, t));
    const o: ObjV = {};
    setOwn(cur, last, o);
    return o;
  }

  private peek(cur: ObjV | ArrV, last: string): V | undefined {
    if (isArr(cur)) {
      const idx = Number(last);
      return isIndexSegment(last) && idx >= 1 && idx <= cur.length ? cur[idx - 1] : undefined;
    }
    return own(cur, last);
  }

  private put(cur: ObjV | ArrV, last: string, v: V, ctx: Ctx, f?: KeySpan): void {
    if (v instanceof Thunk || v instanceof Num) this.special = true;
    if (isArr(cur)) {
      const idx = Number(last);
      if (!isIndexSegment(last) || idx < 1 || idx > cur.length) {
        this.indexError(ctx, f, last, cur.length);
        return;
      }
      cur[idx - 1] = v;
      return;
    }
    setOwn(cur, last, v);
  }

  private markQuoted(obj: ObjV, key: string, quoted: boolean): void {
    if (quoted) {
      let set = this.quoted.get(obj);
      if (!set) this.quoted.set(obj, (set = new Set()));
      set.add(key);
    } else if (this.quoted.size > 0) {
      this.quoted.get(obj)?.delete(key);
    }
  }

  private literal(p: LiteralNode, ctx: Ctx): number | Num {
    return this.number(p.value as number, p.float === true, ctx, p.start, p.end);
  }

  /** A number literal's working value (exact when JavaScript would print it differently from EMQX). */
  number(n: number, float: boolean, ctx: Ctx, start: number, end: number): number | Num {
    // Most numbers are small integers: no look at the source needed.
    if (!float && Number.isSafeInteger(n)) return n;
    this.special = true;
    this.specialValues++;
    return numberValue(n, float, ctx.text.slice(start, end));
  }

  private site(ctx: Ctx, start: number, end: number): SubstSite {
    return { uri: ctx.uri, lines: ctx.lines, start, end, text: ctx.text.slice(start, end) };
  }

  /** The working value of a field's value (not a plain object literal: those merge in place). */
  private makeValue(value: ValueNode, ctx: Ctx, self: SelfCtx | undefined): V {
    const pieces = value.pieces;
    if (pieces.length === 1) {
      const p = pieces[0];
      switch (p.kind) {
        case 'literal':
          return p.type === 'number' ? this.literal(p, ctx) : p.value;
        case 'array':
          return this.array(p, ctx, self);
        case 'object':
          return this.detached(p, ctx, self);
        case 'subst':
          this.hasThunks = true;
          this.specialValues++;
          return new Thunk([this.substPart(p, ctx, self)], self?.prev, this.site(ctx, p.start, p.end));
      }
    }
    let allStrings = true;
    for (const p of pieces) {
      if (!(p.kind === 'literal' && p.type === 'string')) {
        allStrings = false;
        break;
      }
    }
    if (allStrings) {
      // Joined once (a flat string, not a chain of pieces kept alive with the value).
      const strs: string[] = [];
      for (const p of pieces) strs.push((p as { value: string }).value);
      return strs.join('');
    }
    const parts: Part[] = pieces.map((p): Part => {
      switch (p.kind) {
        case 'literal':
          return { k: 'v', v: p.type === 'number' ? this.literal(p, ctx) : p.value };
        case 'array':
          return { k: 'v', v: this.array(p, ctx, self) };
        case 'object':
          return { k: 'v', v: this.detached(p, ctx, self) };
        case 'subst':
          return this.substPart(p, ctx, self);
      }
    });
    this.hasThunks = true;
    this.specialValues++;
    return new Thunk(parts, self?.prev, this.site(ctx, pieces[0].start, pieces[pieces.length - 1].end));
  }

  /**
   * `a = ${a} {…}` (or `${?a}`), where every piece after the self-reference
   * is an object: EMQX merges the objects into the previous value of `a`,
   * just as `a { … }` would, so the fields of the objects are recorded under
   * `a`'s provenance and the earlier leaves of `a` keep theirs. Undefined
   * for any other value.
   */
  private selfMerge(value: ValueNode, ctx: Ctx, self: SelfCtx, pn: ProvNode): Thunk | undefined {
    const pieces = value.pieces;
    if (pieces.length < 2) return undefined;
    const first = pieces[0];
    if (first.kind !== 'subst') return undefined;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].kind !== 'object') return undefined;
    const path = ctx.substPrefix.concat(first.path.split('.'));
    if (path.length !== self.path.length || !self.path.every((s, i) => s === path[i])) return undefined;
    const parts: Part[] = [this.substPart(first, ctx, self)];
    for (let i = 1; i < pieces.length; i++) {
      const obj: ObjV = {};
      this.members(obj, (pieces[i] as ObjectNode).members, ctx, self.path, pn);
      parts.push({ k: 'v', v: obj });
    }
    this.hasThunks = true;
    this.specialValues++;
    return new Thunk(parts, self.prev, this.site(ctx, first.start, pieces[pieces.length - 1].end));
  }

  private array(a: ArrayNode, ctx: Ctx, self: SelfCtx | undefined): ArrV {
    const items: V[] = [];
    const inner = self ? { path: self.path, prev: self.prev } : undefined;
    for (const e of a.elements) this.arrayElement(items, e, ctx, inner);
    return items;
  }

  /** An object that is a value (in an array or a concatenation): built on its own. */
  private detached(o: ObjectNode, ctx: Ctx, self: SelfCtx | undefined): ObjV {
    const obj: ObjV = {};
    this.members(obj, o.members, ctx, self ? self.path : [], undefined);
    return obj;
  }

  private substPart(p: SubstNode, ctx: Ctx, self: SelfCtx | undefined): Part {
    const path = ctx.substPrefix.concat(p.path.split('.'));
    const site = this.site(ctx, p.start, p.end);
    if (self && self.path.length <= path.length && self.path.every((s, i) => s === path[i])) {
      return { k: 's', path, optional: p.optional, site, self: { prev: self.prev, rest: path.slice(self.path.length) } };
    }
    return { k: 's', path, optional: p.optional, site };
  }

  // ------------------------------------------------------------ generic

  /** Sets `path` to a plain value (the generic builder, env overrides). */
  setValue(path: readonly string[], value: HoconValue, a: Assignment, ctxUri = a.location.uri): void {
    if (path.length === 0) return;
    let cur: ObjV | ArrV = this.root;
    const fake: Ctx = {
      id: -1,
      uri: ctxUri,
      lines: new LineIndex(''),
      text: '',
      origin: a.origin,
      includeStack: [],
      substPrefix: [],
    };
    let pn = this.prov;
    for (let i = 0; i < path.length - 1; i++) {
      const next = this.descend(cur, path[i], path[i + 1], fake);
      if (!next) return;
      cur = next;
      pn = pn.child(path[i]);
      if (pn.touch < 0) pn.touch = this.store.addAssignment(a);
    }
    pn = pn.child(path[path.length - 1]);
    const rec = this.store.addAssignment(a);
    pn.add(rec);
    this.put(cur, path[path.length - 1], fromHocon(value), fake);
  }

  /** The key of `segment` in the object at `parent` matching case-insensitively, if any. */
  matchKeyCaseInsensitive(parent: readonly string[], segment: string): string {
    let cur: V | undefined = this.root;
    for (const s of parent) {
      if (isObj(cur)) cur = own(cur, s);
      else if (isArr(cur) && isIndexSegment(s)) cur = cur[Number(s) - 1];
      else return segment;
    }
    if (isObj(cur)) {
      if (hasOwnKey(cur, segment)) return segment;
      const lower = segment.toLowerCase();
      for (const k of Object.keys(cur)) if (k.toLowerCase() === lower) return k;
    }
    return segment;
  }

  // ------------------------------------------------------------ resolve

  resolve(): void {
    // Without substitutions there is nothing to resolve (the common case).
    if (this.hasThunks) this.deepGuided(this.root, this.prov);
  }

  private report(code: string, site: SubstSite, message: string): void {
    const key = `${code}\u0000${site.uri}\u0000${site.start}`;
    if (this.reportedSites.has(key)) return;
    this.reportedSites.add(key);
    this.problem(code, 'error', { uri: site.uri, range: site.lines.range(site.start, site.end) }, message);
  }

  /** A new object: `a` with `b` merged over it (both resolved). */
  private merge(a: ObjV, b: ObjV): ObjV {
    const out: ObjV = {};
    for (const k of Object.keys(a)) setOwn(out, k, a[k]);
    const qa = this.quoted.get(a);
    const qb = this.quoted.get(b);
    let q = qa ? new Set(qa) : undefined;
    for (const k of Object.keys(b)) {
      const v = b[k];
      const old = own(out, k);
      setOwn(out, k, isObj(old) && isObj(v) ? this.merge(old, v) : v);
      if (qb?.has(k)) (q ??= new Set()).add(k);
      else q?.delete(k);
    }
    if (q && q.size > 0) this.quoted.set(out, q);
    this.states.set(out, 2);
    return out;
  }

  /**
   * deep() for an object of the tree, visiting only the objects below it
   * where provenance says a value needing resolution may be (`special`):
   * the others hold none.
   */
  private deepGuided(o: ObjV, pn: ProvNode): void {
    const states = this.states;
    if (states.has(o)) return;
    states.set(o, 1);
    for (const k of Object.keys(o)) {
      const child = o[k];
      if (child === null || typeof child !== 'object') continue;
      if (isObj(child)) {
        const g = pn.guide(k);
        if (g === null) continue;
        if (g) {
          this.deepGuided(child, g);
          continue;
        }
      }
      const r = this.deep(child);
      if (r === undefined || r === CYCLE || r === FAILED) delete o[k];
      else if (r !== child) setOwn(o, k, r);
    }
    states.set(o, 2);
  }

  /** Resolves a value completely; undefined = missing, CYCLE = part of a cycle. */
  private deep(v: V | undefined): Resolved {
    if (v === undefined || v === null || typeof v !== 'object' || v instanceof Num) return v;
    if (v instanceof Thunk) return this.thunk(v);
    const states = this.states;
    const state = states.get(v);
    if (state === 2) return v;
    if (state === 1) return CYCLE;
    states.set(v, 1);
    if (isArr(v)) {
      let w = 0;
      for (let i = 0; i < v.length; i++) {
        const child = v[i];
        const r = child === null || typeof child !== 'object' ? child : this.deep(child);
        if (r === undefined || r === CYCLE || r === FAILED) continue;
        v[w++] = r;
      }
      v.length = w;
    } else {
      for (const k of Object.keys(v)) {
        const child = v[k];
        if (child === null || typeof child !== 'object') continue;
        const r = this.deep(child);
        if (r === undefined || r === CYCLE || r === FAILED) delete v[k];
        else if (r !== child) setOwn(v, k, r);
      }
    }
    states.set(v, 2);
    return v;
  }

  private thunk(t: Thunk): Resolved {
    if (t.state === 2) return t.failed ? FAILED : t.result;
    if (t.state === 1) return CYCLE;
    t.state = 1;
    const vals: V[] = [];
    let failed = false;
    for (const part of t.parts) {
      if (part.k === 'v') {
        const r = this.deep(part.v);
        if (r === CYCLE || r === FAILED) failed = true;
        else if (r !== undefined) vals.push(r);
        continue;
      }
      const r = part.self ? this.lookupFrom(part.self.prev, part.self.rest) : this.lookupFrom(this.root, part.path);
      if (r.value === FAILED) {
        failed = true;
      } else if (r.value === CYCLE) {
        failed = true;
        this.report(
          ProblemCode.cycle,
          part.site,
          tr('Substitution {0} is part of a cycle: the values refer to each other, so EMQX cannot resolve them.', part.site.text),
        );
      } else if (r.value === undefined) {
        if (!part.optional) {
          failed = true;
          this.report(
            ProblemCode.unresolved,
            part.site,
            r.quoted
              ? tr(
                  'Substitution {0} cannot be resolved: "{1}" is written with a quoted key, which EMQX\'s substitutions cannot find. Write the key without quotes.',
                  part.site.text,
                  part.path.join('.'),
                )
              : tr(
                  'Substitution {0} cannot be resolved: nothing sets "{1}". EMQX does not read environment variables here; use {2} to make it optional.',
                  part.site.text,
                  part.path.join('.'),
                  `\${?${part.path.join('.')}}`,
                ),
          );
        }
      } else {
        vals.push(r.value);
      }
    }
    let result: V | undefined;
    if (!failed) {
      result = this.combine(vals, t.site);
      if (result === undefined && t.prev !== undefined) {
        const p = this.deep(t.prev);
        result = p === CYCLE || p === FAILED ? undefined : p;
      } else if (isObj(result) && t.prev !== undefined) {
        const p = this.deep(t.prev);
        if (isObj(p)) {
          t.own = result;
          result = this.merge(p, result);
        }
      }
    }
    t.state = 2;
    t.result = result;
    t.failed = failed;
    return failed ? FAILED : result;
  }

  private combine(vals: V[], site: SubstSite | undefined): V | undefined {
    if (vals.length === 0) return undefined;
    if (vals.length === 1) return vals[0];
    if (vals.every((v) => typeof v === 'string')) return vals.join('');
    if (vals.every(isArr)) {
      const items: V[] = [];
      for (const v of vals) for (const item of v as ArrV) items.push(item);
      this.states.set(items, 2);
      return items;
    }
    if (vals.every(isObj)) {
      let out = vals[0] as ObjV;
      for (let i = 1; i < vals.length; i++) out = this.merge(out, vals[i] as ObjV);
      return out;
    }
    if (site) {
      const kinds = vals.map(kindOf).join(', ');
      this.report(
        ProblemCode.concat,
        site,
        tr('EMQX cannot concatenate these values ({0}): only strings with strings, arrays with arrays and objects with objects can be joined.', kinds),
      );
    }
    return undefined;
  }

  private lookupFrom(start: V | undefined, path: readonly string[]): { value: Resolved; quoted?: boolean } {
    let cur: Resolved = start;
    for (const seg of path) {
      if (cur instanceof Thunk) cur = this.thunk(cur);
      if (cur === CYCLE || cur === FAILED) return { value: cur };
      if (isObj(cur)) {
        if (this.quoted.get(cur)?.has(seg)) return { value: undefined, quoted: true };
        cur = own(cur, seg);
      } else if (isArr(cur) && isIndexSegment(seg)) {
        cur = cur[Number(seg) - 1];
      } else {
        return { value: undefined };
      }
      if (cur === undefined) return { value: undefined };
    }
    return { value: this.deep(cur as V) };
  }

  // ------------------------------------------------------------ result

  build(): EffectiveConfigImpl {
    return new EffectiveConfigImpl(this.root, this.special || this.hasThunks ? this.prov : undefined, this.problems, this.prov, this.documents, this.store, this.included, this.links);
  }
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

function kindOf(v: V): string {
  if (v === null) return 'null';
  if (v instanceof Num) return 'number';
  if (isArr(v)) return 'array';
  if (isObj(v)) return 'object';
  return typeof v;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function overlayOf(t: Thunk, replace: (t: Thunk) => void): ObjV {
  if (t.overlay) return t.overlay;
  const o: ObjV = {};
  const merged = new Thunk([{ k: 'v', v: o }], t, t.site);
  merged.overlay = o;
  replace(merged);
  return o;
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
    /** The path's own provenance node; for a leaf kept as a bare record, undefined and `leaf` is that record (else -1). */
    private readonly own: ProvNode | undefined,
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
    if (own?.earlier) for (const r of own.earlier) if (r < this.seq) out.push(r);
    if (own && own.last >= 0 && own.last < this.seq) out.push(own.last);
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
    private readonly prov: ProvNode,
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
    let node: ProvNode | undefined = this.prov;
    let leaf = -1;
    let best = -1;
    const n = path.length;
    for (let i = 0; i < n && node; i++) {
      const k: ProvNode | number | undefined = node.kid(path[i]);
      if (typeof k === 'number') {
        // A leaf with one plain assignment and nothing below it: it sets
        // the path (or, when the path goes on, everything below it).
        node = undefined;
        if (i === n - 1) leaf = k;
        if (k > best) best = k;
        break;
      }
      node = k;
      if (!node || node.last < 0) continue;
      // The path's own latest assignment, or a later one to a parent that
      // replaced the parent's whole value (a merge into a parent does not
      // set the leaves it does not mention).
      const earlier = node.earlier;
      const count = earlier ? earlier.length : 0;
      for (let j = count; j >= 0; j--) {
        const r = j === count ? node.last : earlier![j];
        if (r < best) break;
        if (i === n - 1 || (!store.isMerge(r) && !setsElsewhere(store.thunks.get(r), path, i + 1))) {
          best = r;
          break;
        }
      }
    }
    if (best < 0 && node) best = node.touch;
    if (best < 0) return undefined;
    return new LazyEntry([...path], value, best, store, node, leaf);
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
