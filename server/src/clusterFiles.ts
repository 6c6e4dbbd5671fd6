/**
 * The one directory walk over EMQX config files, for `check` (a folder given
 * on the command line, glob expansion in cli/files.ts) and for the editor's
 * cluster checks (the configs of the workspace folders). Server layer: the
 * only place that lists directories.
 *
 * The editor's candidates are only those under the workspace folders, never
 * their parents; the cluster provider then compares just the configs that the
 * evidence in them links into one cluster (cluster/grouping.ts), exactly as
 * `check` of the folder does.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Names of the files a folder contributes: EMQX 5.x/6.x HOCON configs, 4.x
 * emqx.conf, ssl_dist.conf, also with a prefix (`node1-emqx.conf`,
 * `prod.ssl_dist.conf`), as files copied out of several nodes often are.
 */
export function isEmqxConfigName(name: string): boolean {
  const n = name.toLowerCase();
  // ssl_dist.conf is recognised by the same names the rules layer reads as Erlang terms.
  return n.endsWith('emqx.conf') || n.endsWith('.hocon') || n === 'ssl_dist.conf' || n.endsWith('.ssl_dist.conf');
}

/** Folders never worth descending into. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', '.e2e']);

export interface WalkLimits {
  /** Stop after this many matching files. */
  readonly maxFiles?: number;
  /** Stop after looking at this many directory entries (a huge tree stays cheap). */
  readonly maxEntries?: number;
}

/** Files under `dir` (recursively, in name order, skipping SKIP_DIRS) for which `filter` holds. */
export function walkFiles(dir: string, filter: (p: string) => boolean, limits: WalkLimits = {}): string[] {
  const out: string[] = [];
  const maxFiles = limits.maxFiles ?? Infinity;
  let budget = limits.maxEntries ?? Infinity;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= maxFiles || budget-- <= 0) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && filter(p)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/** The EMQX config files under the workspace folders, at most `limit` (see isEmqxConfigName). */
export function listConfigs(folders: readonly string[], limit = 64): string[] {
  const out: string[] = [];
  for (const folder of folders) {
    // The file-system root is too wide to scan.
    if (path.dirname(folder) === folder) continue;
    for (const p of walkFiles(folder, (f) => isEmqxConfigName(path.basename(f)), { maxFiles: limit - out.length, maxEntries: 20000 })) {
      if (!out.includes(p)) out.push(p);
    }
    if (out.length >= limit) break;
  }
  return out;
}
