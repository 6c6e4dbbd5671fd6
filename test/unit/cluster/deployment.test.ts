import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { deploymentsFor, discoverComposeFiles } from '../../../server/src/cluster/deployment';

const compose = [
  'services:',
  '  node1:',
  '    image: emqx/emqx:5.8.6',
  '    environment:',
  '      - EMQX_NODE__NAME=emqx@node1.emqx.io',
  '      - EMQX_NODE__COOKIE=${COOKIE}',
  '    env_file: node1.env',
  '    volumes:',
  '      - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf',
  '  node2:',
  '    image: emqx/emqx:5.8.6',
  '    environment:',
  '      EMQX_NODE__NAME: emqx@node2.emqx.io',
  '      EMQX_RPC__PORT_DISCOVERY: manual',
  '    volumes:',
  '      - ./etc:/opt/emqx/etc',
  '  other:',
  '    image: redis:7',
  '    volumes:',
  '      - data:/data',
].join('\n');

describe('cluster/deployment: which env a config runs with', () => {
  const files = {
    '/p/docker-compose.yml': compose,
    '/p/.env': 'COOKIE=from-compose-dotenv\n',
    '/p/node1.env': 'EMQX_CLUSTER__PROTO_DIST=inet_tls\nUNRELATED=1\n',
    '/p/etc/emqx.conf': 'node {}',
    '/p/etc/.env': 'EMQX_LOG__CONSOLE__LEVEL=debug\n',
    '/q/node3/emqx.conf': 'node {}',
  };
  const reader = memoryReader(files);

  it('finds compose files in the config folder and its parents', () => {
    assert.deepEqual(discoverComposeFiles('/p/etc/emqx.conf', reader), ['/p/docker-compose.yml']);
    assert.deepEqual(discoverComposeFiles('/q/node3/emqx.conf', reader), []);
  });

  it('gives one node per service that mounts the config, with its env and the image default', () => {
    const deps = deploymentsFor('/p/etc/emqx.conf', reader);
    assert.deepEqual(
      deps.map((d) => d.service?.name),
      ['node1', 'node2'],
    );
    const env1 = Object.fromEntries(deps[0].env.map((v) => [v.name, v.value]));
    assert.deepEqual(env1, {
      EMQX_RPC__PORT_DISCOVERY: 'manual',
      EMQX_LOG__CONSOLE__LEVEL: 'debug',
      EMQX_CLUSTER__PROTO_DIST: 'inet_tls',
      EMQX_NODE__NAME: 'emqx@node1.emqx.io',
      EMQX_NODE__COOKIE: 'from-compose-dotenv',
    });
    assert.equal(deps[0].docker, true);
    // The forced port discovery points at the image line; the cookie at the environment entry.
    const forced = deps[0].env.find((v) => v.name === 'EMQX_RPC__PORT_DISCOVERY')!;
    assert.deepEqual([forced.source, forced.location.uri, forced.location.range.start.line], ['image', '/p/docker-compose.yml', 2]);
    const cookie = deps[0].env.find((v) => v.name === 'EMQX_NODE__COOKIE')!;
    assert.deepEqual([cookie.location.uri, cookie.location.range.start.line], ['/p/docker-compose.yml', 5]);
    // node2 sets the discovery itself: its own entry, not the image's.
    const d2 = deps[1].env.find((v) => v.name === 'EMQX_RPC__PORT_DISCOVERY')!;
    assert.equal(d2.source, 'compose');
  });

  it('explicit env files win over everything else', () => {
    const r = memoryReader({ ...files, '/ci/prod.env': 'EMQX_NODE__COOKIE=explicit\n' });
    const deps = deploymentsFor('/p/etc/emqx.conf', r, { envFiles: ['/ci/prod.env'] });
    for (const d of deps) assert.equal(d.env.find((v) => v.name === 'EMQX_NODE__COOKIE')?.value, 'explicit');
  });

  it('without a compose service, uses the .env beside the config and is not Docker', () => {
    const deps = deploymentsFor('/q/node3/emqx.conf', memoryReader({ ...files, '/q/node3/.env': 'EMQX_NODE__NAME=emqx3@h3\n' }));
    assert.equal(deps.length, 1);
    assert.equal(deps[0].docker, false);
    assert.deepEqual(
      deps[0].env.map((v) => [v.name, v.value]),
      [['EMQX_NODE__NAME', 'emqx3@h3']],
    );
  });

  it('matches a service named like the config folder when nothing is mounted', () => {
    const r = memoryReader({
      '/r/docker-compose.yml': 'services:\n  node3:\n    image: emqx:5.8\n    environment:\n      EMQX_NODE__NAME: emqx3@node3\n',
      '/r/node3/emqx.conf': '',
    });
    const deps = deploymentsFor('/r/node3/emqx.conf', r);
    assert.deepEqual(
      deps.map((d) => [d.service?.name, d.docker]),
      [['node3', true]],
    );
  });

  it('does not take the compose interpolation .env for container env, nor pass names EMQX does not map', () => {
    const r = memoryReader({
      '/s/docker-compose.yml':
        'services:\n  s1:\n    image: emqx/emqx:5.8\n    volumes: ["./emqx.conf:/opt/emqx/etc/emqx.conf"]\n    environment:\n      EMQX_NODE__COOKIE: ${EMQX_COOKIE}\n      EMQX_HOST: s1.local\n',
      '/s/.env': 'EMQX_COOKIE=interpolated\nEMQX_LOG__LEVEL=debug\n',
      '/s/emqx.conf': '',
    });
    const [d] = deploymentsFor('/s/emqx.conf', r);
    assert.deepEqual(d.env.map((v) => [v.name, v.value]).sort(), [
      ['EMQX_NODE__COOKIE', 'interpolated'],
      ['EMQX_RPC__PORT_DISCOVERY', 'manual'],
    ]);
  });

  it('can be told not to look around', () => {
    const deps = deploymentsFor('/p/etc/emqx.conf', reader, { discover: false });
    assert.deepEqual(deps, [{ env: [], docker: false, unresolved: [] }]);
  });

  it('keeps variables with unknown values apart: set, but not with a value to check', () => {
    const deps = deploymentsFor('/p/etc/emqx.conf', memoryReader({ ...files, '/p/.env': '' }));
    assert.deepEqual(deps[0].unresolved, ['EMQX_NODE__COOKIE']);
    assert.ok(!deps[0].env.some((v) => v.name === 'EMQX_NODE__COOKIE'));
  });

  it('reads the env of EMQX containers in Kubernetes manifests given to it', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: emqx}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx-enterprise:5.8.6',
      '          env:',
      '            - {name: EMQX_RPC__PROTOCOL, value: ssl}',
      '            - name: EMQX_NODE__COOKIE',
      '              valueFrom: {secretKeyRef: {name: emqx, key: cookie}}',
      '        - name: sidecar',
      '          image: busybox',
      '          env: [{name: EMQX_IGNORED, value: "1"}]',
    ].join('\n');
    const r = memoryReader({ '/k/emqx.yaml': manifest, '/k/etc/emqx.conf': '' });
    const [d] = deploymentsFor('/k/etc/emqx.conf', r, { kubernetesFiles: ['/k/emqx.yaml'] });
    assert.equal(d.docker, true);
    assert.deepEqual(d.env.map((v) => [v.name, v.value, v.source]).sort(), [
      ['EMQX_RPC__PORT_DISCOVERY', 'manual', 'image'],
      ['EMQX_RPC__PROTOCOL', 'ssl', 'kubernetes'],
    ]);
    assert.deepEqual(d.unresolved, ['EMQX_NODE__COOKIE']);
  });
});
