/**
 * Differential test against EMQX's own HOCON parser (the oracle built from
 * ../shared/oracle/emqx-hocon into .oracle/, see test/differential/): a
 * bounded, seeded batch of generated documents must resolve exactly as EMQX
 * resolves them, or be rejected where EMQX rejects them. Without Erlang or
 * the oracle's sources the test fails: scripts/setup.sh installs Erlang.
 * `npm run differential -- --runs N --seed S` runs long batches.
 */
import * as assert from 'assert';
import { check, describe as describeOurs, describeOracle, Disagreement, minimize, Workspace } from '../../differential/compare';
import { generate } from '../../differential/generate';
import { ensureOracle, Oracle } from '../../differential/oracle';

/** Documents per run: a few seconds with one Erlang VM. */
const RUNS = 400;
const SEED = 20260;

describe('differential: the engine resolves generated documents as EMQX does', function () {
  this.timeout(120_000);

  it(`agrees with EMQX's parser on ${RUNS} generated documents (seed ${SEED})`, async function () {
    ensureOracle();
    const oracle = new Oracle();
    const ws = new Workspace();
    try {
      const found: Disagreement[] = [];
      for (let i = 0; i < RUNS; i++) {
        const d = await check(oracle, ws, SEED + i, generate(SEED + i));
        if (d) found.push(d);
      }
      const shown: string[] = [];
      for (const d of found.slice(0, 5)) {
        const m = await minimize(oracle, ws, d);
        shown.push(`seed ${d.seed}:\n${m.doc.main.trimEnd()}\n  EMQX: ${describeOracle(m.oracle).slice(0, 200)}\n  ours: ${describeOurs(m.ours).slice(0, 200)}`);
      }
      assert.strictEqual(found.length, 0, `${found.length} of ${RUNS} documents disagree with EMQX; the first, minimized:\n${shown.join('\n')}`);
    } finally {
      oracle.close();
      ws.dispose();
    }
  });
});
