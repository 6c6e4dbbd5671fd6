/**
 * A seeded generator of EMQX-style HOCON documents for the differential test
 * against EMQX's own parser. Keys come from a small pool so that fields
 * collide: blocks in all three forms (`k {`, `k = {`, `k : {`), dotted keys,
 * repeated keys that merge or reset, arrays and `a.N` index overrides,
 * substitutions (required, optional, forward, cyclic, self-referential, inside
 * concatenations, of environment variable names), objects and arrays built
 * from several fragments, quoted / unquoted / triple-quoted strings with valid
 * and invalid escapes, every separator (also doubled ones), comments, includes
 * (with the included file generated too), and in a share of documents one
 * deliberate syntax error.
 *
 * A document is a list of top-level statements (each one or more lines), so a
 * disagreement can be minimized by dropping statements and lines.
 */

/** mulberry32: a small, fast, seedable PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface GeneratedDoc {
  /** The main file's text. */
  readonly main: string;
  /** Included files by name (next to the main file). */
  readonly includes: Readonly<Record<string, string>>;
}

const KEYS = ['a', 'b', 'c', 'x', 'y', 'node', 'rpc', 'cookie', 'base', 'o'];
const INNER = ['x', 'y', 'z', 'protocol', 'cookie', 'f', '1', '2'];
const ENV = ['HOME', 'EMQX_NODE__COOKIE', 'PATH'];

const QUOTED_PIECES = ['a', 'b c', '.', '$', '{', '#', '//', 'é', '中', '\\n', '\\t', '\\"', '\\\\', '\\/', '\\u00e9', '\\uD83D\\uDE00'];
const BAD_ESCAPES = ['\\uZZZZ', '\\uD800', '\\uDC00x', '\\q', '\\u12', '\\uD83Dx', '\\x'];
const UNQUOTED = ['v', 'ssl', 'tcp', 'inet_tls', 'emqx@127.0.0.1', 'a-b', 'x_y', 'abc|d', 'manual', 'w1'];
const SEPARATORS = ['=', '=', '=', ':', ' = ', ' = ', ' : ', '=', '=', ' = ', ' = ', ':', ' : ', ' = ', ' = ', '==', '=:', ':=', ': =', '= :'];

class Gen {
  private depth = 0;
  readonly includes: Record<string, string> = {};
  /** Unquoted key paths written so far, so substitutions often find something. */
  readonly defined: string[] = [];
  constructor(private readonly r: Rng) {}

  key(): string {
    const r = this.r;
    const n = r.chance(0.6) ? 1 : r.chance(0.7) ? 2 : 3;
    const segs: string[] = [r.pick(KEYS)];
    for (let i = 1; i < n; i++) segs.push(r.pick(INNER));
    if (r.chance(0.04)) return `"${segs.join('.')}"`;
    if (r.chance(0.005)) return segs.map((s) => `"${s}"`).join('.');
    if (r.chance(0.02)) return segs.join('.') + '.';
    if (r.chance(0.02)) return segs.join('..');
    return segs.join('.');
  }

  path(): string {
    const r = this.r;
    const segs: string[] = [r.pick(KEYS)];
    if (r.chance(0.45)) segs.push(r.pick(INNER));
    if (r.chance(0.1)) segs.push(r.pick(INNER));
    return segs.join('.');
  }

  subst(): string {
    const r = this.r;
    if (this.defined.length > 0 && r.chance(0.5)) {
      const p = r.pick(this.defined);
      return r.chance(0.4) ? `\${?${p}}` : `\${${p}}`;
    }
    if (r.chance(0.02)) return `\${${r.pick(ENV)}}`;
    return r.chance(0.9) ? `\${?${this.path()}}` : `\${${this.path()}}`;
  }

  quoted(): string {
    const r = this.r;
    const parts: string[] = [];
    const n = r.int(4);
    for (let i = 0; i < n; i++) parts.push(r.pick(QUOTED_PIECES));
    if (r.chance(0.01)) parts.splice(r.int(parts.length + 1), 0, r.pick(BAD_ESCAPES));
    return `"${parts.join('')}"`;
  }

