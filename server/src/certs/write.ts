/**
 * Writing a CertificatePlan to disk (Node only; used by the VS Code command
 * and the CLI, never by the core layers).
 *
 * All or nothing: the folders are created first, then every file is written
 * to a fresh temporary file in its folder, and only when all of them are
 * written are they moved into place; a failure before that removes the
 * temporary files and the folders this call created, so no CA is left
 * behind without its node files.
 *
 * Private keys (and every temporary file) are created with
 * `open(path, 'wx', 0o600)`: the mode is set by the same system call that
 * creates the file, before any byte is written, so there is no moment at
 * which the key is readable by others. A new file is moved into place with
 * a hard link, which fails when the name exists (even as a symlink), so
 * nothing that appeared meanwhile is replaced or written through; a file the
 * caller allowed to replace is renamed over (rename replaces the directory
 * entry, so a symlink planted at the destination is replaced, not followed).
 * A folder of the plan below the output folder that is a symlink (or not a
 * folder) is refused: writing through it would put keys, or with `overwrite`
 * replace files, wherever it points.
 *
 * Existing files are never replaced unless the caller says so, and an
 * existing CA only with its own flag (`replaceCa`): a new CA makes every
 * certificate the old one signed untrusted by the nodes that get the new one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { CertificatePlan, PlannedFile } from './layout';

export class ExistingFilesError extends Error {
  /**
   * `paths`: every existing file the plan would replace. `caPaths`: those of
   * the CA, when replacing them was not allowed (the caller needs `replaceCa`).
   */
  constructor(
    readonly paths: readonly string[],
    readonly caPaths: readonly string[] = [],
  ) {
    super(`refusing to overwrite ${paths.length} existing file(s): ${paths.join(', ')}`);
    this.name = 'ExistingFilesError';
  }
}

/** A folder the plan writes into is a symlink or not a folder. */
export class UnsafeFolderError extends Error {
  constructor(readonly folder: string) {
    super(`refusing to write into ${folder}: it is a symbolic link or not a folder`);
    this.name = 'UnsafeFolderError';
  }
}

export interface WriteOptions {
  /** Replace existing node files (the user confirmed it, or passed --force). */
  readonly overwrite?: boolean;
  /** Replace an existing CA certificate and key (the user chose it explicitly, or passed --replace-ca). */
  readonly replaceCa?: boolean;
}

export interface WriteResult {
  readonly written: readonly string[];
  /** Optional files left alone because they already existed (the .gitignore). */
  readonly kept: readonly string[];
}

function present(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Files of the plan that already exist and would be replaced. */
export function existingFiles(plan: CertificatePlan): string[] {
  return plan.files.filter((f) => !f.optional && present(f.path)).map((f) => f.path);
}

/** The CA files of the plan that already exist (replacing them needs `replaceCa`). */
export function existingCaFiles(plan: CertificatePlan): string[] {
  return plan.files.filter((f) => f.ca && present(f.path)).map((f) => f.path);
}

function writeNew(p: string, content: string, mode: number): void {
  const fd = fs.openSync(p, 'wx', mode);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The folders between the plan's root (excluded) and each file, parents first. */
function foldersOf(plan: CertificatePlan): string[] {
  const out = new Set<string>();
  for (const f of plan.files) {
    const chain: string[] = [];
    for (let d = path.dirname(f.path); d !== plan.root && d.startsWith(plan.root + path.sep); d = path.dirname(d)) chain.unshift(d);
    for (const d of chain) out.add(d);
  }
  return [...out];
}

/** Refuses a plan folder that is a symlink or a file; returns the folders still to create. */
function checkFolders(plan: CertificatePlan): string[] {
  const missing: string[] = [];
  for (const dir of foldersOf(plan)) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(dir);
    } catch {
      missing.push(dir);
      continue;
    }
    if (st.isSymbolicLink() || !st.isDirectory()) throw new UnsafeFolderError(dir);
  }
  return missing;
}

/** Moves a written temporary file to a name that must not exist yet. */
function placeNew(tmp: string, dest: string): void {
  try {
    fs.linkSync(tmp, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A file system without hard links: rename, after checking the name is still free.
    if (code === 'EEXIST' || present(dest)) throw err;
    fs.renameSync(tmp, dest);
    return;
  }
  fs.unlinkSync(tmp);
}

/**
 * Writes every file of the plan, or none. Throws ExistingFilesError before
 * writing anything when a file exists and `overwrite` is not set, or a CA
 * file exists and `replaceCa` is not set; UnsafeFolderError for a symlinked
 * folder; other failures (permissions, disk full) propagate as the fs error,
 * after removing what this call created.
 */
export function writeCertificateFiles(plan: CertificatePlan, options: WriteOptions = {}): WriteResult {
  const missing = checkFolders(plan);
  const existing = existingFiles(plan);
  const existingCa = existingCaFiles(plan);
  const otherExisting = existing.filter((p) => !existingCa.includes(p));
  if ((otherExisting.length > 0 && !options.overwrite) || (existingCa.length > 0 && !options.replaceCa)) {
    throw new ExistingFilesError(existing, options.replaceCa ? [] : existingCa);
  }
  const createdFolders: string[] = [];
  const staged: Array<{ file: PlannedFile; tmp: string }> = [];
  const placed: string[] = [];
  const written: string[] = [];
  const kept: string[] = [];
  try {
    if (!present(plan.root)) {
      // Folders that will hold a private key are private to the owner too.
      const first = fs.mkdirSync(plan.root, { recursive: true, mode: 0o700 });
      if (first) createdFolders.push(first);
    }
    for (const dir of missing) {
      fs.mkdirSync(dir, { mode: 0o700 });
      createdFolders.push(dir);
    }
    for (const file of plan.files) {
      if (file.optional && present(file.path)) {
        kept.push(file.path);
        continue;
      }
      const tmp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
      writeNew(tmp, file.content, file.secret ? 0o600 : 0o644);
      staged.push({ file, tmp });
    }
    for (const { file, tmp } of staged) {
      if (present(file.path)) {
        fs.renameSync(tmp, file.path);
      } else {
        placeNew(tmp, file.path);
        placed.push(file.path);
      }
      written.push(file.path);
    }
  } catch (err) {
    for (const { tmp } of staged) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // Already moved into place, or never created.
      }
    }
    for (const p of placed) {
      try {
        fs.unlinkSync(p);
      } catch {
        // Gone already.
      }
    }
    for (const dir of [...createdFolders].reverse()) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // Left for the user; the error below says what failed.
      }
    }
    throw err;
  }
  return { written, kept };
}

/**
 * Writes one non-secret text file (the ssl_dist.conf beside a config): a new
 * file only where the name is free, a replacement only with `overwrite`,
 * both through a temporary file in the same folder. Throws ExistingFilesError
 * when the file exists and `overwrite` is not set.
 */
export function writeTextFile(file: string, content: string, options: { readonly overwrite?: boolean } = {}): void {
  const exists = present(file);
  if (exists && !options.overwrite) throw new ExistingFilesError([file]);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  writeNew(tmp, content, 0o644);
  try {
    if (exists) fs.renameSync(tmp, file);
    else placeNew(tmp, file);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Already moved.
    }
    throw err;
  }
}
