/**
 * `check` on compose files whose nodes are clustered with other hosts
 * (compose-cluster-ports-unpublished), as a user runs it: the built CLI as a
 * process, in text, JSON and SARIF, and the controls it stays silent on.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildCli, copyDeployFixture, JsonFinding, runCli, sarifValidator } from './harness';

describe('CLI check: compose-cluster-ports-unpublished (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());
  it('a compose node clustered with other hosts that does not publish its cluster ports: on the ports: line in text, JSON and SARIF', () => {
    const dir = copyDeployFixture('compose-ports-remote');
    const text = runCli(['check', '.'], dir);
    assert.equal(text.code, 0, text.stderr + text.stdout);
    assert.match(text.stdout, /^docker-compose\.yml:14:5 warning compose-cluster-ports-unpublished Service emqx runs node emqx@192\.168\.10\.11 .* Add "4370:4370", "5369:5369" under ports:/m);
    assert.equal(runCli(['check', '.', '--fail-on', 'warning'], dir).code, 1);

    const json = JSON.parse(runCli(['check', 'docker-compose.yml', '--format', 'json'], dir).stdout) as JsonFinding[];
    const found = json.filter((f) => f.ruleId === 'compose-cluster-ports-unpublished');
    assert.deepEqual(
      found.map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.range.start.character} ${f.severity}`),
      ['docker-compose.yml:13:4 warning'],
    );

    const sarifText = runCli(['check', '.', '--format', 'sarif'], dir).stdout;
    const sarif = JSON.parse(sarifText);
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(sarifText)), JSON.stringify(validate.errors?.slice(0, 3)));
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'compose-cluster-ports-unpublished');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'docker-compose.yml');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 14);
    assert.match(result.message.text, /does not publish TCP 4370, 5369/);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'compose-cluster-ports-unpublished');
    assert.ok(rule, 'the rule is described in the SARIF run');

    // The controls: one compose network, host networking, everything published.
    for (const control of ['compose-ports-one-network', 'compose-ports-host', 'compose-ports-published']) {
      const r = runCli(['check', '.', '--format', 'json'], copyDeployFixture(control));
      assert.ok(!(JSON.parse(r.stdout) as JsonFinding[]).some((f) => f.ruleId === 'compose-cluster-ports-unpublished'), control);
    }
  });
});
