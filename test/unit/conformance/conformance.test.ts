/**
 * Acceptance: every corpus file with an expected EMQX result resolves to the
 * same value, or fails where EMQX failed. Differences must be listed with a
 * reason in test/known-differences.json (the aim is none).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toEmqxJson } from '../../../server/src/model/json';
import { corpusCases, corpusRoot, repoRoot, resolveCorpusFile, sameValue } from './corpus';

interface KnownDifferences {
  differences: Record<string, string>;
}

const known: KnownDifferences = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/known-differences.json'), 'utf8'));

describe('conformance with EMQX (shared corpus)', function () {
  const cases = corpusCases();

  it('finds the corpus', function () {
    if (!fs.existsSync(corpusRoot)) this.skip();
    assert.ok(cases.length > 200, `only ${cases.length} corpus cases under ${corpusRoot}`);
  });

  it('resolves every corpus file as EMQX does', function () {
    if (cases.length === 0) this.skip();
    let agree = 0;
    const differ: string[] = [];
    const unexpected: string[] = [];
    for (const c of cases) {
      const out = resolveCorpusFile(c.file);
      let ok: boolean;
      let detail: string;
      if (c.expected.kind === 'error') {
        ok = out.kind === 'error';
        detail = ok ? '' : `EMQX fails (${c.expected.reason.slice(0, 120)}) but we resolve it`;
      } else {
        ok = out.kind === 'json' && sameValue(out.value, c.expected.value);
        detail = ok
          ? ''
          : out.kind === 'error'
            ? `EMQX resolves it but we fail: ${out.messages.slice(0, 2).join(' | ')}`
            : `expected ${toEmqxJson(c.expected.value).slice(0, 200)}\n      got      ${toEmqxJson(out.value).slice(0, 200)}`;
      }
      if (ok) {
        agree++;
        if (known.differences[c.id] !== undefined) unexpected.push(`${c.id}: listed as a known difference but agrees now; remove it`);
      } else {
        differ.push(c.id);
        if (known.differences[c.id] === undefined) unexpected.push(`${c.id}: ${detail}`);
      }
    }
    console.log(`      conformance: ${agree} agree, ${differ.length} differ`);
    assert.deepStrictEqual(unexpected, []);
  });
});
