/**
 * Every rule declares what it says as message functions (`Rule.messages`), apart
 * from how it detects. That makes every message enumerable: each is checked here
 * for its placeholders, its Chinese translation and secrets, and every finding
 * message the fixtures produce must come from one of its rule's functions.
 * The cluster rules and the deployment-file rules declare theirs the same way
 * (test/unit/cluster/checks.test.ts matches the cluster findings it produces).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { collectFiles } from '../../../server/src/cli/files';
import { clusterRules } from '../../../server/src/cluster/rules';
import { deployRules } from '../../../server/src/deploy/rules';
import { isKnownDefaultCookie } from '../../../server/src/emqx/cookies';
import { configureLocale } from '../../../server/src/l10n';
import { allRules } from '../../../server/src/rules';
import { RuleMeta } from '../../../server/src/rules/types';
import { analyzeFixture, listFixtures } from './fixtureHarness';
import { messageFns, messageMatchers, sampleArgs } from './messageTemplates';

/** Rules that pass on the problems of the HOCON and 4.x readers (translated where the readers write them). */
const READER_PROBLEMS = new Set(['hocon-syntax', 'hocon-suspicious', 'cuttlefish-syntax']);

/** Every rule: per file, across nodes, and about deployment files. */
const everyRule: readonly RuleMeta[] = [...allRules, ...clusterRules, ...deployRules];

describe('rules: messages are declared per rule', () => {
  it('every rule that phrases its own findings declares them', () => {
    for (const r of everyRule) if (!READER_PROBLEMS.has(r.id)) assert.ok(messageFns(r).length > 0, `${r.id} declares no messages`);
  });

  it('every message uses each of its arguments, and none names a shipped cookie', () => {
    for (const r of everyRule) {
      for (const [key, fn] of messageFns(r)) {
        const args = sampleArgs(fn.length);
        const text = fn(...args);
        assert.ok(text.length > 0, `${r.id}.${key}`);
        for (const a of args) assert.ok(text.includes(a), `${r.id}.${key} drops ${a}: ${text}`);
        for (const word of text.split(/[^A-Za-z0-9_{}<> ]+|\s+/)) assert.ok(word.length < 8 || !isKnownDefaultCookie(word), `${r.id}.${key} names a cookie`);
      }
    }
  });

  it('every message has a Chinese translation that keeps its arguments', () => {
    try {
      for (const r of everyRule) {
        for (const [key, fn] of messageFns(r)) {
          const args = sampleArgs(fn.length);
          configureLocale('en');
          const en = fn(...args);
          configureLocale('zh-cn');
          const zh = fn(...args);
          if (en.replace(/«arg\d+»/g, '').trim().length > 3) assert.notEqual(zh, en, `${r.id}.${key} is not translated`);
          for (const a of args) assert.ok(zh.includes(a), `${r.id}.${key} (zh) drops ${a}`);
        }
      }
    } finally {
      configureLocale('en');
    }
  });

  it("every finding message in the fixtures comes from one of its rule's message functions", () => {
    const matchers = messageMatchers(allRules);
    let checked = 0;
    for (const fx of listFixtures()) {
      for (const f of analyzeFixture(fx).findings) {
        if (READER_PROBLEMS.has(f.ruleId) || f.location.uri !== fx.uri) continue;
        const mine = matchers.get(f.ruleId);
        if (!mine) continue;
        assert.ok(mine(f.message), `${fx.ruleDir}/${fx.file}: ${f.ruleId} said "${f.message}", which none of its messages says`);
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} findings checked`);
  });

  it("every cluster and deployment-file finding `check` reports for the examples comes from its rule's message functions", () => {
    const matchers = messageMatchers([...clusterRules, ...deployRules]);
    const examples = path.join(__dirname, '..', '..', '..', 'examples');
    let checked = 0;
    for (const name of fs.readdirSync(examples)) {
      const folder = path.join(examples, name);
      if (!fs.statSync(folder).isDirectory()) continue;
      const { files } = collectFiles([folder], folder);
      const run = checkFiles(files, { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true });
      for (const f of run.findings) {
        const mine = matchers.get(f.ruleId);
        if (!mine) continue;
        for (const text of [f.message, ...(f.related ?? []).map((r) => r.message)]) assert.ok(mine(text), `${name}: ${f.ruleId} said "${text}", which none of its messages says`);
        checked++;
      }
    }
    assert.ok(checked >= 3, `only ${checked} findings checked`);
  });
});
