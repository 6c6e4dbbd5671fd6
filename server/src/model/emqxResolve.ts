/**
 * EMQX's own resolution of substitutions and concatenations (emqx/hocon
 * 0.46.5, `hocon.erl` expand → resolve → concat → transform, and
 * `hocon_maps:deep_merge`), step for step, over the full parser's trees.
 * The engine (engine.ts) applies fields with provenance; when a load holds a
 * substitution or a concatenation of non-strings, its value is the one
 * computed here, because EMQX's algorithm has readings no simpler model
 * reproduces (docs/hocon-dialect.md lists them, each checked against EMQX's
 * parser by the differential test):
 *
 * - a key path is looked up in the document as written, not in the merged
 *   tree: of the definitions of `a`, the last one whose value holds no
 *   unresolved substitution wins, and only consecutive `{…}` blocks merge
 *   (`a { x = 1 }`, `a.y = 2`, `b = ${a}` gives `b = {y = 2}`);
 * - substitutions are resolved one at a time in document order; an optional
 *   one that finds nothing (or only definitions still waiting for their own
 *   substitutions) is dropped with its field;
 * - every substitution counts, also in a value a later field overrides;
 * - array elements are not found by `${a.1}`.
 *
 * The tree is built once; resolving a substitution replaces it in place and
 * counts down the unresolved substitutions of the fields around it, so
 * "is this definition resolved" is one comparison. Lookups of one key (the
 * common case) use an index of the top-level fields.
 */
import { t as tr } from '../l10n';
import { ArrayNode, FieldNode, IncludeNode, ObjectNode, ValueNode } from '../syntax/cst';
import { LineIndex } from '../syntax/lineIndex';
import { parseHocon } from '../syntax/parser';
import { ProblemCode } from '../syntax/problems';
import { BadIndex, copyObject, deepMerge, isPlainObject, mergeOwned, mergesIntoArray } from './emqxMerge';
import { Problem } from './types';
import { ArrV, Num, numberValue, ObjV, setOwn, V } from './values';

interface Site {
  readonly uri: string;
  readonly lines: LineIndex;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

type Container = BField | BConcat | BObj | BArr;

interface BField {
  readonly t: 'field';
  readonly key: string;
  /** Unquoted keys only: EMQX's lookups cannot find a quoted key. */
  readonly matchable: boolean;
  value: BNode;
  pending: number;
  parent?: Container;
  readonly site: Site;
}
interface BStr {
  readonly t: 'str';
  readonly v: string;
}
interface BPrim {
  readonly t: 'prim';
  readonly v: V;
}
interface BVar {
  readonly t: 'var';
  readonly path: string[];
  /** The key path of the field the substitution is written in. */
  readonly field: readonly string[];
  readonly required: boolean;
  readonly site: Site;
  parent?: BConcat;
  index: number;
  /** Its place in document order. */
  readonly order: number;
}
interface BUnres {
  readonly t: 'unres';
}
/** A value whose substitution or concatenation failed (reported): dropped like a missing one. */
interface BFailed {
  readonly t: 'failed';
}
interface BConcat {
  readonly t: 'concat';
  items: BItem[];
  pending: number;
  parent?: Container;
  readonly site?: Site;
}
interface BObj {
  readonly t: 'obj';
  items: BItem[];
  pending: number;
  parent?: Container;
}
interface BArr {
  readonly t: 'arr';
  items: BItem[];
  pending: number;
  parent?: Container;
  /** Set on arrays the concat step made: their elements are verified already. */
  verified?: boolean;
  /**
   * An array joined from arrays, flattened only when read (`elements`):
   * `a = ${?a} [i]` repeated n times would otherwise copy n²/2 elements.
   */
  parts?: BArr[];
}
type BNode = BStr | BPrim | BVar | BUnres | BFailed | BConcat | BObj | BArr;
type BItem = BNode | BField;

/** EMQX's `'$unresolvable'`: an optional substitution that found nothing. */
const UNRES: BUnres = { t: 'unres' };
const FAILED: BFailed = { t: 'failed' };
const NOTFOUND = Symbol('notfound');
type Found = BNode | typeof NOTFOUND;

/** A file to read, as the engine found it. */
export interface IncludeSource {
  readonly uri: string;
  readonly text: string;
}

export interface EmqxResolveOptions {
  /** The file an include directive names, looked up as the engine looks it up; undefined when missing. */
  readonly findInclude: (fromUri: string, target: string) => IncludeSource | undefined;
  readonly sameFile: (a: string, b: string) => boolean;
  readonly maxIncludes: number;
  readonly maxIncludedChars: number;
}

export interface EmqxResolution {
  readonly root: ObjV;
  readonly problems: Problem[];
}

/** Splits a key path as EMQX does (`string:tokens(Key, ".")`: empty segments dropped). */
function tokens(path: string): string[] {
  return path.split('.').filter((s) => s.length > 0);
}

class Builder {
  readonly vars: BVar[] = [];
  private includes = 0;
  private includedChars = 0;

