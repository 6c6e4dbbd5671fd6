/**
 * Runs the TextMate grammar tests (test/grammar/*.test.*, assertions written
 * as comments under each line) with vscode-tmgrammar-test, which tokenizes
 * with vscode-textmate and Oniguruma exactly as VS Code does. The grammars are
 * taken from package.json's contributes.grammars, so a wrong path or scope
 * name in the manifest fails here too.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const RUNNER = path.join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');

describe('TextMate grammars (vscode-tmgrammar-test)', () => {
  const cases = fs.readdirSync(path.join(ROOT, 'test/grammar')).filter((f) => /\.test\./.test(f));

  it('has grammar test files for both languages', () => {
    const scopes = cases.map((f) => /SYNTAX TEST "([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, 'test/grammar', f), 'utf8'))?.[1]);
    assert.deepEqual([...new Set(scopes)].sort(), ['source.emqx-conf', 'source.emqx-ssl-dist']);
  });

  for (const file of cases) {
    it(`tokenizes ${file} as its assertions say`, () => {
      const run = spawnSync(process.execPath, [RUNNER, '--compact', `test/grammar/${file}`], { cwd: ROOT, encoding: 'utf8' });
      const out = `${run.stdout}\n${run.stderr}`;
      assert.equal(run.status, 0, `grammar assertions failed:\n${out}`);
      assert.match(out, /run successfuly|successfully/, out);
    });
  }
});
