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
    out.includeDirs = Array.isArray(dirs)
      ? dirs.filter((d): d is string => typeof d === 'string').map((d) => expandVariables(d, ctx))
      : [];
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
