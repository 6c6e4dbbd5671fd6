/**
 * `check --release NAME --namespace NS` on Helm values, as a user runs it (the built CLI
 * as a process): with the release the chart's node names are known, so the checks that
 * compare names (static seeds) judge them; a bad release name is a usage error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, runCli, tempDir } from './harness';

type CheckJson = Array<{ ruleId: string; message: string; range: { start: { line: number; character: number } } }>;

const VALUES = [
  'replicaCount: 2',
  'image:',
  '  repository: emqx/emqx',
  '  tag: 5.8.9',
  'emqxConfig:',
  '  EMQX_NODE__COOKIE: "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
  '  EMQX_DASHBOARD__DEFAULT_PASSWORD: "m7Rk2Tq9VxL4pZs8"',
  '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "static"',
  '  EMQX_CLUSTER__STATIC__SEEDS: "[mq@mq-emqx-0.mq-emqx-headless.default.svc.cluster.local, mq@mq-emqx-1.mq-emqx-headless.default.svc.cluster.local]"',
  '',
].join('\n');

describe('CLI check --release/--namespace on Helm values (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('names the nodes as the chart does: seeds written for another namespace are reported; without --release (or in that namespace) they are not', () => {
    const dir = tempDir('helm-check');
    fs.writeFileSync(path.join(dir, 'values.yaml'), VALUES);
    const seeds = (args: string[]) => {
      const r = runCli(['check', 'values.yaml', '-f', 'json', '--fail-on', 'never', ...args], dir);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as CheckJson).filter((f) => f.ruleId === 'cluster-unknown-seed');
    };
    assert.deepEqual(seeds([]), []);
    assert.deepEqual(seeds(['--release', 'mq']), []);
    const found = seeds(['--release', 'mq', '--namespace', 'iot']);
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].range.start, { line: 8, character: 31 });
    assert.match(found[0].message, /^cluster\.static\.seeds of node mq@mq-emqx-0\.mq-emqx-headless\.iot\.svc\.cluster\.local lists mq@mq-emqx-0\.mq-emqx-headless\.default\.svc\.cluster\.local/);
  });

  it('a bad release name or namespace is a usage error (exit 2); the help lists both options', () => {
    const dir = tempDir('helm-check');
    fs.writeFileSync(path.join(dir, 'values.yaml'), VALUES);
    const bad = runCli(['check', 'values.yaml', '--release', 'Bad_Name'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--release must be a Helm release name: lower-case letters, digits, - and \., at most 53 characters \(got "Bad_Name"\)\./);
    const ns = runCli(['check', 'values.yaml', '--release', 'mq', '--namespace', 'Prod'], dir);
    assert.equal(ns.code, 2);
    assert.match(ns.stderr, /--namespace must be a Kubernetes namespace/);
    const help = runCli(['check', '--help'], dir);
    assert.match(help.stdout, /--release NAME +The Helm release the Helm values files are installed as \(helm install NAME\): their nodes are named as the chart names them/);
    assert.match(help.stdout, /--namespace NS +The namespace of that release \(default: default\)/);
  });
});
