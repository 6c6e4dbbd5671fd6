/**
 * Writes server/src/emqx/keyCatalogue.json, the key catalogue the editor uses
 * (completion, hovers, unknown keys, enum values), from EMQX's own schema
 * sources at every release tag of a checkout of emqx/emqx:
 *
 *   npx tsx scripts/gen-key-catalogue.ts /path/to/emqx [--head-version 6.3.0]
 *
 * 4.x: the cuttlefish schemas (`priv/emqx.schema`, the dashboard plugin's),
 * `{mapping, "key.$name.x", ...}` with `{default, ...}` and `{datatype, ...}`,
 * descriptions from the `%% @doc` / `%%` comment lines above each mapping.
 * 5.x and later: `fields(...)` of emqx_conf_schema (node, cluster, rpc),
 * emqx_dashboard_schema (dashboard) and emqx_schema (listeners, ssl options),
 * read with a small reader of Erlang tokens (erlangSource.ts) that follows local function calls
 * (`server_ssl_opts_schema(...)`) and `?R_REF`s; descriptions from
 * `rel/i18n/<module>.hocon` (English) and `rel/i18n/zh/` where a tag has it.
 *
 * Each key records the releases it was seen in as ranges over the tags read,
 * so the editor can tell "added in 5.3.1" from "not known before 6.3, somewhere
 * after 6.0.1". A struct that the reader could not follow completely (an
 * injection point, a computed field list) is marked open: unknown keys are
 * never reported inside it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Clause, Tok, functionClauses, skipGroup, splitArgs, tokenize } from './erlangSource';
import { noFiles } from '../server/src/io';
import { resolveText } from '../server/src/model/load';
import { HoconObject, HoconValue } from '../server/src/model/types';

const OUT = path.join(__dirname, '..', 'server', 'src', 'emqx', 'keyCatalogue.json');
const OUT_DESCRIPTIONS = path.join(__dirname, '..', 'server', 'src', 'emqx', 'keyDescriptions.json');

// ---------------------------------------------------------------- git access

let repo = '';
const showCache = new Map<string, string | undefined>();
function show(tag: string, file: string): string | undefined {
  const k = `${tag}:${file}`;
  if (showCache.has(k)) return showCache.get(k);
  let text: string | undefined;
  try {
    text = execFileSync('git', ['--git-dir', repo, 'show', k], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    text = undefined;
  }
  showCache.set(k, text);
  return text;
}

function tags(): string[] {
  return execFileSync('git', ['--git-dir', repo, 'tag'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

type Ver = [number, number, number];
const parseVer = (s: string): Ver => s.replace(/^[ve]/, '').split(/[.-]/).slice(0, 3).map(Number) as Ver;
const cmp = (a: Ver, b: Ver) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const fmt = (v: Ver) => v.join('.');

// ---------------------------------------------------------------- 5.x schema reading

export interface FieldDef {
  type: string;
  enum?: string[];
  ref?: { module: string; name: string };
  map?: boolean;
  default?: string;
  desc?: { module: string; id: string };
  deprecated?: string;
  aliases?: string[];
  sensitive?: boolean;
  required?: boolean;
  hidden?: boolean;
  /** A converter rewrites the raw value before it is checked (old layouts accepted): neither its fields nor its value can be judged from the schema alone. */
  converter?: boolean;
}

interface Module {
  readonly name: string;
  readonly toks: Tok[];
  readonly fns: Map<string, Clause[]>;
}

export interface StructDef {
  readonly fields: Map<string, FieldDef>;
  open: boolean;
}

const TYPE_WORDS: Array<[RegExp, string]> = [
  [/^(boolean)$/, 'boolean'],
  [/duration|timeout_duration/, 'duration'],
  [/bytesize/, 'bytesize'],
  [/^(integer|non_neg_integer|pos_integer|range|port_number)$/, 'integer'],
  [/^(number|float)$/, 'number'],
  [/^(string|binary|atom|file|ip_port|host_port|url|template|comma_separated_list|comma_separated_binary|comma_separated_atoms|servers|node_array)$/, 'string'],
  [/^ip/, 'ip'],
];

/** Reads `fields(...)` of Erlang schema modules; `source` gives a module's text (undefined: not available). */
export class SchemaReader {
  private readonly modules = new Map<string, Module | null>();
  private readonly structs = new Map<string, StructDef>();

