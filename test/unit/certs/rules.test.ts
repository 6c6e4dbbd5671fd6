/**
 * The certificate-file rules against real files made in each test (generated
 * certificates, written to a temporary folder, with real modes), through the
 * real file reader. Each test asserts what the user sees: which rule, the
 * severity, the message's key facts and the range it underlines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { createPrivateKey } from 'node:crypto';
import { generateClusterCertificates, GeneratedBundle } from '../../../server/src/certs/generate';
import { planCertificateFiles, renderSslDistConf } from '../../../server/src/certs/layout';
import { writeCertificateFiles } from '../../../server/src/certs/write';
import { certificateRules } from '../../../server/src/rules/certs';
import { certChain } from '../../../server/src/rules/certs/certChain';
import { certDemo } from '../../../server/src/rules/certs/certDemo';
import { certExpiry } from '../../../server/src/rules/certs/certExpiry';
import { certFileInvalid } from '../../../server/src/rules/certs/certFileInvalid';
import { certFileMissing } from '../../../server/src/rules/certs/certFileMissing';
import { certKeyMismatch } from '../../../server/src/rules/certs/certKeyMismatch';
import { certKeyPermissions } from '../../../server/src/rules/certs/certKeyPermissions';
import { certPublicCa } from '../../../server/src/rules/certs/certPublicCa';
import { Finding, RuleContext } from '../../../server/src/rules/types';
import { sslDistDemoCerts } from '../../../server/src/rules/sslDist/sslDistDemoCerts';
import { covered, flatConfigContext, posix, run, sslDistContext, tempDirs } from './helpers';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'certs');
const DAY_MS = 24 * 60 * 60 * 1000;

function allFindings(ctx: RuleContext): Finding[] {
  return certificateRules.flatMap((r) => r.check(ctx));
}

interface NodeFiles {
  cert: string;
  key: string;
  ca: string;
}

/** Writes a bundle to a fresh folder and returns each node's files. */
function written(dirs: { make(): string }, bundle: GeneratedBundle): NodeFiles[] {
  const plan = planCertificateFiles(bundle, dirs.make());
  writeCertificateFiles(plan);
  return plan.nodes.map((n) => ({ cert: n.configPaths.certfile, key: n.configPaths.keyfile, ca: n.configPaths.cacertfile }));
}

function rpcConfig(files: { cert: string; key: string; ca: string }, driver = 'ssl'): string {
  return ['node.name = emqx@node1.example.com', `rpc.driver = ${driver}`, `rpc.certfile = ${files.cert}`, `rpc.keyfile = ${files.key}`, `rpc.cacertfile = ${files.ca}`, ''].join('\n');
}