  constructor(private readonly opts: EmqxResolveOptions) {}

  /** The fields of a file's members (includes expanded in place), under variable prefix `prefix`. */
  members(members: ReadonlyArray<FieldNode | IncludeNode>, f: FileCtx, keys: readonly string[], out: BItem[]): void {
    for (const m of members) {
      if (m.kind === 'include') {
        this.include(m, f, keys, out);
        continue;
      }
      const field = this.field(m, f, keys);
      if (field) out.push(field);
    }
  }

  private include(inc: IncludeNode, f: FileCtx, keys: readonly string[], out: BItem[]): void {
    if (inc.target === undefined) return;
    if (this.includes >= this.opts.maxIncludes) return;
    const found = this.opts.findInclude(f.uri, inc.target);
    if (!found) return;
    if (f.stack.some((u) => this.opts.sameFile(u, found.uri))) return;
    if (this.includedChars + found.text.length > this.opts.maxIncludedChars) return;
    this.includes++;
    this.includedChars += found.text.length;
    const parsed = parseHocon(found.text, found.uri);
    const inner: FileCtx = { uri: found.uri, text: found.text, lines: parsed.lines, stack: [...f.stack, found.uri], prefix: [...f.prefix, ...keys] };
    this.members(parsed.file.root.members, inner, [], out);
  }

  /** `{k1, concat[{k2, concat[… {kn, concat[V]}]}]}`, as `hocon:expand/1` nests a dotted key. */
  private field(m: FieldNode, f: FileCtx, keys: readonly string[]): BField | undefined {
    const value = m.value;
    if (!value || value.pieces.length === 0 || value.invalid) return undefined;
    const segs = m.key.quoted ? [m.key.segments.map((s) => s.text).join('.')] : m.key.segments.map((s) => s.text).filter((s) => s.length > 0);
    if (segs.length === 0) return undefined;
    const site = siteOf(f, m.start, m.end);
    const keyPath = m.key.quoted ? segs : [segs.join('.')];
    let node: BNode = this.value(value, f, [...keys, ...keyPath]);
    let field: BField | undefined;
    const valueSite = siteOf(f, value.start, value.end);
    for (let i = segs.length - 1; i >= 0; i--) {
      const wrap = adopt(concat([node], valueSite));
      field = { t: 'field', key: segs[i], matchable: !m.key.quoted, value: wrap, pending: wrap.pending, site };
      wrap.parent = field;
      if (i > 0) node = adopt(concat([field], undefined));
    }
    return field;
  }

