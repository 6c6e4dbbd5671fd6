import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { noFiles } from '../../../server/src/io';
import { configureLocale, t } from '../../../server/src/l10n';
import { allRules } from '../../../server/src/rules';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { sourceStrings } from './l10nStrings';

const BUNDLE = path.join(__dirname, '..', '..', '..', 'server', 'l10n', 'rules.zh-cn.json');

describe('rules: Simplified Chinese translations', () => {
  const bundle: Record<string, string> = JSON.parse(fs.readFileSync(BUNDLE, 'utf8'));
  const strings = sourceStrings();

  it('translates every message, hover text and rule title of the rules and emqx layers', () => {
    const missing = [...strings].filter((s) => !bundle[s] || bundle[s].trim() === '');
    assert.deepEqual(missing, []);
    for (const r of allRules.filter((x) => !x.id.startsWith('cert-'))) assert.ok(bundle[r.title], r.id);
  });

  it('has no stale entries', () => {
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !strings.has(k)),
      [],
    );
  });

  it('keeps every {N} placeholder and no English left untranslated', () => {
    for (const [en, zh] of Object.entries(bundle)) {
      const ph = (s: string) => (s.match(/\{\d\}/g) ?? []).sort().join();
      assert.equal(ph(zh), ph(en), en);
      if (en.length > 12) assert.match(zh, /[\u4e00-\u9fff]/, en);
    }
  });

  it('shows findings in Chinese when the locale is zh-cn', () => {
    try {
      assert.equal(configureLocale('zh-CN'), 'zh-cn');
      const r = analyzeDocument({ uri: 'file:///e/emqx.conf', text: 'node.cookie = "emqxsecretcookie"\n', reader: noFiles, trusted: false, settings: {} });
      const f = r.findings.find((x) => x.ruleId === 'cookie-default')!;
      assert.match(f.message, /Erlang Cookie 是 EMQX/);
      assert.equal(t('Use port 5370'), '使用端口 5370');
    } finally {
      configureLocale('en');
    }
  });
});
