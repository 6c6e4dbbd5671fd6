/**
 * The compose override (`compose.override.yaml` beside `compose.yaml`) merged over the base file
 * as `docker compose` does without `-f`: a variable the override sets wins and its finding and
 * fix land on the override's line, a service only the override defines is a node, a volume only
 * the override adds mounts the node's config (in the deployment reader and in the reader that
 * looks for the services mounting a config), and the override is never read on its own as nodes
 * when a base is beside it; without a base it is read as any compose file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../../server/src/cli/check';
import { mergeComposeOverride, parseCompose } from '../../../server/src/cluster/env';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { applyEdits, CHECK_OPTIONS, DEPLOY_FIXTURES } from './harness';

const DIR = path.join(DEPLOY_FIXTURES, 'compose-override');
const BASE = path.join(DIR, 'compose.yaml');
const OVERRIDE = path.join(DIR, 'compose.override.yaml');
const CONF = path.join(DIR, 'emqx2.conf');

function where(f: Finding): string {
  return `${path.basename(f.location.uri)}:${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`;
}

function of(findings: readonly Finding[], rule: string): string[] {
  return findings
    .filter((f) => f.ruleId === rule)
    .map(where)
    .sort();
}

/** The fixture's files in memory, with `changes` (file name → text, or undefined to leave it out). */
function files(changes: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(DIR)) out[path.join(DIR, name)] = fs.readFileSync(path.join(DIR, name), 'utf8');
  for (const [name, text] of Object.entries(changes)) {
    if (text === undefined) delete out[path.join(DIR, name)];
    else out[path.join(DIR, name)] = text;
  }
  return out;
}

