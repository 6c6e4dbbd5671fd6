/**
 * The corpus helper: `../shared` is found relative to the project's root (not
 * a fixed absolute path), and a missing path is an error, never a skip.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusPath, PROJECT_ROOT, SHARED_ROOT, sharedPath } from './sharedCorpus';

describe('the shared corpus helper', () => {
  it('resolves ../shared beside the project root, and the corpus is there', () => {
    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, 'package.json')));
    assert.equal(SHARED_ROOT, path.join(path.dirname(PROJECT_ROOT), 'shared'));
    assert.ok(fs.statSync(corpusPath('emqx')).isDirectory());
  });

  it('throws, naming the path, when a shared file is missing', () => {
    assert.throws(() => sharedPath('no-such-folder-here'), /no-such-folder-here is missing/);
  });
});
