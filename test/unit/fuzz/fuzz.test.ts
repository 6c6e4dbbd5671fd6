/**
 * Fuzzing in CI: a fixed, small budget with a fixed seed, so a run is
 * reproducible and bounded (about 20–40 s on two cores). Every document goes
 * through the parser, the readers, the model, every rule, analyzeDocument,
 * hover and code actions (see harness.ts); nothing may throw, no failure may
 * be swallowed, no range may leave the document. A failure is shrunk by
 * fast-check and printed with the seed and path to replay it; minimise it
 * further and keep it under test/fixtures/regressions/ (regressions.test.ts
 * runs them all). `npm run fuzz -- --runs N --seed S` is the long mode.
 */
import fc from 'fast-check';
import { RuleLevel } from '../../../server/src/ide/types';
import { erlangTermsDocument, hoconDocument } from './grammar';
import { applyMutations, exercise, FUZZ_DIR, mutatedSeedArb, prng, seedFiles } from './harness';

const SEED = 20261123;

describe('fuzz: nothing throws (fixed seed, bounded budget)', function () {
  this.timeout(120_000);

  it('random HOCON documents from the grammar', () => {
    fc.assert(
      fc.property(hoconDocument(), fc.integer(), (doc, r) => exercise(doc, { random: prng(r) })),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('random documents with per-document settings: 4.x, Docker, rules off, untrusted', () => {
    const settings = fc.record({
      emqxVersion: fc.constantFrom('auto', '4.4', '5.8', '6.3', '7.0', '0', '99.99.99'),
      docker: fc.boolean(),
      rules: fc.constantFrom<Record<string, RuleLevel>[]>({}, { 'cookie-default': 'off' }, { 'rpc-plaintext': 'error', 'dist-plaintext': 'hint' }),
    });
    fc.assert(
      fc.property(hoconDocument({ maxDepth: 3 }), settings, fc.boolean(), (doc, s, trusted) => exercise(doc, { settings: s, trusted, probes: 3 })),
      { seed: SEED + 1, numRuns: 120 },
    );
  });

  it('random ssl_dist.conf term documents', () => {
    fc.assert(
      fc.property(erlangTermsDocument(), (doc) => exercise(doc, { uri: `file://${FUZZ_DIR}/ssl_dist.conf`, probes: 3 })),
      { seed: SEED + 2, numRuns: 80 },
    );
  });

  it('mutations of every corpus file and fixture: byte flips, truncation, tokens, nesting, huge lines, invalid UTF-8, NUL', () => {
    const seeds = seedFiles();
    // Each file at least once, in a fixed order, then random picks with shrinking.
    const random = prng(SEED);
    for (const seed of seeds) {
      const [sample] = fc.sample(mutatedSeedArb([seed]), { seed: Math.floor(random() * 2 ** 31), numRuns: 1 });
      const text = applyMutations(seed.text, sample.mutations);
      try {
        exercise(text, { uri: seed.uri, random: prng(text.length), probes: 3 });
      } catch (e) {
        throw new Error(`${seed.name} with mutations ${JSON.stringify(sample.mutations)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    fc.assert(
      fc.property(mutatedSeedArb(seeds), ({ seed, mutations }) => exercise(applyMutations(seed.text, mutations), { uri: seed.uri, probes: 3 })),
      { seed: SEED + 3, numRuns: 250 },
    );
  });
});
