import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DOCS_DIR, renderRuleDocs } from '../../../scripts/gen-rule-docs';
import { allRules } from '../../../server/src/rules';

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
    assert.deepEqual(fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md') && !expected.has(f)), []);
  });

  it('every rule has a stable kebab-case id, one-line title and a docs paragraph naming versions', () => {
    const ids = new Set<string>();
    for (const r of allRules) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
      ids.add(r.id);
      assert.ok(!r.title.includes('\n') && r.title.length < 100, r.id);
      if (!r.id.startsWith('cert-')) assert.match(r.docs, /Versions: /, r.id);
    }
  });
});
