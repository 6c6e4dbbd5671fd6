/**
 * The disagreements with EMQX's parser the differential test once found, kept
 * with EMQX's answer (test/fixtures/differential/<name>/expected.txt): each
 * must now resolve to the same value, or be rejected where EMQX rejects it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { agrees, describe as describeOurs, describeOracle, ours } from '../../differential/compare';
import { loadFixtures } from '../../differential/fixtures';

describe('differential: regressions found against EMQX', function () {
  const fixtures = loadFixtures();

  it('has regression fixtures', () => {
    assert.ok(fixtures.length > 0);
  });

  for (const f of fixtures) {
    it(f.name, () => {
      const mine = ours(f.file, fs.readFileSync(f.file, 'utf8'));
      assert.ok(agrees(mine, f.expected), `EMQX: ${describeOracle(f.expected)}\n  ours: ${describeOurs(mine)}`);
    });
  }
});
