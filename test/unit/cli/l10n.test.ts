import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './harness';

/** The literal first arguments of t(...) calls in a source file. */
function messages(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) out.push(m[1].replace(/\\'/g, "'").replace(/\\\\/g, '\\'));
  return out;
}

/** The .ts files of a folder, subfolders included (the cluster rules are in cluster/rules/). */
function sources(dir: string, skip: readonly string[] = []): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !skip.includes(f))
    .map((f) => path.join(ROOT, dir, f));
}

describe('CLI and cluster messages have Simplified Chinese translations', () => {
  for (const [bundle, files] of [
    ['cli', sources('server/src/cli', ['resolve.ts', 'certs.ts'])],
    ['cluster', [...sources('server/src/cluster'), path.join(ROOT, 'server/src/ide/cluster.ts')]],
    ['settings', [path.join(ROOT, 'server/src/settings.ts'), path.join(ROOT, 'server/src/projectFile.ts')]],
    ['deploy', sources('server/src/deploy')],
  ] as const) {
    it(`server/l10n/${bundle}.zh-cn.json covers every message`, () => {
      const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'l10n', `${bundle}.zh-cn.json`), 'utf8')) as Record<string, string>;
      const missing = files.flatMap(messages).filter((m) => !(m in table));
      assert.deepEqual(missing, []);
      for (const [en, zh] of Object.entries(table)) {
        // Placeholders survive translation.
        const holes = (s: string) => (s.match(/\{\d\}/g) ?? []).sort().join();
        assert.equal(holes(zh), holes(en), en);
      }
    });
  }
});
