/**
 * Loading EMQX's configuration layers into one EffectiveConfig:
 * `base.hocon` < `data/configs/cluster.hocon` < `emqx.conf` < `EMQX_*`
 * environment variables. The files are applied in that order (a later layer
 * overrides an earlier one, objects merge) and substitutions resolve across
 * all of them; the environment overrides come last, on the resolved tree, as
 * EMQX's schema layer (hocon_tconf) applies them after the files are read.
 */
import { FileReader } from '../io';
import { LineIndex } from '../syntax/lineIndex';
import { Location } from '../syntax/position';
import { envAssignment } from './assignment';
import { EffectiveConfigImpl, Engine, FastPathUnavailable } from './engine';
import { Assignment, EffectiveConfig, HoconValue, Problem } from './types';

export interface EnvVar {
  readonly name: string;
  readonly value: string;
  /** Where the variable is defined (a Dockerfile, a compose file, a systemd unit), when known. */
  readonly location?: Location;
  /** Where its name is written, when known exactly (see Origin). */
  readonly nameLocation?: Location;
}

export interface LoadOptions {
  /** The main file (`emqx.conf`): its id (URI or absolute path) and text. */
  readonly uri: string;
  readonly text: string;
  /** The caller's line index of `text`, if it has one (shared, not built twice). */
  readonly lines?: LineIndex;
  /** Reads included files. */
  readonly reader: FileReader;
  /** Directories searched for includes after the including file's own (EMQX passes `data/configs`). */
  readonly includeDirs?: readonly string[];
  readonly base?: { readonly uri: string; readonly text: string };
  readonly cluster?: { readonly uri: string; readonly text: string };
  readonly env?: readonly EnvVar[];
}

export function loadConfig(opts: LoadOptions): EffectiveConfigImpl {
  // Most configs are in the fast reader's subset; any file that is not
  // (problems to report, surprising readings to warn about) sends the whole
  // load through the full parser, so both paths never mix.
  try {
    return load(opts, true);
  } catch (e) {
    if (e instanceof FastPathUnavailable) return load(opts, false);
    throw e;
  }
}

function load(opts: LoadOptions, fast: boolean): EffectiveConfigImpl {
  const engine = new Engine({ reader: opts.reader, includeDirs: opts.includeDirs, fast });
  if (opts.base) engine.addText(opts.base.uri, opts.base.text, 'base');
  if (opts.cluster) engine.addText(opts.cluster.uri, opts.cluster.text, 'cluster');
  engine.addText(opts.uri, opts.text, 'main', opts.lines);
  engine.resolve();
  for (const v of opts.env ?? []) applyEnv(engine, v);
  return engine.build();
}

/** One file (and its includes) resolved on its own, as `hocon:files([File])` does. */
export function resolveText(text: string, uri: string, reader: FileReader, includeDirs?: readonly string[], options: { readonly fast?: boolean } = {}): EffectiveConfigImpl {
  if (options.fast === false) return load({ uri, text, reader, includeDirs }, false);
  return loadConfig({ uri, text, reader, includeDirs });
}

/**
 * The key path an `EMQX_*` variable overrides: the prefix dropped, `__`
 * between segments, lower-cased (`EMQX_NODE__COOKIE` → `node.cookie`).
 * Undefined for other variables.
 */
export function envVarPath(name: string): string[] | undefined {
  if (!name.startsWith('EMQX_') || name.length <= 5) return undefined;
  const segs = name
    .slice(5)
    .split('__')
    .map((s) => s.toLowerCase());
  return segs.some((s) => s.length === 0) ? undefined : segs;
}

/**
 * An environment variable's value as hocon_tconf reads it (`read_hocon_val`):
 * first as a whole HOCON document (`a = 1` is the object {a: 1}), then as
 * the value of a field (`8883` is a number, `true` a boolean, `"x"` the
 * string x, `15s` the string "15s"), and as the raw string when neither
 * parses (`0.0.0.0:1883`).
 */
export function parseEnvValue(raw: string): HoconValue {
  if (raw === '') return '';
  // A deployment's nodes repeat the same values (every replica's RPC settings): a value
  // that reads as a scalar is kept, as scalars are never shared mutable state.
  const known = SCALAR_ENV_VALUES.get(raw);
  if (known !== undefined) return known;
  const value = readEnvValue(raw);
  if (value === null || typeof value !== 'object') {
    if (SCALAR_ENV_VALUES.size >= MAX_SCALAR_ENV_VALUES) SCALAR_ENV_VALUES.clear();
    SCALAR_ENV_VALUES.set(raw, value);
  }
  return value;
}

const SCALAR_ENV_VALUES = new Map<string, string | number | boolean | null>();
const MAX_SCALAR_ENV_VALUES = 4096;

function readEnvValue(raw: string): HoconValue {
  const whole = parseQuietly(raw);
  if (whole !== undefined) return whole;
  const boxed = parseQuietly(`fake_key=${raw}`);
  if (boxed !== undefined && boxed !== null && typeof boxed === 'object' && !Array.isArray(boxed)) {
    const keys = Object.keys(boxed);
    if (keys.length === 1 && keys[0] === 'fake_key') return boxed.fake_key;
  }
  return raw;
}

/** The resolved document, or undefined when it has an error. */
function parseQuietly(text: string): HoconValue | undefined {
  const engine = new Engine({ fast: false });
  engine.addText('env:', text, 'main');
  if (engine.problems.some((p) => p.severity === 'error')) return undefined;
  engine.resolve();
  if (engine.problems.some((p) => p.severity === 'error')) return undefined;
  return engine.build().root;
}

function applyEnv(engine: Engine, v: EnvVar): void {
  const segs = envVarPath(v.name);
  if (!segs) return;
  const actual: string[] = [];
  for (const s of segs) actual.push(engine.matchKeyCaseInsensitive(actual, s));
  engine.setValue(actual, parseEnvValue(v.value), envAssignment(v.name, v.location, v.nameLocation));
}

/**
 * Builds an EffectiveConfig from flat assignments (tests): `set` in source
 * order, then `build`. A segment `1`, `2`, … into an
 * array set earlier replaces that element (EMQX counts from 1), one past the
 * end appends; any other index is refused with an error naming the path.
 */
export class ConfigBuilder {
  private readonly engine = new Engine();

  set(path: readonly string[], value: HoconValue, a: Assignment): void {
    let cur: unknown = this.engine.root;
    for (let i = 0; i < path.length && cur !== null && typeof cur === 'object'; i++) {
      if (Array.isArray(cur)) {
        const idx = /^[0-9]+$/.test(path[i]) ? Number(path[i]) : NaN;
        if (!(idx >= 1 && idx <= cur.length + 1)) {
          throw new RangeError(`ConfigBuilder: ${path.join('.')}: ${path[i]} is not an index of an array of ${cur.length} element(s) (EMQX counts from 1)`);
        }
        cur = cur[idx - 1];
      } else cur = Object.prototype.hasOwnProperty.call(cur, path[i]) ? (cur as Record<string, unknown>)[path[i]] : undefined;
    }
    this.engine.setValue(path, value, a);
  }

  /**
   * The config as set. Nothing is resolved: the values are plain, with no substitution, and there
   * is no text for EMQX's own reading (as `loadConfig` applies `EMQX_*` variables after resolving),
   * which, asked for after an array index, would read no layers and leave an empty tree.
   */
  build(problems: readonly Problem[] = []): EffectiveConfig {
    for (const p of problems) this.engine.problems.push(p);
    return this.engine.build();
  }
}
