/**
 * Packages the extension with @vscode/vsce (as `npm run package` does, minus
 * the production build) into a temporary folder and looks inside the .vsix:
 * the .vscodeignore allowlist must keep sources, tests, maps and node_modules
 * out, keep everything the manifest names in, and the package under 1 MB.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const { checkVsix } = require(path.join(ROOT, 'scripts/e2e/check-vsix.js')) as {
  checkVsix(file: string): { entries: string[]; size: number; problems: string[] };
};

describe('packaged .vsix', function () {
  this.timeout(180000);
  let dir: string;
  let vsix: string;

  before(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/client.js')) || !fs.existsSync(path.join(ROOT, 'dist/server.js'))) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-test-'));
    vsix = path.join(dir, 'emqx-cluster-security.vsix');
    const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `vsce package failed:\n${run.stdout}\n${run.stderr}`);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the bundles, grammars, translations and docs, and nothing else, under 1 MB', () => {
    const { entries, size, problems } = checkVsix(vsix);
    assert.deepEqual(problems, [], `\n${entries.join('\n')}`);
    assert.ok(size < 1024 * 1024, `${size} bytes`);
    for (const e of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/syntaxes/emqx-conf.tmLanguage.json']) {
      assert.ok(entries.includes(e), `${e} missing`);
    }
    assert.ok(!entries.some((e) => e.startsWith('extension/node_modules/')));
    assert.ok(!entries.some((e) => /^extension\/(client|server|test)\//.test(e)));
  });

  it('ships the rule documentation that diagnostics link to, when the repository has it', function () {
    if (!fs.existsSync(path.join(ROOT, 'docs/rules'))) this.skip();
    const docs = fs.readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md'));
    const { entries } = checkVsix(vsix);
    for (const d of docs) assert.ok(entries.includes(`extension/docs/rules/${d}`), `docs/rules/${d} not packaged`);
  });
});
