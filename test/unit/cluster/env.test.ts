import * as assert from 'node:assert/strict';
import { dockerImageEnv, envNameToKeyPath, interpolate, isOfficialEmqxImage, normalizeEmqxEnv, parseCompose, parseDotEnv, parseKubernetes } from '../../../server/src/cluster/env';

/** The text a range covers, to assert locations by what they point at. */
function slice(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

describe('cluster/env: .env files', () => {
  it('reads assignments, quotes, export and comments with their locations', () => {
    const text = ['# comment', 'EMQX_NODE__NAME=emqx1@10.0.0.1', 'export EMQX_RPC__PROTOCOL = ssl # inline comment', "EMQX_NODE__COOKIE='a#b c'", 'QUOTED="x\\"y"', 'not an assignment', 'EMPTY='].join(
      '\n',
    );
    const vars = parseDotEnv(text, '/d/.env');
    assert.deepEqual(
      vars.map((v) => [v.name, v.value]),
      [
        ['EMQX_NODE__NAME', 'emqx1@10.0.0.1'],
        ['EMQX_RPC__PROTOCOL', 'ssl'],
        ['EMQX_NODE__COOKIE', 'a#b c'],
        ['QUOTED', 'x"y'],
        ['EMPTY', ''],
      ],
    );
    assert.equal(vars[0].location.range.start.line, 1);
    assert.equal(slice(text, vars[0].valueLocation!.range), 'emqx1@10.0.0.1');
    assert.equal(slice(text, vars[1].valueLocation!.range), 'ssl');
    assert.equal(slice(text, vars[2].valueLocation!.range), "'a#b c'");
    assert.ok(vars.every((v) => v.location.uri === '/d/.env' && v.source === 'dotenv'));
  });

  it('handles CRLF line ends', () => {
    const vars = parseDotEnv('A=1\r\nEMQX_B=two\r\n', '/x');
    assert.deepEqual(
      vars.map((v) => [v.name, v.value]),
      [
        ['A', '1'],
        ['EMQX_B', 'two'],
      ],
    );
  });
});

describe('cluster/env: compose interpolation', () => {
  const vars = new Map([
    ['COOKIE', 's3cr3t'],
    ['EMPTY', ''],
  ]);
  it('substitutes ${VAR}, defaults and $$', () => {
    assert.deepEqual(interpolate('${COOKIE}', vars), { value: 's3cr3t', exact: true });
    assert.deepEqual(interpolate('${EMPTY:-dflt}', vars), { value: 'dflt', exact: true });
    assert.deepEqual(interpolate('${EMPTY-dflt}', vars), { value: '', exact: true });
    assert.deepEqual(interpolate('$$HOME', vars), { value: '$HOME', exact: true });
    assert.deepEqual(interpolate('x-${MISSING}', vars), { value: 'x-', exact: false });
  });
});

describe('cluster/env: docker-compose', () => {
  const compose = [
    'services:',
    '  emqx1:',
    '    image: emqx/emqx:5.8.6',
    '    hostname: node1.emqx.io',
    '    environment:',
    '      EMQX_NODE__NAME: emqx@node1.emqx.io',
    '      EMQX_NODE__COOKIE: ${CLUSTER_COOKIE}',
    '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
    '    volumes:',
    '      - ./node1/emqx.conf:/opt/emqx/etc/emqx.conf:ro',
    '    env_file: ./node1.env',
    '  emqx2:',
    '    image: "emqx/emqx-enterprise:5.8.6"',
    '    environment:',
    '      - EMQX_NODE__NAME=emqx@node2.emqx.io',
    '      - "EMQX_RPC__PORT_DISCOVERY=stateless"',
    '      - EMQX_PASSED_THROUGH',
    '    volumes:',
    '      - type: bind',
    '        source: ./node2',
    '        target: /opt/emqx/etc',
    '    env_file:',
    '      - common.env',
    '      - path: node2.env',
  ].join('\n');

  it('reads map and list environments, volumes, env_file and image with locations', () => {
    const file = parseCompose(compose, '/p/docker-compose.yml', new Map([['CLUSTER_COOKIE', 'from-dotenv']]));
    assert.deepEqual(
      file.services.map((s) => s.name),
      ['emqx1', 'emqx2'],
    );
    const [s1, s2] = file.services;
    assert.equal(s1.image, 'emqx/emqx:5.8.6');
    assert.equal(s1.hostname, 'node1.emqx.io');
    assert.deepEqual(
      s1.environment.map((v) => [v.name, v.value]),
      [
        ['EMQX_NODE__NAME', 'emqx@node1.emqx.io'],
        ['EMQX_NODE__COOKIE', 'from-dotenv'],
        ['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'static'],
      ],
    );
    assert.equal(slice(compose, s1.environment[0].location.range), 'EMQX_NODE__NAME: emqx@node1.emqx.io');
    assert.equal(slice(compose, s1.environment[0].valueLocation!.range), 'emqx@node1.emqx.io');
    assert.deepEqual(s1.volumes, [{ source: './node1/emqx.conf', target: '/opt/emqx/etc/emqx.conf', readOnly: true }]);
    assert.deepEqual(s1.envFiles, ['./node1.env']);
    assert.equal(slice(compose, s1.imageLocation!.range), 'emqx/emqx:5.8.6');

    assert.deepEqual(
      s2.environment.map((v) => [v.name, v.value, v.unresolved ?? false]),
      [
        ['EMQX_NODE__NAME', 'emqx@node2.emqx.io', false],
        ['EMQX_RPC__PORT_DISCOVERY', 'stateless', false],
        ['EMQX_PASSED_THROUGH', '', true],
      ],
    );
    assert.equal(slice(compose, s2.environment[0].valueLocation!.range), 'emqx@node2.emqx.io');
    assert.equal(slice(compose, s2.environment[1].valueLocation!.range), 'stateless');
    assert.deepEqual(s2.volumes, [{ source: './node2', target: '/opt/emqx/etc' }]);
    assert.deepEqual(s2.envFiles, ['common.env', 'node2.env']);
  });

  it('marks a ${VAR} with no value as unresolved instead of guessing', () => {
    const file = parseCompose(compose, '/p/docker-compose.yml');
    const cookie = file.services[0].environment.find((v) => v.name === 'EMQX_NODE__COOKIE')!;
    assert.equal(cookie.unresolved, true);
  });

  it('gives no services for text that is not a compose file', () => {
    assert.deepEqual(parseCompose('::: not yaml [', '/x').services, []);
    assert.deepEqual(parseCompose('a: 1', '/x').services, []);
  });

  it('recognises the official image and adds the port discovery it forces', () => {
    assert.ok(isOfficialEmqxImage('emqx/emqx:5.8.6'));
    assert.ok(isOfficialEmqxImage('docker.io/emqx/emqx-enterprise:5.8'));
    assert.ok(isOfficialEmqxImage('emqx:4.4.19'));
    assert.ok(isOfficialEmqxImage('registry.example:5000/emqx/emqx@sha256:0123abcd'));
    assert.ok(!isOfficialEmqxImage('bitnami/emqx:5'));
    assert.ok(!isOfficialEmqxImage('myorg/emqx-custom:1'));
    const file = parseCompose(compose, '/p/docker-compose.yml');
    const forced = dockerImageEnv(file.services[0].imageLocation!, file.services[0].environment);
    assert.deepEqual(
      forced.map((v) => [v.name, v.value, v.source]),
      [['EMQX_RPC__PORT_DISCOVERY', 'manual', 'image']],
    );
    // The second service sets it itself, so the entrypoint leaves it alone.
    assert.deepEqual(dockerImageEnv(file.services[1].imageLocation!, file.services[1].environment), []);
  });
});

describe('cluster/env: docker-compose with anchors and merge keys', () => {
  it('a service takes the image, environment and volumes of the anchor it merges; its own keys win', () => {
    const text = [
      'x-emqx: &emqx',
      '  image: emqx/emqx:5.8.6',
      '  environment: &env',
      '    EMQX_NODE__COOKIE: emqxsecretcookie',
      '  volumes:',
      '    - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf',
      'services:',
      '  node1:',
      '    <<: *emqx',
      '  node2:',
      '    <<: *emqx',
      '    image: emqx/emqx:5.8.9',
      '',
    ].join('\n');
    const c = parseCompose(text, '/p/docker-compose.yml');
    assert.deepEqual(
      c.services.map((s) => [s.name, s.image, s.environment.map((v) => `${v.name}=${v.value}@${v.location.range.start.line}`), s.volumes.length]),
      [
        ['node1', 'emqx/emqx:5.8.6', ['EMQX_NODE__COOKIE=emqxsecretcookie@3'], 1],
        ['node2', 'emqx/emqx:5.8.9', ['EMQX_NODE__COOKIE=emqxsecretcookie@3'], 1],
      ],
    );
  });
});

describe('cluster/env: Kubernetes manifests', () => {
  it('reads container env of workloads, keeping valueFrom as unresolved', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: emqx}',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: emqx',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      '            - name: EMQX_RPC__PROTOCOL',
      '              value: ssl',
      '            - name: EMQX_NODE__COOKIE',
      '              valueFrom:',
      '                secretKeyRef: {name: emqx-cookie, key: cookie}',
    ].join('\n');
    const containers = parseKubernetes(text, '/k/emqx.yaml');
    assert.equal(containers.length, 1);
    assert.equal(containers[0].workload, 'StatefulSet/emqx');
    assert.equal(containers[0].image, 'emqx/emqx:5.8.6');
    assert.deepEqual(
      containers[0].env.map((v) => [v.name, v.value, v.unresolved ?? false]),
      [
        ['EMQX_RPC__PROTOCOL', 'ssl', false],
        ['EMQX_NODE__COOKIE', '', true],
      ],
    );
    assert.equal(slice(text, containers[0].env[0].valueLocation!.range), 'ssl');
  });
});

