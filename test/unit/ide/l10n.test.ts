import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configureLocale, normalizeLocale, t } from '../../../server/src/l10n';

const ROOT = path.resolve(__dirname, '../../..');

/** Every literal message passed to t() in a source file. */
function messagesOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) out.push(m[1].replace(/\\'/g, "'"));
  return out;
}

describe('l10n: server locale', () => {
  after(() => configureLocale('en'));

  it('maps the locales clients send to the bundles we ship', () => {
    assert.equal(normalizeLocale('zh-cn'), 'zh-cn');
    assert.equal(normalizeLocale('zh-CN'), 'zh-cn');
    assert.equal(normalizeLocale('zh-Hans'), 'zh-cn');
    assert.equal(normalizeLocale('en-US'), 'en');
    assert.equal(normalizeLocale(undefined), 'en');
    assert.equal(normalizeLocale('de'), 'en');
  });

  it('zh-cn gives the Chinese text, and switching back gives English again', () => {
    assert.equal(configureLocale('zh-cn'), 'zh-cn');
    assert.equal(t('Disable {0} for this line', 'rpc-plaintext'), '在此行禁用 rpc-plaintext');
    configureLocale('en');
    assert.equal(t('Disable {0} for this line', 'rpc-plaintext'), 'Disable rpc-plaintext for this line');
  });

  it('only numbered placeholders take arguments: other braces, and a number with no argument, stay as written', () => {
    assert.equal(t('{0} of {1}', 'a', 'b'), 'a of b');
    assert.equal(t('{length} {constructor} {0} {1} ${path}', 'x'), '{length} {constructor} x {1} ${path}');
    assert.equal(t('{0}{0}', '$&'), '$&$&');
  });

  it('every message of the ide layer and the server has a Chinese translation', () => {
    // The ide folder also hosts other areas' modules (the cluster provider); any area's bundle may hold a message.
    const dir = path.join(ROOT, 'server/l10n');
    const bundle: Record<string, string> = Object.assign(
      {},
      ...fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.zh-cn.json'))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>),
    );
    const files = [
      ...fs.readdirSync(path.join(ROOT, 'server/src/ide')).map((f) => path.join(ROOT, 'server/src/ide', f)),
      path.join(ROOT, 'server/src/server.ts'),
      ...fs.readdirSync(path.join(ROOT, 'server/src/lsp'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ROOT, 'server/src/lsp', f)),
    ].filter((f) => f.endsWith('.ts'));
    const messages = files.flatMap(messagesOf);
    assert.ok(messages.length > 20, 'the scan found the messages');
    const missing = messages.filter((m) => !(m in bundle));
    assert.deepEqual(missing, []);
    // Placeholders survive translation.
    for (const m of messages) {
      const wanted = (m.match(/\{\d\}/g) ?? []).sort().join();
      assert.equal((bundle[m].match(/\{\d\}/g) ?? []).sort().join(), wanted, m);
    }
  });
});