  triple(): string {
    const r = this.r;
    const body = [r.pick(['x', 'a "q" b', 'line1\nline2', '~\n  l1\n  l2\n  ~', '\\n', '${a}', ' "" '])];
    if (r.chance(0.05)) return `"""${body.join('')}"`;
    if (r.chance(0.01)) return `"""${body.join('')}""""`;
    return `"""${body.join('')}"""`;
  }

  scalar(): string {
    const r = this.r;
    switch (r.int(11)) {
      case 0:
        return String(r.int(100) - 10);
      case 1:
        return r.chance(0.05) ? '1e3' : r.pick(['1.5', '0.25', '2.0', '.5', '1.0e2', '-0.5', '9007199254740993', '123456789012345678901234567890']);
      case 2:
        return r.pick(['true', 'false', 'null']);
      case 3:
      case 4:
        return r.pick(UNQUOTED);
      case 5:
      case 6:
        return this.quoted();
      case 7:
        return this.triple();
      case 8:
        return r.pick(['15s', '1MB', '100ms', '50%', '2h']);
      default:
        return r.pick(UNQUOTED) + ' ' + r.pick(UNQUOTED);
    }
  }

  array(): string {
    const r = this.r;
    const n = r.int(4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(this.value(true));
    const sep = r.chance(0.3) ? '\n' : ', ';
    return `[${items.join(sep)}${r.chance(0.03) && n > 0 ? ',' : ''}]`;
  }

  object(): string {
    const r = this.r;
    if (this.depth > 2) return '{}';
    this.depth++;
    const n = r.int(4);
    const fields: string[] = [];
    for (let i = 0; i < n; i++) fields.push(this.field());
    this.depth--;
    if (r.chance(0.5)) return `{\n  ${fields.join('\n  ')}\n}`;
    return `{${fields.join(', ')}${r.chance(0.03) && n > 0 ? ',' : ''}}`;
  }

  /** A value; `element` for array elements (no self-reference rules there). */
  value(element = false): string {
    const r = this.r;
    if (this.depth > 3) return this.scalar();
    const k = r.int(20);
    if (k < 9) return this.scalar();
    if (k < 11) return this.array();
    if (k < 13) return this.object();
    if (k < 15) return this.subst();
    // Concatenations.
    this.depth++;
    let v: string;
    switch (r.int(7)) {
      case 0:
        v = `${this.subst()} ${this.array()}`;
        break;
      case 1:
        v = `${this.array()} ${this.array()}`;
        break;
      case 2:
        v = `${this.subst()} ${this.object()}`;
        break;
      case 3:
        v = `${this.object()} ${this.object()}`;
        break;
      case 4:
        v = `${r.pick(UNQUOTED)} ${this.subst()}`;
        break;
      case 5:
        v = `${this.quoted()}${this.subst()}${r.pick(['', ' x', '"y"'])}`;
        break;
      default:
        v = element && r.chance(0.2) ? `${this.scalar()} ${this.subst()}` : `${this.subst()} ${this.subst()}`;
    }
    this.depth--;
    return v;
  }

  field(): string {
    const r = this.r;
    const key = this.key();
    if (this.depth === 0 && !key.includes('"'))
      this.defined.push(
        key
          .split('.')
          .filter((x) => x)
          .join('.'),
      );
    const k = r.int(12);
    if (k < 2) {
      // The three block forms.
      return `${key}${r.pick([' ', ' = ', ' : ', '='])}${this.object()}`;
    }
    if (k < 3) {
      // Index override.
      return `${key.split('.')[0]}.${r.pick(['1', '2', '3', '0', '4'])}${r.chance(0.5) ? '.' + r.pick(INNER) : ''} = ${this.value()}`;
    }
    if (k < 4) {
      // Self-reference.
      const self = key.replace(/"/g, '');
      return `${key} = ${r.chance(0.2) ? `\${${self}}` : `\${?${self}}`} ${r.pick([this.array(), this.object(), this.quoted()])}`;
    }
    if (k < 5 && this.depth === 0 && r.chance(0.5)) return this.include();
    return `${key}${r.pick(SEPARATORS)}${this.value()}`;
  }

  include(): string {
    const r = this.r;
    const name = `inc${Object.keys(this.includes).length + 1}.conf`;
    if (r.chance(0.15)) return r.chance(0.5) ? `include "missing.conf"` : `include required("missing.conf")`;
    const inner = new Gen(r);
    inner.depth = 1;
    const lines: string[] = [];
    const n = 1 + r.int(3);
    for (let i = 0; i < n; i++) lines.push(inner.field());
    this.includes[name] = lines.join('\n') + '\n';
    const directive = r.chance(0.3) ? `include required("${name}")` : `include "${name}"`;
    return r.chance(0.3) ? `${this.key().replace(/"/g, '')} { ${directive} }` : directive;
  }

  /** Several statements that work on one key: arrays and their index overrides, objects over arrays, chains. */
  pattern(): string {
    const r = this.r;
    const k = r.pick(KEYS);
    const i = r.pick(INNER);
    switch (r.int(8)) {
      case 0:
        return `${k} = ${this.array()}\n${k}.${r.pick(['1', '2', '3', '0', '01'])}${r.chance(0.3) ? '.' + i : ''} = ${this.value()}`;
      case 1:
        return `${k} = ${this.array()}\n${k}${r.pick([' = ', ' ', ' : '])}${r.pick(['{}', `{ ${r.pick(['"1"', '"2"', i])} = ${this.scalar()} }`, this.object()])}`;
      case 2:
        return `${k} = ${r.pick(['[]', this.array()])} \${?${k}}\n${k}.${r.pick([i, '1'])} = ${this.scalar()}`;
      case 3:
        return `${k}.${i} = ${r.pick([`\${?${r.pick(KEYS)}.${i}}`, `\${${r.pick(KEYS)}}`])}\n${r.pick(KEYS)}.${i} = ${r.pick([`\${${r.pick(KEYS)}}`, this.scalar()])}`;
      case 4:
        return `${k} { ${i} = ${this.scalar()} }\n${k}.${r.pick(INNER)} = ${this.scalar()}\n${r.pick(KEYS)} = \${${r.pick([k, k + '.' + i])}}`;
      case 5:
        return `${k} = \${?${r.pick(KEYS)}}\n${r.pick(KEYS)} = \${?${k}}`;
      case 6:
        return `${k} = [${this.value(true)}, ${this.value(true)}] [${this.value(true)}]\n${k}.${r.pick(['1', '2', '3'])} = ${this.value()}`;
      default:
        return `${k} = \${${r.pick(ENV)}}\n${k} = ${this.scalar()}`;
    }
  }

  statement(): string {
    const r = this.r;
    if (r.chance(0.15)) return this.pattern();
    const f = this.field();
    if (r.chance(0.08)) return `${f} # ${r.pick(['note', 'a = 1', '${x}'])}`;
    if (r.chance(0.05)) return `// ${r.pick(['comment', 'b = 2'])}\n${f}`;
    if (r.chance(0.03)) return `${f},`;
    return f;
  }
}

const SYNTAX_ERRORS = ['}', '{', 'a = ', '= 1', '[1, 2', 'a = "open', 'a { b = 1', 'a b c = 1', '"k" ', 'a = 1 2', 'a = ]', 'a = ${}', 'a = ${ x }', 'a = $x', 'a = 1 true', 'a = @x'];

/** The document of one seed: deterministic. */
export function generate(seed: number): GeneratedDoc {
  const r = new Rng(seed);
  const g = new Gen(r);
  const n = 2 + r.int(7);
  const statements: string[] = [];
  for (let i = 0; i < n; i++) statements.push(g.statement());
  if (r.chance(0.05)) statements.splice(r.int(statements.length + 1), 0, r.pick(SYNTAX_ERRORS));
  return { main: statements.join('\n') + '\n', includes: g.includes };
}
