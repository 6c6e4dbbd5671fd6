/**
 * What the CLI loads, and from where. The key catalogue ships beside the bundle
 * (dist/keyCatalogue.json, and EMQX's descriptions in dist/keyDescriptions.json)
 * and is found relative to the bundle, not the working folder; the `yaml` package
 * (dist/cli-yaml.js) and the X.509 stack (dist/cli-x509.js) are loaded only when a
 * command needs them. Each case runs the real program (dist/cli.js, which runs the
 * bundle dist/cli-main.js as itself) as a process with a preload that reports, at
 * exit, every file Node loaded through `require`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, tempDir, CLI, FIXTURES, JsonFinding, ROOT } from './harness';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Base names of the files loaded through require (the bundle, its side files, JSON). */
  readonly loaded: string[];
}

function runTraced(cli: string, args: readonly string[], cwd: string): Run {
  const dir = tempDir('trace');
  const report = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'trace.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = spawnSync(process.execPath, ['-r', preload, cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C' },
  });
  const loaded = (JSON.parse(fs.readFileSync(report, 'utf8')) as string[]).filter((f) => f !== preload).map((f) => path.basename(f));
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

/** A config with a misspelt key under `node`: only the key catalogue knows it is wrong. */
function misspeltConfig(): string {
  const dir = tempDir('misspelt');
  const file = path.join(dir, 'emqx.conf');
  fs.writeFileSync(file, 'node {\n  name = "emqx@10.0.0.1"\n  cookei = "Xk29fLq8Wm3Zp7Rt5Vb1Nc6Hd4Jg0Ys2"\n}\n');
  return file;
}

function assertUnknownKeyFound(r: Run): void {
  assert.equal(r.stderr, '');
  const findings = JSON.parse(r.stdout) as JsonFinding[];
  const unknown = findings.filter((f) => f.ruleId === 'unknown-key');
  assert.deepEqual(
    unknown.map((f) => [f.keyPath, f.message, f.range]),
    [['node.cookei', 'EMQX 5.8.9 refuses to start with the unknown key node.cookei. Did you mean node.cookie?', { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } }]],
  );
}

describe('CLI: what it loads and from where', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('the bundle reads the key catalogue and descriptions shipped beside it, identical to the sources', () => {
    const text = fs.readFileSync(path.join(path.dirname(CLI), 'cli-main.js'), 'utf8');
    for (const f of ['keyCatalogue.json', 'keyDescriptions.json']) {
      assert.equal(fs.readFileSync(path.join(path.dirname(CLI), f), 'utf8'), fs.readFileSync(path.join(ROOT, 'server/src/emqx', f), 'utf8'));
      // Not compiled into the bundle: the bundle requires the file by a path relative to itself.
      assert.ok(text.includes(`require("./${f}")`), f);
    }
    assert.ok(!text.includes('"releases":['), 'the catalogue is inlined into dist/cli-main.js');
  });

  it('finds the catalogue from another working folder, and from a copy of dist/ elsewhere (an installed package)', () => {
    const config = misspeltConfig();
    const elsewhere = tempDir('cwd');
    // Exit 1: the unknown key is an error (EMQX would refuse to start).
    const fromRepo = runTraced(CLI, ['check', config, '--format', 'json', '--emqx-version', '5.8.9', '--no-env-discovery'], elsewhere);
    assert.equal(fromRepo.code, 1, fromRepo.stderr);
    assertUnknownKeyFound(fromRepo);
    // A check needs the records, not EMQX's descriptions.
    assert.ok(fromRepo.loaded.includes('keyCatalogue.json'), fromRepo.loaded.join(' '));
    assert.ok(!fromRepo.loaded.includes('keyDescriptions.json'), fromRepo.loaded.join(' '));

    const installed = path.join(tempDir('installed'), 'node_modules', 'emqx-cluster-security', 'dist');
    fs.mkdirSync(installed, { recursive: true });
    for (const f of fs.readdirSync(path.dirname(CLI)).filter((f) => /^cli.*\.js$|^key(Catalogue|Descriptions)\.json$/.test(f))) {
      fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(installed, f));
    }
    const fromCopy = runTraced(path.join(installed, 'cli.js'), ['check', config, '--format', 'json', '--emqx-version', '5.8.9', '--no-env-discovery'], elsewhere);
    assert.equal(fromCopy.code, 1, fromCopy.stderr);
    assertUnknownKeyFound(fromCopy);
  });

  it('check of a HOCON config loads neither the YAML reader nor the X.509 stack; --version not even the catalogue', () => {
    const config = misspeltConfig();
    const r = runTraced(CLI, ['check', config, '--emqx-version', '5.8.9'], path.dirname(config));
    // Exit 1: the unknown key is an error (EMQX would refuse to start).
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /unknown-key/);
    assert.ok(!r.loaded.includes('cli-yaml.js'), r.loaded.join(' '));
    assert.ok(!r.loaded.includes('cli-x509.js'), r.loaded.join(' '));

    const version = runTraced(CLI, ['--version'], ROOT);
    assert.equal(version.code, 0);
    assert.deepEqual(version.loaded, ['cli.js']);
  });

  it('loads the YAML reader when a compose file is beside the config, and reads it', () => {
    const dir = path.join(FIXTURES, 'compose');
    const r = runTraced(CLI, ['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.loaded.includes('cli-yaml.js'), r.loaded.join(' '));
    const findings = JSON.parse(r.stdout) as Array<JsonFinding & { file: string }>;
    // Findings placed in the compose file exist only if the YAML was read.
    assert.ok(
      findings.some((f) => f.file === 'docker-compose.yml'),
      findings.map((f) => `${f.file} ${f.ruleId}`).join('\n'),
    );
  });
});
