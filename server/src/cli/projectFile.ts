/**
 * The project file (`.emqx-cluster-security.yaml`) for a `check` run:
 * `--project-file FILE`, else the nearest one above the folder the checked
 * paths have in common, none with `--no-project-file`. Its problems stop the
 * run (exit 2) with their places.
 */
import * as fs from 'fs';
import * as path from 'path';
import { t } from '../l10n';
import { nodeFileReader } from '../nodeReader';
import { ProjectFile, findProjectFile, loadProjectFile } from '../projectFile';
import { flag, ParsedArgs, stringOption } from './args';

/** The project file had problems: each is printed with its place, and `check` exits 2. */
export class ProjectFileError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** The folder the checked paths have in common (for a glob, its folder part before the first wildcard). */
export function commonFolder(positional: readonly string[], cwd: string): string {
  const dirs = positional.map((arg) => {
    const abs = path.resolve(cwd, arg);
    if (/[*?[{]/.test(arg)) {
      const parts = abs.split(path.sep);
      const first = parts.findIndex((p) => /[*?[{]/.test(p));
      return parts.slice(0, first).join(path.sep) || path.sep;
    }
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  });
  if (dirs.length === 0) return cwd;
  let common = dirs[0];
  for (const d of dirs.slice(1)) {
    while (common !== path.dirname(common) && d !== common && !d.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) common = path.dirname(common);
  }
  return common;
}

/**
 * The project file for this run: `--project-file FILE`, or the nearest
 * `.emqx-cluster-security.yaml` above the checked paths (none with
 * `--no-project-file`). A problem in it is a ProjectFileError.
 */
export function projectFileFor(parsed: ParsedArgs, cwd: string): ProjectFile | undefined {
  if (flag(parsed, 'no-project-file')) return undefined;
  const named = stringOption(parsed, 'project-file');
  const file = named !== undefined ? path.resolve(cwd, named) : findProjectFile(commonFolder(parsed.positional, cwd), (p) => fs.existsSync(p));
  if (file === undefined) return undefined;
  // Read as the editor reads it (nodeReader.ts: UTF-8, a byte-order mark dropped).
  const disk = nodeFileReader();
  const project = loadProjectFile(file, (p) => disk.readText(p));
  if (!project) throw new ProjectFileError([t('cannot read {0}', file)]);
  if (project.problems.length > 0) {
    const shown = path.relative(cwd, file) || file;
    throw new ProjectFileError(project.problems.map((p) => `${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`));
  }
  return project;
}
