/**
 * `check .` on a folder holding compose.yaml and compose.override.yaml, as a user runs it: the
 * built CLI as a process, in text and JSON. The override is merged over the base (a default
 * cookie it sets is reported on its line, a service only it defines is a node, a config only it
 * mounts is read), never read as nodes of its own.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildCli, copyDeployFixture, JsonFinding, runCli } from './harness';

describe('CLI check: the compose override merged over the base file (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('text: the override default cookie on its line, three nodes, the config the override mounts', () => {
    const dir = copyDeployFixture('compose-override');
    const r = runCli(['check', '.'], dir);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout, /^compose\.override\.yaml:4:27 warning cookie-default The Erlang cookie is a default/m);
    assert.match(
      r.stdout,
      /^compose\.override\.yaml:4:27 error cluster-cookie-mismatch The Erlang cookie of node emqx@emqx1\.example\.net differs from the cookie of 2 other node\(s\) \(emqx@emqx2\.example\.net, emqx@emqx3\.example\.net\)/m,
    );
    assert.match(r.stdout, /^ {4}related: compose\.yaml:15:26 The cookie of node emqx@emqx2\.example\.net$/m);
    assert.match(r.stdout, /^ {4}related: compose\.override\.yaml:13:26 The cookie of node emqx@emqx3\.example\.net$/m);
    assert.match(r.stdout, /^emqx2\.conf:2:30 warning dashboard-default-password /m);
    // The override's partial emqx1 is not a node of its own (it would be named after 127.0.0.1).
    assert.doesNotMatch(r.stdout, /127\.0\.0\.1/);
  });

  it('JSON: the findings name the override file and its line', () => {
    const dir = copyDeployFixture('compose-override');
    const r = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as JsonFinding[];
    const cookie = json.filter((f) => f.ruleId === 'cookie-default');
    assert.deepEqual(
      cookie.map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.range.start.character}-${f.range.end.character}`),
      ['compose.override.yaml:3:26-42'],
    );
    const rpc = json.filter((f) => f.ruleId === 'rpc-plaintext').map((f) => `${f.file}:${f.range.start.line}`);
    assert.deepEqual(rpc.sort(), ['compose.override.yaml:10', 'compose.yaml:4', 'emqx2.conf:0']);
  });

  it('ports: the nodes of the base with the override merged, once each', () => {
    const dir = copyDeployFixture('compose-override');
    const r = runCli(['ports', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const nodes = r.stdout
      .split('\n')
      .filter((l) => /^emqx@\S+\s+\d+\s+\d+\s+\d+$/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(nodes, ['emqx@emqx1.example.net', 'emqx@emqx2.example.net', 'emqx@emqx3.example.net']);
  });
});
