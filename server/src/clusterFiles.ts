/**
 * Finds, on disk, the EMQX configs that sit near the open ones, for the
 * editor's cluster checks (server layer: the only place besides the CLI that
 * lists directories). "Near" means the config's own folder and the folders
 * beside it (a cluster kept as `node1/emqx.conf`, `node2/emqx.conf`, or
 * `etc/` folders under one deployment folder), a few levels deep, so opening
 * one node's config is enough to compare it with its peers.
 *
 * These are candidates only: a workspace often keeps unrelated deployments
 * side by side, so the cluster provider compares just the configs that the
 * evidence in them links into one cluster (cluster/grouping.ts).
 *
 * Only called in a trusted workspace (the provider checks).
 */
import * as fs from 'fs';
import * as path from 'path';

const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', '.e2e', 'data', 'log']);

function isConfigName(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'emqx.conf' || (n.endsWith('.hocon') && n !== 'base.hocon' && n !== 'cluster.hocon');
}

function walk(dir: string, depth: number, out: string[], limit: number): void {
  if (depth < 0 || out.length >= limit) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (out.length >= limit) return;
    const p = path.join(dir, e.name);
    if (e.isFile() && isConfigName(e.name)) out.push(p);
    else if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) walk(p, depth - 1, out, limit);
  }
}

/** EMQX configs under the parent folder of each open config's folder (three levels), at most `limit`. */
export function listConfigsNear(paths: readonly string[], limit = 64): string[] {
  const roots = new Set(paths.map((p) => path.dirname(path.dirname(p))));
  const out: string[] = [];
  for (const root of roots) {
    // The file-system root or a home folder is too wide to scan.
    if (path.dirname(root) === root) continue;
    walk(root, 3, out, limit);
  }
  return [...new Set(out)];
}