describe('certs: rules on the files a config names', () => {
  const dirs = tempDirs();
  let good: NodeFiles[];
  let stranger: NodeFiles[];
  let expired: NodeFiles[];
  let soon: NodeFiles[];

  before(async () => {
    good = written(dirs, await generateClusterCertificates({ nodes: ['emqx@node1.example.com', 'emqx@node2.example.com'], keyType: 'ec' }));
    stranger = written(dirs, await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec' }));
    expired = written(dirs, await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec', notBefore: new Date(Date.now() - 400 * DAY_MS) }));
    soon = written(dirs, await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec', notBefore: new Date(Date.now() - 350 * DAY_MS) }));
  });

  function configAt(text: string, options = {}): { ctx: RuleContext; text: string } {
    const file = path.join(dirs.make(), 'emqx.conf');
    fs.writeFileSync(file, text);
    return { ctx: flatConfigContext(file, text, options), text };
  }

  it('says nothing about a correct set of generated files', () => {
    const { ctx } = configAt(rpcConfig(good[0]));
    assert.deepEqual(allFindings(ctx), []);
  });

  it('says nothing in an untrusted workspace, and nothing when RPC does not use TLS', () => {
    const bad = { cert: good[0].cert, key: good[1].key, ca: stranger[0].ca };
    assert.deepEqual(allFindings(configAt(rpcConfig(bad), { trusted: false }).ctx), []);
    assert.deepEqual(allFindings(configAt(rpcConfig(bad, 'tcp')).ctx), []);
    assert.ok(allFindings(configAt(rpcConfig(bad)).ctx).length > 0);
  });

  it('cert-key-permissions: a key readable by others, with the mode and the chmod to run', function () {
    if (!posix) this.skip();
    const folder = dirs.make();
    const key = path.join(folder, 'key.pem');
    fs.copyFileSync(good[0].key, key);
    fs.chmodSync(key, 0o644);
    const { ctx, text } = configAt(rpcConfig({ ...good[0], key }));
    const [f, ...rest] = run(certKeyPermissions, ctx);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(f.keyPath, 'rpc.keyfile');
    assert.equal(covered(text, f), key);
    assert.match(f.message, /mode 0644/);
    assert.match(f.message, /chmod 600/);
    fs.chmodSync(key, 0o400);
    assert.deepEqual(run(certKeyPermissions, configAt(rpcConfig({ ...good[0], key })).ctx), []);
    fs.chmodSync(key, 0o600);
    assert.deepEqual(run(certKeyPermissions, configAt(rpcConfig({ ...good[0], key })).ctx), []);
  });

  it("cert-key-mismatch: another node's key, reported on the keyfile with the certificate as related", () => {
    const { ctx, text } = configAt(rpcConfig({ ...good[0], key: good[1].key }));
    const findings = allFindings(ctx);
    assert.deepEqual(findings, run(certKeyMismatch, ctx));
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['cert-key-mismatch'],
    );
    const [f] = findings;
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), good[1].key);
    assert.match(f.message, /does not belong to the certificate/);
    assert.equal(f.related?.[0].location.range.start.line, 2);
  });

  it('cert-chain: a certificate from another CA, reported on the certfile', () => {
    const { ctx, text } = configAt(rpcConfig({ ...good[0], ca: stranger[0].ca }));
    const findings = allFindings(ctx);
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['cert-chain'],
    );
    assert.equal(findings[0].severity, 'error');
    assert.equal(covered(text, findings[0]), good[0].cert);
    assert.match(findings[0].message, /issued by "EMQX cluster CA"/);
  });

  it('cert-chain: accepts an intermediate that follows the node certificate in the certificate file', async () => {
    // The node certificate signed by a CA whose own certificate is appended,
    // trusted through a root: here, the root and the intermediate are the same
    // generated CA, and the CA file holds only it.
    const folder = dirs.make();
    const cert = path.join(folder, 'chain.pem');
    fs.writeFileSync(cert, fs.readFileSync(good[0].cert, 'utf8') + fs.readFileSync(good[0].ca, 'utf8'));
    assert.deepEqual(run(certChain, configAt(rpcConfig({ ...good[0], cert })).ctx), []);
  });

  it('cert-expiry: expired is an error, expiring within 30 days a warning, with the date', () => {
    const e = allFindings(configAt(rpcConfig(expired[0])).ctx);
    assert.deepEqual(
      e.map((f) => [f.ruleId, f.severity, f.keyPath]),
      [['cert-expiry', 'error', 'rpc.certfile']],
    );
    assert.match(e[0].message, /expired on \d{4}-\d\d-\d\d/);
    const s = allFindings(configAt(rpcConfig(soon[0])).ctx);
    assert.deepEqual(
      s.map((f) => [f.ruleId, f.severity, f.keyPath]),
      [['cert-expiry', 'warning', 'rpc.certfile']],
    );
    assert.match(s[0].message, /in 1[45] days/);
  });

  it('cert-expiry: a certificate that is not valid yet is an error', async () => {
    const future = written(dirs, await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec', notBefore: new Date(Date.now() + 10 * DAY_MS) }));
    const f = run(certExpiry, configAt(rpcConfig(future[0])).ctx);
    assert.deepEqual(
      f.map((x) => [x.severity, x.keyPath]),
      [
        ['error', 'rpc.certfile'],
        ['error', 'rpc.cacertfile'],
      ],
    );
    assert.match(f[0].message, /not valid before/);
  });

  it('cert-public-ca: a CA file holding a publicly trusted root, or a whole trust store', () => {
    const folder = dirs.make();
    const withRoot = path.join(folder, 'with-root.pem');
    fs.writeFileSync(withRoot, fs.readFileSync(good[0].ca, 'utf8') + rootCertificates[0] + '\n');
    const { ctx, text } = configAt(rpcConfig({ ...good[0], ca: withRoot }));
    const [f, ...rest] = run(certPublicCa, ctx);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), withRoot);
    assert.match(f.message, /public root CA/);
    const store = path.join(folder, 'store.pem');
    fs.writeFileSync(store, rootCertificates.join('\n') + '\n');
    const [g] = run(certPublicCa, configAt(rpcConfig({ ...good[0], ca: store })).ctx);
    assert.equal(g.keyPath, 'rpc.cacertfile');
    assert.deepEqual(run(certPublicCa, configAt(rpcConfig(good[0])).ctx), []);
  });

  it("cert-demo: EMQX's shipped demo certificates, recognised by content under any name", () => {
    const folder = dirs.make();
    const cert = path.join(folder, 'node1.crt');
    const ca = path.join(folder, 'cluster-ca.crt');
    fs.copyFileSync(path.join(FIXTURES, 'emqx-demo-cert.pem'), cert);
    fs.copyFileSync(path.join(FIXTURES, 'emqx-demo-cacert.pem'), ca);
    const { ctx, text } = configAt(rpcConfig({ cert, key: good[0].key, ca }));
    const demo = run(certDemo, ctx);
    assert.deepEqual(
      demo.map((f) => [f.keyPath, f.severity]),
      [
        ['rpc.certfile', 'error'],
        ['rpc.cacertfile', 'error'],
      ],
    );
    assert.equal(covered(text, demo[0]), cert);
    assert.match(demo[0].message, /demo/);
    assert.match(demo[0].message, /private key is public/);
  });

  it('cert-file-invalid: a key where a certificate belongs, a certificate where the key belongs, non-PEM, encrypted RPC key', () => {
    const folder = dirs.make();
    const notPem = path.join(folder, 'cert.der');
    fs.writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    const encrypted = path.join(folder, 'enc.key');
    const pem = createPrivateKey(fs.readFileSync(good[0].key, 'utf8')).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'test passphrase',
    });
    fs.writeFileSync(encrypted, pem, { mode: 0o600 });

    const swapped = allFindings(configAt(rpcConfig({ cert: good[0].key, key: good[0].cert, ca: good[0].ca })).ctx);
    assert.deepEqual(
      swapped.map((f) => [f.ruleId, f.keyPath]),
      [
        ['cert-file-invalid', 'rpc.certfile'],
        ['cert-file-invalid', 'rpc.keyfile'],
      ],
    );
    assert.match(swapped[0].message, /holds no certificate .*found: PRIVATE KEY/);
    assert.match(swapped[1].message, /holds no private key .*found: CERTIFICATE/);

    const [der] = run(certFileInvalid, configAt(rpcConfig({ ...good[0], cert: notPem })).ctx);
    assert.match(der.message, /is not a PEM file/);

    const [enc] = run(certFileInvalid, configAt(rpcConfig({ ...good[0], key: encrypted })).ctx);
    assert.equal(enc.keyPath, 'rpc.keyfile');
    assert.match(enc.message, /encrypted private key/);
  });

  it('resolves a relative path next to the config', () => {
    const folder = dirs.make();
    fs.mkdirSync(path.join(folder, 'certs'));
    for (const [name, from] of [
      ['cert.pem', good[0].cert],
      ['key.pem', good[1].key],
      ['cacert.pem', good[0].ca],
    ] as const) {
      fs.copyFileSync(from, path.join(folder, 'certs', name), fs.constants.COPYFILE_EXCL);
    }
    fs.chmodSync(path.join(folder, 'certs', 'key.pem'), 0o600);
    const file = path.join(folder, 'emqx.conf');
    const text = rpcConfig({ cert: 'certs/cert.pem', key: 'certs/key.pem', ca: 'certs/cacert.pem' });
    fs.writeFileSync(file, text);
    const findings = allFindings(flatConfigContext(file, text));
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['cert-key-mismatch'],
    );
    assert.equal(covered(text, findings[0]), 'certs/key.pem');
  });

  it('follows pathMappings from server paths to the workspace, and reports mapped files that are missing', () => {
    const etc = dirs.make();
    fs.mkdirSync(path.join(etc, 'certs'));
    fs.copyFileSync(good[0].cert, path.join(etc, 'certs', 'cert.pem'));
    fs.copyFileSync(stranger[0].ca, path.join(etc, 'certs', 'cacert.pem'));
    const text = rpcConfig({ cert: '/etc/emqx/certs/cert.pem', key: '/etc/emqx/certs/key.pem', ca: '/etc/emqx/certs/cacert.pem' });
    const { ctx } = configAt(text, { pathMappings: { '/etc/emqx': etc } });
    const findings = allFindings(ctx);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.keyPath]),
      [
        ['cert-file-missing', 'rpc.keyfile'],
        ['cert-chain', 'rpc.certfile'],
      ],
    );
    assert.equal(covered(text, findings[0]), '/etc/emqx/certs/key.pem');
    assert.ok(findings[0].message.includes(path.join(etc, 'certs', 'key.pem')));
  });

  it('says nothing about server paths that are neither on this machine nor mapped', () => {
    const text = rpcConfig({ cert: '/nonexistent-emqx/certs/cert.pem', key: '/nonexistent-emqx/certs/key.pem', ca: '/nonexistent-emqx/certs/cacert.pem' });
    assert.deepEqual(allFindings(configAt(text).ctx), []);
    assert.deepEqual(run(certFileMissing, configAt(text).ctx), []);
    const withVar = rpcConfig({ cert: '${EMQX_ETC_DIR}/certs/cert.pem', key: '${EMQX_ETC_DIR}/certs/key.pem', ca: '${EMQX_ETC_DIR}/certs/cacert.pem' });
    assert.deepEqual(allFindings(configAt(withVar).ctx), []);
  });

  describe('in ssl_dist.conf', () => {
    function sslDistAt(text: string, options = {}): { ctx: RuleContext; text: string } {
      const file = path.join(dirs.make(), 'ssl_dist.conf');
      fs.writeFileSync(file, text);
      return { ctx: sslDistContext(file, text, options), text };
    }

    it('says nothing about the generated ssl_dist.conf', () => {
      const { ctx } = sslDistAt(renderSslDistConf('emqx@node1.example.com', { certfile: good[0].cert, keyfile: good[0].key, cacertfile: good[0].ca }));
      assert.deepEqual(allFindings(ctx), []);
    });

    it('checks the server and the client section separately', () => {
      const text = renderSslDistConf('emqx@node1.example.com', { certfile: good[0].cert, keyfile: good[0].key, cacertfile: good[0].ca }).replace(
        /(\{client,\s*\[\{certfile, "[^"]*"\},\s*\{keyfile, ")[^"]*/,
        `$1${good[1].key}`,
      );
      const { ctx } = sslDistAt(text);
      const findings = allFindings(ctx);
      assert.deepEqual(
        findings.map((f) => f.ruleId),
        ['cert-key-mismatch'],
      );
      assert.match(findings[0].message, new RegExp(good[1].key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      const lines = text.split('\n');
      const line = lines[findings[0].location.range.start.line];
      assert.ok(
        lines.slice(0, findings[0].location.range.start.line).some((l) => l.includes('{client,')),
        'in the client section',
      );
      assert.ok(line.includes(`"${good[1].key}"`));
    });

    it('maps {{ platform_etc_dir }} of the shipped ssl_dist.conf, and leaves its demo certificates to ssl-dist-demo-certs', () => {
      const etc = dirs.make();
      fs.mkdirSync(path.join(etc, 'certs'));
      fs.copyFileSync(path.join(FIXTURES, 'emqx-demo-cert.pem'), path.join(etc, 'certs', 'cert.pem'));
      fs.copyFileSync(path.join(FIXTURES, 'emqx-demo-cacert.pem'), path.join(etc, 'certs', 'cacert.pem'));
      const shipped = [
        '[{server,',
        '  [',
        '   {certfile, "{{ platform_etc_dir }}/certs/cert.pem"},',
        '   {keyfile, "{{ platform_etc_dir }}/certs/key.pem"},',
        '   {cacertfile, "{{ platform_etc_dir }}/certs/cacert.pem"},',
        '   {verify, verify_none}',
        '  ]},',
        ' {client,',
        '  [',
        '   {verify, verify_none}',
        '  ]}].',
        '',
      ].join('\n');
      const { ctx } = sslDistAt(shipped, { pathMappings: { '{{ platform_etc_dir }}': etc } });
      // The mapped key is missing; the demo files themselves are ssl-dist-demo-certs'
      // business in ssl_dist.conf, so the user sees each of them once.
      assert.deepEqual(
        allFindings(ctx).map((f) => [f.ruleId, f.location.range.start.line]),
        [['cert-file-missing', 3]],
      );
      assert.deepEqual(
        sslDistDemoCerts.check(ctx).map((f) => f.location.range.start.line),
        [2, 3, 4],
      );
      assert.deepEqual(allFindings(sslDistAt(shipped).ctx), [], 'unmapped template paths say nothing');
    });
  });
});