  /**
   * `source` gives a module's text (undefined: not available); `injectors` are the
   * modules that define `injected_fields` (undefined: unknown, injection points stay open).
   */
  constructor(
    private readonly source: (module: string) => string | undefined,
    private readonly injectors?: readonly string[],
  ) {}

  module(name: string): Module | undefined {
    if (!this.modules.has(name)) {
      const text = this.source(name);
      if (!text) this.modules.set(name, null);
      else {
        const toks = tokenize(text);
        this.modules.set(name, { name, toks, fns: functionClauses(toks) });
      }
    }
    return this.modules.get(name) ?? undefined;
  }

  /** The fields of `fields(Name)` in `moduleName`. */
  struct(moduleName: string, name: string): StructDef | undefined {
    const key = `${moduleName}:${name}`;
    const known = this.structs.get(key);
    if (known) return known;
    const m = this.module(moduleName);
    if (!m) return undefined;
    const clause = (m.fns.get('fields') ?? []).find((c) => {
      const a = m.toks.slice(c.args[0], c.args[1]);
      return a.length === 1 && (a[0].k === 'str' || a[0].k === 'atom') && a[0].v === name;
    });
    if (!clause) return undefined;
    const def: StructDef = { fields: new Map(), open: false };
    this.structs.set(key, def);
    this.collect(m, clause.body[0], clause.body[1], def, 0);
    return def;
  }

  /** Collects the fields an expression evaluates to (lists, `++`, local calls, comprehensions). */
  private collect(m: Module, from: number, to: number, def: StructDef, depth: number): void {
    const t = m.toks;
    if (depth > 8) {
      def.open = true;
      return;
    }
    let i = from;
    let sawList = false;
    while (i < to) {
      const tok = t[i];
      if (tok.v === '{' && this.isFieldTuple(m, i)) {
        const end = skipGroup(t, i);
        this.addField(m, i, end, def);
        sawList = true;
        i = end;
        continue;
      }
      if (tok.k === 'punct' && tok.v === '[') {
        const end = skipGroup(t, i);
        this.collectList(m, i + 1, end - 1, def, depth);
        sawList = true;
        i = end;
        continue;
      }
      if (tok.k === 'atom' && t[i + 1]?.v === ':' && t[i + 2]?.k === 'atom' && t[i + 3]?.v === '(') {
        const end = skipGroup(t, i + 3);
        const mod = tok.v;
        const fn = t[i + 2].v;
        if (mod === 'emqx_schema_hooks' || mod === 'lists' || mod === 'maps') {
          if (mod === 'emqx_schema_hooks') this.inject(t, i + 4, end - 1, def, depth);
          else this.collect(m, i + 4, end - 1, def, depth + 1);
        } else if (fn === 'fields') {
          const a = t.slice(i + 4, end - 1);
          const sub = a.length === 1 ? this.struct(mod, a[0].v) : undefined;
          if (sub) this.merge(def, sub);
          else def.open = true;
        } else {
          const other = this.module(mod);
          const clauses = other?.fns.get(fn);
          if (other && clauses) for (const c of clauses) this.collect(other, c.body[0], c.body[1], def, depth + 1);
          else def.open = true;
        }
        i = end;
        continue;
      }
      if (tok.k === 'atom' && t[i + 1]?.v === '(' && (i === from || t[i - 1].v !== ':')) {
        const end = skipGroup(t, i + 1);
        const clauses = m.fns.get(tok.v);
        if (tok.v === 'fields') {
          const a = t.slice(i + 2, end - 1);
          const sub = a.length === 1 ? this.struct(m.name, a[0].v) : undefined;
          if (sub) this.merge(def, sub);
          else def.open = true;
        } else if (clauses) {
          for (const c of clauses) this.collect(m, c.body[0], c.body[1], def, depth + 1);
          // fields passed through a helper (`exclude_fields([...], server_ssl_opts_schema(...))`)
          this.collect(m, i + 2, end - 1, def, depth + 1);
        } else if (!['filter', 'maps', 'proplists'].includes(tok.v)) {
          this.collect(m, i + 2, end - 1, def, depth + 1);
        }
        i = end;
        continue;
      }
      i++;
    }
    // `fields(X) -> something_not_read()`: nothing can be said about that struct.
    if (depth === 0 && !sawList && def.fields.size === 0) def.open = true;
  }

