/**
 * The engine's working values while a config is assembled: objects that are
 * still being merged into, arrays, primitives, and thunks (values with
 * substitutions, resolved once every assignment is known). `toHocon` turns the
 * resolved tree into the plain `HoconValue` of the model contract.
 */
import { HoconObject, HoconValue } from './types';

export type Prim = string | number | boolean | null;

/**
 * An object being merged into: a plain object, which becomes the config's
 * `root` (or part of it) as it is, with no copy. Its values are working
 * values until the tree is finished (`finish`). Keys are read and written
 * only through `own`/`setOwn`: `toString` or `__proto__` are config keys
 * like any other.
 */
export interface ObjV {
  [key: string]: V;
}

/** An array: a plain array, finished in place like objects. */
export type ArrV = V[];

/** Values that are not plain data (thunks, exact numbers). */
export abstract class Special {}

export function isObj(v: unknown): v is ObjV {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Special);
}

export function isArr(v: unknown): v is ArrV {
  return Array.isArray(v);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The own value of `key` (never an inherited one such as `toString`). */
export function own(o: ObjV, key: string): V | undefined {
  return hasOwn.call(o, key) ? o[key] : undefined;
}

export function hasOwnKey(o: object, key: string): boolean {
  return hasOwn.call(o, key);
}

export function setOwn(o: ObjV | HoconObject, key: string, v: V): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
  else (o as ObjV)[key] = v;
}

/** Where a substitution was written, for problems. */
export interface SubstSite {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly lines: import('../syntax/lineIndex').LineIndex;
}

export type Part =
  | { readonly k: 'v'; readonly v: V }
  | {
      readonly k: 's';
      readonly path: readonly string[];
      readonly optional: boolean;
      readonly site: SubstSite;
      /** Self-referential: look the path up in the value the field had before. */
      readonly self?: { readonly prev: V | undefined; readonly rest: readonly string[] };
    };

/**
 * A value known only after resolution: the concatenation of `parts`, falling
 * back to (or merging with) `prev`, the value the field had before.
 */
export class Thunk extends Special {
  state = 0;
  result: V | undefined;
  /** Resolution failed (unresolved, cycle or concatenation error). */
  failed = false;
  /** When fields were set below this thunk (`a = ${b}` then `a.c = 1`): the object they went into. */
  overlay?: ObjV;
  /**
   * When the resolved object was merged into the field's previous object
   * (`a { x = 1 }` then `a = ${b}`): the object this value itself gave,
   * before the merge. Provenance uses it to tell which leaves it set.
   */
  own?: ObjV;
  constructor(
    readonly parts: readonly Part[],
    readonly prev: V | undefined,
    readonly site: SubstSite | undefined,
  ) {
    super();
  }
}

/**
 * A number JavaScript cannot print as EMQX does: a float (`1.0` stays a
 * float in Erlang and prints `1.0`, not `1`) or an integer beyond 2^53
 * (Erlang integers are exact; `text` keeps its digits). Every other number
 * is a plain `number`. It behaves as a number everywhere (concatenation,
 * substitution); only printing (toEmqxJson) reads its text.
 */
export class Num extends Special {
  constructor(
    readonly value: number,
    /** For integers: the exact decimal digits (sign included, no `+`, no leading zeros). */
    readonly text: string | undefined,
  ) {
    super();
  }
}

export type V = Prim | ObjV | ArrV | Thunk | Num;

/**
 * How numbers of a plain tree print exactly: for each object or array that
 * holds such a number, by key (or array index), the Erlang text.
 */
export type ExactNumbers = WeakMap<object, Map<string | number, string>>;

/** The working value of a number literal: a Num when JavaScript would print it differently from EMQX. */
export function numberValue(value: number, float: boolean | undefined, source: string): number | Num {
  // A float with a fraction and an integer part prints the same shortest digits with the point in the
  // same place in both (erlangFloat); 1.0, 1.5e3 and 1.0e-7 do not, nor do some below 1.
  if (float) return Number.isInteger(value) || (Math.abs(value) < 1 && erlangFloat(value) !== String(value)) ? new Num(value, undefined) : value;
  if (Number.isSafeInteger(value)) return value;
  let digits: string;
  try {
    digits = BigInt(source).toString();
  } catch {
    return value;
  }
  return new Num(value, digits);
}