  /** A parsed value: a primitive, or the concatenation of its pieces. */
  private value(v: ValueNode, f: FileCtx, keys: readonly string[]): BNode {
    const pieces = v.pieces;
    if (pieces.length === 1) {
      const p = pieces[0];
      if (p.kind === 'literal' && p.type !== 'string') {
        return { t: 'prim', v: p.type === 'number' ? numberValue(p.value as number, p.float === true, f.text.slice(p.start, p.end)) : (p.value as boolean | null) };
      }
    }
    const items: BItem[] = [];
    const c = concat(items, siteOf(f, v.start, v.end));
    for (const p of pieces) {
      switch (p.kind) {
        case 'literal':
          items.push(
            p.type === 'string'
              ? { t: 'str', v: p.value as string }
              : { t: 'prim', v: p.type === 'number' ? numberValue(p.value as number, p.float === true, f.text.slice(p.start, p.end)) : (p.value as boolean | null) },
          );
          break;
        case 'subst': {
          const bv: BVar = {
            t: 'var',
            path: [...f.prefix.flatMap(tokens), ...tokens(p.path)],
            field: [...f.prefix, ...keys].flatMap(tokens),
            required: !p.optional,
            site: siteOf(f, p.start, p.end),
            parent: c,
            index: items.length,
            order: this.vars.length,
          };
          this.vars.push(bv);
          items.push(bv);
          break;
        }
        case 'array':
          items.push(this.array(p, f, keys));
          break;
        case 'object':
          items.push(this.object(p, f, keys));
          break;
      }
    }
    return adopt(c);
  }

  private array(a: ArrayNode, f: FileCtx, keys: readonly string[]): BArr {
    const arr: BArr = { t: 'arr', items: [], pending: 0 };
    for (const e of a.elements) {
      if (e.pieces.length === 0 || e.invalid) continue;
      arr.items.push(this.value(e, f, keys));
    }
    return adopt(arr);
  }

  private object(o: ObjectNode, f: FileCtx, keys: readonly string[]): BObj {
    const obj: BObj = { t: 'obj', items: [], pending: 0 };
    this.members(o.members, f, keys, obj.items);
    return adopt(obj);
  }
}

interface FileCtx {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly stack: readonly string[];
  /** The key path where this file was included: EMQX prefixes its substitutions with it. */
  readonly prefix: readonly string[];
}

function siteOf(f: FileCtx, start: number, end: number): Site {
  return { uri: f.uri, lines: f.lines, start, end, text: f.text.slice(start, end) };
}

function concat(items: BItem[], site: Site | undefined): BConcat {
  return { t: 'concat', items, pending: 0, site };
}

/** Sets the parent of each item of `c` and counts its unresolved substitutions. */
function adopt<T extends BConcat | BObj | BArr>(c: T): T {
  let pending = 0;
  for (const it of c.items) {
    if (it.t === 'var') {
      it.parent = c as BConcat;
      pending++;
    } else if (it.t === 'field' || it.t === 'concat' || it.t === 'obj' || it.t === 'arr') {
      it.parent = c;
      pending += it.pending;
    }
  }
  c.pending = pending;
  return c;
}

/** `is_object/1` of resolved values, by node (a copy of a copy nests: each level is looked at once). */
const objectMemo = new WeakMap<BConcat, boolean>();

/** `is_object/1`: the value (after unwrapping concatenations) starts with an object. Only for resolved values. */
function isObjectValue(v: BNode): boolean {
  if (v.t !== 'concat') return false;
  const seen: BConcat[] = [];
  let c: BConcat = v;
  let result: boolean;
  for (;;) {
    const hit = objectMemo.get(c);
    if (hit !== undefined) {
      result = hit;
      break;
    }
    seen.push(c);
    const first = c.items[0];
    if (first === undefined || first.t !== 'concat') {
      result = first !== undefined && first.t === 'obj';
      break;
    }
    c = first;
  }
  for (const n of seen) objectMemo.set(n, result);
  return result;
}

class Resolver {
  /** The top-level fields by key (unquoted keys only), in document order. */
  private readonly byKey = new Map<string, BField[]>();
  /** For each key, the index in `byKey` of its last definition without unresolved substitutions. */
  private readonly lastResolved = new Map<string, number>();
  private readonly indexOf = new Map<BField, number>();
  /** Top-level keys written in quotes. */
  private readonly quotedKeys = new Set<string>();

