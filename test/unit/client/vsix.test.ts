/**
 * Packages the extension with @vscode/vsce as `npm run package` does (the
 * production build, then `vsce package`) into a temporary folder and looks inside
 * the .vsix: the .vscodeignore allowlist must keep sources, tests, maps and
 * node_modules out, keep everything the manifest names in, and what ships under
 * 1 MB. The development build is restored afterwards for the tests that follow.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const { checkVsix, readZip } = require(path.join(ROOT, 'scripts/e2e/check-vsix.js')) as {
  checkVsix(file: string): { entries: string[]; size: number; problems: string[] };
  readZip(buf: Buffer): Array<{ name: string; data(): Buffer }>;
};
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The arguments `npm run package` gives `vsce package`, without its output file. */
function packageArgs(): string[] {
  const m = /vsce package (.*?) -o \S+/.exec(manifest.scripts.package);
  assert.ok(m, manifest.scripts.package);
  return m[1].split(/\s+/);
}

describe('packaged .vsix', function () {
  this.timeout(180000);
  let dir: string;
  let vsix: string;

  before(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-test-'));
    vsix = path.join(dir, 'emqx-cluster-security.vsix');
    const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, 'package', ...packageArgs(), '-o', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `vsce package failed:\n${run.stdout}\n${run.stderr}`);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it('holds the bundles, grammars, translations and docs, and nothing else, under 1 MB', () => {
    const { entries, size, problems } = checkVsix(vsix);
    assert.deepEqual(problems, [], `\n${entries.join('\n')}`);
    assert.ok(size < 1024 * 1024, `${size} bytes`);
    for (const e of [
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/keyCatalogue.json',
      'extension/dist/keyDescriptions.json',
      'extension/syntaxes/emqx-conf.tmLanguage.json',
    ]) {
      assert.ok(entries.includes(e), `${e} missing`);
    }
    assert.ok(!entries.some((e) => e.startsWith('extension/node_modules/')));
    assert.ok(!entries.some((e) => /^extension\/(client|server|test)\//.test(e)));
  });

  it('ships the key catalogue and descriptions the server bundle requires beside itself, as built from the sources', () => {
    const zip = readZip(fs.readFileSync(vsix));
    const server = zip.find((e) => e.name === 'extension/dist/server.js');
    assert.ok(server);
    const bundle = server.data().toString('utf8');
    for (const f of ['keyCatalogue.json', 'keyDescriptions.json']) {
      assert.ok(bundle.includes(`require("./${f}")`), f);
      const packaged = zip.find((e) => e.name === `extension/dist/${f}`);
      assert.ok(packaged, `dist/${f} not packaged`);
      assert.equal(packaged.data().toString('utf8'), fs.readFileSync(path.join(ROOT, 'server/src/emqx', f), 'utf8'));
    }
  });

  it('ships the rule documentation that diagnostics link to, when the repository has it', function () {
    if (!fs.existsSync(path.join(ROOT, 'docs/rules'))) this.skip();
    const docs = fs.readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md'));
    const { entries } = checkVsix(vsix);
    for (const d of docs) assert.ok(entries.includes(`extension/docs/rules/${d}`), `docs/rules/${d} not packaged`);
  });

  it('opens its details page with a user README whose screenshots and links are packaged, not the contributor one', () => {
    const zip = readZip(fs.readFileSync(vsix));
    const readmes = zip.filter((e) => /^extension\/readme\.md$/i.test(e.name));
    assert.deepEqual(
      readmes.map((e) => e.name),
      ['extension/readme.md'],
    );
    const text = readmes[0].data().toString('utf8');
    assert.equal(text, fs.readFileSync(path.join(ROOT, 'README.vsix.md'), 'utf8'));
    assert.doesNotMatch(text, /npm (start|test)|npm install|scripts\//, 'contributor commands in the user README');
    const names = new Set(zip.map((e) => e.name));
    const targets = [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'));
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2, 'screenshots');
    for (const t of targets) assert.ok(names.has(`extension/${t}`), `${t} is linked but not packaged`);
  });
});
