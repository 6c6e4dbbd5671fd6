/**
 * `hocon_maps:deep_merge/2` and `merge_array/2` as EMQX's resolution applies
 * them (see emqxResolve.ts), on plain values: a later object merged over an
 * earlier one, `a.N = v` index overrides of arrays. mergeOwned merges into an
 * object the caller made, in place, so a dotted key repeated n times under one
 * root costs n merges, not n copies of the growing object.
 */
import { t as tr } from '../l10n';
import { ArrV, ObjV, setOwn, V } from './values';

/** An array index EMQX refuses (`bad_array_index`). */
export class BadIndex {
  constructor(readonly message: string) {}
}

export function isPlainObject(v: V | undefined): v is ObjV {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export function copyObject(o: ObjV): ObjV {
  const out: ObjV = {};
  for (const k of Object.keys(o)) setOwn(out, k, o[k]);
  return out;
}

/** Whether deepMerge(a, b) would merge array indexes into an array somewhere (mergeArray, which may refuse). */
export function mergesIntoArray(a: V, b: V): boolean {
  if (Array.isArray(a)) return isPlainObject(b) && Object.keys(b).every(isArrayIndex);
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  for (const k of Object.keys(b)) {
    if (Object.prototype.hasOwnProperty.call(a, k) && mergesIntoArray(a[k], b[k])) return true;
  }
  return false;
}

/**
 * deepMerge(a, b) into `a`, an object of `owned` (made by the merge, so nobody else holds it): the
 * same result, with owned objects changed in place and shared ones copied once. Only for merges
 * that involve no array (mergesIntoArray(a, b) is false), so it cannot fail half way.
 */
export function mergeOwned(a: ObjV, b: ObjV, owned: Set<ObjV>): void {
  for (const k of Object.keys(b)) {
    const old = Object.prototype.hasOwnProperty.call(a, k) ? a[k] : undefined;
    const nv = b[k];
    if (old !== undefined && isPlainObject(old) && isPlainObject(nv)) {
      let target = old;
      if (!owned.has(target)) {
        owned.add((target = copyObject(old)));
        setOwn(a, k, target);
      }
      mergeOwned(target, nv, owned);
    } else {
      setOwn(a, k, old === undefined ? nv : deepMerge(old, nv));
    }
  }
}

/** `hocon_maps:deep_merge/2` of plain values. */
export function deepMerge(a: V, b: V): V {
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: ObjV = {};
    for (const k of Object.keys(a)) setOwn(out, k, a[k]);
    for (const k of Object.keys(b)) {
      const old = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
      setOwn(out, k, old === undefined ? b[k] : deepMerge(old, b[k]));
    }
    return out;
  }
  if (Array.isArray(a) && isPlainObject(b) && Object.keys(b).every(isArrayIndex)) return mergeArray(a, b);
  return b;
}

/** `binary_to_integer/1` succeeds: EMQX's test for an array index key. */
function isArrayIndex(k: string): boolean {
  return /^[+-]?[0-9]+$/.test(k);
}

/** `merge_array/2`: `a.N = v` on an array replaces element N, or appends when N is one past the end. */
function mergeArray(arr: ArrV, top: ObjV): ArrV {
  const entries = Object.keys(top)
    .map((k) => [Number(k), top[k]] as const)
    .sort((x, y) => x[0] - y[0]);
  let out = arr;
  for (const [i, value] of entries) {
    if (i < 1) throw new BadIndex(tr('Array index {0} is out of range: EMQX counts from 1.', String(i)));
    if (i > out.length + 1) {
      throw new BadIndex(tr('Array index {0} is out of range: the array has {1} element(s), and EMQX only appends at index {2}.', String(i), out.length, out.length + 1));
    }
    const next = out.slice();
    next[i - 1] = i <= out.length ? deepMerge(out[i - 1], value) : deepMerge({}, value);
    out = next;
  }
  return out;
}
