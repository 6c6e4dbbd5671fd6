/**
 * Resolution of substitutions: every thunk the engine left in the working
 * tree is resolved against the final tree (after every file is applied),
 * with cycle detection, and unresolved substitutions and impossible
 * concatenations are reported where they are written.
 */
import { t as tr } from '../l10n';
import { ProblemCode } from '../syntax/problems';
import { GUIDE_SKIP, GUIDE_WALK, ProvNode, ProvTree, ROOT_NODE } from './provenance';
import { Problem } from './types';
import { ArrV, isArr, isIndexSegment, isObj, Num, ObjV, own, setOwn, SubstSite, Thunk, V } from './values';

/** Reached a value that is being resolved: a cycle. */
const CYCLE = Symbol('cycle');
/** Reached a value whose resolution failed (its problem is already reported). */
const FAILED = Symbol('failed');
type Resolved = V | undefined | typeof CYCLE | typeof FAILED;

export class Resolver {
  /** Resolution state of objects and arrays (1 = resolving, 2 = resolved). */
  private readonly states = new Map<object, number>();
  private readonly reportedSites = new Set<string>();

  constructor(
    private readonly root: ObjV,
    private readonly prov: ProvTree,
    /** Keys last written in quotes, by object: EMQX's substitutions cannot find them. */
    private readonly quoted: Map<object, Set<string>>,
    private readonly problems: Problem[],
  ) {}

  resolve(): void {
    this.deepGuided(this.root, ROOT_NODE);
  }

  private report(code: string, site: SubstSite, message: string): void {
    const key = `${code}\u0000${site.uri}\u0000${site.start}`;
    if (this.reportedSites.has(key)) return;
    this.reportedSites.add(key);
    this.problems.push({ code, severity: 'error', message, location: { uri: site.uri, range: site.lines.range(site.start, site.end) } });
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
        const g = this.prov.guide(pn, k);
        if (g === GUIDE_SKIP) continue;
        if (g !== GUIDE_WALK) {
          this.deepGuided(child, g);
          continue;
        }
      } else if (isArr(child) && this.prov.plainArray(pn, k)) {
        continue;
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
        this.report(ProblemCode.cycle, part.site, tr('Substitution {0} is part of a cycle: the values refer to each other, so EMQX cannot resolve them.', part.site.text));
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
      this.report(ProblemCode.concat, site, tr('EMQX cannot concatenate these values ({0}): only strings with strings, arrays with arrays and objects with objects can be joined.', kinds));
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
}

function kindOf(v: V): string {
  if (v === null) return 'null';
  if (v instanceof Num) return 'number';
  if (isArr(v)) return 'array';
  if (isObj(v)) return 'object';
  return typeof v;
}
