/**
 * The npm package (`npx emqx-cluster-security`) is the command-line tool: `npm pack` holds its bin and
 * every bundle it loads (.npmignore), and, unpacked into a folder with no node_modules beside it, it
 * checks a config, a compose file and writes certificates as the repository's build does.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, ROOT, tempDir, tempFiles } from './harness';

const INSECURE = fs.readFileSync(path.join(ROOT, 'examples', 'insecure', 'etc', 'emqx.conf'), 'utf8');

describe('cli: the npm package', function () {
  this.timeout(120000);
  let bin = '';
  let files: string[] = [];

  before(() => {
    buildCli();
    const out = tempDir('npm-pack');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info.files.map((f) => f.path).sort();
    const unpacked = tempDir('npm-unpacked');
    const tar = spawnSync('tar', ['-xzf', path.join(out, info.filename), '-C', unpacked], { encoding: 'utf8' });
    assert.equal(tar.status, 0, tar.stderr);
    bin = path.join(unpacked, 'package', 'bin', 'emqx-cluster-security.js');
  });

  it('holds the bin and the bundles it loads, and no sources, tests or maps', () => {
    for (const f of [
      'bin/emqx-cluster-security.js',
      'dist/cli.js',
      'dist/cli-main.js',
      'dist/cli-deploy.js',
      'dist/cli-yaml.js',
      'dist/cli-x509.js',
      'dist/cli-certs.js',
      'dist/keyCatalogue.json',
      'dist/l10n/rules.zh-cn.json',
    ]) {
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    }
    const stray = files.filter((f) => /^(server|client|test|scripts|bench)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(stray, []);
  });

  it('unpacked on its own: check finds the insecure config and the compose file, certs writes a CA', () => {
    const dir = tempFiles('npm-run', {
      'etc/emqx.conf': INSECURE,
      'docker-compose.yml': 'services:\n  emqx1:\n    image: emqx/emqx:5.8.6\n    environment:\n      EMQX_NODE__NAME: emqx@emqx1.local\n',
    });
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, LANG: 'C' } });
    const conf = run(['check', 'etc/emqx.conf', '--format', 'json']);
    assert.equal(conf.status, 1, conf.stderr);
    const rules = (JSON.parse(conf.stdout) as Array<{ ruleId: string }>).map((f) => f.ruleId);
    assert.ok(rules.includes('cookie-default'), rules.join(', '));
    const compose = run(['check', 'docker-compose.yml', '--format', 'json']);
    assert.equal(compose.status, 0, compose.stderr);
    assert.ok(
      (JSON.parse(compose.stdout) as Array<{ ruleId: string }>).some((f) => f.ruleId === 'cookie-missing'),
      compose.stdout,
    );
    const certs = run(['certs', '--node', 'emqx@emqx1.local', '--out', 'certs']);
    assert.equal(certs.status, 0, certs.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'certs', 'ca', 'ca.pem')), fs.readdirSync(path.join(dir, 'certs')).join(', '));
    assert.ok(fs.existsSync(path.join(dir, 'certs', 'emqx@emqx1.local', 'cert.pem')), fs.readdirSync(path.join(dir, 'certs')).join(', '));
    const zh = spawnSync(process.execPath, [bin, 'check', 'etc/emqx.conf'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, LANG: 'zh_CN.UTF-8' } });
    assert.match(zh.stdout, /[\u4e00-\u9fff]/);
  });
});