  constructor(root: readonly BItem[]) {
    for (const it of root) {
      if (it.t === 'field' && !it.matchable) this.quotedKeys.add(it.key);
      if (it.t !== 'field' || !it.matchable) continue;
      let list = this.byKey.get(it.key);
      if (!list) this.byKey.set(it.key, (list = []));
      this.indexOf.set(it, list.length);
      if (it.pending === 0) this.lastResolved.set(it.key, list.length);
      list.push(it);
    }
  }

  /** `hocon:lookup/2` of a substitution's path in the document. */
  lookup(path: readonly string[]): Found {
    if (path.length === 0) return NOTFOUND;
    const defs = this.byKey.get(path[0]);
    if (!defs) return NOTFOUND;
    if (path.length === 1) return this.lookupOne(defs, path[0]);
    let rv: Found = NOTFOUND;
    const rest = path.slice(1);
    for (const d of defs) rv = this.lookupIn(rest, d.value, rv);
    return rv;
  }

  /**
   * The fold of `maybe_merge` over the resolved definitions of a top-level
   * key, from the last one back: the last resolved definition, merged with
   * the resolved ones before it while all of them are `{…}` objects.
   */
  private lookupOne(defs: readonly BField[], key: string): Found {
    const last = this.lastResolved.get(key);
    if (last === undefined) return NOTFOUND;
    const chain: BNode[] = [defs[last].value];
    if (isObjectValue(defs[last].value)) {
      for (let i = last - 1; i >= 0; i--) {
        if (defs[i].pending > 0) continue;
        if (!isObjectValue(defs[i].value)) break;
        chain.push(defs[i].value);
      }
    }
    if (chain.length === 1) return chain[0];
    const items: BItem[] = [];
    for (let i = chain.length - 1; i >= 0; i--) items.push(...(chain[i] as BConcat).items);
    return { t: 'concat', items, pending: 0, site: (chain[0] as BConcat).site };
  }

  /**
   * `lookup/3` below the first segment: every definition, in order, with the
   * found value carried along.
   */
  private lookupIn(path: readonly string[], v: BItem, rv: Found): Found {
    walkDefinitions(path, v.t === 'concat' ? v.items : [], (field) => {
      if (field.pending === 0) rv = maybeMerge(rv, field.value);
      return false;
    });
    return rv;
  }

  /** Whether `path` is written as a quoted key at the top level (`"x" = 1`, `"a.b" = 1`), which lookups cannot find. */
  quotedOnly(path: readonly string[]): boolean {
    return this.quotedKeys.has(path[0]) || this.quotedKeys.has(path.join('.'));
  }

  /** Whether anything defines `path`, resolved or not. */
  hasDefinition(path: readonly string[]): boolean {
    const defs = path.length > 0 ? this.byKey.get(path[0]) : undefined;
    if (!defs) return false;
    if (path.length === 1) return true;
    const rest = path.slice(1);
    return defs.some((d) => defines(rest, d.value.t === 'concat' ? d.value.items : []));
  }

