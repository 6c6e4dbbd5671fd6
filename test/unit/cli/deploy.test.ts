import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_FIXTURES } from '../deploy/harness';
import { buildCli, copyDeployFixture, JsonFinding, runCli, sarifValidator } from './harness';

describe('CLI check on deployment files (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('check . on a folder holding only a docker-compose file: findings on the YAML lines, in text, JSON and SARIF', () => {
    const dir = copyDeployFixture('compose-default-cookie');
    const text = runCli(['check', '.'], dir);
    // Warnings only: exit 0 by default, 1 with --fail-on warning.
    assert.equal(text.code, 0, text.stderr + text.stdout);
    assert.equal(text.stderr, '');
    assert.match(text.stdout, /^docker-compose\.yml:15:27 warning cookie-default The Erlang cookie is a default/m);
    assert.match(text.stdout, /^docker-compose\.yml:25:26 warning cookie-default /m);
    assert.match(text.stdout, /^docker-compose\.yml:11:5 warning rpc-plaintext /m);
    assert.ok(!/hocon-syntax/.test(text.stdout));
    assert.equal(runCli(['check', '.', '--fail-on', 'warning'], dir).code, 1);

    const json = JSON.parse(runCli(['check', 'docker-compose.yml', '--format', 'json'], dir).stdout) as JsonFinding[];
    const cookie = json.filter((f) => f.ruleId === 'cookie-default').map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.range.start.character}`);
    assert.deepEqual(cookie.sort(), ['docker-compose.yml:14:26', 'docker-compose.yml:24:25']);
    assert.ok(json.every((f) => path.basename(f.file) === 'docker-compose.yml'));

    const sarifText = runCli(['check', '.', '--format', 'sarif'], dir).stdout;
    const sarif = JSON.parse(sarifText);
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(sarifText)), JSON.stringify(validate.errors?.slice(0, 3)));
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'cookie-default');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'docker-compose.yml');
    assert.ok([15, 25].includes(result.locations[0].physicalLocation.region.startLine));
    // The rules of deployment files are described like the others.
    const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('yaml-syntax') && ids.includes('image-version-assumed'));
  });

  it('compose + .env: the cookie the .env gives is reported on the .env line', () => {
    const dir = copyDeployFixture('compose-env');
    const r = runCli(['check', '.'], dir);
    assert.match(r.stdout, /^\.env:1:13 warning cookie-default /m);
    assert.match(r.stdout, /^docker-compose\.yml:7:27 warning rpc-plaintext /m);
  });

  it('a StatefulSet, an Operator resource and Helm values, each alone', () => {
    const sts = runCli(['check', 'emqx.yaml'], copyDeployFixture('statefulset'));
    assert.match(sts.stdout, /^emqx\.yaml:17:16 warning cookie-default /m);
    const op = runCli(['check', '.', '--format', 'json'], copyDeployFixture('operator'));
    const opFindings = JSON.parse(op.stdout) as JsonFinding[];
    assert.ok(opFindings.some((f) => f.ruleId === 'cookie-default' && f.range.start.line === 9));
    const helm = runCli(['check', 'values.yaml'], copyDeployFixture('helm-values'));
    assert.match(helm.stdout, /^values\.yaml:7:1 warning cookie-missing /m);
    assert.match(helm.stdout, /^values\.yaml:5:8 hint image-version-assumed /m);
  });

  it('broken YAML: one yaml-syntax error, exit 1; a folder with only YAML of other kinds: exit 2, nothing read as HOCON', () => {
    const broken = runCli(['check', '.'], copyDeployFixture('broken'));
    assert.equal(broken.code, 1);
    assert.deepEqual(
      broken.stdout
        .split('\n')
        .filter((l) => /^\S+:\d+:\d+ /.test(l))
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['docker-compose.yml:8:1 error yaml-syntax'],
    );
    const other = runCli(['check', '.'], copyDeployFixture('other-yaml'));
    assert.equal(other.code, 2);
    assert.match(other.stderr, /no EMQX config files found/);
    const named = runCli(['check', 'ci.yaml', '--format', 'json'], copyDeployFixture('other-yaml'));
    assert.equal(named.code, 2);
    assert.equal(named.stdout, '');
  });

  it('ports takes a compose file or a StatefulSet: its nodes, with the RPC port the image forces', () => {
    const compose = runCli(['ports', 'docker-compose.yml'], copyDeployFixture('compose-default-cookie'));
    assert.equal(compose.code, 0, compose.stderr);
    assert.match(compose.stdout, /^emqx@node1\.emqx\.io +0 +4370 +5369$/m);
    assert.match(compose.stdout, /allow tcp 4370 and 5369 from the other nodes to emqx@node2\.emqx\.io/);
    const sts = JSON.parse(runCli(['ports', 'emqx.yaml', '--format', 'json'], copyDeployFixture('statefulset')).stdout);
    assert.deepEqual(
      sts.nodes.map((n: { name: string }) => n.name),
      [0, 1, 2].map((i) => `emqx@emqx-${i}.emqx-headless.default.svc.cluster.local`),
    );
    assert.equal(sts.discovery, 'manual');
    const other = runCli(['ports', 'ci.yaml'], copyDeployFixture('other-yaml'));
    assert.equal(other.code, 2);
  });

  it('check on a Helm chart: templates left alone, values read; a template named alone says to render it first', () => {
    const dir = copyDeployFixture('chart-template');
    const folder = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(folder.code, 1, folder.stderr);
    const found = JSON.parse(folder.stdout) as JsonFinding[];
    assert.deepEqual([...new Set(found.map((f) => f.file))].sort(), [path.join('templates', 'broken.yaml'), 'values.yaml']);
    assert.deepEqual(
      found.filter((f) => f.file.endsWith('broken.yaml')).map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
      ['yaml-syntax@11'],
    );
    const alone = runCli(['check', path.join('templates', 'statefulset.yaml')], dir);
    assert.equal(alone.code, 2);
    assert.equal(alone.stdout, '');
    assert.match(alone.stderr, /templates\/statefulset\.yaml is a Helm chart template, YAML only once rendered: check the output of `helm template` instead\./);
  });

  it('ports takes a folder and an Operator resource; a broken file, a missing path or an empty folder is named with the reason', () => {
    const folder = runCli(['ports', '.'], copyDeployFixture('compose-default-cookie'));
    assert.equal(folder.code, 0, folder.stderr);
    assert.match(folder.stdout, /^emqx@node1\.emqx\.io +0 +4370 +5369$/m);
    assert.match(folder.stdout, /^emqx@node2\.emqx\.io +0 +4370 +5369$/m);
    const operator = JSON.parse(runCli(['ports', 'emqx.yaml', '--format', 'json'], copyDeployFixture('operator')).stdout);
    assert.ok(operator.nodes.some((n: { name: string }) => n.name === 'emqx@emqx-core-0.emqx-headless.mqtt.svc.cluster.local'));
    // A broken file named on its own: the YAML problem with its place, exit 2, nothing on stdout.
    const broken = runCli(['ports', 'docker-compose.yml'], copyDeployFixture('broken'));
    assert.equal(broken.code, 2);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^emqx-cluster-security ports: docker-compose\.yml:8:\d+: This file is not valid YAML: /);
    // In a folder, a broken file is left out with the same words and the others still give their nodes.
    const dir = copyDeployFixture('compose-default-cookie');
    fs.mkdirSync(path.join(dir, 'old'));
    fs.copyFileSync(path.join(DEPLOY_FIXTURES, 'broken', 'docker-compose.yml'), path.join(dir, 'old', 'docker-compose.yml'));
    const mixed = runCli(['ports', '.'], dir);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stderr, /old\/docker-compose\.yml:8:\d+: This file is not valid YAML: /);
    assert.match(mixed.stdout, /^emqx@node2\.emqx\.io +0 +4370 +5369$/m);
    // A path that names nothing is no node name.
    const missing = runCli(['ports', 'k8s/emqx.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /k8s\/emqx\.yaml: no such file or folder/);
    const empty = runCli(['ports', 'old2'], (fs.mkdirSync(path.join(dir, 'old2')), dir));
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /old2 holds no deployment file/);
  });

  it('node names built by the entrypoint: docker-node-name-from-ip and the k8s name rules, in text, JSON and SARIF', () => {
    const dir = copyDeployFixture('node-name-from-ip');
    const text = runCli(['check', '.'], dir);
    // Warnings only: exit 0.
    assert.equal(text.code, 0, text.stderr + text.stdout);
    assert.match(text.stdout, /^docker-compose\.yml:8:5 warning docker-node-name-from-ip The image's entrypoint names this node emqx@<container IP>/m);
    assert.match(text.stdout, /^docker-compose\.yml:32:5 warning docker-node-name-from-ip .*The node\.name emqx@broker\.emqx\.io in the mounted emqx\.conf is ignored/m);
    assert.doesNotMatch(text.stdout, /^docker-compose\.yml:(19|40|50|58):\d+ \w+ docker-node-name-from-ip/m);

    const json = JSON.parse(runCli(['check', 'docker-compose.yml', '--format', 'json'], dir).stdout) as JsonFinding[];
    const named = json.filter((f) => f.ruleId === 'docker-node-name-from-ip').map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.range.start.character}:${f.severity}`);
    assert.deepEqual(named.sort(), ['docker-compose.yml:31:4:warning', 'docker-compose.yml:64:4:warning', 'docker-compose.yml:7:4:warning']);

    const k8s = copyDeployFixture('k8s-node-name');
    const sarifRun = runCli(['check', 'emqx.yaml', '--format', 'sarif'], k8s);
    // Errors: exit 1.
    assert.equal(sarifRun.code, 1, sarifRun.stderr);
    const sarif = JSON.parse(sarifRun.stdout);
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(sarifRun.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = sarif.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }>;
    const at = (id: string) =>
      results
        .filter((x) => x.ruleId === id)
        .map((x) => `${x.level}@${x.locations[0].physicalLocation.region.startLine}:${x.locations[0].physicalLocation.region.startColumn}`)
        .sort();
    assert.deepEqual(at('k8s-hostname-without-statefulset'), ['error@31:22']);
    assert.deepEqual(at('k8s-node-name-mismatch'), ['error@120:22', 'error@61:22']);
    assert.deepEqual(at('docker-node-name-from-ip'), ['warning@184:11']);
    const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const id of ['docker-node-name-from-ip', 'k8s-hostname-without-statefulset', 'k8s-node-name-mismatch', 'helm-cluster-domain-ignored']) assert.ok(ids.includes(id), id);
    // Their severities are settings like any rule's: with the errors lowered or off, the run passes.
    const lowered = runCli(['check', 'emqx.yaml', '--rule', 'k8s-node-name-mismatch=off', '--rule', 'k8s-hostname-without-statefulset=warning'], k8s);
    assert.equal(lowered.code, 0, lowered.stderr);
    assert.match(lowered.stdout, /^emqx\.yaml:31:22 warning k8s-hostname-without-statefulset /m);
    assert.doesNotMatch(lowered.stdout, /k8s-node-name-mismatch/);
  });
});
