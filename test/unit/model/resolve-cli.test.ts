/**
 * `emqx-cluster-security resolve`: in-process (the command module) and as a
 * process (the bundled CLI, built here with esbuild into a temporary folder
 * so the test does not depend on a stale dist/).
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configureLocale } from '../../../server/src/l10n';
import { run } from '../../../server/src/cli/resolve';

const repoRoot = path.resolve(__dirname, '../../..');

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await run(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('resolve command', () => {
  before(() => configureLocale('en'));

  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-resolve-'));
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node {\n  name = "emqx@127.0.0.1"\n  cookie = s3cret\n}\ninclude "extra.conf"\ninclude required("fromdir.conf")\nrpc.tcp_client_num = 1.0\n');
    fs.writeFileSync(path.join(dir, 'extra.conf'), 'listeners.tcp.default.bind = "0.0.0.0:1883"\nzone = 15s\n');
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'fromdir.conf'), 'cluster.name = c1\n');
    fs.writeFileSync(path.join(dir, 'broken.conf'), 'a = 1\nb = [1, 2,]\nc = ${nope}\n');
    fs.writeFileSync(path.join(dir, 'latin1.conf'), Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the effective config as one line of sorted JSON', async () => {
    const r = await capture([path.join(dir, 'emqx.conf'), '--include-dir', path.join(dir, 'data')]);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.code, 0);
    assert.strictEqual(
      r.out,
      '{"cluster":{"name":"c1"},"listeners":{"tcp":{"default":{"bind":"0.0.0.0:1883"}}},"node":{"cookie":"s3cret","name":"emqx@127.0.0.1"},"rpc":{"tcp_client_num":1.0},"zone":"15s"}\n',
    );
  });

  it('prints FILE:LINE:COL: message for each error and exits 1', async () => {
    const file = path.join(dir, 'broken.conf');
    const r = await capture([file]);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.out, '');
    const lines = r.err.trim().split('\n');
    assert.strictEqual(lines.length, 2);
    assert.ok(lines[0].startsWith(`${file}:2:10: Trailing comma`), lines[0]);
    assert.ok(lines[1].startsWith(`${file}:3:5: Substitution \${nope} cannot be resolved`), lines[1]);
  });

  it('fails on a missing required include (no include dir) and on invalid UTF-8', async () => {
    const r = await capture([path.join(dir, 'emqx.conf')]);
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /emqx\.conf:6:1: Required include "fromdir\.conf" not found/);
    const bad = await capture([path.join(dir, 'latin1.conf')]);
    assert.strictEqual(bad.code, 1);
    assert.match(bad.err, /latin1\.conf:1:6: Invalid UTF-8/);
  });

  it('exits 2 on usage and I/O errors', async () => {
    assert.strictEqual((await capture([])).code, 2);
    assert.strictEqual((await capture(['a.conf', 'b.conf'])).code, 2);
    assert.strictEqual((await capture(['--include-dir'])).code, 2);
    assert.strictEqual((await capture(['--bogus', 'a.conf'])).code, 2);
    const missing = await capture([path.join(dir, 'does-not-exist.conf')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /Cannot read .*does-not-exist\.conf: ENOENT/);
    const help = await capture(['--help']);
    assert.strictEqual(help.code, 0);
    assert.match(help.out, /resolve FILE/);
  });

  it('works as a process: node cli.js resolve FILE', function () {
    this.timeout(60_000);
    const out = path.join(dir, 'cli.js');
    execFileSync(
      process.execPath,
      [
        '-e',
        `require('esbuild').buildSync({entryPoints:[${JSON.stringify(path.join(repoRoot, 'server/src/cli/main.ts'))}],bundle:true,platform:'node',format:'cjs',target:'node20',outfile:${JSON.stringify(out)},external:['vscode'],logLevel:'error'})`,
      ],
      { cwd: repoRoot },
    );
    const ok = spawnSync(process.execPath, [out, 'resolve', path.join(dir, 'extra.conf')], { encoding: 'utf8' });
    assert.strictEqual(ok.status, 0, ok.stderr);
    assert.strictEqual(ok.stdout, '{"listeners":{"tcp":{"default":{"bind":"0.0.0.0:1883"}}},"zone":"15s"}\n');
    const bad = spawnSync(process.execPath, [out, 'resolve', path.join(dir, 'broken.conf')], { encoding: 'utf8', cwd: dir });
    assert.strictEqual(bad.status, 1);
    assert.match(bad.stderr, /^broken\.conf:2:10: /);
  });
});
