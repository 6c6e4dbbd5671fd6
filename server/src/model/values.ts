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

export type V = Prim | ObjV | ArrV | Thunk;

export function isIndexSegment(seg: string): boolean {
  return seg.length > 0 && seg.length < 10 && /^[0-9]+$/.test(seg);
}

function setKey(o: HoconObject, key: string, value: HoconValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** The plain value of a resolved tree (thunks must be resolved already). */
export function toHocon(v: V): HoconValue {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Thunk) return v.result === undefined ? null : toHocon(v.result);
  // Memoised on the value: an object copied by substitutions converts once.
  if (v.plain !== undefined) return v.plain;
  if (v instanceof ArrV) {
    const out: HoconValue[] = [];
    v.plain = out;
    for (const item of v.items) out.push(toHocon(item));
    return out;
  }
  const out: HoconObject = {};
  v.plain = out;
  for (const [k, child] of v.map) {
    const c = child === null || typeof child !== 'object' ? child : toHocon(child);
    if (k === '__proto__') setKey(out, k, c);
    else out[k] = c;
  }
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
