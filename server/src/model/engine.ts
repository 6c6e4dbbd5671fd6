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
 * The engine applies (this file); the fast reader's sinks are in stream.ts,
 * provenance records in provenance.ts, resolution in resolve.ts, the
 * EffectiveConfig it builds in effective.ts, exact numbers in values.ts.
 *
 * Invariants: recursion depth is bounded by the parser's MAX_DEPTH (deeper
 * input never reaches the model); nothing here throws on any parse tree; all
 * file access goes through the injected FileReader.
 */
import { FileReader } from '../io';
import { t as tr } from '../l10n';
import { ArrayNode, FieldNode, LiteralNode, IncludeNode, ObjectNode, SubstNode, ValueNode } from '../syntax/cst';
import { LineIndex } from '../syntax/lineIndex';
import { fastParse } from '../syntax/fastParse';
import { ArraySink, DottedKey, MemberSink } from '../syntax/fastSink';
import { parseHocon, parseRegion, Region } from '../syntax/parser';
import { Location } from '../syntax/position';
import { ProblemCode } from '../syntax/problems';
import { Quoting } from './assignment';
import { EffectiveConfigImpl, SourceText } from './effective';
import { baseName, dirnameOf, joinId, readerKeys, sameFile } from './paths';
import { Ctx, nameHash, NO_NODE, ProvGuide, ProvNode, ProvTree, RecStore, recOf, ROOT_NODE } from './provenance';
import { plainSubstitutions, resolvedCleanly } from './emqxAgreement';
import { emqxResolve } from './emqxResolve';
import { Resolver } from './resolve';
import { ArrayStream, KeyPath, NULL_ARRAY, NULL_SINK, SelfCtx, StreamSink, StreamTarget } from './stream';
import { Assignment, HoconValue, IncludedFile, IncludeLink, LayerName, Problem } from './types';
import { ArrV, FinishGuide, fromHocon, hasOwnKey, isArr, isIndexSegment, isObj, Num, numberValue, ObjV, own, Part, setOwn, SubstSite, Thunk, V } from './values';

export { EffectiveConfigImpl } from './effective';
export type { SourceText } from './effective';

/** A finish() guide that walks the whole tree. */
const WALK_ALL: FinishGuide = { guide: () => undefined };

/** Where a key sits, for the problems a key path can cause (an array index out of range). */
interface KeySpan {
  readonly start: number;
  readonly end: number;
}

/** Thrown when the fast reader cannot read a file: the caller starts over with the full parser. */
/** Past this many stretches handed to the full parser, the whole load goes to it instead. */
const MAX_RECOVERIES = 32;

export class FastPathUnavailable extends Error {
  constructor() {
    super('fast path unavailable');
  }
}

export interface EngineOptions {
  readonly reader?: FileReader;
  readonly includeDirs?: readonly string[];
  /** Run EMQX's resolution for every load with something to resolve, not only where the engine's own can differ (tests compare both). */
  readonly alwaysEmqx?: boolean;
  /** Use the fast reader when it can (default true); false forces the full parser (tests compare both). */
  readonly fast?: boolean;
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

export class Engine implements StreamTarget {
  readonly root: ObjV = {};
  /** Keys last written in quotes, by object: EMQX's substitutions cannot find them. */
  private readonly quoted = new Map<object, Set<string>>();
  /** Keys ever written in quotes, by object (a later unquoted write does not unmark them): see emqxAgreement.ts. */
  private readonly quotedEver = new Map<object, Set<string>>();
  /** Whether the tree may hold a Num or a thunk (finish() must walk it). */
  private special = false;
  readonly problems: Problem[] = [];
  /** Every file read, the main one and includes, in the order read. */
  readonly documents: SourceText[] = [];
  private readonly store = new RecStore();
  private readonly problemsOf = new Set<string>();
  /** With the fast reader: the file context that reports each file's problems (a file read twice reports once). */
  private readonly firstRead = new Map<string, number>();
  /** With the fast reader: how many stretches the full parser has read for it (see recoverRegion). */
  private recoveries = 0;
  /** With the fast reader: the lines of each file context that have a syntax error already. */
  private readonly errorLinesOf = new Map<number, Set<number>>();
  /** Whether any value needs resolution (a substitution or a concatenation with one). */
  private hasThunks = false;
  private readonly prov = new ProvTree();
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
  private readonly openArrays: ProvNode[] = [];
  private readonly openArrayCounts: number[] = [];
  /** Each included file read, by its id: where it was first included from, and its text. */
  private readonly included = new Map<string, IncludedFile>();
  /** The include directives whose file was found. */
  private readonly links: IncludeLink[] = [];

