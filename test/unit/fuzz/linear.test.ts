/**
 * No input may take more than linear-ish time. For each adversarial family
 * (families.ts) the whole editor pipeline runs at two sizes, 8× apart, and
 * the time per KB at the larger size is compared with the smaller one: a
 * linear pipeline gives about 1, a quadratic one about 8. Only the ratio is
 * asserted, never a time (the machines are shared and noisy; each timing is
 * the process's CPU time, the best of a few repeats). `npm run fuzz -- --linear` prints the same
 * table at larger sizes, with each family's time per KB against the median.
 */
import * as assert from 'node:assert/strict';
import { FAMILIES, growth } from './families';

/** Growth of time per KB at 8× the size above which a family fails (linear ≈ 1, quadratic ≈ 8). */
const MAX_RATIO = 4;

describe('fuzz: time grows linearly with the size of adversarial inputs', function () {
  this.timeout(120_000);

  for (const family of FAMILIES) {
    it(family.name, () => {
      const small = family.smallBytes ?? 8 * 1024;
      let g = growth(family, small, 8, 3);
      // One retry absorbs a garbage collection or a neighbour's burst landing on the large run.
      if (g.ratio >= MAX_RATIO) g = growth(family, small, 8, 3);
      assert.ok(g.ratio < MAX_RATIO, `time per KB grew ${g.ratio.toFixed(1)}× from ${g.small.bytes} to ${g.large.bytes} bytes (${g.small.ms.toFixed(1)} ms → ${g.large.ms.toFixed(1)} ms)`);
    });
  }
});
