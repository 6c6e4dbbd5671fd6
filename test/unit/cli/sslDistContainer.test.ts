/**
 * The built CLI on docker-compose, Kubernetes and Operator deployments with TLS
 * distribution: the node reads ssl_dist.conf inside its container, so `check`
 * looks there (the mounts, a ConfigMap of the manifest mounted there, or the
 * official image's own file), never beside the mounted emqx.conf on this
 * machine; in text and JSON alike.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { JsonFinding, buildCli, copyDeployFixture as copy, runCli } from './harness';

const IMAGE_DEFAULT =
  "cluster.proto_dist = inet_tls, but no ssl_dist.conf of the node's own is mounted at /opt/emqx/etc/ssl_dist.conf: the node uses the one its image ships, with EMQX's demo certificates (their private key is public) and verify_none, so TLS authenticates no node and only the cookie protects distribution. Mount an ssl_dist.conf with verify_peer and certificates from a private CA at /opt/emqx/etc/ssl_dist.conf.";

/** The text report's lines of one rule. */
function linesOf(stdout: string, ruleId: string): string[] {
  return stdout.split('\n').filter((l) => l.includes(` ${ruleId} `));
}

function json(dir: string, args: string[]): JsonFinding[] {
  const r = runCli([...args, '--format', 'json'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as JsonFinding[];
}

/** `file:line:column message` (1-based) of one rule's JSON findings, relative to `dir`. */
function jsonOf(dir: string, findings: JsonFinding[], ruleId: string): string[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${path.relative(dir, path.resolve(dir, f.file))}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`)
    .sort();
}

describe('CLI check: ssl_dist.conf of nodes in containers (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('only emqx.conf mounted into the official image: the shipped ssl_dist.conf is reported on the proto_dist setting, never "there is none"', () => {
    const dir = copy('compose-ssl-dist-image');
    for (const args of [
      ['check', '.'],
      ['check', 'docker-compose.yml'],
      ['check', 'emqx.conf'],
    ]) {
      const text = runCli(args, dir);
      assert.equal(text.stderr, '', args.join(' '));
      assert.doesNotMatch(text.stdout, /there is none next to this config/, args.join(' '));
      const lines = linesOf(text.stdout, 'dist-tls-without-ssl-dist');
      // emqx1 sets it in the mounted emqx.conf; emqx2 in its environment: entry.
      const expected = [`emqx.conf:4:16 warning dist-tls-without-ssl-dist ${IMAGE_DEFAULT}`];
      if (args[1] !== 'emqx.conf') expected.push(`docker-compose.yml:18:34 warning dist-tls-without-ssl-dist ${IMAGE_DEFAULT}`);
      assert.deepEqual(lines.sort(), expected.sort(), args.join(' '));
    }
    assert.deepEqual(jsonOf(dir, json(dir, ['check', '.']), 'dist-tls-without-ssl-dist'), [`docker-compose.yml:18:34 warning ${IMAGE_DEFAULT}`, `emqx.conf:4:16 warning ${IMAGE_DEFAULT}`]);
  });

  it("ssl_dist.conf mounted from ./tls/dist.conf: nothing from the rule, and the mounted file is checked as the node's options file", () => {
    const dir = copy('compose-ssl-dist-mounted');
    for (const args of [
      ['check', '.'],
      ['check', 'docker-compose.yml'],
      ['check', 'emqx.conf'],
    ]) {
      const text = runCli(args, dir);
      assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [], args.join(' '));
      assert.deepEqual(
        linesOf(text.stdout, 'ssl-dist-verify-none'),
        [
          'tls/dist.conf:9:13 warning ssl-dist-verify-none The distribution TLS client does not verify the server certificate (verify_none): a man in the middle can read and alter traffic between nodes. Use {verify, verify_peer} with cacertfile set to a private CA.',
        ],
        args.join(' '),
      );
      assert.match(text.stdout, /^ {4}related: emqx\.conf:2:3 Read by this node: cluster\.proto_dist = inet_tls$/m, args.join(' '));
    }
    const findings = json(dir, ['check', '.']);
    assert.deepEqual(jsonOf(dir, findings, 'dist-tls-without-ssl-dist'), []);
    assert.deepEqual(
      jsonOf(dir, findings, 'ssl-dist-verify-none').map((l) => l.split(' ')[0]),
      ['tls/dist.conf:9:13'],
    );
  });

  it("a folder mounted over /opt/emqx/etc without ssl_dist.conf: still reported, in the mounted folder's emqx.conf", () => {
    const dir = copy('compose-ssl-dist-folder');
    const message =
      'cluster.proto_dist = inet_tls needs the TLS options file ssl_dist.conf, but there is none next to this config: without it nodes cannot connect. Create etc/ssl_dist.conf on every node or set EMQX_SSL_DIST_OPTFILE.';
    const text = runCli(['check', '.'], dir);
    assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [`etc/emqx.conf:2:16 warning dist-tls-without-ssl-dist ${message}`]);
    assert.deepEqual(jsonOf(dir, json(dir, ['check', 'docker-compose.yml']), 'dist-tls-without-ssl-dist'), [`etc/emqx.conf:2:16 warning ${message}`]);
    // With the file in the mounted folder, the node has its own.
    fs.writeFileSync(path.join(dir, 'etc', 'ssl_dist.conf'), '[{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]}, {client, [{verify, verify_peer}]}].\n');
    assert.deepEqual(linesOf(runCli(['check', '.'], dir).stdout, 'dist-tls-without-ssl-dist'), []);
  });

  it('EMQX 4.4: node.ssl_dist_optfile naming a path inside the container is looked up in the mounts, never on this machine', () => {
    const dir = copy('compose-ssl-dist-44');
    for (const args of [
      ['check', '.'],
      ['check', 'docker-compose.yml'],
      ['check', 'emqx.conf'],
      ['check', 'node2/emqx.conf'],
    ]) {
      const text = runCli(args, dir);
      assert.equal(text.stderr, '', args.join(' '));
      assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [], args.join(' '));
    }
    assert.deepEqual(jsonOf(dir, json(dir, ['check', '.']), 'dist-tls-without-ssl-dist'), []);
    // The mounted x.conf is the node's options file: its own findings are reported.
    fs.writeFileSync(path.join(dir, 'x.conf'), fs.readFileSync(path.join(dir, 'x.conf'), 'utf8').replace('{verify, verify_peer},\n   {cacertfile', '{verify, verify_none},\n   {cacertfile'));
    assert.deepEqual(
      jsonOf(dir, json(dir, ['check', '.']), 'ssl-dist-verify-none').map((l) => l.split(' ')[0]),
      ['x.conf:9:13'],
    );
  });
  it("Kubernetes: a ConfigMap key of the manifest mounted at etc/ssl_dist.conf (subPath, or in a folder through items) is the node's file, checked at the manifest's lines", () => {
    const dir = copy('k8s-ssl-dist-configmap');
    const verifyNone =
      'ssl-dist-verify-none The distribution TLS client does not verify the server certificate (verify_none): a man in the middle can read and alter traffic between nodes. Use {verify, verify_peer} with cacertfile set to a private CA.';
    for (const args of [
      ['check', '.'],
      ['check', 'emqx.yaml'],
    ]) {
      const text = runCli(args, dir);
      assert.equal(text.stderr, '', args.join(' '));
      assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [], args.join(' '));
      // Once per file, not once per replica; the folder mount's `dist` key is read as etc/ssl_dist.conf.
      assert.deepEqual(linesOf(text.stdout, 'ssl-dist-verify-none'), [`emqx.yaml:19:17 warning ${verifyNone}`, `emqx.yaml:86:25 warning ${verifyNone}`], args.join(' '));
      assert.match(text.stdout, /^ {4}related: emqx\.yaml:9:5 Read by this node: cluster\.proto_dist = inet_tls$/m, args.join(' '));
      assert.match(text.stdout, /^ {4}related: emqx\.yaml:83:5 Read by this node: cluster\.proto_dist = inet_tls$/m, args.join(' '));
    }
    const findings = json(dir, ['check', '.']);
    assert.deepEqual(jsonOf(dir, findings, 'dist-tls-without-ssl-dist'), []);
    assert.deepEqual(jsonOf(dir, findings, 'ssl-dist-verify-none'), [
      `emqx.yaml:19:17 warning ${verifyNone.slice(verifyNone.indexOf(' ') + 1)}`,
      `emqx.yaml:86:25 warning ${verifyNone.slice(verifyNone.indexOf(' ') + 1)}`,
    ]);
    // The certificates it names come from a Secret: not known here, so no certificate finding.
    assert.ok(!findings.some((f) => f.ruleId.startsWith('cert-')), findings.map((f) => f.ruleId).join());
  });

  it("Kubernetes: nothing mounted there in the official image is its shipped file, on the variable that sets inet_tls; a Secret or a ConfigMap from elsewhere is the node's own, not judged", () => {
    const dir = copy('k8s-ssl-dist-image');
    const text = runCli(['check', 'emqx.yaml'], dir);
    assert.equal(text.stderr, '');
    // Only the first StatefulSet (lines 2-31): emqx-secret (line 35) and emqx-elsewhere (line 65) mount a file of their own,
    // and emqx-opaque (line 95) takes variables from a Secret not in the file, which may name another options file.
    assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [`emqx.yaml:16:22 warning dist-tls-without-ssl-dist ${IMAGE_DEFAULT}`]);
    assert.deepEqual(jsonOf(dir, json(dir, ['check', '.']), 'dist-tls-without-ssl-dist'), [`emqx.yaml:16:22 warning ${IMAGE_DEFAULT}`]);
    // A chart template's actions may add mounts: then nothing is claimed about the image's file.
    const templated = fs.readFileSync(path.join(dir, 'emqx.yaml'), 'utf8').replace('name: emqx-image\n', 'name: emqx-image\n  labels:\n    chart: "{{ .Chart.Name }}"\n');
    fs.writeFileSync(path.join(dir, 'emqx.yaml'), templated);
    const after = runCli(['check', 'emqx.yaml'], dir).stdout;
    assert.deepEqual(linesOf(after, 'dist-tls-without-ssl-dist'), []);
    // The pods are still read.
    assert.equal(linesOf(after, 'rpc-plaintext').length, 4, after);
  });

  it('Kubernetes: a ConfigMap key renamed to emqx.conf by items is the node config; a key items leave out is not mounted, so the image file applies', () => {
    const dir = copy('k8s-ssl-dist-image');
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: emqx-conf',
      'data:',
      '  node.conf: |',
      '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
      '    cluster.proto_dist = inet_tls',
      '  ssl_dist.conf: |',
      '    [{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},',
      '     {client, [{verify, verify_none}]}].',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: emqx',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          volumeMounts:',
      '            - { name: conf, mountPath: /opt/emqx/etc/emqx.conf, subPath: emqx.conf }',
      '      volumes:',
      '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: node.conf, path: emqx.conf }] } }',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'emqx.yaml'), manifest);
    const text = runCli(['check', 'emqx.yaml'], dir);
    assert.equal(text.stderr, '');
    assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [`emqx.yaml:8:26 warning dist-tls-without-ssl-dist ${IMAGE_DEFAULT}`]);
    assert.deepEqual(linesOf(text.stdout, 'ssl-dist-verify-none'), []);
    // RPC of the renamed emqx.conf is reported on its ConfigMap lines, once per file.
    assert.equal(linesOf(text.stdout, 'rpc-plaintext').length, 1, text.stdout);
    assert.match(linesOf(text.stdout, 'rpc-plaintext')[0], /^emqx\.yaml:7:5 /);
  });

  it("EMQX Operator: extraVolumeMounts of a ConfigMap in the file give the core pods their ssl_dist.conf; replicants without one use the image's", () => {
    const dir = copy('operator-ssl-dist');
    const text = runCli(['check', 'emqx.yaml'], dir);
    assert.equal(text.stderr, '');
    assert.deepEqual(linesOf(text.stdout, 'dist-tls-without-ssl-dist'), [`emqx.yaml:19:28 warning dist-tls-without-ssl-dist ${IMAGE_DEFAULT}`]);
    assert.deepEqual(
      jsonOf(dir, json(dir, ['check', 'emqx.yaml']), 'ssl-dist-verify-none').map((l) => l.split(' ')[0]),
      ['emqx.yaml:9:25'],
    );
  });
});
