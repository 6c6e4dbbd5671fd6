/**
 * `check` on a compose file whose `${VAR?…}` references its `.env` does not
 * satisfy (compose-required-variable-unset), as a user runs it: the built CLI
 * as a process, in text, JSON and SARIF, and the control it stays silent on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { JsonFinding, buildCli, runCli, sarifValidator, tempDir, ROOT } from './harness';

const RULE = 'compose-required-variable-unset';

/** The rule's fixture folder (two compose files and their .env), with the reported file as docker-compose.yml. */
function project(which: 'reported' | 'valid'): string {
  const dir = tempDir('required-variable');
  const from = path.join(ROOT, 'test', 'fixtures', 'rules', RULE);
  fs.copyFileSync(path.join(from, '.env'), path.join(dir, '.env'));
  fs.copyFileSync(path.join(from, `${which}.docker-compose.yml`), path.join(dir, 'docker-compose.yml'));
  return dir;
}

describe('CLI check: compose-required-variable-unset (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('a required variable the .env does not define or sets empty: on the reference in text, JSON and SARIF', () => {
    const dir = project('reported');
    const text = runCli(['check', '.'], dir);
    assert.equal(text.code, 0, text.stderr + text.stdout);
    assert.match(
      text.stdout,
      /^docker-compose\.yml:9:26 warning compose-required-variable-unset This reference requires the variable EMQX_COOKIE, which the \.env beside this compose file does not define/m,
    );
    assert.match(text.stdout, /^docker-compose\.yml:11:34 warning compose-required-variable-unset This reference requires EMQX_LOG_LEVEL to have a value that is not empty/m);
    assert.equal(runCli(['check', '.', '--fail-on', 'warning'], dir).code, 1);

    const json = (JSON.parse(runCli(['check', 'docker-compose.yml', '--format', 'json'], dir).stdout) as JsonFinding[]).filter((f) => f.ruleId === RULE);
    assert.deepEqual(json.map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.range.start.character}-${f.range.end.character} ${f.severity}`).sort(), [
      'docker-compose.yml:10:33-52 warning',
      'docker-compose.yml:8:25-70 warning',
    ]);
    assert.ok(json.every((f) => path.basename(f.related[0].file) === '.env'));

    const sarifText = runCli(['check', '.', '--format', 'sarif'], dir).stdout;
    const sarif = JSON.parse(sarifText);
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(sarifText)), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === RULE);
    assert.equal(results.length, 2);
    const cookie = results.find((x: { message: { text: string } }) => x.message.text.includes('EMQX_COOKIE'));
    assert.equal(cookie.level, 'warning');
    assert.equal(cookie.locations[0].physicalLocation.artifactLocation.uri, 'docker-compose.yml');
    assert.deepEqual(cookie.locations[0].physicalLocation.region, { startLine: 9, startColumn: 26, endLine: 9, endColumn: 71 });
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === RULE);
    assert.ok(rule, 'the rule is described in the SARIF run');
    assert.match(rule.shortDescription.text, /requires a variable that its \.env does not define/);
  });

  it('the control: every required variable is in the .env (or passed from the shell by it)', () => {
    const r = runCli(['check', '.', '--format', 'json'], project('valid'));
    assert.ok(!(JSON.parse(r.stdout) as JsonFinding[]).some((f) => f.ruleId === RULE), r.stdout);
  });
});