  /**
   * `emqx_schema_hooks:list_injection_point(Point)`: the fields every module's
   * `injected_fields` adds at that point (the injecting modules are given to the
   * reader); open when the reader has no list of them or cannot read one.
   */
  private inject(t: Tok[], from: number, to: number, def: StructDef, depth: number): void {
    const point = t[from];
    if (!this.injectors || !point || (point.k !== 'atom' && point.k !== 'str')) {
      def.open = true;
      return;
    }
    for (const name of this.injectors) {
      const m = this.module(name);
      if (!m) {
        def.open = true;
        continue;
      }
      for (const c of m.fns.get('injected_fields') ?? []) {
        // the body's value (its last expression) is a map literal `#{Point => Fields, ...}`
        const exprs = splitArgs(m.toks, c.body[0], c.body[1]);
        const [a, b] = exprs[exprs.length - 1] ?? c.body;
        if (m.toks[a]?.v !== '#' || m.toks[a + 1]?.v !== '{' || skipGroup(m.toks, a + 1) !== b) {
          def.open = true;
          continue;
        }
        for (const [x, y] of splitArgs(m.toks, a + 2, skipGroup(m.toks, a + 1) - 1)) {
          if (m.toks[x + 1]?.v !== '=>' || m.toks[x].v !== point.v) continue;
          const before = def.fields.size;
          this.collect(m, x + 2, y, def, depth + 1);
          if (def.fields.size === before && m.toks[x + 2]?.v !== '[') def.open = true;
        }
      }
    }
  }

  private merge(into: StructDef, from: StructDef): void {
    for (const [k, v] of from.fields) if (!into.fields.has(k)) into.fields.set(k, v);
    if (from.open) into.open = true;
  }

  /** The elements of a list literal: field tuples, or nested expressions holding more. */
  private collectList(m: Module, from: number, to: number, def: StructDef, depth: number): void {
    const t = m.toks;
    for (const [a, b] of splitArgs(t, from, to, true)) {
      if (t[a]?.v === '{' && (t[a + 1]?.k === 'str' || t[a + 1]?.k === 'atom') && t[a + 2]?.v === ',') {
        this.addField(m, a, skipGroup(t, a), def);
        continue;
      }
      // a local helper that returns one field (`enable(true)`) or a list of them
      if (t[a]?.k === 'atom' && t[a + 1]?.v === '(' && skipGroup(t, a + 1) === b) {
        const clauses = m.fns.get(t[a].v);
        if (clauses) for (const c of clauses) this.collect(m, c.body[0], c.body[1], def, depth + 1);
        else def.open = true;
        continue;
      }
      // `F || ..., F <- [...]`: the generator's list holds the fields.
      let comprehension = false;
      for (let j = a; j < b; j++) {
        if (t[j].v === '<-' && t[j + 1]?.v === '[') {
          this.collectList(m, j + 2, skipGroup(t, j + 1) - 1, def, depth);
          comprehension = true;
          break;
        }
      }
      if (comprehension) continue;
      if (t[a]?.v === '[' && skipGroup(t, a) === b) this.collectList(m, a + 1, b - 1, def, depth);
      // any other expression (`common_listener_fields() ++ server_ssl_opts()`, the tail after `|`)
      else this.collect(m, a, b, def, depth + 1);
    }
  }

  private isFieldTuple(m: Module, i: number): boolean {
    const t = m.toks;
    if (!((t[i + 1]?.k === 'str' || t[i + 1]?.k === 'atom') && t[i + 2]?.v === ',')) return false;
    const c = t[i + 3];
    if (c?.k === 'macro') return c.v === 'HOCON';
    if (c?.k !== 'atom') return false;
    if (t[i + 4]?.v === ':') return t[i + 6]?.v === '(' && /^(hoconsc|emqx_schema_secret)$/.test(c.v) && t[i + 5]?.v === 'mk';
    return t[i + 4]?.v === '(' && (c.v === 'sc' || c.v === 'mk' || /_schema$/.test(c.v));
  }

  private addField(m: Module, start: number, end: number, def: StructDef): void {
    const name = m.toks[start + 1].v;
    const field = this.field(m, start + 3, end - 1);
    if (field && !def.fields.has(name)) def.fields.set(name, field);
  }

