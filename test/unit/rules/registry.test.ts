/**
 * The registry (server/src/rules/index.ts) lists every rule file and nothing
 * else: a rule written in a file but not registered would never run, and a
 * registered rule without a file of its own breaks "one rule = one file".
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getAllRules } from '../../../server/src/rules';
import { Rule } from '../../../server/src/rules/types';

const RULES_DIR = path.join(__dirname, '..', '..', '..', 'server', 'src', 'rules');

/** The files at the top of rules/ are the engine; in the area folders, helpers end in Common.ts (plus certFiles.ts, the certificate reader). */
function isRuleFile(rel: string): boolean {
  if (!rel.includes(path.sep)) return false;
  const base = path.basename(rel);
  return base.endsWith('.ts') && !base.endsWith('Common.ts') && base !== 'index.ts' && base !== 'certFiles.ts';
}

function isRule(v: unknown): v is Rule {
  return typeof v === 'object' && v !== null && typeof (v as Rule).id === 'string' && typeof (v as Rule).check === 'function';
}

describe('rules: the registry lists exactly the rule files', () => {
  const files = (fs.readdirSync(RULES_DIR, { recursive: true, encoding: 'utf8' }) as string[]).filter(isRuleFile).sort();

  it('finds the rule files in their area folders', () => {
    assert.ok(files.length >= 50, `only ${files.length} rule files found`);
  });

  it('every rule file exports one rule, and the registry has it', () => {
    const registered = new Map(getAllRules().map((r) => [r.id, r]));
    for (const rel of files) {
      const mod = require(path.join(RULES_DIR, rel)) as Record<string, unknown>;
      const rules = Object.values(mod).filter(isRule);
      assert.equal(rules.length, 1, `${rel} should export exactly one rule (exports ${rules.map((r) => r.id).join(', ') || 'none'})`);
      assert.equal(registered.get(rules[0].id), rules[0], `${rel} exports ${rules[0].id}, which server/src/rules/index.ts does not list`);
    }
  });

  it('every registered rule comes from its own file', () => {
    const fromFiles = new Set<string>();
    for (const rel of files) {
      for (const v of Object.values(require(path.join(RULES_DIR, rel)) as Record<string, unknown>)) if (isRule(v)) fromFiles.add(v.id);
    }
    const ids = getAllRules().map((r) => r.id);
    assert.deepEqual(
      ids.filter((id) => !fromFiles.has(id)),
      [],
    );
    assert.equal(new Set(ids).size, ids.length, 'a rule is registered twice');
  });
});
