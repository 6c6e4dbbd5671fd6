/**
 * The project file, `.emqx-cluster-security.yaml` at the root of a
 * repository: the settings a team shares so CI (`check`) and every editor
 * agree without copying them.
 *
 *   emqxVersion: "5.8"        # auto, or MAJOR[.MINOR[.PATCH]]
 *   docker: true
 *   rules:
 *     cookie-weak: off        # off | hint | info | warning | error
 *   includeDirs: [data/configs]   # relative to this file's folder
 *   ignore: ["test/**", "*.bak.conf"]   # files not to check, globs relative to this folder
 *
 * It is found by walking up from the checked file's folder (the editor stops
 * at the workspace folder). Editor settings and CLI flags override it. Any
 * problem in it (YAML syntax, an unknown key, a wrong value) is a problem with
 * its place in the file, never an exception; the settings it got right still apply
 * unless its YAML could not be read at all.
 */
import * as path from 'node:path';
import { isScalar, newLineCounter, parseDocument } from './deploy/yamlLib';
import { globToRegExp } from './cli/files';
import { clusterRules } from './cluster/rules';
import { deployRules } from './deploy/rules';
import { t } from './l10n';
import { getAllRules } from './rules/index';
import { SettingsLayer, readSettingsLayer, isRecord } from './settings';
import { Range } from './syntax/position';

export const PROJECT_FILE_NAME = '.emqx-cluster-security.yaml';
/** A project file larger than this is not read (it is a few lines). */
export const PROJECT_FILE_MAX_BYTES = 256 * 1024;

/** What the project file may set (the editor-only `enable` and `pathMappings` are not shared). */
const PROJECT_KEYS = ['emqxVersion', 'docker', 'rules', 'includeDirs', 'ignore'] as const;

export interface ProjectFileProblem {
  readonly message: string;
  /** 0-based, as LSP counts. */
  readonly range: Range;
}

export interface ProjectFile {
  readonly path: string;
  /** The folder relative paths and ignore globs start from. */
  readonly dir: string;
  readonly settings: SettingsLayer;
  readonly problems: readonly ProjectFileProblem[];
}

let knownRules: Set<string> | undefined;
/** Every rule id a setting can name: the per-file rules, the cluster rules and the rules of deployment files. */
export function allRuleIds(): ReadonlySet<string> {
  knownRules ??= new Set([...getAllRules(), ...clusterRules, ...deployRules].map((r) => r.id));
  return knownRules;
}

/** Parses the text of a project file at `filePath`. Never throws. */
export function parseProjectFile(text: string, filePath: string): ProjectFile {
  const dir = path.dirname(filePath);
  const problems: ProjectFileProblem[] = [];
  const lineCounter = newLineCounter();
  const at = (offset: number | undefined, end?: number): Range => {
    const pos = (o: number) => {
      const p = lineCounter.linePos(Math.max(0, Math.min(o, text.length)));
      return { line: p.line - 1, character: p.col - 1 };
    };
    const start = pos(offset ?? 0);
    return { start, end: end !== undefined ? pos(end) : start };
  };
  try {
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push({ message: t('{0} is not valid YAML: {1}', PROJECT_FILE_NAME, e.message.split('\n')[0]), range: at(e.pos[0], e.pos[1]) });
      return { path: filePath, dir, settings: {}, problems };
    }
    const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
    if (!isRecord(raw)) {
      problems.push({ message: t('{0} must be a map of settings (emqxVersion, docker, rules, includeDirs, ignore)', PROJECT_FILE_NAME), range: at(0) });
      return { path: filePath, dir, settings: {}, problems };
    }
    // YAML reads `emqxVersion: 5.10` as the number 5.1: take the version as written.
    const version = doc.get('emqxVersion', true);
    if (isScalar(version) && typeof version.value === 'number' && typeof version.source === 'string') raw.emqxVersion = version.source;
    const settings = readSettingsLayer(raw, {
      baseDir: dir,
      allowed: PROJECT_KEYS,
      knownRules: allRuleIds(),
      warn: (message, keyPath) => {
        const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
        // For an unknown key or rule id, point at the key itself.
        const pair = keyPath.length > 0 ? findKeyRange(doc.getIn(keyPath.slice(0, -1), true) ?? doc.contents, keyPath[keyPath.length - 1]) : undefined;
        const range = pair ?? node?.range;
        problems.push({ message, range: at(range?.[0], range?.[1]) });
      },
    });
    return { path: filePath, dir, settings, problems };
  } catch (e) {
    problems.push({ message: t('{0} could not be read: {1}', PROJECT_FILE_NAME, e instanceof Error ? e.message : String(e)), range: at(0) });
    return { path: filePath, dir, settings: {}, problems };
  }
}

/** The range of `key`'s key node in a YAML map node, if there is one. */
function findKeyRange(map: unknown, key: string | number): [number, number] | undefined {
  const items = (map as { items?: Array<{ key?: unknown }> } | undefined)?.items;
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const k = item.key;
    if (isScalar(k) && String(k.value) === String(key) && k.range) return [k.range[0], k.range[1]];
  }
  return undefined;
}

/**
 * The project file that applies to files in `fromDir`: the nearest one in it
 * or a parent folder, not above `stopAt` (the workspace folder) when given.
 */
export function findProjectFile(fromDir: string, exists: (p: string) => boolean, stopAt?: string): string | undefined {
  let dir = path.resolve(fromDir);
  const stop = stopAt !== undefined ? path.resolve(stopAt) : undefined;
  if (stop !== undefined && dir !== stop && !dir.startsWith(stop.endsWith(path.sep) ? stop : stop + path.sep)) return undefined;
  for (;;) {
    const candidate = path.join(dir, PROJECT_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Whether the project file's `ignore` globs exclude `file`. Globs are matched
 * against the path relative to the project file's folder, with `/`; a glob
 * without `/` matches a name in any folder, and a glob that matches a folder
 * excludes everything in it (as in .gitignore).
 */
export function isIgnored(project: Pick<ProjectFile, 'dir' | 'settings'>, file: string): boolean {
  const globs = project.settings.ignore ?? [];
  if (globs.length === 0) return false;
  const rel = path.relative(project.dir, path.resolve(file)).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  const parts = rel.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return globs.some((g) => {
    let glob = g.trim().replace(/^\.\//, '');
    if (glob.endsWith('/')) glob = glob.slice(0, -1);
    const re = globToRegExp(glob.startsWith('/') ? glob.slice(1) : glob.includes('/') ? glob : `**/${glob}`);
    return prefixes.some((p) => re.test(p));
  });
}

/** Reads and parses the project file at `filePath` through `readText` (undefined when it cannot be read). */
export function loadProjectFile(filePath: string, readText: (p: string) => string | undefined): ProjectFile | undefined {
  const text = readText(filePath);
  if (text === undefined) return undefined;
  if (text.length > PROJECT_FILE_MAX_BYTES) {
    return {
      path: filePath,
      dir: path.dirname(filePath),
      settings: {},
      problems: [
        { message: t('{0} is larger than {1} KiB and was not read', PROJECT_FILE_NAME, PROJECT_FILE_MAX_BYTES / 1024), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ],
    };
  }
  return parseProjectFile(text, filePath);
}