  /** A field schema: `sc(Type, #{...})`, `?HOCON(...)`, `hoconsc:mk(...)`, `emqx_schema_secret:mk(#{...})`. */
  private field(m: Module, from: number, _to: number): FieldDef | undefined {
    const t = m.toks;
    let i = from;
    let callee = '';
    if (t[i]?.k === 'macro') {
      callee = t[i].v;
      i++;
    } else if (t[i]?.k === 'atom' && t[i + 1]?.v === ':' && t[i + 2]?.k === 'atom') {
      callee = `${t[i].v}:${t[i + 2].v}`;
      i += 3;
    } else if (t[i]?.k === 'atom') {
      callee = t[i].v;
      i++;
    }
    if (t[i]?.v !== '(') return { type: 'any' };
    const end = skipGroup(t, i);
    const args = splitArgs(t, i + 1, end - 1);
    if (callee === 'emqx_schema_secret:mk') return { type: 'secret', ...this.meta(m, args[0]) };
    if (/tls_versions_schema|ciphers_schema/.test(callee)) return { type: 'array' };
    if (!/^(sc|HOCON|hoconsc:mk|mk|field)$/.test(callee) || args.length === 0) {
      // a local helper returning a field schema: read its first clause
      const clauses = m.fns.get(callee);
      if (clauses && clauses.length > 0) return this.field(m, clauses[0].body[0], clauses[0].body[1]);
      return { type: 'any' };
    }
    const type = this.type(m, args[0][0], args[0][1]);
    return { ...type, ...this.meta(m, args[1]) };
  }

  private type(m: Module, from: number, _to: number): FieldDef {
    const t = m.toks;
    let i = from;
    let mod = m.name;
    let name = '';
    if (t[i]?.k === 'macro') {
      name = t[i].v;
      i++;
    } else if (t[i]?.k === 'atom' && t[i + 1]?.v === ':' && t[i + 2]?.k === 'atom') {
      mod = t[i].v;
      name = t[i + 2].v;
      i += 3;
    } else if (t[i]?.k === 'atom') {
      name = t[i].v;
      i++;
    } else return { type: 'any' };
    const args = t[i]?.v === '(' ? splitArgs(t, i + 1, skipGroup(t, i) - 1) : [];
    if (name === 'enum') {
      // Only a literal list is read; a computed one (injection points) leaves the values open.
      if (!args[0] || t[args[0][0]].v !== '[' || skipGroup(t, args[0][0]) !== args[0][1]) return { type: 'enum' };
      const list = t
        .slice(args[0][0], args[0][1])
        .filter((x) => x.k === 'atom' || x.k === 'str' || x.k === 'num')
        .map((x) => x.v);
      return { type: 'enum', enum: list };
    }
    if (name === 'ref' || name === 'R_REF' || name === 'REF') {
      if (args.length === 2) return { type: 'struct', ref: { module: t[args[0][0]].v, name: t[args[1][0]].v } };
      if (args.length === 1) {
        const a = t[args[0][0]];
        return { type: 'struct', ref: { module: mod === 'hoconsc' ? m.name : mod, name: a.v } };
      }
    }
    if (name === 'map' || name === 'MAP' || name === 'tombstone_map') {
      const inner = args[1] ? this.type(m, args[1][0], args[1][1]) : { type: 'any' };
      return { ...inner, map: true, type: inner.type };
    }
    if (name === 'array' || name === 'ARRAY') return { type: 'array' };
    if (name === 'union' || name === 'UNION') return { type: 'union' };
    if (name === 'alias' && args.length === 2) return this.type(m, args[1][0], args[1][1]);
    for (const [re, word] of TYPE_WORDS) if (re.test(name)) return { type: word };
    return { type: 'any' };
  }

