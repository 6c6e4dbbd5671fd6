import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { CHECK_OPTIONS, DEPLOY_FIXTURES, applyFirstEdit, checkText } from './harness';

/** `rule@line` (1-based) of the findings in one file, sorted. */
function at(findings: readonly Finding[], file: string): string[] {
  return findings
    .filter((f) => f.location.uri === file)
    .map((f) => `${f.ruleId}@${f.location.range.start.line + 1}`)
    .sort();
}

describe('deploy: check on deployment files (the node pipeline over YAML nodes)', () => {
  it('a compose-only cluster: the default cookie on the EMQX_NODE__COOKIE lines, what the nodes lack on their environment: key', () => {
    const file = path.join(DEPLOY_FIXTURES, 'compose-default-cookie', 'docker-compose.yml');
    const r = checkFiles([file], CHECK_OPTIONS);
    assert.deepEqual(at(r.findings, file), [
      'cookie-default@15',
      'cookie-default@25',
      'dist-plaintext@11',
      'dist-plaintext@21',
      'rpc-insecure-fallback@11',
      'rpc-insecure-fallback@21',
      'rpc-plaintext@11',
      'rpc-plaintext@21',
    ]);
    // No finding anywhere else (nothing read as HOCON, no virtual file named).
    assert.deepEqual(
      r.findings.filter((f) => f.location.uri !== file),
      [],
    );
    const cookie = r.findings.find((f) => f.ruleId === 'cookie-default' && f.location.range.start.line === 14)!;
    assert.deepEqual(cookie.location.range, { start: { line: 14, character: 26 }, end: { line: 14, character: 42 } });
    assert.ok(!cookie.message.includes('emqxsecretcookie'));
    // The fix replaces the value in the list entry; the file stays valid compose.
    const text = fs.readFileSync(file, 'utf8');
    const fixed = applyFirstEdit(text, cookie);
    assert.match(fixed.split('\n')[14], /^ {6}- EMQX_NODE__COOKIE=[A-Za-z][A-Za-z0-9]{47}$/);
    // Map form keeps the quotes.
    const cookie2 = r.findings.find((f) => f.ruleId === 'cookie-default' && f.location.range.start.line === 24)!;
    assert.match(applyFirstEdit(text, cookie2).split('\n')[24], /^ {6}EMQX_NODE__COOKIE: "[A-Za-z0-9]{48}"$/);
  });

  it('services of one compose file are one cluster: a cookie that differs is reported on its line', () => {
    const text = fs
      .readFileSync(path.join(DEPLOY_FIXTURES, 'compose-default-cookie', 'docker-compose.yml'), 'utf8')
      .replace('EMQX_NODE__COOKIE: "emqxsecretcookie"', 'EMQX_NODE__COOKIE: "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"');
    const file = '/p/docker-compose.yml';
    const r = checkText(file, text);
    const mismatch = r.findings.filter((f) => f.ruleId === 'cluster-cookie-mismatch');
    // Two nodes, no majority: each is told, on its cookie line.
    assert.deepEqual(mismatch.map((f) => `${f.location.uri}:${f.location.range.start.line + 1}`).sort(), [`${file}:15`, `${file}:25`]);
    for (const f of r.findings) assert.ok(!f.message.includes('Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE'));
  });

  it('a service without a cookie: cookie-missing on its environment: key, with a fix that adds one there', () => {
    const file = '/p/docker-compose.yml';
    const text = ['services:', '  emqx:', '    image: emqx/emqx:5.8.6', '    environment:', '      EMQX_CLUSTER__DISCOVERY_STRATEGY: manual', ''].join('\n');
    const r = checkText(file, text);
    const missing = r.findings.find((f) => f.ruleId === 'cookie-missing')!;
    assert.equal(missing.location.range.start.line, 3);
    const fixed = applyFirstEdit(text, missing);
    assert.match(fixed, /\n {6}EMQX_CLUSTER__DISCOVERY_STRATEGY: manual\n {6}EMQX_NODE__COOKIE: "[A-Za-z0-9]{48}"\n$/);
    // After the fix the service has a cookie of its own: no cookie finding left.
    const again = checkText(file, fixed);
    assert.deepEqual(
      again.findings.filter((f) => f.ruleId.startsWith('cookie-')),
      [],
    );
  });

  it('a StatefulSet container without a cookie: the fix adds a name/value entry to its env list', () => {
    const file = '/k/emqx.yaml';
    const text = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: emqx}',
      'spec:',
      '  replicas: 1',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      '            - name: EMQX_HOST',
      '              value: "emqx-0.local"',
      '          ports:',
      '            - containerPort: 1883',
      '',
    ].join('\n');
    const r = checkText(file, text);
    const missing = r.findings.find((f) => f.ruleId === 'cookie-missing')!;
    assert.equal(missing.location.range.start.line, 10);
    const fixed = applyFirstEdit(text, missing);
    assert.match(fixed, /\n {14}value: "emqx-0\.local"\n {12}- name: EMQX_NODE__COOKIE\n {14}value: "[A-Za-z0-9]{48}"\n {10}ports:/);
    const again = checkText(file, fixed);
    assert.ok(!again.findings.some((f) => f.ruleId.startsWith('cookie-')));
  });

  it('a value from the .env is reported on the .env line; an unknown ${VAR} is never judged', () => {
    const file = path.join(DEPLOY_FIXTURES, 'compose-env', 'docker-compose.yml');
    const r = checkFiles([file], CHECK_OPTIONS);
    const env = path.join(DEPLOY_FIXTURES, 'compose-env', '.env');
    assert.deepEqual(at(r.findings, env), ['cookie-default@1']);
    assert.ok(!r.findings.some((f) => f.ruleId === 'cookie-missing'));
    assert.ok(!r.findings.some((f) => f.ruleId === 'cluster-cookie-mismatch'));
  });

  it('a StatefulSet with its emqx.conf in a ConfigMap: findings inside the block scalar, at the exact column', () => {
    const file = path.join(DEPLOY_FIXTURES, 'statefulset', 'emqx.yaml');
    const r = checkFiles([file], CHECK_OPTIONS);
    const cookie = r.findings.find((f) => f.ruleId === 'cookie-default')!;
    assert.deepEqual(cookie.location, { uri: file, range: { start: { line: 16, character: 15 }, end: { line: 16, character: 29 } } });
    const dist = r.findings.find((f) => f.ruleId === 'dist-plaintext')!;
    assert.equal(dist.location.range.start.line, 19);
    // Three replicas, one finding per place.
    assert.equal(r.findings.filter((f) => f.ruleId === 'cookie-default').length, 1);
    assert.ok(r.findings.every((f) => f.location.uri === file));
  });

  it('CRLF manifests: the same findings at the same places', () => {
    const text = fs.readFileSync(path.join(DEPLOY_FIXTURES, 'statefulset', 'emqx.yaml'), 'utf8').replace(/\n/g, '\r\n');
    const r = checkText('/k/emqx.yaml', text);
    const cookie = r.findings.find((f) => f.ruleId === 'cookie-default')!;
    assert.deepEqual(cookie.location.range, { start: { line: 16, character: 15 }, end: { line: 16, character: 29 } });
    assert.ok(!r.findings.some((f) => /syntax/.test(f.ruleId)), r.findings.map((f) => f.ruleId).join());
  });

  it('an Operator resource: config.data findings on their lines; without node.cookie the generated cookie is not judged', () => {
    const file = path.join(DEPLOY_FIXTURES, 'operator', 'emqx.yaml');
    const r = checkFiles([file], CHECK_OPTIONS);
    assert.deepEqual(at(r.findings, file), ['cookie-default@10', 'dist-plaintext@10', 'rpc-insecure-fallback@11']);
    const text = fs.readFileSync(file, 'utf8').replace('      node.cookie = "emqx50elixir"\n', '');
    const r2 = checkText('/o/emqx.yaml', text);
    assert.ok(!r2.findings.some((f) => f.ruleId.startsWith('cookie-')));
  });

  it('an Operator resource whose replicants lack a setting the core template sets: the cluster findings on the replicantTemplate: key, or its env: key', () => {
    const file = '/o/emqx.yaml';
    const resource = (replicantEnv: string[]) =>
      [
        'apiVersion: apps.emqx.io/v2beta1',
        'kind: EMQX',
        'metadata:',
        '  name: emqx',
        'spec:',
        '  image: emqx/emqx:5.8.6',
        '  config:',
        '    data: |',
        '      node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
        '  coreTemplate:',
        '    spec:',
        '      replicas: 3',
        '      env:',
        '        - name: EMQX_CLUSTER__PROTO_DIST',
        '          value: inet_tls',
        '        - name: EMQX_RPC__PROTOCOL',
        '          value: ssl',
        '  replicantTemplate:',
        '    spec:',
        '      replicas: 2',
        ...replicantEnv,
        '',
      ].join('\n');
    const mismatches = (text: string) =>
      checkFiles([file], CHECK_OPTIONS, memoryReader({ [file]: text })).findings.filter((f) => f.ruleId === 'cluster-dist-mismatch' || f.ruleId === 'cluster-rpc-mismatch');
    // No env: at all: on the replicantTemplate: key (line 18), one finding per replicant pod and rule.
    const bare = mismatches(resource([]));
    assert.deepEqual(bare.map((f) => `${f.ruleId} ${f.message.slice(0, f.message.indexOf(' uses'))}`).sort(), [
      'cluster-dist-mismatch Node emqx@emqx-replicant-0.emqx-headless.default.svc.cluster.local',
      'cluster-dist-mismatch Node emqx@emqx-replicant-1.emqx-headless.default.svc.cluster.local',
      'cluster-rpc-mismatch Node emqx@emqx-replicant-0.emqx-headless.default.svc.cluster.local',
      'cluster-rpc-mismatch Node emqx@emqx-replicant-1.emqx-headless.default.svc.cluster.local',
    ]);
    for (const f of bare) {
      assert.equal(f.location.uri, file);
      assert.deepEqual(f.location.range, { start: { line: 17, character: 2 }, end: { line: 17, character: 19 } }, f.message);
    }
    // The core's value is the related place: its env value line.
    const dist = bare.find((f) => f.ruleId === 'cluster-dist-mismatch')!;
    assert.ok(
      dist.related!.every((r) => r.location.range.start.line === 14),
      JSON.stringify(dist.related),
    );
    // With an env: of their own (that lacks the setting): on that env: key.
    const withEnv = mismatches(resource(['      env:', '        - name: EMQX_LOG__CONSOLE__LEVEL', '          value: info']));
    assert.equal(withEnv.length, 4);
    for (const f of withEnv) assert.deepEqual(f.location.range, { start: { line: 20, character: 6 }, end: { line: 20, character: 9 } }, f.message);
  });

  it('Helm values: the chart sets no cookie (cookie-missing on emqxConfig:), the shipped dashboard password is reported where emqxConfig sets it, latest is said to be assumed', () => {
    const file = path.join(DEPLOY_FIXTURES, 'helm-values', 'values.yaml');
    const r = checkFiles([file], CHECK_OPTIONS);
    assert.deepEqual(at(r.findings, file), ['cookie-missing@7', 'dashboard-default-password@10', 'dist-plaintext@7', 'image-version-assumed@5', 'rpc-insecure-fallback@7', 'rpc-plaintext@11']);
    assert.match(r.findings.find((f) => f.ruleId === 'image-version-assumed')!.message, /emqx\/emqx:latest names no EMQX version/);
  });

  it('broken YAML gives one yaml-syntax finding and nothing else; unrelated YAML nothing at all', () => {
    const broken = path.join(DEPLOY_FIXTURES, 'broken', 'docker-compose.yml');
    const r = checkFiles([broken, path.join(DEPLOY_FIXTURES, 'other-yaml', 'ci.yaml')], CHECK_OPTIONS);
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId}@${f.location.range.start.line + 1}`),
      ['yaml-syntax@8'],
    );
    assert.equal(r.checked, 1);
  });

  it('a Helm chart: its templates are left alone (not broken YAML), its values file is read; a template broken beyond its actions is reported', () => {
    const chart = path.join(DEPLOY_FIXTURES, 'chart-template');
    // As a folder gives them: every YAML file a candidate, none named.
    const files = ['values.yaml', 'templates/statefulset.yaml', 'templates/configmap.yaml', 'templates/broken.yaml'].map((f) => path.join(chart, f));
    const r = checkFiles(files, CHECK_OPTIONS);
    const values = path.join(chart, 'values.yaml');
    assert.deepEqual(r.findings.map((f) => `${path.relative(chart, f.location.uri)}:${f.ruleId}@${f.location.range.start.line + 1}`).sort(), [
      'templates/broken.yaml:yaml-syntax@11',
      'values.yaml:cookie-default@8',
      // The chart's own emqxConfig sets the dashboard's password to public: on the emqxConfig: key.
      'values.yaml:dashboard-default-password@5',
      'values.yaml:dist-plaintext@5',
      'values.yaml:rpc-insecure-fallback@5',
      'values.yaml:rpc-plaintext@5',
    ]);
    assert.match(r.findings.find((f) => f.ruleId === 'yaml-syntax')!.message, /Sequence item without - indicator/);
    assert.equal(at(r.findings, values).length, 5);
    // Named on its own, a template is no deployment either: nothing is claimed about it.
    const stsFile = path.join(chart, 'templates', 'statefulset.yaml');
    const sts = checkFiles([stsFile], CHECK_OPTIONS, undefined, new Set([stsFile]));
    assert.deepEqual(sts.findings, []);
    assert.equal(sts.checked, 0);
  });

  it('suppression comments in the YAML file apply, also to findings moved there', () => {
    const file = '/p/docker-compose.yml';
    const text = [
      'services:',
      '  emqx:',
      '    image: emqx/emqx:5.8.6',
      '    # emqx-security-disable-next-line cookie-missing rpc-plaintext -- lab setup',
      '    environment:',
      '      # emqx-security-disable-next-line cookie-default -- lab setup',
      '      EMQX_NODE__COOKIE: emqxsecretcookie',
      '',
    ].join('\n');
    const r = checkText(file, text);
    const ids = r.findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('cookie-default'), ids.join());
    assert.ok(!ids.includes('rpc-plaintext'), ids.join());
    assert.ok(ids.includes('dist-plaintext'), ids.join());
  });

  it('a node named after its container address (unknown here) is never judged by DNS discovery, nor called a duplicate', () => {
    const file = '/p/docker-compose.yml';
    const svc = (n: number) => [
      `  emqx${n}:`,
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_CLUSTER__DISCOVERY_STRATEGY: dns',
      '      EMQX_CLUSTER__DNS__NAME: emqx.local',
      '      EMQX_NODE__COOKIE: Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE',
    ];
    const text = ['services:', ...svc(1), ...svc(2), ''].join('\n');
    const r = checkText(file, text);
    const ids = r.findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('node-name-dns-ip'), ids.join());
    assert.ok(!ids.includes('cluster-duplicate-node'), ids.join());
    assert.ok(!ids.includes('cluster-port-collision'), ids.join());
  });

  it('a config only named like a checked compose service (not mounted) is not that service a second time', () => {
    const files = {
      '/n/docker-compose.yml': [
        'services:',
        '  node1:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_NODE__NAME: emqx@node1.example',
        '      EMQX_NODE__COOKIE: Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE',
        '',
      ].join('\n'),
      '/n/node1/emqx.conf': 'node.name = "emqx@other.example"\nnode.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
    };
    const r = checkFiles(['/n/docker-compose.yml', '/n/node1/emqx.conf'], CHECK_OPTIONS, memoryReader(files));
    assert.ok(!r.findings.some((f) => f.ruleId === 'cluster-duplicate-node'), r.findings.map((f) => f.ruleId).join());
  });

  it('TLS distribution in HOCON an Operator resource embeds: the image ships etc/ssl_dist.conf, so its demo certificates are reported, never "there is none"; a config file on disk still gets "none"', () => {
    const files = {
      '/o/emqx.yaml': [
        'apiVersion: apps.emqx.io/v2beta1',
        'kind: EMQX',
        'metadata:',
        '  name: emqx',
        'spec:',
        '  image: emqx/emqx:5.8.6',
        '  config:',
        '    data: |',
        '      cluster.proto_dist = inet_tls',
        '',
      ].join('\n'),
      '/c/emqx.conf': 'cluster.proto_dist = inet_tls\n',
    };
    const r = checkFiles(['/o/emqx.yaml', '/c/emqx.conf'], CHECK_OPTIONS, memoryReader(files));
    const operator = at(r.findings, '/o/emqx.yaml');
    assert.ok(operator.includes('rpc-plaintext@9'), operator.join());
    // The operator mounts nothing at etc/ssl_dist.conf: the node reads the image's own file.
    assert.ok(operator.includes('dist-tls-without-ssl-dist@9'), operator.join());
    const shipped = r.findings.filter((f) => f.ruleId === 'dist-tls-without-ssl-dist' && f.location.uri === '/o/emqx.yaml');
    assert.ok(
      shipped.every((f) => /the one its image ships, with EMQX's demo certificates/.test(f.message) && !/there is none/.test(f.message)),
      shipped.map((f) => f.message).join('\n'),
    );
    assert.ok(!r.findings.some((f) => /#/.test(f.location.uri)), 'no finding in a file that does not exist');
    assert.ok(at(r.findings, '/c/emqx.conf').includes('dist-tls-without-ssl-dist@1'));
  });

  it('a mounted emqx.conf is checked as the service node it is, with the variables of the service', () => {
    const files = {
      '/m/docker-compose.yml': [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_NODE__COOKIE: emqxsecretcookie',
        '    volumes:',
        '      - ./emqx.conf:/opt/emqx/etc/emqx.conf',
        '',
      ].join('\n'),
      '/m/emqx.conf': 'rpc.protocol = tcp\n',
    };
    const r = checkFiles(['/m/docker-compose.yml', '/m/emqx.conf'], CHECK_OPTIONS, memoryReader(files));
    assert.deepEqual(at(r.findings, '/m/docker-compose.yml'), ['cookie-default@5']);
    assert.ok(at(r.findings, '/m/emqx.conf').includes('rpc-plaintext@1'));
    // The config is one node (the service's), not two: no duplicate-name finding.
    assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cluster-')));
  });
});

describe('deploy: a Dockerfile built on EMQX', () => {
  it('ENV lines (continued, legacy form, quoted) are the variables, ARGs name the image, a COPY of emqx.conf is the config', () => {
    const file = path.join(DEPLOY_FIXTURES, 'dockerfile', 'Dockerfile');
    const r = checkFiles([file], CHECK_OPTIONS);
    assert.deepEqual(at(r.findings, file), ['cookie-default@3', 'dist-plaintext@5', 'rpc-plaintext@4']);
    const cookie = r.findings.find((f) => f.ruleId === 'cookie-default')!;
    assert.deepEqual(cookie.location.range, { start: { line: 2, character: 22 }, end: { line: 2, character: 38 } });
    // ENV wins over the copied emqx.conf (inet_tls there, inet_tcp in ENV): the finding is on the ENV line.
    assert.equal(r.findings.find((f) => f.ruleId === 'dist-plaintext')!.location.uri, file);
    // Version 5.8.6 from the ARG: no version hint.
    assert.ok(!r.findings.some((f) => f.ruleId === 'image-version-assumed'));
    // A Dockerfile of something else is left alone.
    const other = checkText('/d/Dockerfile', 'FROM node:20\nENV NODE_ENV=production\n');
    assert.deepEqual(other.findings, []);
    assert.equal(other.checked, 0);
  });
});

describe('deploy: a config mounted as the node emqx.conf under another host name', () => {
  const files = {
    '/m/docker-compose.yml': [
      'services:',
      '  emqx1:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_NODE__NAME: emqx@emqx1.example.net',
      '  emqx2:',
      '    image: emqx/emqx:5.8.6',
      '    volumes:',
      '      - ./node2.conf:/opt/emqx/etc/emqx.conf',
      '    environment:',
      '      EMQX_NODE__NAME: emqx@emqx2.example.net',
      '      EMQX_NODE__COOKIE: "k8Jd93hfQp02LmZx7Rt5Vw"',
      '',
    ].join('\n'),
    // Its only cluster setting is overridden by the environment, so nothing in it is in effect.
    '/m/node2.conf': 'node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
  };

  it('is judged for what it lacks, as an emqx.conf is: the node is reported, on that file', () => {
    const r = checkFiles(['/m/docker-compose.yml', '/m/node2.conf'], CHECK_OPTIONS, memoryReader(files));
    const rpc = r.findings.filter((f) => f.ruleId === 'rpc-plaintext');
    assert.deepEqual(rpc.map((f) => `${path.basename(f.location.uri)}:${f.location.range.start.line}:${f.location.range.start.character}`).sort(), ['docker-compose.yml:3:4', 'node2.conf:0:0']);
  });
});
