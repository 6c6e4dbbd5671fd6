/**
 * Writing a CertificatePlan to disk (Node only; used by the VS Code command
 * and the CLI, never by the core layers).
 *
 * Private keys are created with `open(path, 'wx', 0o600)`: the mode is set by
 * the same system call that creates the file, before any byte is written, so
 * there is no moment at which the key is readable by others; `wx` (O_EXCL)
 * also refuses to follow or replace an existing file or symlink. Existing files
 * are never overwritten unless the caller says so, and even then the new
 * content goes to a fresh 0600 temporary file in the same folder that is
 * renamed over the old one (rename replaces the directory entry, so a symlink
 * planted at the destination is replaced, not followed).
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { CertificatePlan, PlannedFile } from './layout';

export class ExistingFilesError extends Error {
  constructor(readonly paths: readonly string[]) {
    super(`refusing to overwrite ${paths.length} existing file(s): ${paths.join(', ')}`);
    this.name = 'ExistingFilesError';
  }
}

export interface WriteOptions {
  /** Replace existing files (the user confirmed it, or passed --force). */
  readonly overwrite?: boolean;
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

function writeNew(p: string, content: string, mode: number): void {
  const fd = fs.openSync(p, 'wx', mode);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function replace(file: PlannedFile, mode: number): void {
  const dir = path.dirname(file.path);
  const tmp = path.join(dir, `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeNew(tmp, file.content, mode);
    fs.renameSync(tmp, file.path);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // The temporary file was never created, or is already renamed.
    }
    throw err;
  }
}

/**
 * Writes every file of the plan. Throws ExistingFilesError before writing
 * anything when a file exists and `overwrite` is not set; other failures
 * (permissions, disk full) propagate as the fs error.
 */
export function writeCertificateFiles(plan: CertificatePlan, options: WriteOptions = {}): WriteResult {
  const existing = existingFiles(plan);
  if (existing.length > 0 && !options.overwrite) throw new ExistingFilesError(existing);
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of plan.files) {
    // Folders that will hold a private key are private to the owner too.
    fs.mkdirSync(path.dirname(file.path), { recursive: true, mode: 0o700 });
    const mode = file.secret ? 0o600 : 0o644;
    if (present(file.path)) {
      if (file.optional) {
        kept.push(file.path);
        continue;
      }
      replace(file, mode);
    } else {
      writeNew(file.path, file.content, mode);
    }
    written.push(file.path);
  }
  return { written, kept };
}