  /** Replaces a substitution with what it resolved to, and counts down the fields around it. */
  substitute(v: BVar, with_: BNode): string | undefined {
    const c = v.parent!;
    c.items[v.index] = with_;
    let top: Container = c;
    for (let p: Container | undefined = c; p; p = p.parent) {
      top = p;
      p.pending--;
      if (p.t === 'field' && p.pending === 0 && p.parent === undefined && p.matchable) {
        const i = this.indexOf.get(p);
        const prev = this.lastResolved.get(p.key);
        if (i !== undefined && (prev === undefined || i > prev)) this.lastResolved.set(p.key, i);
      }
    }
    return top.t === 'field' ? top.key : undefined;
  }
}

function defines(path: readonly string[], list: readonly BItem[]): boolean {
  return walkDefinitions(path, list, () => true);
}

/**
 * Calls `found` with every field that defines `path` in `list`, in order, through nested
 * objects and concatenations, until it returns true (then true). Iterative: a value copied by
 * a chain of substitutions nests as deep as the chain is long.
 */
function walkDefinitions(path: readonly string[], list: readonly BItem[], found: (field: BField) => boolean): boolean {
  const stack: Array<{ list: readonly BItem[]; i: number; depth: number }> = [{ list, i: 0, depth: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const it = top.list[top.i++];
    if (it.t === 'field') {
      if (!it.matchable || it.key !== path[top.depth]) continue;
      if (top.depth === path.length - 1) {
        if (found(it)) return true;
      } else if (it.value.t === 'concat') stack.push({ list: it.value.items, i: 0, depth: top.depth + 1 });
    } else if (it.t === 'concat' || it.t === 'obj') {
      stack.push({ list: it.items, i: 0, depth: top.depth });
    }
  }
  return false;
}

function maybeMerge(old: Found, nw: BNode): BNode {
  if (old !== NOTFOUND && old.t === 'concat' && nw.t === 'concat' && isObjectValue(old) && isObjectValue(nw)) {
    return { t: 'concat', items: [...old.items, ...nw.items], pending: 0, site: nw.site };
  }
  return nw;
}

/**
 * Where the concat and transform steps report what makes EMQX reject the
 * file. EMQX stops at the first; here the failed value is dropped and the
 * rest is still read, so the checks see every other field.
 */
class Report {
  readonly problems: Problem[] = [];
  /**
   * What each concatenation verified to: a resolved value is shared by every
   * substitution that copied it (a chain `k2 = ${k1}`, `k3 = ${k2}` nests
   * them), so each is joined once and reported once.
   */
  readonly verified = new Map<BConcat, BNode>();
  /** What a verified object or array unpacks to. */
  readonly unpacked = new Map<BItem, V>();

  add(code: string, site: Site | undefined, message: string): void {
    if (!site) return;
    this.problems.push({ code, severity: 'error', message, location: { uri: site.uri, range: site.lines.range(site.start, site.end) } });
  }
}

function kind(it: BItem): string {
  switch (it.t) {
    case 'str':
      return 'string';
    case 'prim':
      return it.v === null ? 'null' : typeof it.v === 'boolean' ? 'boolean' : 'number';
    case 'arr':
      return 'array';
    case 'field':
    case 'obj':
      return 'object';
    case 'unres':
      return 'nothing';
    default:
      return 'value';
  }
}

/** `verify_concat/1`. */
function verify(it: BItem, site: Site | undefined, report: Report): BItem {
  if (it.t === 'concat') return verifyConcat(it, site, report);
  if (it.t === 'field') return { ...it, value: verify(it.value, it.site, report) as BNode };
  return it;
}

function verifyConcat(c: BConcat, site: Site | undefined, report: Report): BNode {
  let v = report.verified.get(c);
  if (v === undefined) report.verified.set(c, (v = concat2(c.items, c.site ?? site, report)));
  return v;
}

/** `concat2/2`: all optional-and-missing is missing; otherwise the pieces are joined. */
function concat2(items: readonly BItem[], site: Site | undefined, report: Report): BNode {
  if (items.every((i) => i.t === 'unres')) return UNRES;
  const acc: BItem[] = [];
  const todo = items.filter((i) => i.t !== 'unres');
  for (let k = 0; k < todo.length; k++) {
    let it: BItem = todo[k];
    if (it.t === 'concat') it = verifyConcat(it, site, report);
    switch (it.t) {
      case 'failed':
        return FAILED;
      case 'arr':
        acc.push(it.verified ? it : { t: 'arr', items: it.items.map((e) => verify(e, site, report)), pending: 0, verified: true });
        break;
      case 'obj':
        for (const f of it.items) acc.push(verify(f, site, report));
        break;
      case 'field':
        acc.push(verify(it, site, report));
        break;
      default:
        acc.push(it);
    }
  }
  if (acc.length === 0) return { t: 'obj', items: [], pending: 0 };
  const last = acc[acc.length - 1];
  const fail = (): BNode => {
    report.add(
      ProblemCode.concat,
      site,
      tr('EMQX cannot concatenate these values ({0}): only strings with strings, arrays with arrays and objects with objects can be joined.', acc.map(kind).join(', ')),
    );
    return FAILED;
  };
  if (last.t === 'field') return acc.every((a) => a.t === 'field') ? { t: 'obj', items: acc, pending: 0 } : fail();
  if (last.t === 'str') return acc.every((a) => a.t === 'str') ? { t: 'str', v: acc.map((a) => (a as BStr).v).join('') } : fail();
  if (last.t === 'arr') return acc.every((a) => a.t === 'arr') ? { t: 'arr', items: [], pending: 0, verified: true, parts: acc as BArr[] } : fail();
  if (acc.length > 1) return fail();
  return last as BNode;
}

/** The elements of a verified array, a joined one flattened (once, without recursion). */
function elements(arr: BArr): BItem[] {
  if (!arr.parts) return arr.items;
  const out: BItem[] = [];
  const stack: Array<{ parts: BArr[]; i: number }> = [{ parts: arr.parts, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.parts.length) {
      stack.pop();
      continue;
    }
    const p = top.parts[top.i++];
    if (p.parts) stack.push({ parts: p.parts, i: 0 });
    else for (const e of p.items) out.push(e);
  }
  arr.items = out;
  arr.parts = undefined;
  return out;
}

/** `do_transform/3`: the fields of an object, later ones merged over earlier ones. */
function transformObject(items: readonly BItem[], report: Report): ObjV {
  const out: ObjV = {};
  // A value that is not an object replaces what came before it: a field
  // whose next definition is such a value is never read (nothing merges into
  // it), so it is not unpacked (`a = ${?a} [i]` repeated stays linear).
  const skip = new Set<number>();
  const nextResets = new Map<string, boolean>();
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.t !== 'field' || it.value.t === 'unres' || it.value.t === 'failed') continue;
    const reset = it.value.t !== 'obj';
    if (reset && nextResets.get(it.key) === true) skip.add(i);
    nextResets.set(it.key, reset);
  }
  // Objects this call made by merging: merged into in place (a dotted key repeated n times under one
  // root would otherwise copy the growing object n times). Values from unpack() are shared, never changed.
  const owned = new Set<ObjV>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.t !== 'field' || it.value.t === 'unres' || it.value.t === 'failed' || skip.has(i)) continue;
    const v = unpack(it.value, report);
    const old = Object.prototype.hasOwnProperty.call(out, it.key) ? out[it.key] : undefined;
    if (isPlainObject(v) && isPlainObject(old) && !mergesIntoArray(old, v)) {
      let target = old;
      if (!owned.has(target)) owned.add((target = copyObject(old)));
      mergeOwned(target, v, owned);
      setOwn(out, it.key, target);
    } else if (isPlainObject(v) && old !== undefined) {
      try {
        setOwn(out, it.key, deepMerge(old, v));
      } catch (e) {
        if (!(e instanceof BadIndex)) throw e;
        report.add(ProblemCode.arrayIndex, it.site, e.message);
      }
    } else {
      setOwn(out, it.key, v);
    }
  }
  return out;
}

