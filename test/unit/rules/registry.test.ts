/**
 * The registries list every rule file and nothing else: a rule written in a
 * file but not registered would never run, and a registered rule without a
 * file of its own breaks "one rule = one file". The per-file rules live in
 * server/src/rules (registry: rules/index.ts), the rules that compare several
 * nodes in server/src/cluster/rules (registry: cluster/rules/index.ts).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { clusterRules } from '../../../server/src/cluster/rules';
import { getAllRules } from '../../../server/src/rules';
import { RuleMeta } from '../../../server/src/rules/types';

const SRC = path.join(__dirname, '..', '..', '..', 'server', 'src');

/** A rule file: not a `*Common.ts` helper, not a registry, not certFiles.ts (the certificate reader). */
function isRuleFileName(base: string): boolean {
  return base.endsWith('.ts') && !base.endsWith('Common.ts') && base !== 'index.ts' && base !== 'certFiles.ts';
}

function isRule(v: unknown): v is RuleMeta & { check: unknown } {
  return typeof v === 'object' && v !== null && typeof (v as RuleMeta).id === 'string' && typeof (v as { check?: unknown }).check === 'function';
}

const REGISTRIES: ReadonlyArray<{ name: string; dir: string; registry: string; rules: () => readonly RuleMeta[]; isRuleFile: (rel: string) => boolean; atLeast: number }> = [
  {
    name: 'per-file rules',
    dir: path.join(SRC, 'rules'),
    registry: 'server/src/rules/index.ts',
    rules: getAllRules,
    // The files at the top of rules/ are the engine; the rules are in the area folders.
    isRuleFile: (rel) => rel.includes(path.sep) && isRuleFileName(path.basename(rel)),
    atLeast: 50,
  },
  {
    name: 'cluster rules',
    dir: path.join(SRC, 'cluster', 'rules'),
    registry: 'server/src/cluster/rules/index.ts',
    rules: () => clusterRules,
    isRuleFile: (rel) => !rel.includes(path.sep) && isRuleFileName(rel),
    atLeast: 7,
  },
];

for (const { name, dir, registry, rules, isRuleFile, atLeast } of REGISTRIES) {
  describe(`rules: the registry of the ${name} lists exactly the rule files`, () => {
    const files = (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter(isRuleFile).sort();

    it('finds the rule files', () => {
      assert.ok(files.length >= atLeast, `only ${files.length} rule files found`);
    });

    it('every rule file exports one rule, and the registry has it', () => {
      const registered = new Map(rules().map((r) => [r.id, r]));
      for (const rel of files) {
        const mod = require(path.join(dir, rel)) as Record<string, unknown>;
        const found = Object.values(mod).filter(isRule);
        assert.equal(found.length, 1, `${rel} should export exactly one rule (exports ${found.map((r) => r.id).join(', ') || 'none'})`);
        assert.equal(registered.get(found[0].id), found[0], `${rel} exports ${found[0].id}, which ${registry} does not list`);
      }
    });

    it('every registered rule comes from its own file', () => {
      const fromFiles = new Set<string>();
      for (const rel of files) {
        for (const v of Object.values(require(path.join(dir, rel)) as Record<string, unknown>)) if (isRule(v)) fromFiles.add(v.id);
      }
      const ids = rules().map((r) => r.id);
      assert.deepEqual(
        ids.filter((id) => !fromFiles.has(id)),
        [],
      );
      assert.equal(new Set(ids).size, ids.length, 'a rule is registered twice');
    });
  });
}
