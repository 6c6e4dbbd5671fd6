/**
 * The `emqxClusterSecurity.*` settings as the server reads them: raw values
 * from `workspace/configuration` (or `initializationOptions.settings` /
 * `didChangeConfiguration` for clients without configuration support) are
 * validated into DocumentSettings. A wrong value falls back to its default and
 * is reported once through `warn`, never thrown: a typo in settings.json must
 * not stop the checks.
 */
import * as path from 'node:path';
import { DEFAULT_SETTINGS, DocumentSettings, RuleLevel } from './ide/types';

export const SETTINGS_SECTION = 'emqxClusterSecurity';

const LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** Level names users also write (`warn`, `information`, `none`) mapped to ours. */
const LEVEL_ALIASES: Record<string, RuleLevel> = {
  warn: 'warning',
  information: 'info',
  none: 'off',
  ignore: 'off',
  disabled: 'off',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates one raw settings object (the `emqxClusterSecurity` section).
 * `workspaceFolder` (a file-system path) expands `${workspaceFolder}` in
 * include directories and path mappings.
 */
export function parseSettings(raw: unknown, workspaceFolder?: string, warn: (message: string) => void = () => undefined): DocumentSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const s = { ...DEFAULT_SETTINGS } as { -readonly [K in keyof DocumentSettings]: DocumentSettings[K] };

  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') s.enable = raw.enable;
    else warn('emqxClusterSecurity.enable must be true or false');
  }
  if (raw.docker !== undefined) {
    if (typeof raw.docker === 'boolean') s.docker = raw.docker;
    else warn('emqxClusterSecurity.docker must be true or false');
  }
  if (raw.emqxVersion !== undefined) {
    const v = typeof raw.emqxVersion === 'number' ? String(raw.emqxVersion) : raw.emqxVersion;
    if (typeof v === 'string' && (v.trim() === 'auto' || /^\s*[ve]?\d{1,3}(\.\d{1,3}){0,2}\s*$/.test(v))) s.emqxVersion = v.trim();
    else warn('emqxClusterSecurity.emqxVersion must be "auto" or MAJOR[.MINOR[.PATCH]], e.g. "5.8"');
  }
  if (raw.rules !== undefined) {
    if (isRecord(raw.rules)) {
      const rules: Record<string, RuleLevel> = {};
      for (const [id, level] of Object.entries(raw.rules)) {
        const l = typeof level === 'string' ? level.trim().toLowerCase() : level;
        const mapped = typeof l === 'string' ? (LEVELS.includes(l as RuleLevel) ? (l as RuleLevel) : LEVEL_ALIASES[l]) : undefined;
        if (mapped) rules[id] = mapped;
        else warn(`emqxClusterSecurity.rules: "${id}" must be one of off, hint, info, warning, error`);
      }
      s.rules = rules;
    } else warn('emqxClusterSecurity.rules must be an object: rule id → off|hint|info|warning|error');
  }
  const expand = (p: string) => {
    const e = workspaceFolder ? p.split('${workspaceFolder}').join(workspaceFolder) : p;
    return workspaceFolder && !path.isAbsolute(e) && !e.includes('${') ? path.resolve(workspaceFolder, e) : e;
  };
  if (raw.includeDirs !== undefined) {
    if (Array.isArray(raw.includeDirs)) s.includeDirs = raw.includeDirs.filter((d): d is string => typeof d === 'string' && d.trim() !== '').map(expand);
    else warn('emqxClusterSecurity.includeDirs must be a list of folders');
  }
  if (raw.pathMappings !== undefined) {
    if (isRecord(raw.pathMappings)) {
      const m: Record<string, string> = {};
      for (const [from, to] of Object.entries(raw.pathMappings)) if (typeof to === 'string' && from) m[from] = expand(to);
      s.pathMappings = m;
    } else warn('emqxClusterSecurity.pathMappings must be an object: server path prefix → local folder');
  }
  return s;
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