function unpack(n: BItem, report: Report): V {
  // A value copied by substitutions is one node reached from every copy: it
  // is unpacked once and shared (nothing below mutates a value in place).
  if (n.t === 'obj' || n.t === 'arr') {
    let u = report.unpacked.get(n);
    if (u === undefined) report.unpacked.set(n, (u = unpackFresh(n, report)));
    return u;
  }
  return unpackFresh(n, report);
}

function unpackFresh(n: BItem, report: Report): V {
  switch (n.t) {
    case 'obj':
      return transformObject(n.items, report);
    case 'arr': {
      const a: ArrV = [];
      for (const e of elements(n)) if (e.t !== 'unres' && e.t !== 'failed') a.push(unpack(e, report));
      return a;
    }
    case 'str':
      return n.v;
    case 'prim':
      return n.v;
    default:
      return null;
  }
}

/**
 * EMQX's value of the layers (each `{ uri, text }`, applied in order as
 * `hocon:files/2` includes them), with the problems that make EMQX reject
 * them: unresolved substitutions, impossible concatenations, array indexes
 * out of range. Problems of reading and parsing are the engine's.
 */
export function emqxResolve(layers: readonly IncludeSource[], opts: EmqxResolveOptions): EmqxResolution {
  const b = new Builder(opts);
  const rootItems: BItem[] = [];
  for (const l of layers) {
    const parsed = parseHocon(l.text, l.uri);
    b.members(parsed.file.root.members, { uri: l.uri, text: l.text, lines: parsed.lines, stack: [l.uri], prefix: [] }, [], rootItems);
  }
  const problems: Problem[] = [];
  const r = new Resolver(rootItems);
  // EMQX resolves the first substitution (in document order) that it can,
  // then starts over. One that finds nothing waits; it can only find
  // something once a top-level field of the key it looks up has resolved,
  // so after each success only the waiting ones of that key are tried again
  // (first in document order), before the scan goes on.
  const copies = new Map<BVar, BNode>();
  const waiting = new Map<string, BVar[]>();
  const tryOne = (v: BVar): string | undefined | false => {
    const found = r.lookup(v.path);
    let changed: string | undefined;
    if (found !== NOTFOUND) changed = r.substitute(v, found);
    else if (!v.required) changed = r.substitute(v, UNRES);
    else return false;
    copies.set(v, found === NOTFOUND ? UNRES : found);
    return changed;
  };
  for (const v of b.vars) {
    let changed = tryOne(v);
    if (changed === false) {
      const key = v.path[0] ?? '';
      let list = waiting.get(key);
      if (!list) waiting.set(key, (list = []));
      list.push(v);
      continue;
    }
    while (changed !== undefined) {
      const list = waiting.get(changed);
      changed = undefined;
      if (!list) break;
      for (let i = 0; i < list.length; i++) {
        const c = tryOne(list[i]);
        if (c === false) continue;
        list.splice(i, 1);
        changed = c;
        break;
      }
    }
  }
  // EMQX rejects the file if any substitution is left; each is reported
  // where it is written, and its value is dropped so the rest can be read.
  const left = [...waiting.values()].flat().sort((x, y) => x.order - y.order);
  for (const v of left) {
    problems.push(unresolved(v, r));
    r.substitute(v, FAILED);
  }
  const report = new Report();
  // Copies are joined in the order they were made, so a copy inside a copy is
  // joined first and no chain of them is followed recursively.
  for (const copy of copies.values()) if (copy.t === 'concat') verifyConcat(copy, copy.site, report);
  const verified = rootItems.map((it) => verify(it, undefined, report));
  const root = transformObject(verified, report);
  problems.push(...report.problems);
  if (problems.length === 0) for (const [v, copy] of copies) surprise(v, copy, root, r, problems, report);
  return { root, problems };
}

