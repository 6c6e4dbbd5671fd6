/**
 * The settings the client hands to the language server, as plain data. This
 * module does not import `vscode`, so the unit tests can run it in Node; the
 * extension gathers the raw values and the folder paths and calls it.
 */

/** The configuration section, and the LanguageClient id (`<id>.trace.server`). */
export const SECTION = 'emqxClusterSecurity';

/** Settings that name files or folders; VS Code ignores workspace values of these when untrusted. */
export const PATH_SETTINGS = ['includeDirs', 'pathMappings'] as const;

/** Where `${...}` variables in path settings point, for one resource. */
export interface VariableContext {
  /** Absolute path of the workspace folder that holds the resource, if any. */
  readonly workspaceFolder?: string;
  /** Absolute paths of all workspace folders by name, for `${workspaceFolder:name}`. */
  readonly workspaceFolders?: Readonly<Record<string, string>>;
  readonly userHome?: string;
}

const VARIABLE = /\$\{(workspaceFolder|userHome)(?::([^}]+))?\}/g;

/**
 * Expands `${workspaceFolder}`, `${workspaceFolder:name}` and `${userHome}` in
 * one path, the variables VS Code users write in settings. A variable with no
 * value here (no folder open) is left as written, so the server sees a path
 * that cannot exist rather than a wrong one.
 */
export function expandVariables(value: string, ctx: VariableContext): string {
  return value.replace(VARIABLE, (whole, name: string, arg: string | undefined) => {
    if (name === 'userHome') return ctx.userHome ?? whole;
    if (arg !== undefined) return ctx.workspaceFolders?.[arg] ?? whole;
    return ctx.workspaceFolder ?? whole;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of the `emqxClusterSecurity` settings object with the
 * variables in `includeDirs` and `pathMappings` (both the local folders and,
 * harmlessly, the server prefixes) expanded. Values of the wrong type are
 * dropped so the server never sees, say, a number where it expects a list.
 * Anything that is not an object is returned as is.
 */
export function resolveSettings(settings: unknown, ctx: VariableContext): unknown {
  if (!isRecord(settings)) return settings;
  const out: Record<string, unknown> = { ...settings };
  if ('includeDirs' in settings) {
    const dirs = settings.includeDirs;
    out.includeDirs = Array.isArray(dirs) ? dirs.filter((d): d is string => typeof d === 'string').map((d) => expandVariables(d, ctx)) : [];
  }
  if ('pathMappings' in settings) {
    const mappings = settings.pathMappings;
    const resolved: Record<string, string> = {};
    if (isRecord(mappings)) {
      for (const [serverPath, local] of Object.entries(mappings)) {
        if (typeof local === 'string') resolved[expandVariables(serverPath, ctx)] = expandVariables(local, ctx);
      }
    }
    out.pathMappings = resolved;
  }
  return out;
}

/** The project file's name as a watcher glob part (the server reads the file; see server/src/projectFile.ts). */
export const PROJECT_FILE_GLOB = '.emqx-cluster-security.yaml';

/** The settings the server reads, by their keys under the section (package.json declares each). */
export const SERVER_SETTING_KEYS = ['enable', 'emqxVersion', 'docker', 'rules', 'includeDirs', 'pathMappings'] as const;

/** What VS Code's `WorkspaceConfiguration.inspect` tells about one setting. */
export interface InspectedSetting {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
  readonly globalLanguageValue?: unknown;
  readonly workspaceLanguageValue?: unknown;
  readonly workspaceFolderLanguageValue?: unknown;
}

/** Whether the user set a setting anywhere (user, workspace, folder, or for a language), rather than leaving its default. */
export function isSetByUser(inspected: InspectedSetting | undefined): boolean {
  if (!inspected) return false;
  return [
    inspected.globalValue,
    inspected.workspaceValue,
    inspected.workspaceFolderValue,
    inspected.globalLanguageValue,
    inspected.workspaceLanguageValue,
    inspected.workspaceFolderLanguageValue,
  ].some((v) => v !== undefined);
}

/**
 * The server settings the user set, with their effective values; a setting
 * left at its default is absent, so the server applies the project file's
 * value (or its own default) there.
 */
export function userSettings(inspect: (key: string) => InspectedSetting | undefined, get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTING_KEYS) if (isSetByUser(inspect(key))) out[key] = get(key);
  return out;
}
