/**
 * `emqx-cluster-security certs`, run in-process with its output captured:
 * the files it writes, the exit codes, the config it updates, and that no
 * key material ever reaches the output.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { run } from '../../../server/src/cli/certs';
import { loadConfig } from '../../../server/src/model/load';
import { noFiles } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { posix, tempDirs } from './helpers';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await run(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}

function assertNoKeyMaterial(text: string): void {
  assert.doesNotMatch(text, /PRIVATE KEY|BEGIN/);
}

describe('cli: certs', () => {
  const dirs = tempDirs();

  it('--help prints the usage with an example and exits 0', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: emqx-cluster-security certs/);
    assert.match(r.stdout, /--install-dir/);
    assert.match(r.stdout, /Exit codes/);
  });

  it('writes the CA and the node files, prints fingerprints and next steps but no key', async () => {
    const out = path.join(dirs.make(), 'certs');
    const r = await cli(['--node', 'emqx@node1.example.com', '--node', 'emqx@10.0.0.2', '--dns', 'backplane', '--key-type', 'ec', '--days', '90', '--install-dir', '/etc/emqx/certs', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assertNoKeyMaterial(r.stdout + r.stderr);
    const ca = new X509Certificate(fs.readFileSync(path.join(out, 'ca', 'ca.pem')));
    assert.ok(r.stdout.includes(ca.fingerprint256));
    const cert = new X509Certificate(fs.readFileSync(path.join(out, 'emqx@10.0.0.2', 'cert.pem')));
    assert.equal(cert.checkIssued(ca), true);
    assert.equal(cert.checkIP('10.0.0.2'), '10.0.0.2');
    assert.equal(cert.checkHost('backplane'), 'backplane');
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86400000;
    assert.ok(Math.abs(days - 90) < 1);
    assert.match(fs.readFileSync(path.join(out, 'emqx@10.0.0.2', 'ssl_dist.conf'), 'utf8'), /\{certfile, "\/etc\/emqx\/certs\/cert\.pem"\}/);
    if (posix) assert.equal(fs.statSync(path.join(out, 'ca', 'ca.key')).mode & 0o777, 0o600);
  });

  it('exits 1 without touching anything when files exist, and replaces them with --force', async () => {
    const out = dirs.make();
    assert.equal((await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out])).code, 0);
    const keyPath = path.join(out, 'emqx@n1.example.com', 'key.pem');
    const before = fs.readFileSync(keyPath, 'utf8');
    const refused = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--force/);
    assert.ok(refused.stderr.includes(keyPath));
    assert.equal(fs.readFileSync(keyPath, 'utf8'), before);
    // --force alone never replaces the CA: that needs its own flag, and says what stops working.
    const caKey = path.join(out, 'ca', 'ca.key');
    const caBefore = fs.readFileSync(caKey, 'utf8');
    const forced = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out, '--force']);
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /--replace-ca/);
    assert.match(forced.stderr, /can no longer connect/);
    assert.ok(forced.stderr.includes(caKey));
    assert.equal(fs.readFileSync(caKey, 'utf8'), caBefore);
    assert.equal(fs.readFileSync(keyPath, 'utf8'), before);
    const replaced = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out, '--force', '--replace-ca']);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.notEqual(fs.readFileSync(keyPath, 'utf8'), before);
    assert.notEqual(fs.readFileSync(caKey, 'utf8'), caBefore);
  });

  it('refuses a symlinked node folder inside the output folder (exit 2), writing nothing', async function () {
    if (!posix) this.skip();
    const out = dirs.make();
    const elsewhere = dirs.make();
    fs.symlinkSync(elsewhere, path.join(out, 'emqx@n1.example.com'));
    const r = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out, '--force', '--replace-ca']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /symbolic link/);
    assert.deepEqual(fs.readdirSync(elsewhere), []);
    assert.deepEqual(fs.readdirSync(out), ['emqx@n1.example.com']);
  });

  it('warns when the node certificates outlive the CA', async () => {
    const out = dirs.make();
    const r = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out, '--ca-days', '30', '--days', '365']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /valid after the CA expires/);
    const ok = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', dirs.make(), '--ca-days', '365', '--days', '30']);
    assert.doesNotMatch(ok.stderr, /CA expires/);
  });

  it('writes the address --ip asks for, also as IPv6 with an embedded IPv4 part, and refuses wildcard or numeric names', async () => {
    const out = dirs.make();
    const r = await cli(['--node', 'emqx@n1.example.com', '--key-type', 'ec', '--out', out, '--ip', '::1.2.3.4']);
    assert.equal(r.code, 0, r.stderr);
    const cert = new X509Certificate(fs.readFileSync(path.join(out, 'emqx@n1.example.com', 'cert.pem')));
    assert.equal(cert.checkIP('::1.2.3.4'), '::1.2.3.4');
    assert.equal(cert.checkIP('::1'), undefined);
    for (const args of [
      ['--node', 'emqx@*.example.com'],
      ['--node', 'emqx@10.0.0'],
      ['--node', 'a@b.example', '--dns', '*.example.com'],
      ['--node', 'a@b.example', '--ip', 'fe80::1%eth0'],
    ]) {
      const bad = await cli([...args, '--out', dirs.make()]);
      assert.equal(bad.code, 2, args.join(' '));
    }
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      [],
      ['--node', 'no-at-sign'],
      ['--node', 'a@h', '--key-type', 'dsa'],
      ['--node', 'a@h', '--days', 'ten'],
      ['--node', 'a@h', '--ip', '300.1.1.1'],
      ['--node', 'a@h', '--install-dir', 'relative/dir'],
      ['--node', 'a@h', '--update-config'],
      ['--bogus'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /emqx-cluster-security certs: /);
    }
  });

  it('reads node names from --config and, with --update-config, switches that config to TLS', async () => {
    const dir = dirs.make();
    const conf = path.join(dir, 'emqx.conf');
    fs.writeFileSync(
      conf,
      'node {\n  name = "emqx@node1.example.com"\n  cookie = "a-long-random-cookie-value"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = ["emqx@node1.example.com", "emqx@node2.example.com"]\n}\n',
    );
    const r = await cli(['--config', conf, '--key-type', 'ec', '--update-config', '--install-dir', '/etc/emqx/certs']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'certs', 'emqx@node2.example.com', 'cert.pem')));
    const text = fs.readFileSync(conf, 'utf8');
    const config = loadConfig({ uri: conf, text, reader: noFiles });
    assert.equal(config.get('rpc.protocol')?.value, 'ssl');
    assert.equal(config.get('rpc.keyfile')?.value, '/etc/emqx/certs/key.pem');
    assert.equal(config.get('cluster.proto_dist')?.value, 'inet_tls');
    assert.ok(text.startsWith('node {\n  name = "emqx@node1.example.com"\n'));
    // The node's ssl_dist.conf beside the config, where EMQX reads it.
    assert.equal(fs.readFileSync(path.join(dir, 'ssl_dist.conf'), 'utf8'), fs.readFileSync(path.join(dir, 'certs', 'emqx@node1.example.com', 'ssl_dist.conf'), 'utf8'));
  });

  it('--update-config names the files on the nodes (/etc/emqx/certs/cluster by default), never this machine, and leaves no TLS finding', async () => {
    const dir = dirs.make();
    const conf = path.join(dir, 'emqx.conf');
    fs.writeFileSync(conf, 'node {\n  name = "emqx@127.0.0.1"\n  cookie = "Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG"\n}\nrpc.insecure_fallback = false\n');
    const mine = '%% my own\n[{server, []}, {client, []}].\n';
    const r = await cli(['--config', conf, '--key-type', 'ec', '--update-config']);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(conf, 'utf8');
    assert.ok(text.includes('"/etc/emqx/certs/cluster/cert.pem"'), text);
    assert.ok(!text.includes(dir), 'no path of this machine');
    const findings = analyzeDocument({ uri: conf, text, reader: nodeFileReader(), trusted: true, settings: {} }).findings;
    assert.deepEqual(
      findings.filter((f) => /^(rpc-|dist-|ssl-dist-|cert-)/.test(f.ruleId)).map((f) => f.ruleId),
      [],
    );
    // An ssl_dist.conf of the user's own is kept without --force.
    fs.writeFileSync(path.join(dir, 'ssl_dist.conf'), mine);
    fs.writeFileSync(conf, 'node {\n  name = "emqx@127.0.0.1"\n}\n');
    const again = await cli(['--config', conf, '--key-type', 'ec', '--update-config', '--out', path.join(dir, 'other')]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'ssl_dist.conf'), 'utf8'), mine);
    assert.match(again.stdout, /Kept your .*ssl_dist\.conf/);
  });
});