/**
 * Warns where a substitution EMQX resolved does not give what the document
 * seems to say: it copied something other than the value the path ends up
 * with (the last definition as written, such as a dotted key after a block),
 * or it dropped the field (`${?a}` while every definition of `a` still waited
 * for a substitution of its own, or a copy of a field that was dropped).
 * Self-references (`a = ${?a} [1]`) and paths nothing defines are expected.
 */
function surprise(v: BVar, copy: BNode, root: ObjV, r: Resolver, problems: Problem[], report: Report): void {
  const n = Math.min(v.path.length, v.field.length);
  for (let i = 0; i < n; i++)
    if (v.path[i] !== v.field[i]) break;
    else if (i === n - 1) return;
  const name = v.path.join('.');
  const at = { uri: v.site.uri, range: v.site.lines.range(v.site.start, v.site.end) };
  const final = valueAt(root, v.path);
  // What the field holds in the end: a later definition or a merge may have
  // set what the copy left out, and then there is nothing to say.
  const now = valueAt(root, v.field);
  const copied = copy.t === 'unres' ? undefined : unpackCopy(copy, report);
  if (copied === undefined) {
    if (now !== undefined || (final === undefined && !r.hasDefinition(v.path))) return;
    problems.push({
      code: ProblemCode.substDropped,
      severity: 'warning',
      location: at,
      message:
        final === undefined
          ? tr('EMQX leaves this field out: when it resolves {0}, "{1}" is itself left out (its definitions wait for substitutions that find nothing, or for each other).', v.site.text, name)
          : tr(
              'EMQX leaves this field out: when it resolves {0}, every definition of "{1}" still waits for a substitution of its own, so {0} finds nothing (EMQX resolves substitutions one at a time, in document order). Define "{1}" before it is used, or write the value here.',
              v.site.text,
              name,
            ),
    });
    return;
  }
  if (final === undefined || now === undefined || sameV(copied, final)) return;
  if (isPlainObject(final) && isPlainObject(now)) {
    const missing = Object.keys(final).filter((k) => !Object.prototype.hasOwnProperty.call(now, k));
    if (missing.length === 0) return;
    problems.push({
      code: ProblemCode.substPartial,
      severity: 'warning',
      location: at,
      message: tr(
        'EMQX copies only the last definition of "{0}" here, not the merged object: the fields {1} from earlier definitions are left out of the copy. Write "{0}" in one block, or set these fields here.',
        name,
        missing.map((k) => `"${k}"`).join(', '),
      ),
    });
    return;
  }
  if (!sameV(now, copied)) return;
  problems.push({
    code: ProblemCode.substPartial,
    severity: 'warning',
    location: at,
    message: tr('EMQX copies the last definition of "{0}" as written here, which is not the value "{0}" ends up with. Write "{0}" in one place.', name),
  });
}

