/**
 * The did-you-mean suggestions (`rules/util.ts`) were rewritten for speed: a
 * file with a few hundred unknown keys under `rpc` took seconds, because the
 * distance allocated a full matrix of arrays for every key against every
 * known key, and long keys were measured in full against short candidates.
 * The suggestions a user sees must be exactly what the straightforward
 * algorithm gives; this compares the two on random words.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { didYouMean, editDistance } from '../../../server/src/rules/util';

/** Optimal-string-alignment distance over a full matrix: the reference. */
function referenceDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Every candidate measured; the closest one when unique and within a third of the longer word (1 to 2 edits): the reference. */
function referenceDidYouMean(word: string, candidates: readonly string[]): string | undefined {
  const limit = (c: string) => Math.max(1, Math.min(2, Math.floor(Math.max(word.length, c.length) / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of candidates) {
    const dist = referenceDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestD) {
      best = c;
      bestD = dist;
      tie = false;
    } else if (dist === bestD) tie = true;
  }
  return best !== undefined && bestD <= limit(best) && !tie ? best : undefined;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', '.', 'R', 'p'), maxLength: 12 });
const KEYS = ['rpc.protocol', 'rpc.driver', 'rpc.port_discovery', 'rpc.server_port', 'rpc.certfile', 'rpc.keyfile', 'rpc.cacertfile', 'inet_tls', 'inet_tcp', 'inet6_tls'];

describe('robustness: did-you-mean suggestions after the speed-up', () => {
  it('the distance equals the full-matrix reference', () => {
    fc.assert(
      fc.property(word, word, (a, b) => editDistance(a, b) === referenceDistance(a, b)),
      { seed: 11, numRuns: 3000 },
    );
    // With a bound: exact up to it, "bound + 1" past it.
    fc.assert(
      fc.property(word, word, fc.nat(4), (a, b, max) => editDistance(a, b, max) === Math.min(referenceDistance(a, b), max + 1)),
      { seed: 14, numRuns: 3000 },
    );
    // A shared prefix and suffix (as keys under one section have) is skipped, not measured:
    // the distance must not change, transpositions at the edges included.
    const edge = fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 4 });
    const small = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
    fc.assert(
      fc.property(edge, small, small, edge, fc.option(fc.nat(4), { nil: undefined }), (p, a, b, x, max) => {
        const full = referenceDistance(p + a + x, p + b + x);
        return editDistance(p + a + x, p + b + x, max) === (max === undefined ? full : Math.min(full, max + 1));
      }),
      { seed: 15, numRuns: 5000 },
    );
  });

  it('the suggestion equals the reference, on random words and on typos of real keys', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 8 }), (w, cs) => didYouMean(w, cs) === referenceDidYouMean(w, cs)),
      { seed: 12, numRuns: 3000 },
    );
    const typo = fc.tuple(fc.constantFrom(...KEYS), fc.nat(20), fc.constantFrom('', 'x', 's', '_')).map(([k, i, ins]) => k.slice(0, i % k.length) + ins + k.slice((i % k.length) + (i % 2)));
    fc.assert(
      fc.property(typo, (w) => didYouMean(w, KEYS) === referenceDidYouMean(w, KEYS)),
      { seed: 13, numRuns: 2000 },
    );
    assert.equal(didYouMean('inet_tsl', KEYS), 'inet_tls');
    assert.equal(didYouMean('rpc.protocl', KEYS), 'rpc.protocol');
  });
});