  /** The files added with addText, in order (EMQX reads them as includes of one document). */
  private readonly layers: SourceText[] = [];
  /** Whether an array was indexed or met by an object: EMQX's merge of the two decides (emqxResolve.ts). */
  private needsEmqx = false;
  /** Whether resolve() replaced the tree's values with EMQX's reading (finish() must walk all of it). */
  private replaced = false;
  /** Every value with a substitution or a concatenation made, in order (resolve() decides from them whose resolution to keep). */
  private readonly thunks: Thunk[] = [];

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
  private apply(uri: string, text: string, target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void {
    if (this.options.fast !== false) {
      if (!this.firstRead.has(uri)) this.firstRead.set(uri, ctx.id);
      const root = fastParse(text, new StreamSink(this, target, ctx, prefix, undefined, prov));
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
   * The fast reader's way past text it gives up on (a syntax error, a reading
   * to warn about): the full parser reads that stretch (syntax/parser.ts
   * parseRegion, as it would in the whole file: same members, same problems)
   * and its members are applied where the reader is. The lexer looks at a window
   * that doubles until the stretch closes; false when it never does (an unclosed
   * brace), and the whole load then starts over with the full parser.
   */
  recoverRegion(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode, region: Region, braced: boolean, depth: number): boolean {
    // A file being typed has a mistake or two; one full of them is read faster by the full parser in one go.
    if (++this.recoveries > MAX_RECOVERIES) return false;
    const text = ctx.text;
    let errorLines = this.errorLinesOf.get(ctx.id);
    if (!errorLines) this.errorLinesOf.set(ctx.id, (errorLines = new Set()));
    for (let size = 2048; ; size *= 2) {
      const to = Math.min(text.length, region.start + size);
      const parsed = parseRegion(text, ctx.uri, ctx.lines, region, to, braced, depth, errorLines);
      if (parsed) {
        if (this.firstRead.get(ctx.uri) === ctx.id) for (const p of parsed.problems) this.problems.push(p);
        for (const m of parsed.members) this.member(target, m, ctx, prefix, prov);
        return true;
      }
      if (to >= text.length) return false;
    }
  }

  /**
   * Parses `text` and applies it (with its includes) as the next layer.
   * `lines`, when the caller has one for this text, is shared instead of a
   * second index of the same lines being built.
   */
  addText(uri: string, text: string, layer: LayerName, lines?: LineIndex): void {
    this.documents.push({ uri, text });
    this.layers.push({ uri, text });
    const ctx = this.ctx({
      uri,
      lines: lines?.text === text ? lines : new LineIndex(text),
      text,
      origin: { kind: 'file', layer },
      includeStack: [uri],
      substPrefix: [],
    });
    // About one path per 40 characters of a typical config.
    this.prov.reserve(text.length / 40);
    this.apply(uri, text, this.root, ctx, [], ROOT_NODE);
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
  private members(target: ObjV, members: ReadonlyArray<FieldNode | IncludeNode>, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void {
    for (const m of members) this.member(target, m, ctx, prefix, prov);
  }

  /** field() for a one-segment unquoted key set to one literal (the fast reader's scalar()), without nodes. */
  plainScalar(
    target: ObjV,
    ctx: Ctx,
    prov: ProvNode,
    key: string,
    keyHash: number,
    fs: number,
    ke: number,
    vs: number,
    ve: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void {
    if (prov >= 0) this.prov.addLeaf(prov, key, keyHash, this.store.add(ctx, fs, ve, fs, ke, vs, ve, quoting === 'unit' ? 'unquoted' : quoting));
    if (typeof value === 'number') {
      const v = this.number(value, float, ctx, vs, ve);
      if (v instanceof Num && prov >= 0) this.prov.markSpecial(prov);
      setOwn(target, key, v);
    } else {
      setOwn(target, key, value);
    }
    if (this.quoted.size > 0) this.quoted.get(target)?.delete(key);
  }

  /** A streamed object field opens: the sink for its members. */
  openStreamed(target: ObjV, ctx: Ctx, parent: KeyPath, prov: ProvNode, key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): MemberSink {
    this.openMarks.push(this.openRecs.length);
    if (!this.openPath(target, key, keyHash, ctx, prov, fieldStart, valueStart, true)) return NULL_SINK;
    const cur = this.atCur;
    const last = this.atLast;
    // As field() does for an object literal.
    const obj = this.ensureObject(cur, last, ctx, this.atSpan);
    if (!obj) return NULL_SINK;
    if (!isArr(cur)) this.markQuoted(cur, last, false);
    return new StreamSink(this, obj, ctx, parent, segmentsOf(key), this.atPn);
  }

  /** A streamed array field opens: the sink for its elements. */
  openStreamedArray(target: ObjV, ctx: Ctx, parent: KeyPath, prov: ProvNode, key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): ArraySink {
    this.openMarks.push(this.openRecs.length);
    const opened = this.openPath(target, key, keyHash, ctx, prov, fieldStart, valueStart, false);
    const pn = opened ? this.atPn : NO_NODE;
    this.openArrays.push(pn);
    this.openArrayCounts.push(this.specialValues);
    if (!opened) return NULL_ARRAY;
    const cur = this.atCur;
    const last = this.atLast;
    // As field() does for an array value: the array is put in place now and
    // filled as it is read (nothing reads it before the load ends). Its path
    // is marked special on close only if a Num or a thunk was put in it.
    const prev = this.peek(cur, last);
    const items: ArrV = [];
    if (pn >= 0) this.prov.setOpaque(pn);
    this.put(cur, last, items, ctx, this.atSpan);
    if (!isArr(cur)) this.markQuoted(cur, last, false);
    return new ArrayStream(this, items, ctx, parent, segmentsOf(key), prev);
  }

  /** The streamed array field opened last closes at `end`. */
  closeStreamedArray(end: number): void {
    const pn = this.openArrays.pop() ?? NO_NODE;
    const count = this.openArrayCounts.pop();
    if (pn >= 0 && count !== this.specialValues) this.prov.markSpecial(pn);
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
    if (v instanceof Thunk && v.prev !== undefined) {
      if (this.thunks[this.thunks.length - 1] === v) this.thunks.pop();
      items.push(this.thunk(new Thunk(v.parts, undefined, v.site)));
    } else {
      items.push(v);
    }
  }

  /**
   * The key path of a streamed field (`key {` or `key = [`): the container
   * of its last segment, created as field() creates it, and its provenance
   * node with a record (whose end is filled in when the field closes), left
   * in the `at*` fields below (one streamed field is opened at a time, and a
   * big config opens tens of thousands: no result object per field). False
   * when the path cannot be followed (reported).
   */
  private openPath(target: ObjV, key: string | DottedKey, keyHash: number, ctx: Ctx, prov: ProvNode, fieldStart: number, valueStart: number, merge: boolean): boolean {
    const single = typeof key === 'string';
    const n = single ? 1 : key.count;
    const span = this.atSpan;
    span.start = fieldStart;
    span.end = single ? fieldStart + key.length : key.end;
    let cur: ObjV | ArrV = target;
    let pn = prov;
    if (!single) {
      for (let i = 0; i < n - 1; i++) {
        const name = key.names[i];
        const next = this.descend(cur, name, key.names[i + 1], ctx, span);
        if (!next) return false;
        cur = next;
        if (pn >= 0) {
          pn = this.prov.child(pn, name, key.hashes[i]);
          if (this.prov.touch(pn) < 0) this.prov.setTouch(pn, this.openRec(ctx, fieldStart, valueStart, key.starts[i], key.ends[i], merge));
        }
      }
    }
    const last = single ? key : key.names[n - 1];
    if (pn >= 0) {
      pn = this.prov.child(pn, last, single ? keyHash : key.hashes[n - 1]);
      this.prov.add(pn, single ? this.openRec(ctx, fieldStart, valueStart, fieldStart, span.end, merge) : this.openRec(ctx, fieldStart, valueStart, key.starts[n - 1], key.ends[n - 1], merge));
    }
    this.atCur = cur;
    this.atLast = last;
    this.atPn = pn;
    return true;
  }

  /** What openPath() found: the container, the last segment, its provenance node, and where the key is. */
  private atCur: ObjV | ArrV = this.root;
  private atLast = '';
  private atPn: ProvNode = NO_NODE;
  private readonly atSpan: { start: number; end: number } = { start: 0, end: 0 };

  /** A record of a streamed field being opened (its end is set when it closes). */
  private openRec(ctx: Ctx, fieldStart: number, valueStart: number, ks: number, ke: number, merge: boolean): number {
    const r = this.store.add(ctx, fieldStart, valueStart, ks, ke, valueStart, valueStart, undefined, merge);
    this.openRecs.push(r);
    return r;
  }

  /** Applies one member (also what StreamSink does with a member the fast reader read as nodes). */
  member(target: ObjV, m: FieldNode | IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void {
    if (m.kind === 'field') this.field(target, m, ctx, prefix, prov);
    else this.include(target, m, ctx, prefix, prov);
  }

  private include(target: ObjV, inc: IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void {
    if (inc.target === undefined) return;
    const loc: Location = { uri: ctx.uri, range: ctx.lines.range(inc.start, inc.end) };
    if (this.includeExpansions >= MAX_INCLUDE_EXPANSIONS) return this.includeLimit(loc);
    const found = this.findInclude(ctx.uri, inc.target);
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

  /** The file an include directive in `fromUri` names: next to it, then in the include directories. */
  private findInclude(fromUri: string, target: string): { id: string; text: string } | undefined {
    const reader = this.options.reader;
    if (!reader) return undefined;
    for (const dir of [dirnameOf(fromUri), ...(this.options.includeDirs ?? [])]) {
      const id = joinId(dir, target);
      for (const key of readerKeys(id)) {
        const text = reader.readText(key);
        if (text !== undefined) return { id, text };
      }
    }
    return undefined;
  }

  /** Reports, once per load, that the include budget ran out; the includes past it are not read. */
  private includeLimit(loc: Location): void {
    if (this.includeLimitReported) return;
    this.includeLimitReported = true;
    this.problem(
      ProblemCode.includeLimit,
      'error',
      loc,
      tr(
        'Too many includes: more than {0} files (or {1} MB of included text) would be read, probably a file included over and over. The includes from here on are not read.',
        MAX_INCLUDE_EXPANSIONS,
        MAX_INCLUDED_CHARS / 1024 / 1024,
      ),
    );
  }

  private field(target: ObjV, f: FieldNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void {
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
      if (pn >= 0) {
        pn = this.prov.child(pn, name);
        if (this.prov.touch(pn) < 0) this.prov.setTouch(pn, recOf(this.store, f, ctx, segs[i].start, segs[i].end));
      }
    }
    const lastSeg = segs[n - 1];
    const last = lastSeg.text;
    if (last.length === 0 && !f.key.quoted) return;
    const pieces = value.pieces;
    const single = pieces.length === 1 ? pieces[0] : undefined;
    if (single && single.kind === 'literal') {
      // The common case, kept short: a leaf set to a plain value.
      if (pn >= 0) this.prov.addLeaf(pn, last, nameHash(last), recOf(this.store, f, ctx, lastSeg.start, lastSeg.end));
      const v = single.type === 'number' ? this.literal(single, ctx) : single.value;
      if (v instanceof Num && pn >= 0) this.prov.markSpecial(pn);
      this.put(cur, last, v, ctx, f.key);
      if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
      return;
    }
    if (pn >= 0) {
      pn = this.prov.child(pn, last);
      this.prov.add(pn, recOf(this.store, f, ctx, lastSeg.start, lastSeg.end));
    }
    if (single && single.kind === 'object') {
      if (pn >= 0) this.store.setMerge(this.prov.lastOf(pn));
      const obj = this.ensureObject(cur, last, ctx, f.key);
      if (!obj) return;
      if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
      this.members(obj, single.members, ctx, prefix.concat(segs.map((s) => s.text)), pn);
      return;
    }
    const prev = this.peek(cur, last);
    const self = { path: prefix.concat(segs.map((s) => s.text)), prev };
    const merged = pn >= 0 ? this.selfMerge(value, ctx, self, pn) : undefined;
    if (merged) this.store.setMerge(this.prov.lastOf(pn));
    const v = merged ?? this.makeValue(value, ctx, self);
    if (pn >= 0 && !merged && v instanceof Thunk) this.store.thunks.set(this.prov.lastOf(pn), v);
    if (pn >= 0 && v !== null && typeof v === 'object') {
      this.prov.setOpaque(pn);
      this.prov.markSpecial(pn);
    }
    this.put(cur, last, v, ctx, f.key);
    if (!isArr(cur)) this.markQuoted(cur, last, f.key.quoted);
  }

  /** field() for a dotted unquoted key set to one literal (the fast reader's scalar()), without nodes. */
  dottedScalar(target: ObjV, ctx: Ctx, prov: ProvNode, key: DottedKey, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void {
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
      if (pn >= 0) {
        pn = this.prov.child(pn, name, key.hashes[i]);
        if (this.prov.touch(pn) < 0) this.prov.setTouch(pn, this.store.add(ctx, key.start, ve, key.starts[i], key.ends[i], vs, ve, q));
      }
    }
    const last = names[n - 1];
    if (pn >= 0) this.prov.addLeaf(pn, last, key.hashes[n - 1], this.store.add(ctx, key.start, ve, key.starts[n - 1], key.ends[n - 1], vs, ve, q));
    const v = typeof value === 'number' ? this.number(value, float, ctx, vs, ve) : value;
    if (v instanceof Num && pn >= 0) this.prov.markSpecial(pn);
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
      const i = this.indexAt(cur, seg, ctx, f);
      if (i < 0) return undefined;
      const item = cur[i];
      if (isArr(item) && isIndexSegment(nextSeg)) return item;
      return this.objectAt(cur, i);
    }
    const existing = own(cur, seg);
    if (isObj(existing)) return existing;
    if (isArr(existing)) {
      // EMQX merges an object into an array by its index keys (emqxResolve.ts).
      this.needsEmqx = true;
      if (isIndexSegment(nextSeg)) return existing;
    }
    if (existing instanceof Thunk) return this.overlayOf(existing, (t) => setOwn(cur, seg, t));
    const o: ObjV = {};
    setOwn(cur, seg, o);
    return o;
  }

  /**
   * The 0-based position that the 1-based index segment `seg` names in `cur`; one past the end
   * appends an object, as EMQX's index override does. -1 (reported) for any other segment.
   */
  private indexAt(cur: ArrV, seg: string, ctx: Ctx, f?: KeySpan): number {
    this.needsEmqx = true;
    const idx = Number(seg);
    if (!isIndexSegment(seg) || idx < 1 || idx > cur.length + 1) {
      this.indexError(ctx, f, seg, cur.length);
      return -1;
    }
    if (idx === cur.length + 1) cur.push({});
    return idx - 1;
  }

  /** The object at `cur[i]`: the element if it is one, a substitution's overlay, else a new object in its place. */
  private objectAt(cur: ArrV, i: number): ObjV {
    const item = cur[i];
    if (isObj(item)) return item;
    if (item instanceof Thunk) return this.overlayOf(item, (t) => (cur[i] = t));
    const o: ObjV = {};
    cur[i] = o;
    return o;
  }

  private ensureObject(cur: ObjV | ArrV, last: string, ctx: Ctx, f?: KeySpan): ObjV | undefined {
    if (isArr(cur)) {
      const i = this.indexAt(cur, last, ctx, f);
      return i < 0 ? undefined : this.objectAt(cur, i);
    }
    const existing = own(cur, last);
    if (isObj(existing)) return existing;
    if (isArr(existing)) this.needsEmqx = true;
    if (existing instanceof Thunk) return this.overlayOf(existing, (t) => setOwn(cur, last, t));
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
      this.needsEmqx = true;
      const idx = Number(last);
      if (!isIndexSegment(last) || idx < 1 || idx > cur.length + 1) {
        this.indexError(ctx, f, last, cur.length);
        return;
      }
      cur[idx - 1] = v;
      return;
    }
    setOwn(cur, last, v);
  }

  /** A thunk made, remembered for resolve(). */
  private thunk(t: Thunk): Thunk {
    this.thunks.push(t);
    return t;
  }

  /** The object fields set below a thunk go into (`a = ${b}` then `a.c = 1`), made once. */
  private overlayOf(t: Thunk, replace: (t: Thunk) => void): ObjV {
    if (t.overlay) return t.overlay;
    const o: ObjV = {};
    const merged = this.thunk(new Thunk([{ k: 'v', v: o }], t, t.site));
    merged.overlay = o;
    replace(merged);
    return o;
  }

  private markQuoted(obj: ObjV, key: string, quoted: boolean): void {
    if (quoted) {
      let set = this.quoted.get(obj);
      if (!set) this.quoted.set(obj, (set = new Set()));
      set.add(key);
      let ever = this.quotedEver.get(obj);
      if (!ever) this.quotedEver.set(obj, (ever = new Set()));
      ever.add(key);
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
    const v = numberValue(n, float, ctx.text.slice(start, end));
    if (v instanceof Num) {
      this.special = true;
      this.specialValues++;
    }
    return v;
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
          return this.thunk(new Thunk([this.substPart(p, ctx, self)], self?.prev, this.site(ctx, p.start, p.end)));
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
    return this.thunk(new Thunk(parts, self?.prev, this.site(ctx, pieces[0].start, pieces[pieces.length - 1].end)));
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
    const path = ctx.substPrefix.concat(substPath(first.path));
    if (path.length !== self.path.length || !self.path.every((s, i) => s === path[i])) return undefined;
    const parts: Part[] = [this.substPart(first, ctx, self)];
    for (let i = 1; i < pieces.length; i++) {
      const obj: ObjV = {};
      this.members(obj, (pieces[i] as ObjectNode).members, ctx, self.path, pn);
      parts.push({ k: 'v', v: obj });
    }
    this.hasThunks = true;
    this.specialValues++;
    return this.thunk(new Thunk(parts, self.prev, this.site(ctx, first.start, pieces[pieces.length - 1].end)));
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
    this.members(obj, o.members, ctx, self ? self.path : [], NO_NODE);
    return obj;
  }

  private substPart(p: SubstNode, ctx: Ctx, self: SelfCtx | undefined): Part {
    const path = ctx.substPrefix.concat(substPath(p.path));
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
    const prov = this.prov;
    let pn = ROOT_NODE;
    for (let i = 0; i < path.length - 1; i++) {
      const next = this.descend(cur, path[i], path[i + 1], fake);
      if (!next) return;
      cur = next;
      pn = prov.child(pn, path[i]);
      if (prov.touch(pn) < 0) prov.setTouch(pn, this.store.addAssignment(a));
    }
    pn = prov.child(pn, path[path.length - 1]);
    prov.add(pn, this.store.addAssignment(a));
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
    if (!this.hasThunks && !this.needsEmqx) return;
    // Whether the engine's own resolution gives EMQX's values and problems
    // (emqxAgreement.ts), decided on the tree before it is resolved.
    let agrees = !this.needsEmqx && this.options.alwaysEmqx !== true && plainSubstitutions(this.root, this.thunks, this.quotedEver);
    // The engine's own resolution tells provenance which leaves a
    // substitution brought (see effective.ts).
    if (this.hasThunks) {
      const problems: Problem[] = [];
      try {
        new Resolver(this.root, this.prov, this.quoted, problems).resolve();
      } catch {
        // A chain of substitutions tens of thousands long can exhaust the
        // stack of that recursive walk; only provenance detail is lost, the
        // values below do not depend on it.
        agrees = false;
      }
      agrees &&= problems.length === 0 && resolvedCleanly(this.root, this.thunks);
    }
    if (agrees) return;
    // Otherwise substitutions and concatenations take EMQX's own reading
    // (emqxResolve.ts): it replaces the working tree's values and decides the
    // problems of resolving and of array indexes.
    const r = emqxResolve(this.layers, {
      findInclude: (from, target) => {
        const f = this.findInclude(from, target);
        return f ? { uri: f.id, text: stripBom(f.text) } : undefined;
      },
      sameFile,
      maxIncludes: MAX_INCLUDE_EXPANSIONS,
      maxIncludedChars: MAX_INCLUDED_CHARS,
    });
    for (const k of Object.keys(this.root)) delete this.root[k];
    for (const k of Object.keys(r.root)) setOwn(this.root, k, r.root[k]);
    for (let i = this.problems.length - 1; i >= 0; i--) if (this.problems[i].code === ProblemCode.arrayIndex) this.problems.splice(i, 1);
    this.problems.push(...r.problems);
    this.replaced = true;
  }

  /** Whether resolve() took EMQX's resolution (emqxResolve.ts) rather than keeping the engine's own. */
  get emqxResolved(): boolean {
    return this.replaced;
  }

  // ------------------------------------------------------------ result

  build(): EffectiveConfigImpl {
    const guide = this.replaced ? WALK_ALL : this.special || this.hasThunks ? new ProvGuide(this.prov, ROOT_NODE) : undefined;
    return new EffectiveConfigImpl(this.root, guide, this.problems, this.prov, this.documents, this.store, this.included, this.links);
  }
}

/** A streamed field's key as path segments (a DottedKey is valid only during the call: its names are copied). */
function segmentsOf(key: string | DottedKey): string | readonly string[] {
  return typeof key === 'string' ? key : key.names.slice(0, key.count);
}

/** The key path of a substitution: EMQX splits it on dots and drops empty segments. */
function substPath(path: string): string[] {
  return path.split('.').filter((s) => s.length > 0);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
