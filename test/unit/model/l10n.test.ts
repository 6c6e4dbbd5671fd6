/**
 * The engine's messages are translated: every problem the syntax and model
 * layers report reads in Chinese when the locale is zh-cn, with its
 * arguments filled in, and every English message has a translation.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { configureLocale } from '../../../server/src/l10n';
import { resolveText } from '../../../server/src/model/load';
import { memoryReader } from '../../../server/src/io';

const repoRoot = path.resolve(__dirname, '../../..');

describe('engine messages in Chinese', () => {
  afterEach(() => configureLocale('en'));

  it('translates parse and resolve problems, arguments included', () => {
    assert.strictEqual(configureLocale('zh-CN'), 'zh-cn');
    const cfg = resolveText('a = foo bar\nb = [1, 2,]\nc = ${nope}\ninclude required("gone.conf")\n', '/x/emqx.conf', memoryReader({}));
    const messages = cfg.problems.map((p) => p.message);
    assert.ok(messages.includes('EMQX 会丢弃这个值各部分之间的空白，并把它们拼成一个字符串。如需保留空格，请给整个值加引号。'), messages.join('\n'));
    assert.ok(messages.includes('"]" 之前有多余的逗号：EMQX 加载 emqx.conf 时会拒绝。'));
    assert.ok(messages.includes('找不到必需的包含文件 "gone.conf"（已在 emqx.conf 所在目录中查找）：EMQX 将无法启动。'));
  });

  it('has a translation for every message the engine can produce', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server/l10n/model.zh-cn.json'), 'utf8')) as Record<string, string>;
    const files = [
      'server/src/syntax/lexer.ts',
      'server/src/syntax/parser.ts',
      'server/src/model/engine.ts',
      'server/src/model/resolve.ts',
      'server/src/model/emqxResolve.ts',
      'server/src/model/emqxMerge.ts',
      'server/src/cli/resolve.ts',
    ];
    const missing: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(path.join(repoRoot, f), 'utf8');
      for (const m of src.matchAll(/\b(?:tr|t)\(\s*'((?:[^'\\]|\\.)*)'/g)) {
        const key = m[1].replace(/\\uFFFD/g, '\uFFFD').replace(/\\(.)/g, '$1');
        if (!(key in bundle)) missing.push(`${f}: ${key}`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });
});
