/**
 * Did-you-mean fixes on the variables of deployment files: a variable whose
 * key EMQX does not know (it drops it at boot) is renamed where the YAML
 * writes its name, an enum value EMQX refuses is replaced where the YAML
 * writes it, in compose's list (`- KEY=value`) and map (`KEY: value`) forms
 * and in Kubernetes `env:` entries, quotes kept; the fixed file checks clean
 * of both. Also the editor's quick fix and the CLI's JSON.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../../server/src/cli/check';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { buildCli, copyDeployFixture, JsonFinding, runCli } from '../cli/harness';
import { CHECK_OPTIONS, DEPLOY_FIXTURES, applyEdits, checkText } from './harness';

const FIXTURE = path.join(DEPLOY_FIXTURES, 'compose-env-typos');
const COMPOSE = path.join(FIXTURE, 'docker-compose.yml');
const JUDGED = new Set(['unknown-key', 'invalid-value']);

/** The finding of `rule` starting on (1-based) `line`. */
function on(findings: readonly Finding[], rule: string, line: number): Finding {
  const f = findings.find((x) => x.ruleId === rule && x.location.range.start.line === line - 1);
  assert.ok(f, `${rule}@${line} in ${findings.map((x) => `${x.ruleId}@${x.location.range.start.line + 1}`).join(', ')}`);
  return f;
}

/** The line `line` (1-based) of the text after the finding's first fix. */
function fixedLine(text: string, f: Finding, line: number): string {
  assert.ok(f.fixes && f.fixes.length > 0, `a fix for ${f.ruleId}@${line}`);
  assert.equal(f.fixes.length, 1);
  return applyEdits(text, f.fixes[0].edits).split('\n')[line - 1];
}

function judged(files: Record<string, string>, file: string): Finding[] {
  return checkFiles([file], CHECK_OPTIONS, memoryReader(files)).findings.filter((f) => JUDGED.has(f.ruleId));
}