  private meta(m: Module, span: [number, number] | undefined): Partial<FieldDef> {
    if (!span) return {};
    const t = m.toks;
    const [a] = span;
    if (t[a]?.v !== '#' || t[a + 1]?.v !== '{') return {};
    const out: Partial<FieldDef> = {};
    for (const [x, y] of splitArgs(t, a + 2, skipGroup(t, a + 1) - 1)) {
      if (t[x + 1]?.v !== '=>') continue;
      const key = t[x].v;
      const vs = x + 2;
      const val = t.slice(vs, y);
      if (key === 'default') out.default = literal(val);
      else if (key === 'desc' && val[0]?.k === 'macro' && val[0].v === 'DESC') {
        const args = splitArgs(t, vs + 2, skipGroup(t, vs + 1) - 1);
        if (args.length === 1) out.desc = { module: m.name, id: t[args[0][0]].v };
        else if (args.length === 2) out.desc = { module: t[args[0][0]].v === 'MODULE' ? m.name : t[args[0][0]].v, id: t[args[1][0]].v };
      } else if (key === 'deprecated') out.deprecated = val[0]?.v === 'true' ? 'true' : (val.find((v) => v.k === 'str')?.v ?? (val[0]?.v === 'false' ? undefined : 'true'));
      else if (key === 'aliases') out.aliases = val.filter((v) => v.k === 'atom' || v.k === 'str').map((v) => v.v);
      else if (key === 'sensitive') out.sensitive = val[0]?.v === 'true';
      else if (key === 'required') out.required = val[0]?.v === 'true';
      else if (key === 'importance') out.hidden = val[0]?.v === 'IMPORTANCE_HIDDEN';
      else if (key === 'converter') out.converter = true;
    }
    return out;
  }
}

/** An Erlang literal as EMQX would write it in a config, or undefined when computed. */
function literal(val: Tok[]): string | undefined {
  // Df(key, Default) / maps:get(key, Defaults, Default): the default given there.
  if (val.length > 3 && val[1]?.v === '(' && val[0].k === 'var') return literal(val.slice(4, -1));
  if (val.length === 1) {
    const v = val[0];
    if (v.k === 'macro') return undefined;
    if (v.k === 'var') return undefined;
    if (v.k === 'atom' && v.v === 'undefined') return undefined;
    return v.v;
  }
  if (val[0]?.v === '[' && val[val.length - 1]?.v === ']') {
    const inner = val.slice(1, -1).filter((x) => x.v !== ',');
    if (inner.every((x) => x.k === 'atom' || x.k === 'str' || x.k === 'bin' || x.k === 'num')) return `[${inner.map((x) => (x.k === 'str' || x.k === 'bin' ? `"${x.v}"` : x.v)).join(', ')}]`;
  }
  return undefined;
}

// ---------------------------------------------------------------- i18n

function i18n(tag: string, module: string, zh: boolean): HoconObject | undefined {
  const text = show(tag, zh ? `rel/i18n/zh/${module}.hocon` : `rel/i18n/${module}.hocon`);
  if (!text) return undefined;
  try {
    const root = resolveText(text, `file:///${module}.hocon`, noFiles).root;
    const obj = root[module];
    return obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as HoconObject) : undefined;
  } catch {
    return undefined;
  }
}

function descText(obj: HoconObject | undefined, id: string): string | undefined {
  const d = obj?.[id] as HoconValue | undefined;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  const desc = (d as HoconObject).desc;
  return typeof desc === 'string' ? desc.trim().replace(/\s*\n\s*/g, ' ') : undefined;
}

// ---------------------------------------------------------------- catalogue

export interface KeyRecord {
  path: string;
  type: string;
  enum?: Record<string, string[]>;
  default?: string;
  desc?: { en?: string; zh?: string };
  deprecated?: string;
  aliases?: string[];
  sensitive?: boolean;
  required?: boolean;
  hidden?: boolean;
  /** A converter rewrites the value before EMQX checks it (in some release read). */
  converter?: boolean;
  /** Half-open version ranges [first seen, first absent again) over the tags read; '' = still present. */
  seen: Array<[string, string]>;
  /** The newest tag read where the key was absent before it was first seen ('' when the oldest tag read has it). */
  absentAt?: string;
  /** When the default changed between releases: [first release, default] pairs, oldest first. */
  defaults?: Array<[string, string | null]>;
  /** Where the struct is open, as `seen`: other modules extend it there, or the generator could not follow it; unknown fields are not judged inside. */
  openIn?: Array<[string, string]>;
  /** The name segment is a user-chosen name (a map key). */
  map?: boolean;
}

interface Snapshot {
  version: Ver;
  tag: string;
  keys: Map<string, FieldDef & { open?: boolean; descText?: string; zhText?: string }>;
}

