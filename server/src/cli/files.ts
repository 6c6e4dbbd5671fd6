/**
 * The files `check` looks at: explicit files as given, every EMQX config in a
 * folder (recursively), and glob patterns (`*`, `?`, `**`, `{a,b}`) expanded
 * here so they work the same in shells that do not expand them (Windows, CI
 * YAML with quotes). Node 20 has no fs.glob, hence the small matcher.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isEmqxConfigName, walkFiles } from '../clusterFiles';
import { isDeploymentCandidateName } from '../deploy/fileNames';

/** Every file under `dir` that `filter` accepts, through the one directory walk (clusterFiles.ts). */
function walk(dir: string, out: string[], filter: (p: string) => boolean): void {
  out.push(...walkFiles(dir, filter));
}

function hasGlob(s: string): boolean {
  return /[*?[{]/.test(s);
}

/** A glob pattern (forward slashes) as a regular expression over forward-slash paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches anything.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((p) => p.replace(/[.+^$()|\\[\]]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += glob.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface CollectedFiles {
  /** Absolute paths, without duplicates, in argument order. */
  readonly files: string[];
  /** Arguments that name nothing (missing path, glob without matches). */
  readonly missing: string[];
}

export function collectFiles(args: readonly string[], cwd: string): CollectedFiles {
  const files: string[] = [];
  const missing: string[] = [];
  const add = (p: string): void => {
    if (!files.includes(p)) files.push(p);
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      // YAML files and Dockerfiles are candidates: their content decides whether they are deployments (deploy/read.ts).
      walk(abs, found, (p) => isEmqxConfigName(path.basename(p)) || isDeploymentCandidateName(path.basename(p)));
      found.forEach(add);
      continue;
    }
    if (stat?.isFile()) {
      add(abs);
      continue;
    }
    if (hasGlob(arg)) {
      const pattern = abs.split(path.sep).join('/');
      // Walk from the longest folder prefix without wildcards.
      const parts = pattern.split('/');
      const firstGlob = parts.findIndex(hasGlob);
      const root = parts.slice(0, firstGlob).join('/') || '/';
      const re = globToRegExp(pattern);
      const found: string[] = [];
      walk(root.split('/').join(path.sep) || path.sep, found, (p) => re.test(p.split(path.sep).join('/')));
      if (found.length === 0) missing.push(arg);
      found.forEach(add);
      continue;
    }
    missing.push(arg);
  }
  return { files, missing };
}