describe('cluster/env: normalisation', () => {
  const at = { uri: '/e', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  const v = (name: string, value: string) => ({ name, value, location: at, source: 'dotenv' as const });
  it('maps the legacy names bin/emqx translates, later definitions winning', () => {
    const out = normalizeEmqxEnv([v('EMQX_NODE_COOKIE', 'legacy'), v('EMQX_NODE_NAME', 'a@h'), v('EMQX_NODE__NAME', 'b@h'), v('PATH', '/bin')]);
    const byName = Object.fromEntries(out.map((x) => [x.name, x.value]));
    assert.deepEqual(byName, { EMQX_NODE__COOKIE: 'legacy', EMQX_NODE__NAME: 'b@h' });
  });
  it('builds the node name from the Docker image variables EMQX_NAME and EMQX_HOST', () => {
    const out = normalizeEmqxEnv([v('EMQX_NAME', 'emqx'), v('EMQX_HOST', 'node1.emqx.io')]);
    assert.equal(out.find((x) => x.name === 'EMQX_NODE__NAME')?.value, 'emqx@node1.emqx.io');
  });
  it('maps variable names to key paths like hocon does', () => {
    assert.equal(envNameToKeyPath('EMQX_RPC__PORT_DISCOVERY'), 'rpc.port_discovery');
    assert.equal(envNameToKeyPath('EMQX_NODE__COOKIE'), 'node.cookie');
    assert.equal(envNameToKeyPath('EMQX_NAME'), undefined);
    assert.equal(envNameToKeyPath('PATH'), undefined);
  });
});
