import { strict as assert } from 'assert';
import { allRules } from '../../../server/src/rules';
import { analyzeFixture, applyEdits, describeFinding, listFixtures } from './fixtureHarness';

const SYNTAX_RULES = new Set(['hocon-syntax', 'cuttlefish-syntax', 'ssl-dist-syntax']);

/** Every string a user sees about a finding. */
function visibleText(f: { message: string; related?: ReadonlyArray<{ message: string }>; fixes?: ReadonlyArray<{ title: string }> }): string {
  return [f.message, ...(f.related ?? []).map((r) => r.message), ...(f.fixes ?? []).map((x) => x.title)].join('\n');
}

describe('rules: fixtures (expected findings annotated inline)', () => {
  const fixtures = listFixtures();

  it('has valid and invalid fixtures for every rule', () => {
    const dirs = new Set(fixtures.map((f) => f.ruleDir));
    for (const rule of allRules) {
      if (rule.id.startsWith('cert')) continue; // certificate-file rules have their own tests
      assert.ok(dirs.has(rule.id), `no fixtures for ${rule.id}`);
      const mine = fixtures.filter((f) => f.ruleDir === rule.id);
      assert.ok(
        mine.some((f) => f.expected.length > 0),
        `no fixture where ${rule.id} fires`,
      );
      assert.ok(
        mine.some((f) => f.expected.length === 0),
        `no fixture where ${rule.id} stays quiet`,
      );
    }
  });

  for (const fx of fixtures) {
    describe(`${fx.ruleDir}/${fx.file}`, () => {
      const result = analyzeFixture(fx);
      const findings = result.findings.filter((f) => fx.rules.includes(f.ruleId));

      it('reports exactly the annotated findings', () => {
        assert.deepEqual(findings.map(describeFinding).sort(), fx.expected);
      });

      it('uses single-line ranges and never shows the cookie', () => {
        const cookie = result.config.get('node.cookie')?.value;
        for (const f of result.findings) {
          assert.equal(f.location.range.start.line, f.location.range.end.line, describeFinding(f));
          if (typeof cookie === 'string' && cookie.length >= 4) assert.ok(!visibleText(f).includes(cookie), `${f.ruleId} shows the cookie`);
        }
      });

      it('has fixes whose edits do not overlap, and the safe fixes together leave a valid file', () => {
        const key = (p: { line: number; character: number }) => p.line * 1e6 + p.character;
        const noOverlap = (edits: ReadonlyArray<{ range: { start: { line: number; character: number }; end: { line: number; character: number } } }>) => {
          const sorted = [...edits].sort((a, b) => key(a.range.start) - key(b.range.start));
          for (let i = 1; i < sorted.length; i++) assert.ok(key(sorted[i - 1].range.end) <= key(sorted[i].range.start), 'overlapping edits');
        };
        for (const f of result.findings) for (const fix of f.fixes ?? []) noOverlap(fix.edits);
        // What a "fix all" (source.fixAll) applies: the preferred safe fix of every finding.
        const safe = result.findings.flatMap((f) => (f.fixes ?? []).filter((x) => x.safe).slice(0, 1)).flatMap((x) => x.edits);
        if (safe.length === 0) return;
        noOverlap(safe);
        const after = analyzeFixture(fx, applyEdits(fx.text, safe)).findings;
        const ruleIdsBefore = new Set(result.findings.map((b) => b.ruleId));
        assert.deepEqual(after.filter((x) => !ruleIdsBefore.has(x.ruleId)).map(describeFinding), [], 'the safe fixes caused new findings');
        assert.ok(after.filter((x) => SYNTAX_RULES.has(x.ruleId)).length <= result.findings.filter((x) => SYNTAX_RULES.has(x.ruleId)).length);
        assert.ok(after.filter((x) => x.fixes?.some((y) => y.safe)).length < result.findings.filter((x) => x.fixes?.some((y) => y.safe)).length);
      });

      const fixable = findings.filter((f) => (f.fixes ?? []).some((x) => x.edits.length > 0));
      for (const f of fixable) {
        for (const fix of f.fixes!.filter((x) => x.edits.length > 0)) {
          it(`fix "${fix.title}" for ${describeFinding(f)} removes the finding and keeps the file valid`, () => {
            const fixed = applyEdits(fx.text, fix.edits);
            const after = analyzeFixture(fx, fixed).findings;
            const before = result.findings;
            const count = (list: typeof before, id: string) => list.filter((x) => x.ruleId === id).length;
            assert.ok(count(after, f.ruleId) < count(before, f.ruleId), `${f.ruleId} still reported after the fix:\n${fixed}`);
            const newSyntax = after.filter((x) => SYNTAX_RULES.has(x.ruleId)).length - before.filter((x) => SYNTAX_RULES.has(x.ruleId)).length;
            assert.ok(newSyntax <= 0, `the fix broke the syntax:\n${fixed}\n${after.map(describeFinding).join('\n')}`);
          });
        }
      }
    });
  }
});
