/**
 * The core names files by URI or by absolute path, as its caller did; the
 * editor wants URIs. These helpers turn one into the other without touching
 * the file system; joining and naming file ids is model/paths.ts's.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { isRootedPath, toPath } from '../model/paths';

/** A URI for a location the core produced: absolute paths become `file://` URIs, URIs stay. */
export function toUri(s: string): string {
  if (isRootedPath(s)) {
    try {
      return pathToFileURL(s).toString();
    } catch {
      return s;
    }
  }
  return s;
}

/** The file-system path of an absolute path or a `file://` URI (the model's, for every layer). */
export { toPath } from '../model/paths';

/** Compares a location's file with a document, whichever way each was named. */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = toPath(a);
  const pb = toPath(b);
  if (pa !== undefined && pb !== undefined) return path.normalize(pa) === path.normalize(pb);
  // Clients differ in how they escape URIs (`%3A` vs `:`); compare the decoded forms.
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return false;
  }
}

/** The last path segment of a URI or path, for messages ("set in base.hocon"): the model's, for every layer. */
export { baseName } from '../model/paths';

/** Whether the path `p` is the folder `folder` or lies below it (no file-system access). */
export function isInside(p: string, folder: string): boolean {
  const a = path.resolve(p);
  const f = path.resolve(folder);
  if (a === f) return true;
  return a.startsWith(f.endsWith(path.sep) ? f : f + path.sep);
}
