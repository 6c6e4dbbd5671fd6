/**
 * EMQX release lines: parsing the user's setting, comparing versions, and
 * detecting the line a config was written for. Detection is conservative: it
 * only claims a version when the file shows something that exists in no
 * other line; otherwise the default (5.8, the reference 5.x release) applies.
 */
/** The EMQX release line a config is checked against. */
export interface EmqxVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Where the version came from: the user's setting, the file itself, or the default. */
  readonly source: 'setting' | 'detected' | 'default';
}

/** The version assumed when neither the setting nor the file says otherwise. */
export const DEFAULT_VERSION: EmqxVersion = { major: 5, minor: 8, patch: 0, source: 'default' };

/** The minor release assumed when only a major version is given (`5` → 5.8). */
const MINOR_FOR_MAJOR: Record<number, number> = { 4: 4, 5: 8, 6: 0, 7: 0 };

/**
 * The patch release assumed when none is given: the last one of the line, for the lines
 * where a feature arrived in a patch release (4.4.12 and 5.0.10 `rpc.insecure_fallback`,
 * 5.3.1 `rpc.tls_versions`, `inet6_tls`, the Docker TLS port fix). Someone who says "4.4"
 * runs a 4.4 that is most likely current; claiming 4.4.0 would call valid keys unknown.
 * Last releases read: v4.4.19, v4.3.22, v5.0.26, e5.3.2.
 */
const PATCH_FOR_MINOR: Record<string, number> = { '4.4': 19, '4.3': 22, '5.0': 26, '5.3': 2 };

/**
 * The one syntax of a target-version setting, wherever it is written (VS Code
 * setting, `--emqx-version`, the project file): `auto` or
 * `MAJOR[.MINOR[.PATCH]]`, digits only. package.json's `pattern` for
 * `emqxClusterSecurity.emqxVersion` is this text (a test compares them).
 */
export const VERSION_SETTING_PATTERN = '^(auto|\\d{1,3}(\\.\\d{1,3}){0,2})$';
const VERSION_SETTING = new RegExp(VERSION_SETTING_PATTERN);

/** Whether `text` is a valid target-version setting (see VERSION_SETTING_PATTERN). */
export function isVersionSetting(text: string): boolean {
  return VERSION_SETTING.test(text);
}

/**
 * Parses `MAJOR[.MINOR[.PATCH]]`, optionally prefixed with `v` or `e` (EMQX tags
 * are `v5.8.9` / `e5.10.4`). Returns undefined for `auto`, empty or malformed input.
 */
export function parseVersion(text: string | undefined, source: EmqxVersion['source'] = 'setting'): EmqxVersion | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*[ve]?(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,4}))?(?:[-+][0-9A-Za-z.-]*)?\s*$/.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = m[2] !== undefined ? Number(m[2]) : (MINOR_FOR_MAJOR[major] ?? 0);
  const patch = m[3] !== undefined ? Number(m[3]) : (PATCH_FOR_MINOR[`${major}.${minor}`] ?? 0);
  return { major, minor, patch, source };
}

/** Negative when a < b, 0 when equal, positive when a > b (the source is ignored). */
export function compareVersions(a: Pick<EmqxVersion, 'major' | 'minor' | 'patch'>, b: Pick<EmqxVersion, 'major' | 'minor' | 'patch'>): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Whether `v` is at least `spec` (`'5.3.1'`, `'6.3'`). */
export function atLeast(v: Pick<EmqxVersion, 'major' | 'minor' | 'patch'>, spec: string): boolean {
  const [major, minor = 0, patch = 0] = spec.split('.').map(Number);
  return compareVersions(v, { major, minor, patch }) >= 0;
}

export function formatVersion(v: Pick<EmqxVersion, 'major' | 'minor' | 'patch'>): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** 4.x files are cuttlefish; 5.x and later are HOCON. */
export function isCuttlefishLine(v: Pick<EmqxVersion, 'major'>): boolean {
  return v.major < 5;
}

/** What a detector can see in a file, without depending on how it was parsed. */
export interface VersionClues {
  readonly dialect: 'hocon' | 'cuttlefish' | 'ssl-dist';
  /** Dotted key paths set in the file (those of VERSION_CLUE_KEYS are enough). */
  readonly keys: ReadonlySet<string>;
}

/**
 * The only keys `detectVersion` looks at. Callers test just these rather than
 * list every key of the file: a big config has a hundred thousand keys, and
 * listing them (each with its source location) took longer than all the rules.
 * Keep in step with detectVersion.
 */
export const VERSION_CLUE_KEYS: readonly string[] = ['node.dist_bind_address', 'rpc.server_port'];

/**
 * The version a file shows. Only unambiguous clues count:
 * - a cuttlefish file is 4.x; 4.4 is the only 4.x line with RPC TLS keys and the last one, so 4.4
 *   (its last patch release, see PATCH_FOR_MINOR);
 * - `node.dist_bind_address` exists only from 6.2;
 * - `rpc.server_port` exists only from 5.8.
 * Everything else (templates such as `{{ emqx_default_erlang_cookie }}`, aliases kept for
 * compatibility) says nothing and yields undefined.
 */
export function detectVersion(clues: VersionClues): EmqxVersion | undefined {
  if (clues.dialect === 'cuttlefish') return { major: 4, minor: 4, patch: PATCH_FOR_MINOR['4.4'], source: 'detected' };
  if (clues.dialect !== 'hocon') return undefined;
  if (clues.keys.has('node.dist_bind_address')) return { major: 6, minor: 2, patch: 0, source: 'detected' };
  if (clues.keys.has('rpc.server_port')) return { major: 5, minor: 8, patch: 0, source: 'detected' };
  return undefined;
}

/**
 * The version to check against: the user's setting when it is a version, else what the
 * file shows, else the default.
 */
export function resolveVersion(setting: string | undefined, clues: VersionClues): EmqxVersion {
  if (setting !== undefined && setting.trim() !== '' && setting.trim().toLowerCase() !== 'auto') {
    const v = parseVersion(setting, 'setting');
    if (v) return v;
  }
  return detectVersion(clues) ?? DEFAULT_VERSION;
}
