import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, JsonFinding, materialize, runCli, sarifValidator, tempDir, FIXTURES, ROOT } from './harness';

/**
 * Cookie values of the fixtures: they must never appear in any output. (The
 * shipped default `emqxsecretcookie` is public and named in the rule docs, so
 * it is not in this list.)
 */
const FIXTURE_COOKIES = ['Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE', 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A', 'Pz4kR8vN2xQ7wL5tY9bH3cJ6mF1dG0sA'];

function assertNoSecrets(...outputs: string[]): void {
  for (const out of outputs) for (const c of FIXTURE_COOKIES) assert.ok(!out.includes(c), `output contains a cookie value (${c.slice(0, 3)}…)`);
}

describe('CLI check (built dist/cli.js as a process)', function () {
  // Building the bundle and generating certificates take a few seconds on a busy machine.
  this.timeout(120000);
  let good: string;
  let cookieMismatch: string;
  let mixedCa: string;

  before(async () => {
    buildCli();
    good = await materialize('good');
    cookieMismatch = await materialize('cookie-mismatch');
    mixedCa = await materialize('mixed-ca', (d) => (d === 'node3' ? 'B' : 'A'));
  });

  it('a good three-node cluster (same cookie, TLS everywhere, one CA, distinct ports): only the ports the firewall must allow, exit 0', () => {
    const r = runCli(['check', '.'], good);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.stderr, '');
    // emqx1..emqx3 listen on 4371..4373 (distribution) and 5371..5373 (RPC): the CI log says which ports to open.
    assert.match(r.stdout, /^3 problem\(s\) in 3 file\(s\): 0 error\(s\), 0 warning\(s\), 3 info, 0 hint\(s\)\.$/m);
    for (const n of [1, 2, 3])
      assert.ok(r.stdout.includes(`${path.join(`node${n}`, 'emqx.conf')}:4:10 info node-port-offset `) && r.stdout.includes(`Allow TCP 437${n} and 537${n} from the other cluster nodes.`), r.stdout);
    const json = runCli(['check', '.', '--format', 'json'], good);
    assert.equal(json.code, 0);
    assert.deepEqual(
      (JSON.parse(json.stdout) as JsonFinding[]).map((f) => [f.file, f.ruleId, f.severity, f.keyPath, f.range.start.line]),
      [1, 2, 3].map((n) => [path.join(`node${n}`, 'emqx.conf'), 'node-port-offset', 'info', 'node.name', 3]),
    );
    const sarif = JSON.parse(runCli(['check', '.', '--format', 'sarif'], good).stdout).runs[0];
    assert.deepEqual(
      sarif.results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]),
      [1, 2, 3].map(() => ['node-port-offset', 'note']),
    );
    assertNoSecrets(r.stdout, r.stderr, json.stdout);
  });

  it('a cookie mismatch: error on the odd node, exit 1, no cookie value anywhere', () => {
    const r = runCli(['check', '.'], cookieMismatch);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    const hit = lines.find((l) => l.includes('cluster-cookie-mismatch'));
    // node3's `cookie = "..."` is line 5; the value starts at column 12.
    assert.equal(hit?.split(' ').slice(0, 3).join(' '), `${path.join('node3', 'emqx.conf')}:5:12 error cluster-cookie-mismatch`);
    assert.match(hit!, /emqx3@10\.0\.0\.3/);
    assert.ok(lines.some((l) => /^\s+related: node1[\\/]emqx\.conf:5:12 /.test(l)));
    // The three nodes' port infos (emqx1..emqx3) and the mismatch.
    assert.match(r.stdout, /4 problem\(s\) in \d+ file\(s\): 1 error\(s\), 0 warning\(s\), 3 info/);
    const json = runCli(['check', '.', '--format', 'json'], cookieMismatch);
    const findings = (JSON.parse(json.stdout) as JsonFinding[]).filter((f) => f.ruleId !== 'node-port-offset');
    assert.deepEqual(
      findings.map((f) => [f.file, f.ruleId, f.severity, f.keyPath, f.range.start.line, f.range.start.character]),
      [[path.join('node3', 'emqx.conf'), 'cluster-cookie-mismatch', 'error', 'node.cookie', 4, 11]],
    );
    assert.deepEqual(
      findings[0].related.map((x) => x.file),
      [path.join('node1', 'emqx.conf'), path.join('node2', 'emqx.conf')],
    );
    const sarif = runCli(['check', '.', '--format', 'sarif'], cookieMismatch);
    assertNoSecrets(r.stdout, r.stderr, json.stdout, sarif.stdout);
  });

  it('mixed CAs: the node with the other CA is reported at its rpc.cacertfile', () => {
    const r = runCli(['check', '.', '--format', 'json'], mixedCa);
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('cluster-'));
    assert.deepEqual(
      findings.map((f) => [f.file, f.ruleId, f.keyPath]),
      [[path.join('node3', 'emqx.conf'), 'cluster-ca-mismatch', 'rpc.cacertfile']],
    );
    assert.match(findings[0].message, /emqx3@10\.0\.0\.3/);
  });

  it('a port collision between two nodes on one host, with --fail-on thresholds', () => {
    const dir = path.join(FIXTURES, 'port-collision');
    const elsewhere = tempDir('cwd');
    const r = runCli(['check', dir, '--format', 'json'], elsewhere);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    const collision = findings.filter((f) => f.ruleId === 'cluster-port-collision');
    assert.equal(collision.length, 1);
    assert.match(collision[0].message, /4371, 5371/);
    // Files outside the working folder keep their absolute path.
    assert.ok(path.isAbsolute(collision[0].file));
    // The plaintext warnings are below the default threshold; the collision is an error.
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    assert.ok(warnings > 0);
    assert.equal(runCli(['check', dir, '--rule', 'cluster-port-collision=warning'], ROOT).code, 0);
    assert.equal(runCli(['check', dir, '--rule', 'cluster-port-collision=warning', '--fail-on', 'warning'], ROOT).code, 1);
    assert.equal(runCli(['check', dir, '--fail-on', 'never'], ROOT).code, 0);
    const off = runCli(['check', dir, '--rule', 'cluster-port-collision=off', '--format', 'json'], ROOT);
    assert.ok(!(JSON.parse(off.stdout) as JsonFinding[]).some((f) => f.ruleId === 'cluster-port-collision'));
  });

  it('docker-compose env overrides: the mismatching and default cookie are reported in docker-compose.yml', () => {
    const dir = path.join(FIXTURES, 'compose');
    const r = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    const inCompose = findings.filter((f) => f.file === 'docker-compose.yml').map((f) => [f.ruleId, f.range.start.line + 1]);
    // Line 26: `- EMQX_NODE__COOKIE=emqxsecretcookie` of service emqx3.
    assert.deepEqual(inCompose, [
      ['cluster-cookie-mismatch', 26],
      ['cookie-default', 26],
    ]);
    // The official image forces manual RPC discovery on every node: no RPC disagreement, no collision.
    assert.ok(!findings.some((f) => f.ruleId === 'cluster-rpc-mismatch' || f.ruleId === 'cluster-port-collision'));
    assertNoSecrets(r.stdout, r.stderr);
  });

  it('a default cookie in the .env beside a config is reported in the .env file, and can be suppressed there', () => {
    const dir = tempDir('dotenv');
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node {\n  name = "emqx1@10.0.0.1"\n}\n');
    fs.writeFileSync(path.join(dir, '.env'), '# node 1\nEMQX_NODE__COOKIE=emqxsecretcookie\n');
    const findings = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'json'], dir).stdout) as JsonFinding[];
    const hit = findings.find((f) => f.ruleId === 'cookie-default');
    assert.deepEqual([hit?.file, hit?.range.start.line, hit?.range.start.character], ['.env', 1, 18]);
    // The file's cookie is set (by the environment): no cookie-missing.
    assert.ok(!findings.some((f) => f.ruleId === 'cookie-missing'));
    fs.writeFileSync(path.join(dir, '.env'), '# emqx-security-disable-next-line cookie-default -- throwaway dev box\nEMQX_NODE__COOKIE=emqxsecretcookie\n');
    const quiet = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'json'], dir).stdout) as JsonFinding[];
    assert.ok(!quiet.some((f) => f.ruleId === 'cookie-default'), JSON.stringify(quiet));
    // --no-env-discovery ignores the .env: the cookie is missing then.
    const bare = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'json', '--no-env-discovery'], dir).stdout) as JsonFinding[];
    assert.ok(bare.some((f) => f.ruleId === 'cookie-missing'));
  });

  it('a default cookie in an included file is reported where it is, with the include as related location', () => {
    const dir = tempDir('included');
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node.name = "emqx1@10.0.0.1"\ninclude "secrets.conf"\n');
    fs.writeFileSync(path.join(dir, 'secrets.conf'), 'node.cookie = "emqxsecretcookie"\n');
    const r = runCli(['check', 'emqx.conf', '--format', 'json', '--fail-on', 'warning'], dir);
    assert.equal(r.code, 1, r.stderr);
    const hits = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.ruleId === 'cookie-default');
    assert.deepEqual(
      hits.map((f) => [f.file, f.range.start.line, f.range.start.character, f.related.map((x) => `${x.file}:${x.range.start.line} ${x.message}`)]),
      [['secrets.conf', 0, 14, ['emqx.conf:1 Included here, by emqx.conf']]],
    );
    const text = runCli(['check', 'emqx.conf'], dir).stdout;
    assert.match(text, /^secrets\.conf:1:15 warning cookie-default The Erlang cookie is a default/m);
    assert.match(text, /^ {4}related: emqx\.conf:2:1 Included here, by emqx\.conf$/m);
    // The summary counts the files the problems are in: the config and the included file.
    assert.match(text, /\n\d+ problem\(s\) in 2 file\(s\): /);
    assert.ok(!r.stdout.includes('emqxsecretcookie') && !text.includes('emqxsecretcookie'));
    // SARIF points at the included file too, so code scanning annotates the line to change.
    const sarif = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'sarif'], dir).stdout);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'cookie-default');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'secrets.conf');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
    // Suppressed in the included file, or above the include: gone.
    fs.writeFileSync(path.join(dir, 'secrets.conf'), '# emqx-security-disable-next-line cookie-default -- lab only\nnode.cookie = "emqxsecretcookie"\n');
    assert.ok(!runCli(['check', 'emqx.conf'], dir).stdout.includes('cookie-default'));
    fs.writeFileSync(path.join(dir, 'secrets.conf'), 'node.cookie = "emqxsecretcookie"\n');
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node.name = "emqx1@10.0.0.1"\n# emqx-security-disable-next-line cookie-default -- lab only\ninclude "secrets.conf"\n');
    assert.ok(!runCli(['check', 'emqx.conf'], dir).stdout.includes('cookie-default'));
  });

  it('the ssl_dist.conf next to a TLS-distribution config is checked with it, each finding once whether or not it is given too', () => {
    const dir = tempDir('ssl-dist');
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node.name = "emqx@node1.emqx.io"\ncluster.proto_dist = inet_tls\n');
    fs.writeFileSync(path.join(dir, 'ssl_dist.conf'), '[{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},\n {client, [{verify, verify_none}]}].\n');
    for (const args of [['emqx.conf'], ['.'], ['emqx.conf', 'ssl_dist.conf']]) {
      const all = JSON.parse(runCli(['check', ...args, '--format', 'json'], dir).stdout) as JsonFinding[];
      const hits = all.filter((f) => f.ruleId === 'ssl-dist-verify-none');
      assert.deepEqual(
        hits.map((f) => [f.file, f.range.start.line, f.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`)]),
        [['ssl_dist.conf', 1, ['emqx.conf:1 Read by this node: cluster.proto_dist = inet_tls']]],
        args.join(' '),
      );
    }
  });

  it('EMQX_SSL_DIST_OPTFILE in docker-compose.yml: no "ssl_dist.conf missing" for the config it mounts', () => {
    const dir = tempDir('optfile');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'emqx.conf'), 'node.name = "emqx@node1.emqx.io"\ncluster.proto_dist = inet_tls\n');
    const compose = (env: string) =>
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), `services:\n  emqx1:\n    image: emqx/emqx:5.8.9\n${env}    volumes:\n      - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf\n`);
    const ruleIds = () => (JSON.parse(runCli(['check', '.', '--format', 'json'], dir).stdout) as JsonFinding[]).map((f) => f.ruleId);
    compose('');
    assert.ok(ruleIds().includes('dist-tls-without-ssl-dist'));
    compose('    environment:\n      EMQX_SSL_DIST_OPTFILE: /opt/emqx/etc/certs/ssl_dist.conf\n');
    assert.ok(!ruleIds().includes('dist-tls-without-ssl-dist'));
    compose('    environment:\n      EMQX_SSL_DIST_OPTFILE: ${DIST_OPTFILE}\n');
    assert.ok(!ruleIds().includes('dist-tls-without-ssl-dist'));
    // A space in that path: bin/emqx refuses to boot; reported at the variable.
    compose('    environment:\n      EMQX_SSL_DIST_OPTFILE: "/opt/emqx/my certs/ssl_dist.conf"\n');
    const space = (JSON.parse(runCli(['check', '.', '--format', 'json'], dir).stdout) as JsonFinding[]).filter((f) => f.ruleId === 'ssl-dist-path-space');
    assert.deepEqual(
      space.map((f) => [f.file, f.range.start.line, f.severity]),
      [['docker-compose.yml', 4, 'error']],
    );
    // TLS distribution switched on by a variable too: the finding would land in docker-compose.yml.
    fs.writeFileSync(path.join(dir, 'etc', 'emqx.conf'), 'node.name = "emqx@node1.emqx.io"\n');
    compose('    environment:\n      EMQX_CLUSTER__PROTO_DIST: inet_tls\n');
    const located = (JSON.parse(runCli(['check', '.', '--format', 'json'], dir).stdout) as JsonFinding[]).filter((f) => f.ruleId === 'dist-tls-without-ssl-dist');
    assert.deepEqual(
      located.map((f) => [f.file, f.range.start.line]),
      [['docker-compose.yml', 4]],
    );
    compose('    environment:\n      EMQX_CLUSTER__PROTO_DIST: inet_tls\n      EMQX_SSL_DIST_OPTFILE: /opt/emqx/etc/certs/ssl_dist.conf\n');
    assert.ok(!ruleIds().includes('dist-tls-without-ssl-dist'));
  });

  it('default credentials, variables EMQX drops, node names Erlang refuses and seeds that cannot work: JSON and SARIF, no password shown', () => {
    const dir = tempDir('rules15');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'emqx.conf'), 'node.name = "emqx@node1"\ncluster {\n  discovery_strategy = static\n  static.seeds = ["emqx@Node1", "emqx@10.0.0.2"]\n}\n');
    fs.writeFileSync(
      path.join(dir, 'docker-compose.yml'),
      // The image's entrypoint names the node after the container's address unless a variable names it,
      // and that name wins over the file's node.name: the variable names it as the file does.
      'services:\n  emqx1:\n    image: emqx/emqx:5.8.9\n    environment:\n      EMQX_DASHBOARD__DEFAULT_PASSWORD: public\n      EMQX_CLUSTER__DISCOVERY: dns\n      EMQX_NODE__NAME: emqx@node1\n    volumes:\n      - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf\n',
    );
    const r = runCli(['check', '.', '--format', 'json', '--fail-on', 'warning'], dir);
    assert.equal(r.code, 1, r.stderr);
    const mine = ['dashboard-default-password', 'discovery-key-mismatch', 'node-name-host-not-fqdn', 'static-seeds-missing-self'];
    const findings = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => mine.includes(f.ruleId));
    assert.deepEqual(findings.map((f) => [f.file, f.range.start.line, f.ruleId, f.severity]).sort(), [
      ['docker-compose.yml', 4, 'dashboard-default-password', 'warning'],
      ['docker-compose.yml', 5, 'discovery-key-mismatch', 'error'],
      ['docker-compose.yml', 6, 'node-name-host-not-fqdn', 'error'],
      [path.join('etc', 'emqx.conf'), 3, 'node-name-host-not-fqdn', 'error'],
      [path.join('etc', 'emqx.conf'), 3, 'static-seeds-missing-self', 'warning'],
    ]);
    const dropped = findings.find((f) => f.ruleId === 'discovery-key-mismatch')!;
    assert.match(dropped.message, /drops the variable with an "unknown_env_vars" warning and keeps discovery strategy static/);
    assert.doesNotMatch(dropped.message, /refuses to start/);
    const sarif = runCli(['check', '.', '--format', 'sarif'], dir);
    const run = JSON.parse(sarif.stdout).runs[0];
    assert.ok(sarifValidator()(JSON.parse(sarif.stdout)));
    for (const id of [...mine, 'node-port-offset', 'static-seeds-empty', 'static-seeds-string', 'dist-listen-range-ignored', 'mgmt-default-secret']) {
      const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === id);
      assert.ok(rule?.help.text, id);
    }
    const pw = run.results.find((x: { ruleId: string }) => x.ruleId === 'dashboard-default-password');
    assert.deepEqual([pw.level, pw.locations[0].physicalLocation.artifactLocation.uri, pw.locations[0].physicalLocation.region.startLine], ['warning', 'docker-compose.yml', 5]);
    // The password is never shown.
    assert.doesNotMatch(findings.find((f) => f.ruleId === 'dashboard-default-password')!.message, /\bpublic\b/);
    assert.doesNotMatch(pw.message.text, /\bpublic\b/);
  });

  it('suppression comments silence cluster findings too', () => {
    const dir = tempDir('suppress');
    fs.cpSync(cookieMismatch, dir, { recursive: true });
    const conf = path.join(dir, 'node3', 'emqx.conf');
    const text = fs.readFileSync(conf, 'utf8').replace(/(\n\s*cookie = )/, '\n  # emqx-security-disable-next-line cluster-cookie-mismatch -- rotating the cookie node by node$1');
    fs.writeFileSync(conf, text);
    const r = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stdout);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(!findings.some((f) => f.ruleId === 'cluster-cookie-mismatch'));
    // A cluster rule id is a known id for suppressions.
    assert.ok(!findings.some((f) => f.ruleId === 'suppression-unknown-rule'), r.stdout);
  });

  it('--k8s: a cookie from a Kubernetes Secret counts as set (no cookie-missing), the image forces manual RPC', () => {
    const dir = tempDir('k8s');
    fs.writeFileSync(path.join(dir, 'emqx.conf'), 'node {\n  name = "emqx@emqx-0.emqx-headless"\n}\n');
    fs.writeFileSync(
      path.join(dir, 'statefulset.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: emqx}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: emqx',
        '          image: emqx/emqx:5.8.6',
        '          env:',
        '            - name: EMQX_NODE__COOKIE',
        '              valueFrom: {secretKeyRef: {name: emqx-cookie, key: cookie}}',
      ].join('\n') + '\n',
    );
    const without = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'json'], dir).stdout) as JsonFinding[];
    assert.ok(without.some((f) => f.ruleId === 'cookie-missing'));
    const withK8s = runCli(['check', 'emqx.conf', '--k8s', 'statefulset.yaml', '--format', 'json'], dir);
    assert.equal(withK8s.stderr, '');
    assert.ok(!(JSON.parse(withK8s.stdout) as JsonFinding[]).some((f) => f.ruleId === 'cookie-missing'), withK8s.stdout);
    assert.equal(runCli(['check', 'emqx.conf', '--k8s', 'missing.yaml'], dir).code, 2);
  });

  it('SARIF 2.1.0 output is valid against the official schema, with rule metadata and 1-based regions', () => {
    const validate = sarifValidator();
    for (const dir of [good, cookieMismatch, mixedCa, path.join(FIXTURES, 'compose')]) {
      const r = runCli(['check', '.', '--format', 'sarif'], dir);
      assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
      const run = JSON.parse(r.stdout).runs[0];
      const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
      for (const id of ['cluster-cookie-mismatch', 'cluster-port-collision', 'rpc-plaintext', 'cookie-default']) assert.ok(ids.includes(id), id);
      for (const rule of run.tool.driver.rules) {
        assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
        assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
      }
      for (const res of run.results) assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    }
    // A run that could not read everything still reports, and says so in the invocation.
    const partial = runCli(['check', '.', 'missing.conf', '--format', 'sarif'], cookieMismatch);
    assert.equal(partial.code, 2);
    assert.ok(validate(JSON.parse(partial.stdout)), JSON.stringify(validate.errors, null, 2));
    const invocation = JSON.parse(partial.stdout).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications[0].message.text, /missing\.conf/);
    assert.ok(JSON.parse(partial.stdout).runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'cluster-cookie-mismatch'));

    const r = runCli(['check', '.', '--format', 'sarif'], cookieMismatch);
    assert.equal(JSON.parse(r.stdout).runs[0].invocations[0].executionSuccessful, true);
    const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'cluster-cookie-mismatch');
    assert.ok(result);
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'node3/emqx.conf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 5, startColumn: 12, endLine: 5, endColumn: 46 });
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'node1/emqx.conf');
  });

  it('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
    for (const args of [
      ['check'],
      ['check', '.', '--format', 'xml'],
      ['check', '.', '--fail-on', 'sometimes'],
      ['check', '.', '--rule', 'no-such-rule=off'],
      ['check', '.', '--rule', 'rpc-plaintext=loud'],
      ['check', '.', '--emqx-version', 'five'],
      ['check', '.', '--bogus'],
    ]) {
      const r = runCli(args, good);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /^emqx-cluster-security check: /, args.join(' '));
    }
  });

  it('a missing path is an I/O error: exit 2, reported on stderr', () => {
    const r = runCli(['check', 'no/such/emqx.conf'], good);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file, folder or match: no\/such\/emqx\.conf/);
  });

  it('a folder without EMQX configs is an error, so a wrong path cannot pass CI', () => {
    const r = runCli(['check', '.'], tempDir('empty'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no EMQX config files found in \./);
  });

  it('globs are expanded by the CLI itself', () => {
    const r = runCli(['check', '**/emqx.conf', '--format', 'json'], cookieMismatch);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.ruleId === 'cluster-cookie-mismatch').length, 1);
    assert.equal(runCli(['check', 'node[12]/emqx.conf'], cookieMismatch).code, 0);
  });

  it('--emqx-version and --docker reach the rules', () => {
    // Docker: every node listens for RPC on 5369; on one host that collides.
    const dir = path.join(FIXTURES, 'port-collision');
    const plain = JSON.parse(runCli(['check', dir, '--format', 'json'], ROOT).stdout) as JsonFinding[];
    const docker = JSON.parse(runCli(['check', dir, '--format', 'json', '--docker'], ROOT).stdout) as JsonFinding[];
    assert.match(plain.find((f) => f.ruleId === 'cluster-port-collision')!.message, /4371, 5371/);
    assert.match(docker.find((f) => f.ruleId === 'cluster-port-collision')!.message, /4371, 5369/);
    // 4.4 has no rpc.insecure_fallback before 4.4.12; a 7.0 target makes the default cookie an error.
    const compose = path.join(FIXTURES, 'compose');
    const v7 = JSON.parse(runCli(['check', '.', '--format', 'json', '--emqx-version', '7.0'], compose).stdout) as JsonFinding[];
    assert.equal(v7.find((f) => f.ruleId === 'cookie-default')?.severity, 'error');
  });

  it('every command has --help (exit 0, usage on stdout)', () => {
    for (const cmd of ['check', 'ports', 'resolve', 'certs']) {
      const r = runCli([cmd, '--help'], good);
      assert.equal(r.code, 0, cmd);
      assert.match(r.stdout, new RegExp(`^Usage: emqx-cluster-security ${cmd}`), cmd);
    }
    const top = runCli(['--help'], good);
    assert.equal(top.code, 0);
    for (const cmd of ['check', 'ports', 'resolve', 'certs']) assert.match(top.stdout, new RegExp(`\\n  ${cmd} `));
    assert.match(runCli(['--version'], good).stdout, /^\d+\.\d+\.\d+\n$/);
    const unknown = runCli(['frobnicate'], good);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
  });

  it('writes the report to --output', () => {
    const out = path.join(tempDir('out'), 'results.sarif');
    const r = runCli(['check', '.', '--format', 'sarif', '--output', out], cookieMismatch);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'cluster-cookie-mismatch'));
  });

  it('checks configs and includes larger than the editor reads (4 MiB); says "too large" past its own limit', () => {
    const dir = tempDir('large');
    // 5 MB of comments after an insecure node block, and the same size as a required include.
    const filler = `## ${'x'.repeat(96)}\n`.repeat(Math.ceil((5 * 1024 * 1024) / 100));
    fs.writeFileSync(path.join(dir, 'emqx.conf'), `node {\n  name = "emqx@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n${filler}`);
    const big = runCli(['check', 'emqx.conf', '--format', 'json', '--fail-on', 'warning'], dir);
    assert.equal(big.code, 1, big.stderr);
    assert.equal(big.stderr, '');
    const cookie = (JSON.parse(big.stdout) as JsonFinding[]).find((f) => f.ruleId === 'cookie-default');
    assert.equal(cookie?.range.start.line, 2);

    const inc = tempDir('large-include');
    fs.writeFileSync(path.join(inc, 'emqx.conf'), 'include required("big.conf")\nnode.name = "emqx@10.0.0.1"\n');
    fs.writeFileSync(path.join(inc, 'big.conf'), `${filler}rpc.insecure_fallback = false\n`);
    const included = JSON.parse(runCli(['check', 'emqx.conf', '--format', 'json'], inc).stdout) as JsonFinding[];
    assert.ok(!included.some((f) => / not found /.test(f.message)), 'the include was read');
    assert.ok(included.some((f) => f.ruleId === 'rpc-plaintext'));
    assert.ok(!included.some((f) => f.ruleId === 'rpc-insecure-fallback'), 'the setting at its end took effect');

    // Past 256 MiB: a sparse file (no disk used) is refused with its size, exit 2.
    const huge = tempDir('huge');
    const file = path.join(huge, 'emqx.conf');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 257 * 1024 * 1024);
    const r = runCli(['check', 'emqx.conf'], huge);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /emqx\.conf is too large to check: 257 MiB \(this tool reads at most 256 MiB\)/);
  });

  it('prints messages in Chinese under a zh_CN locale', () => {
    const r = runCli(['check', '.'], good, { LANG: 'zh_CN.UTF-8' });
    assert.equal(r.code, 0);
    assert.ok(!/No problems found/.test(r.stdout), r.stdout);
    assert.match(r.stdout, /[\u4e00-\u9fff]/);
  });
});
