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

  it('prints the effective config as one line of sorted JSON, secrets only with --show-secrets', async () => {
    const r = await capture([path.join(dir, 'emqx.conf'), '--include-dir', path.join(dir, 'data')]);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.code, 0);
    assert.strictEqual(
      r.out,
      '{"cluster":{"name":"c1"},"listeners":{"tcp":{"default":{"bind":"0.0.0.0:1883"}}},"node":{"cookie":"<redacted: use --show-secrets to print it>","name":"emqx@127.0.0.1"},"rpc":{"tcp_client_num":1.0},"zone":"15s"}\n',
    );
    const shown = await capture([path.join(dir, 'emqx.conf'), '--include-dir', path.join(dir, 'data'), '--show-secrets']);
    assert.strictEqual(shown.code, 0);
    assert.strictEqual(
      shown.out,
      '{"cluster":{"name":"c1"},"listeners":{"tcp":{"default":{"bind":"0.0.0.0:1883"}}},"node":{"cookie":"s3cret","name":"emqx@127.0.0.1"},"rpc":{"tcp_client_num":1.0},"zone":"15s"}\n',
    );
  });

  it('redacts every secret-named key at any depth, misspelled ones too, and keeps exact numbers', async () => {
    const file = path.join(dir, 'secrets.conf');
    fs.writeFileSync(
      file,
      [
        'node.cooky = typo-cookie-value',
        'authentication = [{mechanism = password_based, password_hash_algorithm {name = sha256}}]',
        'bridges.mqtt.b1 {password = "pw-value", ssl {keyfile = "/k.pem", key_password = "kpw-value"}}',
        'a.b.c.d.e.token = "tok-value"',
        'x = 2.50',
        '"__proto__" {password = "proto-pw"}',
        '',
      ].join('\n'),
    );
    const r = await capture([file]);
    assert.strictEqual(r.code, 0, r.err);
    for (const secret of ['typo-cookie-value', 'pw-value', 'kpw-value', 'tok-value', 'proto-pw']) assert.ok(!r.out.includes(secret), `${secret} in ${r.out}`);
    const json = JSON.parse(r.out);
    assert.strictEqual(json.node.cooky, '<redacted: use --show-secrets to print it>');
    assert.strictEqual(json.bridges.mqtt.b1.ssl.keyfile, '/k.pem');
    assert.strictEqual(json.authentication[0].mechanism, 'password_based');
    assert.match(r.out, /"x":2\.50?[,}]/);
    const shown = await capture([file, '--show-secrets']);
    assert.ok(['typo-cookie-value', 'pw-value', 'kpw-value', 'tok-value', 'proto-pw'].every((v) => shown.out.includes(v)));
  });

  it('reads as check does: no FIFO, no device, a size limit; a dotted key 10,000 levels deep prints', async function () {
    this.timeout(30_000);
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'fifo.conf');
      execFileSync('mkfifo', [fifo]);
      const r = await capture([fifo]);
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /not a regular file/);
      const zero = await capture(['/dev/zero']);
      assert.strictEqual(zero.code, 2);
    }
    const big = path.join(dir, 'big.conf');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 300 * 1024 * 1024);
    const large = await capture([big]);
    assert.strictEqual(large.code, 2);
    assert.match(large.err, /too large to read: 300 MiB \(this tool reads at most 256 MiB\)/);
    fs.rmSync(big);
    const deep = path.join(dir, 'deep.conf');
    fs.writeFileSync(deep, Array(10_000).fill('a').join('.') + ' = 1\n');
    const d = await capture([deep]);
    assert.strictEqual(d.code, 0, d.err);
    assert.strictEqual(d.out, '{"a":'.repeat(9_999) + '{"a":1' + '}'.repeat(10_000) + '\n');
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