describe('deploy: the compose override merged over the base file', () => {
  it('a variable the override sets wins: its finding is on the override line, and the fix edits the override', () => {
    const findings = checkFiles([BASE], CHECK_OPTIONS).findings;
    assert.deepEqual(of(findings, 'cookie-default'), ['compose.override.yaml:4:27']);
    const cookie = findings.find((f) => f.ruleId === 'cookie-default')!;
    assert.ok(cookie.fixes && cookie.fixes.length > 0, 'a fix for the default cookie');
    const edits = cookie.fixes[0].edits;
    assert.ok(
      edits.every((e) => e.uri === OVERRIDE),
      edits.map((e) => e.uri).join(', '),
    );
    const fixed = applyEdits(fs.readFileSync(OVERRIDE, 'utf8'), edits).split('\n')[3];
    assert.match(fixed, /^ {6}- EMQX_NODE__COOKIE=[A-Za-z0-9]{20,}$/);
    assert.ok(!fixed.includes('emqxsecretcookie'));
    // emqx1's cookie differs from the others' now: the finding names the override's value.
    const mismatch = findings.filter((f) => f.ruleId === 'cluster-cookie-mismatch');
    assert.deepEqual(mismatch.map(where), ['compose.override.yaml:4:27']);
    assert.deepEqual(mismatch[0].related!.map((r) => `${path.basename(r.location.uri)}:${r.location.range.start.line + 1}`).sort(), ['compose.override.yaml:13', 'compose.yaml:15']);
  });

  it('the override replacing a default cookie of the base with a strong one: nothing on the base line', () => {
    const strong = files({ 'compose.override.yaml': 'services:\n  emqx1:\n    environment:\n      - EMQX_NODE__COOKIE=k8Jd93hfQp02LmZx7Rt5Vw\n' });
    // emqx1's cookie in the base (line 7) is the default one.
    strong[BASE] = strong[BASE].replace('EMQX_NODE__COOKIE: "k8Jd93hfQp02LmZx7Rt5Vw"', 'EMQX_NODE__COOKIE: "emqxsecretcookie"');
    const findings = checkFiles([BASE], CHECK_OPTIONS, memoryReader(strong)).findings;
    assert.deepEqual(of(findings, 'cookie-default'), []);
    assert.deepEqual(of(findings, 'cluster-cookie-mismatch'), []);
    // The control: without the override the base's default cookie is judged.
    delete strong[OVERRIDE];
    const alone = checkFiles([BASE], CHECK_OPTIONS, memoryReader(strong)).findings;
    assert.deepEqual(of(alone, 'cookie-default'), ['compose.yaml:7:26']);
  });

  it('a service only in the override is a node; a service the override only adds to is not an extra node', () => {
    const findings = checkFiles([BASE], CHECK_OPTIONS).findings;
    // rpc-plaintext once a node: on the environment of those that mount no config (emqx1 in the base,
    // emqx3 in the override), and on the config the override mounts as emqx2's emqx.conf.
    assert.deepEqual(of(findings, 'rpc-plaintext'), ['compose.override.yaml:11:5', 'compose.yaml:5:5', 'emqx2.conf:1:1']);
    const mismatch = findings.find((f) => f.ruleId === 'cluster-cookie-mismatch')!;
    assert.match(mismatch.message, /emqx@emqx1\.example\.net differs from the cookie of 2 other node\(s\) \(emqx@emqx2\.example\.net, emqx@emqx3\.example\.net\)/);
    // Reading the folder's override too gives no node of its own (no node named after 127.0.0.1).
    const both = checkFiles([BASE, OVERRIDE], CHECK_OPTIONS).findings;
    assert.deepEqual(of(both, 'rpc-plaintext'), of(findings, 'rpc-plaintext'));
    assert.ok(!both.some((f) => /127\.0\.0\.1/.test(f.message)), both.map((f) => f.message).join('\n'));
  });

  it('a volume only in the override mounts the node config: its findings from the compose file, the variables over it', () => {
    assert.deepEqual(of(checkFiles([BASE], CHECK_OPTIONS).findings, 'dashboard-default-password'), ['emqx2.conf:2:30']);
    assert.deepEqual(of(checkFiles([BASE], CHECK_OPTIONS, memoryReader(files({ 'compose.override.yaml': undefined }))).findings, 'dashboard-default-password'), []);
    // The config checked on its own: the service that mounts it (through the override) sets a strong cookie over its default one.
    assert.deepEqual(of(checkFiles([CONF], CHECK_OPTIONS).findings, 'cookie-default'), []);
    assert.deepEqual(of(checkFiles([CONF], CHECK_OPTIONS, memoryReader(files({ 'compose.override.yaml': undefined }))).findings, 'cookie-default'), ['emqx2.conf:1:15']);
  });

  it('an override with no base beside it is read as a compose file of its own', () => {
    const alone = files({ 'compose.yaml': undefined });
    const findings = checkFiles([OVERRIDE], CHECK_OPTIONS, memoryReader(alone)).findings;
    // emqx1 with the default cookie, emqx2 mounting a config with the default cookie, emqx3: three nodes.
    assert.deepEqual(of(findings, 'cookie-default'), ['compose.override.yaml:4:27', 'emqx2.conf:1:15']);
    assert.deepEqual(of(findings, 'rpc-plaintext'), ['compose.override.yaml:11:5', 'compose.override.yaml:3:5', 'emqx2.conf:1:1']);
  });

  it('a required variable the override references is checked on the override', () => {
    const changed = files({
      '.env': 'EMQX_TAG=5.8.6\n',
      'compose.override.yaml': 'services:\n  emqx1:\n    environment:\n      EMQX_LOG__CONSOLE__LEVEL: ${EMQX_LEVEL?set the level in .env}\n',
    });
    const findings = checkFiles([BASE], CHECK_OPTIONS, memoryReader(changed)).findings;
    assert.deepEqual(of(findings, 'compose-required-variable-unset'), ['compose.override.yaml:4:33']);
  });

  it('an override of a service that sets only its host name: the name the entrypoint would take from it', () => {
    const changed = files({ 'compose.override.yaml': 'services:\n  emqx1:\n    hostname: emqx9.example.net\n' });
    changed[BASE] = changed[BASE].replace('      EMQX_NODE__NAME: emqx@emqx1.example.net\n', '');
    const fromIp = checkFiles([BASE], CHECK_OPTIONS, memoryReader(changed)).findings.filter((f) => f.ruleId === 'docker-node-name-from-ip');
    assert.deepEqual(fromIp.map(where), ['compose.yaml:5:5']);
    assert.match(fromIp[0].message, /emqx9\.example\.net/);
    assert.doesNotMatch(fromIp[0].message, /emqx1\.example\.net/);
  });

  it('the cluster reader: environment merged by name in list and map forms, volumes by container path, image replaced, new services added', () => {
    const base = parseCompose(
      [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.7.0',
        '    environment:',
        '      - EMQX_NODE__COOKIE=emqxsecretcookie',
        '      - EMQX_LOG__CONSOLE__LEVEL=info',
        '    volumes:',
        '      - ./a.conf:/opt/emqx/etc/emqx.conf',
        '      - data:/opt/emqx/data/',
        '',
      ].join('\n'),
      '/p/compose.yaml',
    );
    const override = parseCompose(
      [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_NODE__COOKIE: k8Jd93hfQp02LmZx7Rt5Vw',
        '    volumes:',
        '      - ./b.conf:/opt/emqx/etc/emqx.conf:ro',
        '      - other:/opt/emqx/data',
        '  emqx2:',
        '    image: emqx/emqx:5.8.6',
        '',
      ].join('\n'),
      '/p/compose.override.yaml',
    );
    const merged = mergeComposeOverride(base, override);
    assert.deepEqual(
      merged.services.map((s) => s.name),
      ['emqx1', 'emqx2'],
    );
    const emqx1 = merged.services[0];
    assert.equal(emqx1.image, 'emqx/emqx:5.8.6');
    assert.equal(emqx1.imageLocation?.uri, '/p/compose.override.yaml');
    assert.deepEqual(
      emqx1.environment.map((v) => `${v.name}=${v.value} ${path.basename(v.location.uri)}:${v.location.range.start.line + 1}`),
      ['EMQX_LOG__CONSOLE__LEVEL=info compose.yaml:6', 'EMQX_NODE__COOKIE=k8Jd93hfQp02LmZx7Rt5Vw compose.override.yaml:5'],
    );
    assert.deepEqual(emqx1.volumes, [
      { source: './b.conf', target: '/opt/emqx/etc/emqx.conf', readOnly: true },
      { source: 'other', target: '/opt/emqx/data' },
    ]);
    assert.equal(emqx1.location.uri, '/p/compose.yaml');
  });

  it('a data volume only the override keeps: the node named after its IP loses its data, and says so', () => {
    const changed = files({ 'compose.override.yaml': 'services:\n  emqx1:\n    volumes:\n      - emqx1-data:/opt/emqx/data\n' });
    changed[BASE] = changed[BASE].replace('      EMQX_NODE__NAME: emqx@emqx1.example.net\n', '');
    const fromIp = (f: Record<string, string>): Finding[] => checkFiles([BASE], CHECK_OPTIONS, memoryReader(f)).findings.filter((x) => x.ruleId === 'docker-node-name-from-ip');
    const DATA = /empty mnesia\/<node name> folder in the kept data volume/;
    assert.match(fromIp(changed)[0].message, DATA);
    // The control: the base alone keeps no data volume; an override making it a tmpfs keeps none either.
    assert.doesNotMatch(fromIp({ ...changed, [OVERRIDE]: 'services:\n  emqx1:\n    hostname: emqx1.example.net\n' })[0].message, DATA);
    const tmpfs = 'services:\n  emqx1:\n    volumes:\n      - type: tmpfs\n        target: /opt/emqx/data\n';
    const baseWithData = changed[BASE].replace('    hostname: emqx1.example.net\n', '    hostname: emqx1.example.net\n    volumes:\n      - emqx1-data:/opt/emqx/data\n');
    assert.match(fromIp({ ...changed, [BASE]: baseWithData, [OVERRIDE]: 'services:\n  emqx1:\n    hostname: emqx1.example.net\n' })[0].message, DATA);
    assert.doesNotMatch(fromIp({ ...changed, [BASE]: baseWithData, [OVERRIDE]: tmpfs })[0].message, DATA);
  });

  it('an override naming a service with nothing under it changes nothing', () => {
    const empty = files({ 'compose.override.yaml': 'services:\n  emqx1:\n  emqx2: {}\n', 'emqx2.conf': undefined });
    const findings = checkFiles([BASE], CHECK_OPTIONS, memoryReader(empty)).findings;
    assert.deepEqual(of(findings, 'rpc-plaintext'), ['compose.yaml:13:5', 'compose.yaml:5:5']);
    assert.deepEqual(of(findings, 'cookie-default'), []);
  });

  it('a broken override: yaml-syntax on it, and the base read as it is', () => {
    const broken = files({ 'compose.override.yaml': 'services:\n  emqx1:\n    image: "emqx/emqx:5.8.6\n' });
    const findings = checkFiles([BASE, OVERRIDE], CHECK_OPTIONS, memoryReader(broken)).findings;
    assert.deepEqual(of(findings, 'yaml-syntax'), ['compose.override.yaml:4:1']);
    assert.deepEqual(of(findings, 'rpc-plaintext'), ['compose.yaml:13:5', 'compose.yaml:5:5']);
  });

  describe('networking: ports appended, network_mode replaced, the services of both files one project', () => {
    const REMOTE = fs.readFileSync(path.join(DEPLOY_FIXTURES, 'compose-ports-remote', 'docker-compose.yml'), 'utf8');
    const unpublished = (files: Record<string, string>): Finding[] =>
      checkFiles(['/p/docker-compose.yml'], CHECK_OPTIONS, memoryReader(files)).findings.filter((f) => f.ruleId === 'compose-cluster-ports-unpublished');

    it('a port the override publishes counts; the fix adds the rest to the base list', () => {
      const [f] = unpublished({ '/p/docker-compose.yml': REMOTE, '/p/docker-compose.override.yml': 'services:\n  emqx:\n    ports:\n      - "4370:4370"\n' });
      assert.match(f.message, /does not publish TCP 5369\./);
      assert.equal(where(f), 'docker-compose.yml:14:5');
      assert.deepEqual(f.fixes![0].edits, [{ uri: '/p/docker-compose.yml', range: { start: { line: 17, character: 0 }, end: { line: 17, character: 0 } }, newText: '      - "5369:5369"\n' }]);
      // The control: without the override both ports are missing.
      assert.match(unpublished({ '/p/docker-compose.yml': REMOTE })[0].message, /does not publish TCP 4370, 5369\./);
    });

    it('ports only in the override: the finding on its ports key, no fix (entries are added only to the base list)', () => {
      const base = REMOTE.replace(/ {4}ports:\n( {6}- .*\n)+/, '');
      const [f] = unpublished({ '/p/docker-compose.yml': base, '/p/docker-compose.override.yml': 'services:\n  emqx:\n    ports:\n      - "4370:4370"\n' });
      assert.equal(where(f), 'docker-compose.override.yml:3:5');
      assert.equal(f.fixes, undefined);
    });

    it('network_mode: host in the override: the node is not on a bridge network, nothing to publish', () => {
      assert.deepEqual(unpublished({ '/p/docker-compose.yml': REMOTE, '/p/docker-compose.override.yml': 'services:\n  emqx:\n    network_mode: host\n' }), []);
    });

    it('a seed naming a service only the override defines is not a node outside the project', () => {
      const base = REMOTE.replace('emqx@192.168.10.12,emqx@192.168.10.13', 'emqx@emqx2').replaceAll('emqx@192.168.10.11', 'emqx@emqx');
      const over = ['services:', '  emqx2:', '    image: emqx/emqx:5.8.6', '    environment:', '      EMQX_NODE__NAME: emqx@emqx2', '      EMQX_NODE__COOKIE: ${EMQX_COOKIE}', ''].join('\n');
      assert.deepEqual(unpublished({ '/p/docker-compose.yml': base, '/p/docker-compose.override.yml': over }), []);
      // The control: without the override, emqx2 is a node elsewhere.
      assert.equal(unpublished({ '/p/docker-compose.yml': base }).length, 1);
    });
  });
});
