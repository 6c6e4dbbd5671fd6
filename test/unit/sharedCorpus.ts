/**
 * Where the tests find the shared corpus: `../shared` beside the project's
 * root, wherever the clone is (CI checks it out there). A test that needs it
 * fails, naming the missing path, when it is absent: a test that skips
 * itself silently looks like a test that passed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project's root (the folder with package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** `../shared` beside the project's root. */
export const SHARED_ROOT = path.resolve(PROJECT_ROOT, '../shared');

/** A path below `../shared`; throws when it does not exist. */
export function sharedPath(...parts: string[]): string {
  const p = path.join(SHARED_ROOT, ...parts);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: the tests need the shared corpus in ../shared beside the project (${SHARED_ROOT}).`);
  }
  return p;
}

/** A path below `../shared/corpus`; throws when it does not exist. */
export function corpusPath(...parts: string[]): string {
  return sharedPath('corpus', ...parts);
}
