import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DOCS_DIR, renderRuleDocs } from '../../../scripts/gen-rule-docs';
import { clusterRules } from '../../../server/src/cluster/rules';
import { allRules } from '../../../server/src/rules';
import { analyzeFixture, listFixtures } from './fixtureHarness';

describe('rules: docs/rules/*.md are generated from the rule objects', () => {
  it('are up to date (run `npx tsx scripts/gen-rule-docs.ts` after changing a rule)', () => {
    for (const [name, content] of renderRuleDocs()) {
      const file = path.join(DOCS_DIR, name);
      assert.ok(fs.existsSync(file), `missing docs/rules/${name}`);
      assert.equal(fs.readFileSync(file, 'utf8'), content, `docs/rules/${name} is out of date`);
    }
  });

  it('has no page for a rule that no longer exists', () => {
    const expected = new Set([...renderRuleDocs().keys()]);
    assert.deepEqual(
      fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md') && !expected.has(f)),
      [],
    );
  });

  it('every rule has a stable kebab-case id, one-line title, and why/fix/versions as fields, not prose', () => {
    const ids = new Set<string>();
    for (const r of [...allRules, ...clusterRules]) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
      ids.add(r.id);
      assert.ok(!r.title.includes('\n') && r.title.length < 100, r.id);
      assert.ok(r.why.length > 40 && /^[A-Za-z`]/.test(r.why), `${r.id}: why`);
      assert.ok(r.fix.length > 10 && /^[A-Z`]/.test(r.fix), `${r.id}: fix`);
      // The docs page prints versions and the fix from the fields; the same words in the prose would say it twice.
      for (const text of [r.why, r.fix, r.versions.note ?? '']) assert.doesNotMatch(text, /\b(?:Versions|Fix):|All versions\.|EMQX 4\.4 and 5\.x/, r.id);
      for (const s of r.versions.spans) for (const v of [s.from, s.to]) if (v !== undefined) assert.match(v, /^\d+\.(?:\d+|x)(?:\.(?:\d+|x))?$/, r.id);
      for (const ref of r.references ?? []) {
        assert.match(ref.repo, /^emqx\/[a-z_-]+$/, r.id);
        assert.ok(ref.file.length > 3 && !ref.file.startsWith('/'), r.id);
        assert.match(ref.release, /^(?:v?\d+\.\d+\.\d+|master)$/, r.id);
      }
    }
  });

  it('states the versions once on each page', () => {
    for (const [name, content] of renderRuleDocs()) {
      if (name === 'README.md') continue;
      assert.equal(content.match(/Versions: /g)?.length, 1, name);
    }
  });

  it('gives each rule the fix kind its fixtures show: none offers no fix, safe a fix-all fix, unsafe only fixes to review', () => {
    const fixtures = listFixtures();
    for (const r of allRules) {
      const mine = fixtures.filter((f) => f.ruleDir === r.id);
      if (mine.length === 0) continue;
      const fixes = mine.flatMap((fx) => analyzeFixture(fx).findings.filter((f) => f.ruleId === r.id)).flatMap((f) => f.fixes ?? []);
      if (r.fixKind === 'none')
        assert.deepEqual(
          fixes.map((f) => f.title),
          [],
          r.id,
        );
      else if (r.fixKind === 'safe')
        assert.ok(
          fixes.some((f) => f.safe),
          `${r.id} is marked safe but no fixture offers a safe fix`,
        );
      else assert.ok(fixes.length > 0 && !fixes.some((f) => f.safe), `${r.id} is marked unsafe: its fixtures should offer fixes, none of them safe`);
    }
  });
});
