/**
 * A seeded generator of documents at the edge of the engine's own resolution
 * (model/emqxAgreement.ts): scalar variables defined in blocks, dotted and
 * quoted keys, and substitutions of them (required, optional, joined with
 * strings, in arrays and blocks), mixed with what makes EMQX's lookup differ
 * from a lookup in the merged tree: a variable or its object redefined later
 * (as a scalar, an array, a copy, a block), a key in quotes, a chain of
 * substitutions, a copy of an object, a missing variable, a field with a
 * substitution overridden or extended later, an include (at the top and
 * inside a block), an array index. Most documents generate() writes hold
 * something only EMQX's resolution reads right; these are mostly the plain
 * case, so both answers are compared where the difference is decided.
 */
import { GeneratedDoc, Rng } from './generate';

const TOP = ['vars', 'base', 'x'];
/** `x` is a variable itself; `vars` and `base` hold them, as `p`, `q`, `sub.p`, `sub.q`. */
const HOLDERS = ['vars', 'base'];
const INNER = ['p', 'q'];
const USES = ['u', 'w', 'blk.w', 'vars.u', 'arr'];
const SCALARS = ['8', '1.0', '9007199254740993', 'true', 'null', '"eu-west"', '15s', 'ssl', '"a b"', '"""t"""', '-3', '0.5', 'emqx@127.0.0.1'];

class PlainGen {
  readonly includes: Record<string, string> = {};
  private included = 0;
  /** Paths defined so far, so most substitutions find something. */
  private readonly defined: string[] = [];
  /**
   * @param clean only definitions and substitutions of defined variables,
   *   without the overrides, quoted keys, copies and includes that break
   *   the plain case
   */
  constructor(
    private readonly r: Rng,
    private readonly clean: boolean,
  ) {}

  /** A variable's path: `vars.p`, `vars.sub.q`, `x`. */
  path(): string {
    const r = this.r;
    if (r.chance(0.15)) return 'x';
    return [r.pick(HOLDERS), ...(r.chance(0.3) ? ['sub'] : []), r.pick(INNER)].join('.');
  }

  scalar(): string {
    return this.r.pick(SCALARS);
  }

  /** A definition of a variable (of `path` if given), in one of the ways EMQX's lookup walks. */
  def(path?: string): string {
    const r = this.r;
    const p = (path ?? this.path()).split('.');
    const v = this.scalar();
    this.defined.push(p.join('.'));
    if (p.length === 1) return `${p[0]} ${r.pick(['=', ':', ' = '])} ${v}`;
    const [top, ...rest] = p;
    switch (r.int(8)) {
      case 0:
        return `${top} {\n  ${rest.join('.')} = ${v}\n}`;
      case 1:
        return `${top} = { ${rest.join('.')} = ${v} }`;
      case 2:
        return rest.length > 1 ? `${top} { ${rest[0]} { ${rest.slice(1).join('.')} = ${v} } }` : `${top} { ${rest[0]} : ${v} }`;
      case 3:
        if (!this.clean) return r.chance(0.5) ? `"${top}" { ${rest.join('.')} = ${v} }` : `${top} { "${rest.join('.')}" = ${v} }`;
        return `${p.join('.')} = ${v}`;
      default:
        return `${p.join('.')} = ${v}`;
    }
  }

  /** What replaces or extends a variable, or its object, so a lookup may see something else. */
  override(): string {
    const r = this.r;
    const top = r.pick(TOP);
    switch (r.int(9)) {
      case 0:
        return `${top} = 5`;
      case 1:
        return `${top} = [1, 2]`;
      case 2:
        return `${top} = "s"`;
      case 3:
        return `${this.path()} = ${this.subst()}`;
      case 4:
        return `${top} = \${?${r.pick(TOP)}}`;
      case 5:
        return `${top} {}`;
      case 6:
        return `${top} = \${${r.pick(TOP)}} { ${r.pick(INNER)} = 1 }`;
      case 7:
        return `arr = [1, 2]\narr.${r.pick(['1', '3'])} = 7`;
      default:
        return `${top}.${r.pick(INNER)} = {}`;
    }
  }

  subst(): string {
    const r = this.r;
    if (!this.clean && r.chance(0.03)) return `\${${r.pick(['MISSING', 'HOME'])}}`;
    const p = this.defined.length > 0 && (this.clean || r.chance(0.85)) ? r.pick(this.defined) : this.path();
    return r.chance(0.2) ? `\${?${p}}` : `\${${p}}`;
  }

  /** A field that uses variables. */
  use(): string {
    const r = this.r;
    const u = r.pick(USES);
    switch (r.int(14)) {
      case 0:
        return `${u} = "pre-"${this.subst()}`;
      case 1:
        return `${u} = ${this.subst()}"-suf"`;
      case 2:
        return `${u} = ${this.subst()} ${this.subst()}`;
      case 3:
        return `${u} = [${this.subst()}, 1]`;
      case 4:
        return `${u} = [{ v = ${this.subst()} }]`;
      case 5:
        return `blk { ${r.pick(['p', 'q', 'w'])} = ${this.subst()} }`;
      case 6:
        return !this.clean && r.chance(0.3) ? `${u} = \${${u}}` : `${u} = ${this.subst()}`;
      case 7:
        return !this.clean && r.chance(0.3) ? `${u} = \${${r.pick(TOP)}}` : `${u} = ${this.subst()}`;
      default:
        return `${u} = ${this.subst()}`;
    }
  }

  /** A later write to a field that holds a substitution. */
  later(): string {
    const r = this.r;
    const u = r.pick(USES);
    return r.pick([`${u} = 1`, `${u}.z = 1`, `${u} { z = 1 }`, `${u} = [3]`]);
  }

  include(): string {
    const name = `inc${this.included++}.conf`;
    const inner: string[] = [];
    const n = 1 + this.r.int(3);
    for (let i = 0; i < n; i++) inner.push(this.r.chance(0.5) ? this.def() : this.use());
    this.includes[name] = inner.join('\n') + '\n';
    return this.r.chance(0.7) ? `include "${name}"` : `${this.r.pick(TOP)} { include "${name}" }`;
  }

  statement(): string {
    const x = this.r.next();
    if (this.clean) return x < 0.45 ? this.def() : this.use();
    if (x < 0.4) return this.def();
    if (x < 0.8) return this.use();
    if (x < 0.86) return this.override();
    if (x < 0.92) return this.later();
    return this.included < 2 ? this.include() : this.def();
  }
}

/** The document of one seed: deterministic. */
export function generatePlain(seed: number): GeneratedDoc {
  const r = new Rng(seed);
  const clean = r.chance(0.5);
  const g = new PlainGen(r, clean);
  const statements: string[] = [];
  // A clean document defines its variables (each once or twice, anywhere: a
  // substitution may come before its variable) and uses only them.
  if (clean) for (let k = 1 + r.int(4); k > 0; k--) for (let d = 1 + r.int(2), p = g.path(); d > 0; d--) statements.push(g.def(p));
  const n = 3 + r.int(8);
  for (let i = 0; i < n; i++) statements.splice(clean ? r.int(statements.length + 1) : statements.length, 0, g.statement());
  return { main: statements.join('\n') + '\n', includes: g.includes };
}
