/**
 * What the CLI loads, and from where. The key catalogue ships beside the bundle
 * (dist/keyCatalogue.json, and EMQX's descriptions in dist/keyDescriptions.json)
 * and is found relative to the bundle, not the working folder. What a check of
 * HOCON configs does not run is in bundles of their own, loaded only when a command
 * needs them: the `yaml` package (dist/cli-yaml.js), the X.509 stack
 * (dist/cli-x509.js), the readers of deployment files (dist/cli-deploy.js), the
 * commands other than `check` (dist/cli-certs.js, cli-ports.js, cli-resolve.js)
 * and the Chinese messages (dist/l10n/). Each case runs the real program (dist/cli.js,
 * which runs the bundle dist/cli-main.js as itself) as a process with a preload that
 * reports, at exit, every file Node loaded through `require`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, copyDeployFixture, tempDir, CLI, FIXTURES, JsonFinding, ROOT } from './harness';
import { checkFiles } from '../../../server/src/cli/check';
import { collectFiles } from '../../../server/src/cli/files';
import { toJsonFindings } from '../../../server/src/cli/format';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The files loaded through require (the bundle, its side files, JSON), relative to the program's folder. */
  readonly loaded: string[];
}

function runTraced(cli: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const dir = tempDir('trace');
  const report = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'trace.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = spawnSync(process.execPath, ['-r', preload, cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...env },
  });
  const loaded = (JSON.parse(fs.readFileSync(report, 'utf8')) as string[]).filter((f) => f !== preload).map((f) => path.relative(path.dirname(cli), f).split(path.sep).join('/'));
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
    fs.cpSync(path.join(path.dirname(CLI), 'l10n'), path.join(installed, 'l10n'), { recursive: true });
    const fromCopy = runTraced(path.join(installed, 'cli.js'), ['check', config, '--format', 'json', '--emqx-version', '5.8.9', '--no-env-discovery'], elsewhere);
    assert.equal(fromCopy.code, 1, fromCopy.stderr);
    assertUnknownKeyFound(fromCopy);

    // The parts loaded on first use are found beside the copy too: the Chinese messages, and `ports` with its reader of compose files.
    const zh = runTraced(path.join(installed, 'cli.js'), ['check', config, '--emqx-version', '5.8.9', '--no-env-discovery'], elsewhere, { LANG: 'zh_CN.UTF-8' });
    assert.equal(zh.code, 1, zh.stderr);
    assert.match(zh.stdout, /error unknown-key EMQX 5\.8\.9 遇到未知配置项 node\.cookei 会拒绝启动。/);
    assert.ok(zh.loaded.includes('l10n/rules.zh-cn.json'), zh.loaded.join(' '));
    const ports = runTraced(path.join(installed, 'cli.js'), ['ports', path.join(ROOT, 'examples', 'compose-hosts', 'docker-compose.yml')], elsewhere);
    assert.equal(ports.code, 0, ports.stderr);
    assert.match(ports.stdout, /^emqx@192\.168\.10\.11 +0 +4370 +5369$/m);
    assert.ok(ports.loaded.includes('cli-ports.js') && ports.loaded.includes('cli-yaml.js'), ports.loaded.join(' '));
  });

  it('check of HOCON configs loads the key catalogue and nothing else beside the bundle, in every format; --version not even the catalogue', () => {
    const config = misspeltConfig();
    for (const format of ['text', 'json', 'sarif']) {
      const r = runTraced(CLI, ['check', config, '--emqx-version', '5.8.9', '--format', format], path.dirname(config));
      // Exit 1: the unknown key is an error (EMQX would refuse to start).
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /unknown-key/);
      // Not the YAML reader, the X.509 stack, the deployment readers, the other commands or the Chinese messages.
      assert.deepEqual(r.loaded, ['cli.js', 'keyCatalogue.json'], format);
    }
    // Three nodes compared across the cluster, with no deployment file among them or beside them.
    const cluster = path.join(FIXTURES, 'port-collision');
    const r = runTraced(CLI, ['check', '.', '--format', 'json'], cluster);
    assert.equal(r.stderr, '');
    assert.ok(
      (JSON.parse(r.stdout) as JsonFinding[]).some((f) => f.ruleId === 'cluster-port-collision'),
      r.stdout,
    );
    assert.deepEqual(r.loaded, ['cli.js', 'keyCatalogue.json']);

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

  it('a check of deployment files loads their readers, and finds what the sources find', () => {
    for (const fixture of ['compose-env', 'k8s-node-name', 'helm-values', 'dockerfile']) {
      const dir = copyDeployFixture(fixture);
      const r = runTraced(CLI, ['check', '.', '--format', 'json'], dir);
      assert.ok(r.code === 0 || r.code === 1, `${fixture}: ${r.stderr}`);
      assert.ok(r.loaded.includes('cli-deploy.js'), `${fixture}: ${r.loaded.join(' ')}`);
      assert.ok(!r.loaded.some((f) => /^cli-(certs|ports|resolve|x509)\.js$/.test(f)), `${fixture}: ${r.loaded.join(' ')}`);
      // The same check run from the sources in this process: the split bundles change nothing.
      const files = collectFiles(['.'], dir).files;
      const own = checkFiles(files, { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true }, undefined, new Set([dir]));
      const expected = toJsonFindings(own.findings, { cwd: dir });
      assert.ok(expected.length > 0, fixture);
      assert.deepEqual(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)), fixture);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each other command loads its own part: certs with the X.509 stack, resolve and ports without the deployment readers', () => {
    const out = tempDir('certs-out');
    const certs = runTraced(CLI, ['certs', '--node', 'emqx@node1.example.com', '--out', out], ROOT);
    assert.equal(certs.code, 0, certs.stderr);
    assert.ok(fs.existsSync(path.join(out, 'ca', 'ca.pem')));
    assert.deepEqual(certs.loaded, ['cli.js', 'cli-certs.js', 'cli-x509.js']);
    fs.rmSync(out, { recursive: true, force: true });

    const config = misspeltConfig();
    const resolve = runTraced(CLI, ['resolve', config], ROOT);
    assert.equal(resolve.code, 0, resolve.stderr);
    assert.equal((JSON.parse(resolve.stdout) as { node: { name: string } }).node.name, 'emqx@10.0.0.1');
    assert.deepEqual(resolve.loaded, ['cli.js', 'cli-resolve.js']);

    const ports = runTraced(CLI, ['ports', 'emqx1@10.0.0.1', 'emqx2@10.0.0.2'], ROOT);
    assert.equal(ports.code, 0, ports.stderr);
    assert.match(ports.stdout, /^emqx2@10\.0\.0\.2 +2 +4372 +5372$/m);
    assert.deepEqual(ports.loaded, ['cli.js', 'cli-ports.js']);
  });
});
