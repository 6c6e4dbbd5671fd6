/**
 * File ids as callers give them: a `file://` URI (the language server) or an
 * absolute path (the CLI, tests). Includes resolve relative to the including
 * file in the same form. Pure string work: no file system access here, except
 * through the injected reader (`readById`).
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { FileReader } from '../io';

export function isFileUri(id: string): boolean {
  return id.startsWith('file:');
}

/** Whether `p` is absolute on POSIX or on Windows (`/x`, `C:\x`, `\\host\share`), whatever the platform. */
export function isAbsoluteAnywhere(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

/** The id of the directory holding `id`. */
export function dirnameOf(id: string): string {
  if (isFileUri(id)) {
    const slash = id.lastIndexOf('/');
    return slash > 'file://'.length ? id.slice(0, slash) : id;
  }
  return path.dirname(id);
}

/**
 * `rel` (as written in an include) joined to the directory id `dir`, like
 * Erlang's `filename:join/2`: an absolute `rel` wins.
 */
export function joinId(dir: string, rel: string): string {
  if (isFileUri(dir)) {
    if (isAbsoluteAnywhere(rel)) return pathToFileURL(rel).href;
    const encoded = rel
      .split(/[\\/]/)
      .map((seg) => (seg === '.' || seg === '..' ? seg : encodeURIComponent(seg)))
      .join('/');
    // URL resolution normalises `.` and `..` segments.
    return new URL(encoded, dir.endsWith('/') ? dir : dir + '/').href;
  }
  if (isAbsoluteAnywhere(rel)) return path.normalize(rel);
  return path.join(dir, rel);
}

/** The forms of an id a FileReader may understand: the file system path first. */
export function readerKeys(id: string): string[] {
  if (!isFileUri(id)) return [id];
  try {
    return [fileURLToPath(id), id];
  } catch {
    return [id];
  }
}

/** The text of the file an id names, read through `reader` by each form of the id it may understand. */
export function readById(reader: FileReader, id: string): string | undefined {
  for (const key of readerKeys(id)) {
    const text = reader.readText(key);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** A short name for messages: the last path segment, decoded. */
export function baseName(id: string): string {
  const slash = Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\'));
  const last = id.slice(slash + 1);
  try {
    return isFileUri(id) ? decodeURIComponent(last) : last;
  } catch {
    return last;
  }
}

/** Whether two ids name the same file (URI and path forms compare equal). */
export function sameFile(a: string, b: string): boolean {
  return readerKeys(a)[0] === readerKeys(b)[0];
}

/**
 * The file path of a file id, to read the files beside it: a `file://` URI decoded
 * (`/C:/x` becomes `C:/x`), a path as it is (a relative one too); undefined for other
 * schemes (`untitled:`), which have no folder. Unlike the editor's `toPath`
 * (ide/uri.ts), a relative path is kept.
 */
export function filePathOf(id: string): string | undefined {
  if (id.startsWith('file://')) {
    try {
      let p = decodeURIComponent(new URL(id).pathname);
      if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
      return p;
    } catch {
      return undefined;
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(id) && !/^[A-Za-z]:[\\/]/.test(id)) return undefined;
  return id;
}

/**
 * `name` in the folder of the file path `file` (from `filePathOf`), joined as text: the
 * folder as written (`.` for a bare name, `/` at the root) and `/`, nothing normalised,
 * so a written `../certs/ca.pem` is read and shown as the config wrote it.
 */
export function besideFile(file: string, name: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dir = i <= 0 ? (i === 0 ? '/' : '.') : file.slice(0, i);
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

/** Whether a string is an absolute path written from a root: POSIX `/…`, or Windows with a drive letter. */
export function isRootedPath(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s);
}

/**
 * The file-system path of a document the editor or the CLI names: an absolute path as it is, a
 * `file://` URI as the platform reads it; undefined for anything else (another scheme, a
 * relative path, a URI the platform cannot map).
 */
export function toPath(id: string): string | undefined {
  if (isRootedPath(id)) return id;
  if (!id.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(id);
  } catch {
    return undefined;
  }
}
