/**
 * The settings, one typed object for every place a user can set them: the
 * VS Code settings (`emqxClusterSecurity.*`, or what other clients push), the
 * project file (`.emqx-cluster-security.yaml`, `projectFile.ts`) and the
 * `check` flags. Each source is read into a `SettingsLayer` by the same
 * validators (one version syntax, one list of levels); `combineSettings`
 * lays them over the defaults (`DEFAULT_SETTINGS`, the one place that knows
 * them): project file < editor settings or CLI flags.
 *
 * A wrong value is left out of its layer and reported through `warn`, never
 * thrown: a typo in settings.json must not stop the checks.
 */
import * as path from 'node:path';
import { isVersionSetting } from './emqx/version';
import { DEFAULT_SETTINGS, DocumentSettings, RuleLevel } from './ide/types';
import { t } from './l10n';

export const SETTINGS_SECTION = 'emqxClusterSecurity';

/** The severities a rule can be set to, in the order the manifest lists them. */
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** Level names users also write (`warn`, `information`, `none`) mapped to ours. */
const LEVEL_ALIASES: Readonly<Record<string, RuleLevel>> = {
  warn: 'warning',
  information: 'info',
  none: 'off',
  ignore: 'off',
  disabled: 'off',
};

/** The settings one source sets; a key it does not set is absent, so a later layer does not reset it. */
export interface SettingsLayer {
  readonly enable?: boolean;
  readonly emqxVersion?: string;
  readonly docker?: boolean;
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  readonly includeDirs?: readonly string[];
  readonly pathMappings?: Readonly<Record<string, string>>;
  /** Globs of files not to check, relative to `baseDir` (the project file only). */
  readonly ignore?: readonly string[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A rule level as users write it (any case, the aliases), or undefined. */
export function parseRuleLevel(value: unknown): RuleLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const l = value.trim().toLowerCase();
  return RULE_LEVELS.includes(l as RuleLevel) ? (l as RuleLevel) : LEVEL_ALIASES[l];
}

/** A target version (`auto` or MAJOR[.MINOR[.PATCH]]), or undefined. A number (5, 5.8) counts as its decimal text. */
export function parseEmqxVersion(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof text === 'string' && isVersionSetting(text) ? text : undefined;
}

/** A problem found while reading a layer: the message, and the key path of the offending value. */
export type SettingsWarn = (message: string, at: readonly (string | number)[]) => void;

export interface LayerOptions {
  /** How keys are named in messages: `emqxClusterSecurity.` for editor settings, '' for the project file. */
  readonly keyPrefix?: string;
  /** Relative folders (include dirs, path mappings) resolve against this folder; `${workspaceFolder}` expands to it. */
  readonly baseDir?: string;
  /** Keys this source may set (others are reported); all when absent. */
  readonly allowed?: readonly (keyof SettingsLayer)[];
  /** Rule ids that exist; an unknown id in `rules` is reported. Any id is taken when absent. */
  readonly knownRules?: ReadonlySet<string>;
  readonly warn?: SettingsWarn;
}

/** The keys a settings object may have, as the manifest and the project file name them. */
export const SETTING_KEYS: readonly (keyof SettingsLayer)[] = ['enable', 'emqxVersion', 'docker', 'rules', 'includeDirs', 'pathMappings', 'ignore'];

/**
 * Validates one raw settings object into a layer. Keys not in `allowed` and
 * values of the wrong type are reported and left out.
 */
export function readSettingsLayer(raw: unknown, options: LayerOptions = {}): SettingsLayer {
  const warn: SettingsWarn = options.warn ?? (() => undefined);
  if (!isRecord(raw)) return {};
  const name = (key: string) => `${options.keyPrefix ?? ''}${key}`;
  const allowed = options.allowed ?? SETTING_KEYS;
  const out: { -readonly [K in keyof SettingsLayer]: SettingsLayer[K] } = {};
  const baseDir = options.baseDir;
  const expand = (p: string) => {
    const e = baseDir ? p.split('${workspaceFolder}').join(baseDir) : p;
    return baseDir && !path.isAbsolute(e) && !e.includes('${') ? path.resolve(baseDir, e) : e;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(allowed as readonly string[]).includes(key)) {
      // Editor settings carry other keys of the section (trace.server); only the project file is strict.
      if (options.allowed) warn(t('{0} is not a setting; the settings are: {1}', name(key), allowed.join(', ')), [key]);
      continue;
    }
    switch (key as keyof SettingsLayer) {
      case 'enable':
      case 'docker':
        if (typeof value === 'boolean') out[key as 'enable' | 'docker'] = value;
        else warn(t('{0} must be true or false', name(key)), [key]);
        break;
      case 'emqxVersion': {
        const v = parseEmqxVersion(value);
        if (v !== undefined) out.emqxVersion = v;
        else warn(t('{0} must be "auto" or MAJOR[.MINOR[.PATCH]], e.g. "5.8"', name(key)), [key]);
        break;
      }
      case 'rules':
        if (isRecord(value)) {
          const rules: Record<string, RuleLevel> = {};
          for (const [id, level] of Object.entries(value)) {
            const mapped = parseRuleLevel(level);
            if (options.knownRules && !options.knownRules.has(id)) warn(t('{0}: there is no rule "{1}"', name(key), id), [key, id]);
            else if (mapped) rules[id] = mapped;
            else warn(t('{0}: "{1}" must be one of off, hint, info, warning, error', name(key), id), [key, id]);
          }
          out.rules = rules;
        } else warn(t('{0} must be an object: rule id → off|hint|info|warning|error', name(key)), [key]);
        break;
      case 'includeDirs':
      case 'ignore':
        if (Array.isArray(value)) {
          const list: string[] = [];
          value.forEach((d, i) => {
            if (typeof d === 'string' && d.trim() !== '') list.push(d);
            else warn(t('{0} must be a list of non-empty strings', name(key)), [key, i]);
          });
          if (key === 'includeDirs') out.includeDirs = list.map(expand);
          else out.ignore = list;
        } else warn(t('{0} must be a list of non-empty strings', name(key)), [key]);
        break;
      case 'pathMappings':
        if (isRecord(value)) {
          const m: Record<string, string> = {};
          for (const [from, to] of Object.entries(value)) if (typeof to === 'string' && from) m[from] = expand(to);
          out.pathMappings = m;
        } else warn(t('{0} must be an object: server path prefix → local folder', name(key)), [key]);
        break;
    }
  }
  return out;
}

