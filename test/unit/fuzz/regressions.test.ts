/**
 * Every input the fuzzer ever broke something with, kept in
 * test/fixtures/regressions/ (each file starts with a comment saying what
 * broke). Each goes through every layer (harness.ts `exercise`): nothing may
 * throw. The ones that were slow rather than failing are also grown: the
 * repeated unit named below is multiplied and the time per KB at the larger
 * size is compared with the smaller one (a ratio, never an absolute time).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exercise, FUZZ_DIR, FUZZ_URI, REPO_ROOT } from './harness';
import { growth } from './families';

const DIR = path.join(REPO_ROOT, 'test/fixtures/regressions');

/** Fixture → the piece of it that, repeated, made the time grow faster than the size. */
const GROWN: Record<string, string> = {
  'cuttlefish-blank-run.conf': ' ',
  'cuttlefish-brace-run.conf': '{',
};

/** Growth at 8× the size above which a regression counts as back (linear ≈ 1, quadratic ≈ 8). */
const MAX_RATIO = 4;

function uriFor(file: string): string {
  return /ssl_dist\.conf$/.test(file) ? `file://${FUZZ_DIR}/ssl_dist.conf` : FUZZ_URI;
}

describe('fuzz: regression fixtures', function () {
  this.timeout(120_000);
  const files = fs
    .readdirSync(DIR)
    .filter((f) => !f.endsWith('.md'))
    .sort();

  it('the folder holds the fixtures named here', () => {
    for (const f of Object.keys(GROWN)) assert.ok(files.includes(f), `${f} is in ${DIR}`);
  });

  for (const file of files) {
    it(`${file}: nothing throws`, () => {
      exercise(fs.readFileSync(path.join(DIR, file), 'utf8'), { uri: uriFor(file), probes: 12 });
    });
  }

  for (const [file, unit] of Object.entries(GROWN)) {
    it(`${file}: time grows linearly with the repeated part`, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const at = text.lastIndexOf(unit);
      const build = (bytes: number) => text.slice(0, at) + unit.repeat(Math.ceil(bytes / unit.length)) + text.slice(at);
      const g = growth({ name: file, uri: uriFor(file), build }, 16 * 1024, 8);
      assert.ok(g.ratio < MAX_RATIO, `time per KB grew ${g.ratio.toFixed(1)}× from ${g.small.bytes} to ${g.large.bytes} bytes (${g.small.ms.toFixed(1)} ms → ${g.large.ms.toFixed(1)} ms)`);
    });
  }
});
