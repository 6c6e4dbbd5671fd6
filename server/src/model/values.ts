/**
 * The engine's working values while a config is assembled: objects that are
 * still being merged into, arrays, primitives, and thunks (values with
 * substitutions, resolved once every assignment is known). `toHocon` turns the
 * resolved tree into the plain `HoconValue` of the model contract.
 */
import { HoconObject, HoconValue } from './types';

export type Prim = string | number | boolean | null;

export class ObjV {
  readonly map = new Map<string, V>();
  /** Keys last written in quotes: EMQX's substitutions cannot find them. */
  quoted?: Set<string>;
  /** 0 = not resolved, 1 = resolving, 2 = resolved. */
  state = 0;
  /** The plain value, once converted (toHocon). */
  plain?: HoconObject;
}

export class ArrV {
  constructor(readonly items: V[]) {}
  state = 0;
  /** The plain value, once converted (toHocon). */
  plain?: HoconValue[];
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
export class Thunk {
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
  ) {}
}

/**
 * A number JavaScript cannot print as EMQX does: a float (`1.0` stays a
 * float in Erlang and prints `1.0`, not `1`) or an integer beyond 2^53
 * (Erlang integers are exact; `text` keeps its digits). Every other number
 * is a plain `number`. It behaves as a number everywhere (concatenation,
 * substitution); only printing (toEmqxJson) reads its text.
 */
export class Num {
  constructor(
    readonly value: number,
    /** For integers: the exact decimal digits (sign included, no `+`, no leading zeros). */
    readonly text: string | undefined,
  ) {}
}

export type V = Prim | ObjV | ArrV | Thunk | Num;

/**
 * How numbers of a plain tree print exactly: for each object or array that
 * holds such a number, by key (or array index), the Erlang text.
 */
export type ExactNumbers = WeakMap<object, Map<string | number, string>>;

/** The working value of a number literal: a Num when JavaScript would print it differently from EMQX. */
export function numberValue(value: number, float: boolean | undefined, source: string): number | Num {
  if (float) return new Num(value, undefined);
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

function setKey(o: HoconObject, key: string, value: HoconValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** The plain value of a resolved tree (thunks must be resolved already). */
export function toHocon(v: V, exact?: ExactNumbers): HoconValue {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Num) return v.value;
  if (v instanceof Thunk) return v.result === undefined ? null : toHocon(v.result, exact);
  // Memoised on the value: an object copied by substitutions converts once.
  if (v.plain !== undefined) return v.plain;
  if (v instanceof ArrV) {
    const out: HoconValue[] = [];
    v.plain = out;
    for (const item of v.items) {
      if (item !== null && typeof item === 'object') noteNum(exact, out, out.length, item);
      out.push(toHocon(item, exact));
    }
    return out;
  }
  const out: HoconObject = {};
  v.plain = out;
  // forEach, not for-of: no [key, value] pair allocated per entry.
  v.map.forEach((child, k) => {
    let c: HoconValue;
    if (child === null || typeof child !== 'object') c = child;
    else {
      if (child instanceof Num || child instanceof Thunk) noteNum(exact, out, k, child);
      c = toHocon(child, exact);
    }
    if (k === '__proto__') setKey(out, k, c);
    else out[k] = c;
  });
  return out;
}

/** A working value from a plain one (the generic builder and env overrides). */
export function fromHocon(v: HoconValue): V {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return new ArrV(v.map(fromHocon));
  const o = new ObjV();
  for (const k of Object.keys(v)) o.map.set(k, fromHocon(v[k]));
  return o;
}
