/**
 * When the engine's own resolution (resolve.ts) gives exactly what EMQX's
 * (emqxResolve.ts) gives, so that EMQX's, which parses and resolves every
 * layer a second time, need not run. EMQX's readings that differ from the
 * engine's (docs/hocon-dialect.md) all come from a substitution that copies
 * an object or an array, a value that holds a substitution itself, a path
 * defined where a lookup in the merged tree does not see it, or an array
 * index; a load with none of them agrees. The test for it is conservative:
 * anything it is not sure of takes EMQX's resolution (the differential test
 * checks both against EMQX's parser).
 *
 * Before resolution (`plainSubstitutions`), every value that holds a
 * substitution must be a substitution, or strings and substitutions joined,
 * and every substitution, required or optional, must name a path that is, in
 * the tree as applied, a scalar reached through objects only, none of whose
 * keys was ever written in quotes; joined values must join strings only:
 *
 * - a scalar holds no substitution of its own, so the order in which EMQX
 *   resolves substitutions (one at a time, in document order, a lookup
 *   skipping definitions still waiting) cannot change what it finds;
 * - EMQX's lookup walks every definition of the path as written and takes
 *   the last; the tree as applied holds the last definition too, unless a
 *   later one of an ancestor replaced it, and then the ancestor is not an
 *   object (a scalar, an array, or a value with a substitution, a copy that
 *   EMQX would look into): not this case;
 * - a key written in quotes anywhere on the path is one EMQX's lookups cannot
 *   find, even where a later unquoted definition merged into it;
 * - EMQX resolves and joins every substitution written, also in a value a
 *   later field overrides (which the engine never reaches): with a scalar
 *   found and strings joined, none of them fails.
 *
 * After resolution (`resolvedCleanly`), every value the engine reached must
 * have resolved, and none left in the tree.
 */
import { isArr, isObj, Num, ObjV, own, Thunk, V } from './values';

/** Whether the substitutions of `thunks` find, in `root` (not yet resolved), what EMQX would find, and join. */
export function plainSubstitutions(root: ObjV, thunks: readonly Thunk[], quotedEver: ReadonlyMap<object, ReadonlySet<string>>): boolean {
  for (const t of thunks) {
    const parts = t.parts;
    for (const part of parts) {
      if (part.k === 'v') {
        if (typeof part.v !== 'string') return false;
        continue;
      }
      if (part.self || part.path.length === 0) return false;
      const found = lookup(root, part.path, quotedEver);
      if (parts.length === 1 ? !isScalar(found) : typeof found !== 'string') return false;
    }
  }
  return true;
}

/**
 * Whether every one of `thunks` the engine reached resolved to a value, and
 * the ones it did not reach (overridden before resolution) are not in `root`.
 */
export function resolvedCleanly(root: ObjV, thunks: readonly Thunk[]): boolean {
  let unreached = false;
  for (const t of thunks) {
    if (t.state === 0) unreached = true;
    else if (t.state !== 2 || t.failed || t.result === undefined) return false;
  }
  return !unreached || !holdsThunk(root);
}

/** The value at `path` through objects whose keys were never written in quotes; undefined otherwise. */
function lookup(root: ObjV, path: readonly string[], quotedEver: ReadonlyMap<object, ReadonlySet<string>>): V | undefined {
  let cur: V | undefined = root;
  for (const seg of path) {
    if (!isObj(cur)) return undefined;
    if (quotedEver.get(cur)?.has(seg)) return undefined;
    cur = own(cur, seg);
  }
  return cur;
}

function isScalar(v: V | undefined): boolean {
  return v !== undefined && (v === null || typeof v !== 'object' || v instanceof Num);
}

/** Whether a thunk is anywhere in `root` (a walk of the whole tree, without recursion). */
function holdsThunk(root: ObjV): boolean {
  const stack: V[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v instanceof Thunk) return true;
    if (isArr(v)) {
      for (const e of v) if (e !== null && typeof e === 'object') stack.push(e);
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) {
        const e = v[k];
        if (e !== null && typeof e === 'object') stack.push(e);
      }
    }
  }
  return false;
}