/** The value a substitution copied (verified in the tree already: nothing new is reported). */
function unpackCopy(n: BNode, report: Report): V | undefined {
  const v = verify(n, undefined, report);
  if (v.t === 'unres' || v.t === 'failed') return undefined;
  return unpack(v, report);
}

/** The value at `path` of the resolved tree, through objects only (as EMQX's lookups go). */
function valueAt(root: ObjV, path: readonly string[]): V | undefined {
  let cur: V | undefined = root;
  for (const s of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = cur[s];
  }
  return cur;
}

function sameV(a: V, b: V): boolean {
  if (a === b) return true;
  if (a instanceof Num || b instanceof Num) return a instanceof Num && b instanceof Num && a.value === b.value && a.text === b.text;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameV(x, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameV(a[k], b[k]));
}

function unresolved(v: BVar, r: Resolver): Problem {
  const name = v.path.join('.');
  const written = r.hasDefinition(v.path);
  const quoted = !written && r.quotedOnly(v.path);
  const message = quoted
    ? tr('Substitution {0} cannot be resolved: "{1}" is written with a quoted key, which EMQX\'s substitutions cannot find. Write the key without quotes.', v.site.text, name)
    : written
      ? tr(
          'Substitution {0} cannot be resolved: every definition of "{1}" waits for a substitution that cannot be resolved (a cycle, or one that is missing), so EMQX refuses the file.',
          v.site.text,
          name,
        )
      : tr('Substitution {0} cannot be resolved: nothing sets "{1}". EMQX does not read environment variables here; use {2} to make it optional.', v.site.text, name, `\${?${name}}`);
  return {
    code: written ? ProblemCode.cycle : ProblemCode.unresolved,
    severity: 'error',
    message,
    location: { uri: v.site.uri, range: v.site.lines.range(v.site.start, v.site.end) },
  };
}