const FILES5: Record<string, string> = {
  emqx_conf_schema: 'apps/emqx_conf/src/emqx_conf_schema.erl',
  emqx_schema: 'apps/emqx/src/emqx_schema.erl',
  emqx_dashboard_schema: 'apps/emqx_dashboard/src/emqx_dashboard_schema.erl',
};

/** The roots read in 5.x and later: path, module, struct. */
const ROOTS5: Array<[string, string, string]> = [
  ['node', 'emqx_conf_schema', 'node'],
  ['cluster', 'emqx_conf_schema', 'cluster'],
  ['rpc', 'emqx_conf_schema', 'rpc'],
  ['dashboard', 'emqx_dashboard_schema', 'dashboard'],
  ['listeners', 'emqx_schema', 'listeners'],
  // The rest of the schema the same reader serves, for completion and hovers (not judged for unknown keys).
  ['log', 'emqx_conf_schema', 'log'],
  ...['mqtt', 'force_shutdown', 'overload_protection', 'force_gc', 'conn_congestion', 'stats', 'sysmon', 'alarm', 'flapping_detect', 'sys_topics'].map((r): [string, string, string] => [
    r,
    'emqx_schema',
    r,
  ]),
];

/** The modules of a tag that define `injected_fields` (they add fields at injection points), by module name → file. */
function injectingModules(tag: string): Record<string, string> {
  let out = '';
  try {
    out = execFileSync('git', ['--git-dir', repo, 'grep', '-l', 'injected_fields', tag, '--', 'apps'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return {};
  }
  const files: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const file = line.slice(line.indexOf(':') + 1);
    if (!/\/src\/.*\.erl$/.test(file) || /emqx_schema_hooks\.erl$/.test(file)) continue;
    files[path.basename(file, '.erl')] = file;
  }
  return files;
}

function snapshot5(tag: string): Snapshot {
  const injectorFiles = injectingModules(tag);
  const files: Record<string, string> = { ...injectorFiles, ...FILES5 };
  const reader = new SchemaReader((mod) => (files[mod] ? show(tag, files[mod]) : undefined), Object.keys(injectorFiles));
  const keys: Snapshot['keys'] = new Map();
  const walk = (prefix: string, def: StructDef, seen: Set<string>) => {
    for (const [name, f] of def.fields) {
      const p = `${prefix}.${name}`;
      const record = { ...f };
      keys.set(p, record);
      if (f.converter) (record as { open?: boolean }).open = true;
      if (f.ref) {
        const sub = reader.struct(f.ref.module, f.ref.name);
        const key = `${f.ref.module}:${f.ref.name}`;
        if (!sub) {
          (record as { open?: boolean }).open = true;
          continue;
        }
        if (sub.open) (record as { open?: boolean }).open = true;
        if (seen.has(key)) continue;
        const childPrefix = f.map ? `${p}.*` : p;
        if (f.map) keys.set(`${p}.*`, { type: 'struct', open: sub.open });
        walk(childPrefix, sub, new Set([...seen, key]));
      } else if (f.map) {
        (record as { open?: boolean }).open = true;
      }
    }
  };
  for (const [root, mod, name] of ROOTS5) {
    const def = reader.struct(mod, name);
    if (!def) continue;
    keys.set(root, { type: 'struct', open: def.open });
    walk(root, def, new Set([`${mod}:${name}`]));
  }
  const en = new Map<string, HoconObject | undefined>();
  const zh = new Map<string, HoconObject | undefined>();
  for (const rec of keys.values()) {
    if (!rec.desc) continue;
    const { module, id } = rec.desc;
    if (!en.has(module)) en.set(module, i18n(tag, module, false));
    if (!zh.has(module)) zh.set(module, i18n(tag, module, true));
    rec.descText = descText(en.get(module), id);
    rec.zhText = descText(zh.get(module), id);
  }
  return { version: parseVer(tag), tag, keys };
}

// 4.x cuttlefish
const FILES4 = ['priv/emqx.schema', 'lib-ce/emqx_dashboard/priv/emqx_dashboard.schema'];
const ROOTS4 = /^(node|cluster|rpc|dashboard|listener)\./;

function snapshot4(tag: string): Snapshot {
  const keys: Snapshot['keys'] = new Map();
  for (const file of FILES4) {
    const text = show(tag, file);
    if (!text) continue;
    const re = /\{mapping,\s*"([^"]+)"\s*,\s*"[^"]*"\s*,\s*\[([^]*?)\]\s*\}\s*\./g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const p = m[1].replace(/\$[A-Za-z_]+/g, '*');
      if (!ROOTS4.test(p)) continue;
      const body = m[2];
      const dflt = /\{default,\s*("([^"]*)"|[^}\s]+)\s*\}/.exec(body);
      const dt = /\{datatype,\s*([^]*?)\}\s*(?:,\s*\{|$)/.exec(body);
      const en = /\{datatype,\s*\{enum,\s*\[([^\]]*)\]/.exec(body);
      const before = text.slice(Math.max(0, m.index - 1500), m.index).split('\n');
      const comment: string[] = [];
      for (let i = before.length - 1; i >= 0; i--) {
        const line = before[i].trim();
        if (line === '' && comment.length === 0) continue;
        if (!line.startsWith('%%')) break;
        const txt = line.replace(/^%+\s?/, '').replace(/^@doc\s*/, '');
        if (/^-{3,}|^={3,}/.test(txt)) break;
        comment.unshift(txt);
      }
      const datatype = en
        ? 'enum'
        : dt
          ? dt[1]
              .replace(/[{}[\]]/g, ' ')
              .trim()
              .split(/[\s,]+/)[0]
          : 'string';
      keys.set(p, {
        type: datatype === 'flag' ? 'flag' : datatype,
        enum: en
          ? en[1]
              .split(',')
              .map((s) => s.trim().replace(/^'|'$/g, ''))
              .filter(Boolean)
          : undefined,
        default: dflt ? (dflt[2] ?? dflt[1]) : undefined,
        descText: comment.join(' ').trim() || undefined,
        hidden: /\{hidden,\s*true\}/.test(body) || undefined,
      });
    }
  }
  return { version: parseVer(tag), tag, keys };
}

/**
 * Walks the snapshots in order and gives each half-open range [first version an item holds in,
 * first version it no longer does) ('' when it still holds in the newest), in the order the ranges
 * close. `holding(s)` lists the items that hold in snapshot `s` (a key present, a struct open, an
 * enum value allowed).
 */
function* versionRanges<T>(snaps: readonly Snapshot[], holding: (s: Snapshot) => readonly T[]): Generator<[T, string, string]> {
  const start = new Map<T, string>();
  for (const s of snaps) {
    const now = holding(s);
    for (const item of now) if (!start.has(item)) start.set(item, fmt(s.version));
    for (const [item, st] of [...start]) {
      if (!now.includes(item)) {
        yield [item, st, fmt(s.version)];
        start.delete(item);
      }
    }
  }
  for (const [item, st] of start) yield [item, st, ''];
}

function build(snaps: Snapshot[]): KeyRecord[] {
  snaps.sort((a, b) => cmp(a.version, b.version));
  const all = new Set<string>();
  for (const s of snaps) for (const k of s.keys.keys()) all.add(k);
  const out: KeyRecord[] = [];
  for (const p of all) {
    const seen = [...versionRanges(snaps, (s) => (s.keys.has(p) ? [p] : []))].map(([, st, end]): [string, string] => [st, end]);
    const openIn = [...versionRanges(snaps, (s) => (s.keys.get(p)?.open ? [p] : []))].map(([, st, end]): [string, string] => [st, end]);
    const enumSeen = new Map<string, Array<[string, string]>>();
    for (const [v, st, end] of versionRanges(snaps, (s) => s.keys.get(p)?.enum ?? [])) enumSeen.set(v, [...(enumSeen.get(v) ?? []), [st, end]]);
    const first = snaps.findIndex((s) => s.keys.has(p));
    const absentAt = first > 0 ? fmt(snaps[first - 1].version) : undefined;
    let newest: Snapshot['keys'] extends Map<string, infer V> ? V : never = undefined as never;
    let zh: string | undefined;
    const defaults: Array<[string, string | null]> = [];
    for (const s of snaps) {
      const rec = s.keys.get(p);
      if (!rec) continue;
      const d = rec.default ?? null;
      if (defaults.length === 0 || defaults[defaults.length - 1][1] !== d) defaults.push([fmt(s.version), d]);
      newest = rec;
      zh = rec.zhText ?? zh;
    }
    const r: KeyRecord = { path: p, type: newest.type, seen };
    if (absentAt) r.absentAt = absentAt;
    if (newest.enum) r.enum = Object.fromEntries([...enumSeen].map(([v, ranges]) => [v, ranges.flat()]));
    if (newest.default !== undefined) r.default = newest.default;
    if (defaults.length > 1) r.defaults = defaults;
    if (newest.descText || zh) r.desc = { en: newest.descText, zh };
    if (newest.deprecated) r.deprecated = newest.deprecated;
    if (newest.aliases?.length) r.aliases = newest.aliases;
    if (newest.sensitive) r.sensitive = true;
    if (newest.required) r.required = true;
    if (newest.hidden) r.hidden = true;
    if (snaps.some((s) => s.keys.get(p)?.converter)) r.converter = true;
    if (openIn.length > 0) r.openIn = openIn;
    if (newest.map) r.map = true;
    out.push(r);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function main(): void {
  const args = process.argv.slice(2);
  const checkout = args.find((a) => !a.startsWith('--'));
  if (!checkout) {
    process.stderr.write('usage: gen-key-catalogue.ts <emqx checkout or .git dir> [--head-version X.Y.Z]\n');
    process.exit(2);
  }
  repo = fs.existsSync(path.join(checkout, '.git')) ? path.join(checkout, '.git') : checkout;
  const headIdx = args.indexOf('--head-version');
  const release = /^[ve]\d+\.\d+\.\d+$/;
  const all = tags().filter((t) => release.test(t));
  const t4 = all.filter((t) => /^v4\.(3|4)\./.test(t));
  // 5.0–5.8 are tagged v*, 5.9 and later e* (one source tree; the same schema files).
  const t5 = all.filter((t) => (/^v5\./.test(t) && cmp(parseVer(t), [5, 9, 0]) < 0) || (/^e/.test(t) && cmp(parseVer(t), [5, 9, 0]) >= 0));
  const snaps4 = t4.map(snapshot4);
  const snaps5 = t5.map(snapshot5);
  const releasesRead = [...t4, ...t5].map((t) => fmt(parseVer(t)));
  if (headIdx >= 0 && args[headIdx + 1]) {
    const s = snapshot5('HEAD');
    s.version = parseVer(args[headIdx + 1]);
    snaps5.push(s);
    releasesRead.push(args[headIdx + 1]);
  }
  const data = {
    source:
      'emqx/emqx: priv/emqx.schema and the dashboard plugin schema (4.x); emqx_conf_schema, emqx_schema, emqx_dashboard_schema and rel/i18n (5.x and later). Regenerate with scripts/gen-key-catalogue.ts.',
    releases: releasesRead.sort((a, b) => cmp(parseVer(a), parseVer(b))),
    cuttlefish: build(snaps4),
    hocon: build(snaps5),
  };
  writeCatalogue(data);
  process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}: ${data.cuttlefish.length} 4.x keys, ${data.hocon.length} 5.x+ keys from ${data.releases.length} releases\n`);
}

export interface CatalogueFile {
  source: string;
  releases: string[];
  cuttlefish: KeyRecord[];
  hocon: KeyRecord[];
}

/**
 * Writes the catalogue as two files: keyCatalogue.json, every record without its
 * description (what checking a config reads, at every start of the CLI), and
 * keyDescriptions.json, EMQX's descriptions by dialect and key path (read only for
 * hovers and completion), so a check parses half the text, all of it ASCII.
 */
export function writeCatalogue(data: CatalogueFile, out = OUT, outDescriptions = OUT_DESCRIPTIONS): void {
  const descriptions: Record<'cuttlefish' | 'hocon', Record<string, { en?: string; zh?: string }>> = { cuttlefish: {}, hocon: {} };
  const strip = (dialect: 'cuttlefish' | 'hocon') =>
    data[dialect].map(({ desc, ...rec }) => {
      if (desc) descriptions[dialect][rec.path] = desc;
      return rec;
    });
  const records = { ...data, cuttlefish: strip('cuttlefish'), hocon: strip('hocon') };
  fs.writeFileSync(out, `${JSON.stringify(records, null, 0).replace(/\},\{"path"/g, '},\n{"path"')}\n`);
  fs.writeFileSync(outDescriptions, `${JSON.stringify(descriptions, null, 0).replace(/\},"/g, '},\n"')}\n`);
}

if (require.main === module) main();