describe('deploy: did-you-mean fixes on the variables of deployment files', () => {
  const text = fs.readFileSync(COMPOSE, 'utf8');
  const findings = checkFiles([COMPOSE], CHECK_OPTIONS).findings.filter((f) => JUDGED.has(f.ruleId));

  it('compose list form: the unknown variable is renamed, the refused value replaced inside the quoted entry', () => {
    const unknown = on(findings, 'unknown-key', 9);
    assert.deepEqual(unknown.location.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 41 } });
    assert.equal(
      unknown.message,
      'EMQX 5.8.6 does not know EMQX_CLUSTER__DISCOVERY_STRATEGYY (the key cluster.discovery_strategyy): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean EMQX_CLUSTER__DISCOVERY_STRATEGY?',
    );
    assert.equal(unknown.fixes![0].title, 'Rename the variable to EMQX_CLUSTER__DISCOVERY_STRATEGY');
    assert.equal(fixedLine(text, unknown, 9), '      - EMQX_CLUSTER__DISCOVERY_STRATEGY=static');
    assert.equal(fixedLine(text, on(findings, 'unknown-key', 11), 11), '      - EMQX_NODE__DATA_DIR=/opt/emqx/data');

    const value = on(findings, 'invalid-value', 10);
    assert.equal(value.message, 'EMQX 5.8.6 refuses to start: rpc.protocol = tpc is not one of tcp, ssl. Did you mean tcp?');
    assert.equal(value.fixes![0].title, 'Change to tcp');
    assert.equal(fixedLine(text, value, 10), '      - "EMQX_RPC__PROTOCOL=tcp"');
  });

  it('compose map form: the key renamed, quoted values stay quoted, a boolean stays a string', () => {
    assert.equal(fixedLine(text, on(findings, 'unknown-key', 17), 17), '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static');
    assert.equal(fixedLine(text, on(findings, 'invalid-value', 18), 18), "      EMQX_RPC__PROTOCOL: 'tcp'");
    const fallback = on(findings, 'invalid-value', 19);
    assert.equal(fallback.message, 'EMQX 5.8.6 refuses to start: rpc.insecure_fallback = flase is not one of true, false. Did you mean false?');
    assert.equal(fixedLine(text, fallback, 19), '      EMQX_RPC__INSECURE_FALLBACK: "false"');
  });

  it('a value from a ${VAR:-default} is reported but not replaced (the reference would go); no rename to a variable the service already sets', () => {
    const interpolated = on(findings, 'invalid-value', 26);
    assert.equal(interpolated.fixes, undefined);
    const cooky = on(findings, 'unknown-key', 27);
    assert.equal(
      cooky.message,
      'EMQX 5.8.6 does not know EMQX_NODE__COOKY (the key node.cooky): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean EMQX_NODE__COOKIE?',
    );
    // EMQX_NODE__COOKIE is set three lines above: renaming would write the key twice in one mapping.
    assert.equal(cooky.fixes, undefined);
    assert.ok(!findings.some((f) => f.message.includes('not-a-key')), 'the value of a secret-named key is never shown');
  });

  it('every fix applied, the file checks clean of unknown keys and refused values (but the one behind ${VAR})', () => {
    const edits = findings.flatMap((f) => f.fixes?.[0]?.edits ?? []);
    const fixed = applyEdits(text, edits);
    const again = judged({ [COMPOSE]: fixed }, COMPOSE);
    assert.deepEqual(
      again.map((f) => `${f.ruleId}@${f.location.range.start.line + 1}`),
      ['invalid-value@26', 'unknown-key@27'],
    );
  });

  it('Kubernetes env entries: the name: value renamed, value: replaced with its quotes', () => {
    const file = '/k8s/emqx.yaml';
    const manifest = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: emqx',
      'spec:',
      '  serviceName: emqx-headless',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      '            - name: EMQX_NODE__COOKIE',
      '              value: "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
      '            - name: EMQX_CLUSTER__DISCOVERY_STRATEGYY',
      '              value: k8s',
      '            - name: EMQX_RPC__PROTOCOL',
      '              value: "tpc"',
      '',
    ].join('\n');
    const found = judged({ [file]: manifest }, file);
    assert.deepEqual(
      found.map((f) => `${f.ruleId}@${f.location.range.start.line + 1}`),
      ['unknown-key@16', 'invalid-value@19'],
      'one finding each for the three replicas',
    );
    assert.equal(fixedLine(manifest, found[0], 16), '            - name: EMQX_CLUSTER__DISCOVERY_STRATEGY');
    assert.equal(fixedLine(manifest, found[1], 19), '              value: "tcp"');
  });

  it('rpc variables: an unknown one is dropped by EMQX, not refused; renamed when a known key is close', () => {
    const file = '/c/docker-compose.yml';
    const compose = [
      'services:',
      '  emqx:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_NODE__COOKIE: "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
      '      EMQX_RPC__PROTOCOLL: ssl',
      '      EMQX_RPC__VERIFY: verify_peer',
      '',
    ].join('\n');
    const found = checkText(file, compose).findings.filter((f) => f.ruleId === 'rpc-unknown-key');
    assert.deepEqual(
      found.map((f) => `${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`),
      ['6:7', '7:7'],
    );
    assert.equal(
      found[0].message,
      'EMQX 5.8 does not know EMQX_RPC__PROTOCOLL (the key rpc.protocoll): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean EMQX_RPC__PROTOCOL?',
    );
    assert.equal(fixedLine(compose, found[0], 6), '      EMQX_RPC__PROTOCOL: ssl');
    assert.match(found[1].message, /^EMQX 5\.8 does not know EMQX_RPC__VERIFY \(the key rpc\.verify\): it drops the variable with an "unknown_env_vars" warning and starts without the setting\. \S/);
    assert.equal(found[1].fixes, undefined);
  });

  it('the editor offers the rename as a quick fix on the compose document', () => {
    const service = new LanguageService({ engine: defaultEngine });
    const uri = 'file:///w/docker-compose.yml';
    const a = service.analyze({
      uri,
      path: '/w/docker-compose.yml',
      version: 1,
      text,
      languageId: 'dockercompose',
      settings: DEFAULT_SETTINGS,
      reader: memoryReader({ '/w/docker-compose.yml': text }),
      trusted: true,
    });
    const d = service.diagnostics(a).find((x) => x.code === 'unknown-key' && x.range.start.line === 8);
    assert.ok(d);
    const actions = service.codeActions(a, d.range, { diagnostics: [d] });
    const rename = actions.find((x) => x.title === 'Rename the variable to EMQX_CLUSTER__DISCOVERY_STRATEGY');
    assert.ok(rename, actions.map((x) => x.title).join(' | '));
    assert.deepEqual(rename.edit?.changes?.[uri], [{ range: { start: { line: 8, character: 8 }, end: { line: 8, character: 41 } }, newText: 'EMQX_CLUSTER__DISCOVERY_STRATEGY' }]);
  });

  it('check --format json names the compose file, line and message of each', function () {
    this.timeout(120000);
    buildCli();
    const dir = copyDeployFixture('compose-env-typos');
    const r = runCli(['check', 'docker-compose.yml', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => JUDGED.has(f.ruleId));
    assert.deepEqual(
      out.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.keyPath}`),
      [
        'docker-compose.yml:9 unknown-key cluster.discovery_strategyy',
        'docker-compose.yml:10 invalid-value rpc.protocol',
        'docker-compose.yml:11 unknown-key node.data_dirr',
        'docker-compose.yml:17 unknown-key cluster.discovery_strategyy',
        'docker-compose.yml:18 invalid-value rpc.protocol',
        'docker-compose.yml:19 invalid-value rpc.insecure_fallback',
        'docker-compose.yml:26 invalid-value rpc.protocol',
        'docker-compose.yml:27 unknown-key node.cooky',
      ],
    );
    assert.ok(out[0].message.endsWith('Did you mean EMQX_CLUSTER__DISCOVERY_STRATEGY?'));
  });
});