/**
 * The settings in effect: `DEFAULT_SETTINGS` with each layer laid over the
 * previous one. A layer's `rules` adds to and overrides the earlier ones rule
 * by rule; any other key replaces the earlier value.
 */
export function combineSettings(...layers: ReadonlyArray<SettingsLayer | undefined>): DocumentSettings {
  const s = { ...DEFAULT_SETTINGS } as { -readonly [K in keyof DocumentSettings]: DocumentSettings[K] };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.enable !== undefined) s.enable = layer.enable;
    if (layer.emqxVersion !== undefined) s.emqxVersion = layer.emqxVersion;
    if (layer.docker !== undefined) s.docker = layer.docker;
    if (layer.rules !== undefined) s.rules = { ...s.rules, ...layer.rules };
    if (layer.includeDirs !== undefined) s.includeDirs = layer.includeDirs;
    if (layer.pathMappings !== undefined) s.pathMappings = layer.pathMappings;
  }
  return s;
}

/** Editor settings allowed keys: everything but the project file's `ignore`. */
const EDITOR_KEYS = SETTING_KEYS.filter((k) => k !== 'ignore');

/**
 * Reads the editor's settings section (`emqxClusterSecurity`) as a layer.
 * `workspaceFolder` (a file-system path) expands `${workspaceFolder}` in
 * include directories and path mappings and anchors relative ones.
 */
export function readEditorSettings(raw: unknown, workspaceFolder?: string, warn: (message: string) => void = () => undefined): SettingsLayer {
  if (!isRecord(raw)) return {};
  const own: Record<string, unknown> = {};
  for (const k of EDITOR_KEYS) if (k in raw) own[k] = raw[k];
  return readSettingsLayer(own, { keyPrefix: `${SETTINGS_SECTION}.`, baseDir: workspaceFolder, warn: (m) => warn(m) });
}

/** The editor's settings section alone, over the defaults. */
export function parseSettings(raw: unknown, workspaceFolder?: string, warn: (message: string) => void = () => undefined): DocumentSettings {
  return combineSettings(readEditorSettings(raw, workspaceFolder, warn));
}

/** Reads the section out of a whole settings object (`{ emqxClusterSecurity: {...} }`), tolerating either shape. */
export function sectionOf(settings: unknown): unknown {
  if (isRecord(settings) && isRecord(settings[SETTINGS_SECTION])) return settings[SETTINGS_SECTION];
  // Some clients send dotted keys flat: { "emqxClusterSecurity.docker": true }.
  if (isRecord(settings)) {
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(settings)) if (k.startsWith(SETTINGS_SECTION + '.')) flat[k.slice(SETTINGS_SECTION.length + 1)] = v;
    if (Object.keys(flat).length > 0) return flat;
  }
  return settings;
}
