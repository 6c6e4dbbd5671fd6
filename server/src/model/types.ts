/**
 * The contract of the model layer: the effective configuration EMQX would
 * build from a set of files and environment variables, with provenance.
 * Rules, hovers and the CLI read configs only through these types.
 */
import { Location, Position } from '../syntax/position';

export type HoconValue = string | number | boolean | null | HoconValue[] | HoconObject;
export interface HoconObject {
  [key: string]: HoconValue;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/**
 * An error or a notable reading found while parsing or resolving, as data.
 * Errors are what EMQX itself rejects; warnings and infos are legal but
 * surprising readings (`a = foo bar` read as "foobar").
 */
export interface Problem {
  /** Stable id, e.g. `hocon-syntax`, `hocon-unresolved`, `hocon-include-missing`. */
  readonly code: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly location: Location;
}

/** Where an assignment came from. */
export type Origin =
  | { readonly kind: 'file'; readonly layer: LayerName }
  /**
   * An `EMQX_*` environment variable; `location` points where it was defined when known.
   * `nameLocation`: where its name is written, when the caller located the variable exactly
   * (a deployment file): rules may then offer edits of the name and of the value (see
   * AnalyzeEnvVar.nameLocation).
   */
  | { readonly kind: 'env'; readonly name: string; readonly nameLocation?: Location };

/** EMQX's configuration layers, lowest priority first. */
export type LayerName = 'base' | 'cluster' | 'main';

/** One place that assigned a value to a key path. */
export interface Assignment {
  readonly origin: Origin;
  /** The whole field, `key = value`. */
  readonly location: Location;
  /** The key as written (the last path segment's range when a dotted key was used). */
  readonly keyLocation: Location;
  /** The value as written. */
  readonly valueLocation: Location;
  /** How a string value was written: unquoted, "quoted", """triple""", or pieces concatenated. */
  readonly quoting?: 'unquoted' | 'quoted' | 'triple' | 'concatenation';
}

export interface ConfigEntry {
  /** Path segments, e.g. ['rpc', 'protocol']. */
  readonly path: readonly string[];
  /** The resolved value (substitutions applied). */
  readonly value: HoconValue;
  /** The assignment whose value is in effect. */
  readonly setBy: Assignment;
  /** Earlier assignments this one overrode, oldest first. */
  readonly overrides: readonly Assignment[];
}

export interface IncludedFile {
  readonly via: Location;
  readonly text: string;
}

/** An include directive that named a file which was read: where its file name is written, and that file. */
export interface IncludeLink {
  readonly at: Location;
  readonly uri: string;
}

export interface EffectiveConfig {
  /** The resolved tree, exactly what `hocon:files/2` returns (as JSON). */
  readonly root: HoconObject;
  /** An entry by dotted path (`'rpc.protocol'`) or by segments. Undefined when not set. */
  get(path: string | readonly string[]): ConfigEntry | undefined;
  /** Every entry whose value is not an object, in source order. */
  entries(): Iterable<ConfigEntry>;
  /**
   * The entries whose path starts with `prefix`, in source order: `entries()`
   * filtered, without visiting the rest of a big config. Optional: callers
   * fall back to filtering `entries()`.
   */
  entriesUnder?(prefix: readonly string[]): readonly ConfigEntry[];
  /**
   * The assignments of `entries()` (each entry's `setBy` and `overrides`)
   * made in a file for which `inFile(uri)` holds, whose whole field covers
   * `position`, each with its entry, in `entries()` order. Optional: callers
   * fall back to going through `entries()` (which a big config makes slow).
   */
  assignmentsAt?(position: Position, inFile: (uri: string) => boolean): ReadonlyArray<{ readonly entry: ConfigEntry; readonly assignment: Assignment }>;
  /**
   * A file read through an include: the include directive, in the file of a
   * layer (the main file, base.hocon), that led to it (directly or through
   * other includes; the first one when it was included more than once), and
   * its text. Undefined for the layers' own files and for files not read.
   * Optional: configs without includes (4.x, ssl_dist.conf) have none.
   */
  includedFile?(uri: string): IncludedFile | undefined;
  /** Every include directive whose file was found, in the order read (optional, as includedFile). */
  includeLinks?(): readonly IncludeLink[];
  /** Parse and resolve problems of every file that took part. */
  readonly problems: readonly Problem[];
}
