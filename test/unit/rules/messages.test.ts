/**
 * Every rule declares what it says as message functions (`Rule.messages`), apart
 * from how it detects. That makes every message enumerable: each is checked here
 * for its placeholders, its Chinese translation and secrets, and every finding
 * message the fixtures produce must come from one of its rule's functions.
 */
import { strict as assert } from 'assert';
import { isKnownDefaultCookie } from '../../../server/src/emqx/cookies';
import { configureLocale } from '../../../server/src/l10n';
import { allRules } from '../../../server/src/rules';
import { Rule } from '../../../server/src/rules/types';
import { analyzeFixture, listFixtures } from './fixtureHarness';

/** Rules that pass on the problems of the HOCON and 4.x readers (translated where the readers write them). */
const READER_PROBLEMS = new Set(['hocon-syntax', 'hocon-suspicious', 'cuttlefish-syntax']);

function messageFns(r: Rule): Array<[string, (...args: string[]) => string]> {
  return Object.entries(r.messages ?? {});
}

function sampleArgs(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `«arg${i}»`);
}

/** A template's text as a pattern: each argument may be any text. */
function templatePattern(fn: (...args: string[]) => string): RegExp {
  const text = fn(...sampleArgs(fn.length));
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/«arg\d+»/g, '[^]*');
  return new RegExp(`^${escaped}$`);
}

describe('rules: messages are declared per rule', () => {
  it('every rule that phrases its own findings declares them', () => {
    for (const r of allRules) if (!READER_PROBLEMS.has(r.id)) assert.ok(messageFns(r).length > 0, `${r.id} declares no messages`);
  });

  it('every message uses each of its arguments, and none names a shipped cookie', () => {
    for (const r of allRules) {
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
      for (const r of allRules) {
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
    const patterns = new Map(allRules.map((r) => [r.id, messageFns(r).map(([, fn]) => templatePattern(fn))]));
    let checked = 0;
    for (const fx of listFixtures()) {
      for (const f of analyzeFixture(fx).findings) {
        if (READER_PROBLEMS.has(f.ruleId) || f.location.uri !== fx.uri) continue;
        const mine = patterns.get(f.ruleId);
        if (!mine) continue;
        assert.ok(
          mine.some((p) => p.test(f.message)),
          `${fx.ruleDir}/${fx.file}: ${f.ruleId} said "${f.message}", which none of its messages says`,
        );
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} findings checked`);
  });
});