/**
 * A float as Erlang prints it (`io_lib_format:fwrite_g/1`, used by `~p`):
 * the shortest digits that read back to the same float, placed as
 * `insert_decimal/2` does: `1.0`, `127.0`, `0.5`, `1.5e3`, `1.0e-7`.
 */
export function erlangFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits.
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const place = Number(exp) + 1;
  return sign + insertDecimal(place, digits);
}

function insertDecimal(place: number, s: string): string {
  if (place === 0) return '0.' + s;
  const l = s.length;
  if (place < 0 || place >= l) {
    const expL = String(place - 1);
    const expCost = expL.length + 1 + (l === 1 ? 2 : 1);
    if (place < 0) return 2 - place <= expCost ? '0.' + '0'.repeat(-place) + s : insertExp(expL, s);
    return place - l + 2 <= expCost ? s + '0'.repeat(place - l) + '.0' : insertExp(expL, s);
  }
  return s.slice(0, place) + '.' + s.slice(place);
}

function insertExp(expL: string, s: string): string {
  return s.length === 1 ? s + '.0e' + expL : s[0] + '.' + s.slice(1) + 'e' + expL;
}

/** The Erlang text of a Num. */
export function numText(n: Num): string {
  return n.text ?? erlangFloat(n.value);
}

/** The Num a resolved value is (through resolved thunks), if it is one. */
function numOf(v: V | undefined): Num | undefined {
  while (v instanceof Thunk) v = v.result;
  return v instanceof Num ? v : undefined;
}

function noteNum(exact: ExactNumbers | undefined, container: object, key: string | number, child: V): void {
  if (!exact) return;
  const n = numOf(child);
  if (!n) return;
  let m = exact.get(container);
  if (!m) exact.set(container, (m = new Map()));
  m.set(key, numText(n));
}

export function isIndexSegment(seg: string): boolean {
  return seg.length > 0 && seg.length < 10 && /^[0-9]+$/.test(seg);
}

/**
 * Where in a tree values needing finish() may be: for a key of the object
 * the guide describes, `null` when nothing below it needs a visit, undefined
 * when it must be walked whole, else the guide below it.
 */
export interface FinishGuide {
  guide(key: string): FinishGuide | null | undefined;
  /** Whether the array at `key` is known to hold no thunk and no Num (then it needs no visit). */
  plainArray?(key: string): boolean;
}

/**
 * Turns the resolved working tree into plain data in place: a thunk left in
 * it becomes its result, a Num its number (its Erlang text noted in `exact`).
 * `guide` says where the tree can hold either; undefined means nowhere (the
 * working tree already is plain data, the common case).
 */
export function finish(root: ObjV, exact: ExactNumbers, guide: FinishGuide | undefined): HoconObject {
  if (guide) finishIn(root, exact, new Set(), guide);
  return root as unknown as HoconObject;
}

function finishIn(v: ObjV | ArrV, exact: ExactNumbers, seen: Set<object>, guide: FinishGuide | undefined): void {
  // An object copied by substitutions is one object reached twice: once is enough.
  if (seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (item !== null && typeof item === 'object') v[i] = finishValue(item, v, i, exact, seen, undefined);
    }
    return;
  }
  for (const k of Object.keys(v)) {
    const child = v[k];
    if (child !== null && typeof child === 'object') {
      const g = guide && isObj(child) ? guide.guide(k) : undefined;
      if (g === null) continue;
      if (guide?.plainArray !== undefined && Array.isArray(child) && guide.plainArray(k)) continue;
      const c = finishValue(child, v, k, exact, seen, g);
      if (c !== child) setOwn(v, k, c);
    }
  }
}

function finishValue(child: V, container: object, key: string | number, exact: ExactNumbers, seen: Set<object>, guide: FinishGuide | undefined): V {
  let c: V | undefined = child;
  while (c instanceof Thunk) c = c.result === undefined ? null : c.result;
  if (c instanceof Num) {
    noteNum(exact, container, key, c);
    return c.value;
  }
  if (c !== null && typeof c === 'object') finishIn(c as ObjV | ArrV, exact, seen, c === child ? guide : undefined);
  return c as V;
}

/** A working value from a plain one (the generic builder and env overrides): a copy. */
export function fromHocon(v: HoconValue): V {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromHocon);
  const o: ObjV = {};
  for (const k of Object.keys(v)) setOwn(o, k, fromHocon(v[k]));
  return o;
}
