/**
 * Every message of the certificate code (generation CLI, file rules) has a
 * Simplified Chinese translation with the same placeholders, and a rule's
 * message really comes out in Chinese under zh-cn.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configureLocale, t } from '../../../server/src/l10n';

const ROOT = path.resolve(__dirname, '../../..');

function messagesOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) out.push(m[1].replace(/\\'/g, "'"));
  return out;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(ROOT, dir, f));
}

describe('certs: translations', () => {
  after(() => configureLocale('en'));

  it('translates every message of the certificate rules and the certs CLI, keeping placeholders', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/l10n/certs.zh-cn.json'), 'utf8')) as Record<string, string>;
    const messages = [...tsFiles('server/src/rules/certs'), ...tsFiles('server/src/certs'), path.join(ROOT, 'server/src/cli/certs.ts')].flatMap(messagesOf);
    assert.ok(messages.length > 40, 'the scan found the messages');
    assert.deepEqual(
      messages.filter((m) => !(m in bundle)),
      [],
    );
    for (const m of messages) {
      assert.equal((bundle[m].match(/\{\d\}/g) ?? []).sort().join(), (m.match(/\{\d\}/g) ?? []).sort().join(), m);
    }
  });

  it('translates the node-name problems that generate.ts returns as English source strings', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/l10n/certs.zh-cn.json'), 'utf8')) as Record<string, string>;
    const src = fs.readFileSync(path.join(ROOT, 'server/src/certs/generate.ts'), 'utf8');
    const body = src.slice(src.indexOf('export function nodeNameProblem'), src.indexOf('export function isDnsName'));
    const problems = [...body.matchAll(/return '([^']+)'/g)].map((m) => m[1]);
    assert.equal(problems.length, 4);
    for (const p of problems) assert.ok(bundle[p], p);
  });

  it('gives the Chinese text under zh-cn', () => {
    configureLocale('zh-cn');
    assert.equal(t('The certificate the key should match'), '私钥应匹配的证书');
    configureLocale('en');
    assert.equal(t('The certificate the key should match'), 'The certificate the key should match');
  });
});
