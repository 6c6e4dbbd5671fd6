/**
 * One reading of compose `volumes:` for both compose readers: the deployment
 * reader (deploy/compose.ts, which makes the service a node) and the reader
 * that finds the services running a config checked on its own
 * (cluster/deployment.ts). Both are given the same compose files and must
 * name the same host file as the node's emqx.conf: the one mounted at
 * /opt/emqx/etc/emqx.conf, never a config mounted anywhere else.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { memoryReader } from '../../../server/src/io';
import { deploymentsFor } from '../../../server/src/cluster/deployment';
import { composeHostPath, composeMounts, containerFile, parseComposeVolume } from '../../../server/src/emqx/container';
import { readDeployment } from '../../../server/src/deploy/read';

describe('compose volumes: the short syntax as docker compose splits it', () => {
  it('source, target and mode, Windows drive letters kept in the source, named and anonymous volumes', () => {
    const cases: Array<[string, ReturnType<typeof parseComposeVolume>]> = [
      ['./emqx.conf:/opt/emqx/etc/emqx.conf', { source: './emqx.conf', target: '/opt/emqx/etc/emqx.conf' }],
      ['./emqx.conf:/opt/emqx/etc/emqx.conf:ro', { source: './emqx.conf', target: '/opt/emqx/etc/emqx.conf', readOnly: true }],
      ['./emqx.conf:/opt/emqx/etc/emqx.conf:rw', { source: './emqx.conf', target: '/opt/emqx/etc/emqx.conf' }],
      ['./etc:/opt/emqx/etc:ro,z', { source: './etc', target: '/opt/emqx/etc', readOnly: true }],
      ['C:\\x\\emqx.conf:/opt/emqx/etc/emqx.conf', { source: 'C:\\x\\emqx.conf', target: '/opt/emqx/etc/emqx.conf' }],
      ['c:/x/emqx.conf:/opt/emqx/etc/emqx.conf:ro', { source: 'c:/x/emqx.conf', target: '/opt/emqx/etc/emqx.conf', readOnly: true }],
      ['.\\emqx.conf:/opt/emqx/etc/emqx.conf:ro', { source: '.\\emqx.conf', target: '/opt/emqx/etc/emqx.conf', readOnly: true }],
      ['emqx-data:/opt/emqx/data', { source: 'emqx-data', target: '/opt/emqx/data' }],
      ['~/emqx/emqx.conf:/opt/emqx/etc/emqx.conf', { source: '~/emqx/emqx.conf', target: '/opt/emqx/etc/emqx.conf' }],
      ['/opt/emqx/data', { source: '', target: '/opt/emqx/data' }],
      // compose refuses these: an empty field, a fourth field.
      ['./a::/b', undefined],
      ['./a:/b:ro:x', undefined],
      ['', undefined],
    ];
    for (const [spec, expected] of cases) assert.deepEqual(parseComposeVolume(spec), expected, spec);
  });

  it('host paths: relative to the compose folder with either separator; a Windows drive is no path on this machine; named volumes and ~ are unknown', () => {
    const dir = path.resolve('/p');
    assert.equal(composeHostPath('./emqx.conf', dir), path.join(dir, 'emqx.conf'));
    assert.equal(composeHostPath('.\\conf\\emqx.conf', dir), path.join(dir, 'conf', 'emqx.conf'));
    assert.equal(composeHostPath('../etc', dir), path.resolve(dir, '..', 'etc'));
    assert.equal(composeHostPath('/srv/emqx.conf', dir), path.resolve('/srv/emqx.conf'));
    if (path.sep === '/') assert.equal(composeHostPath('C:\\x\\emqx.conf', dir), undefined);
    else assert.equal(composeHostPath('C:\\x\\emqx.conf', dir), 'C:\\x\\emqx.conf');
    assert.equal(composeHostPath('emqx-data', dir), undefined);
    assert.equal(composeHostPath('~/emqx.conf', dir), undefined);
    assert.equal(composeHostPath('', dir), undefined);
    // A Windows host path still hides what the image has at the target.
    const mounts = composeMounts([parseComposeVolume('C:\\x\\emqx.conf:/opt/emqx/etc/ssl_dist.conf:ro')!], dir);
    const at = containerFile({ officialImage: true, mounts, mountsComplete: true }, '/opt/emqx/etc/ssl_dist.conf');
    assert.deepEqual(at, path.sep === '/' ? { kind: 'unknown' } : { kind: 'host', path: 'C:\\x\\emqx.conf' });
  });
});

describe('compose volumes: both compose readers agree on which mount is the node emqx.conf', () => {
  const dir = path.resolve('/p');
  const composeFile = path.join(dir, 'docker-compose.yml');
  const compose = (volumes: string[]): string =>
    [
      'services:',
      '  emqx1:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_NODE__NAME: emqx@emqx1.example',
      '    volumes:',
      ...volumes.map((v) => `      - ${JSON.stringify(v)}`),
      '',
    ].join('\n');
  const configs = {
    [path.join(dir, 'emqx.conf')]: 'node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
    [path.join(dir, 'node1.conf')]: 'node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
    [path.join(dir, 'etc', 'emqx.conf')]: 'node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
    [path.join(dir, 'opt', 'etc', 'emqx.conf')]: 'node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n',
  };

  /** The node's config as the deployment reader says it, and the configs the other reader finds the service running. */
  function readers(volumes: string[]): { deploy: string | undefined; cluster: string[] } {
    const text = compose(volumes);
    const reader = memoryReader({ ...configs, [composeFile]: text });
    const read = readDeployment(composeFile, text, reader, true);
    assert.equal(read.kind, 'deployment');
    const node = read.kind === 'deployment' ? read.nodes[0] : undefined;
    const deploy = node?.config.kind === 'file' ? node.config.path : undefined;
    const cluster = Object.keys(configs).filter((c) => deploymentsFor(c, reader, { composeFiles: [composeFile], discover: false }).some((d) => d.service?.name === 'emqx1'));
    return { deploy, cluster };
  }

  const cases: Array<[string, string[], string | undefined]> = [
    ['a file at etc/emqx.conf', ['./emqx.conf:/opt/emqx/etc/emqx.conf'], 'emqx.conf'],
    ['read-only', ['./node1.conf:/opt/emqx/etc/emqx.conf:ro'], 'node1.conf'],
    ['a Windows-style relative path', ['.\\node1.conf:/opt/emqx/etc/emqx.conf:ro'], 'node1.conf'],
    ['a folder over etc', ['./etc:/opt/emqx/etc'], 'etc/emqx.conf'],
    ['a folder over /opt/emqx', ['./opt:/opt/emqx'], 'opt/etc/emqx.conf'],
    ['a file over a folder mount: the deeper mount wins', ['./etc:/opt/emqx/etc', './node1.conf:/opt/emqx/etc/emqx.conf'], 'node1.conf'],
    ['mounted at /tmp, which EMQX does not read', ['./emqx.conf:/tmp/emqx.conf'], undefined],
    ['mounted in etc under another folder', ['./emqx.conf:/opt/emqx/etc/conf.d/emqx.conf'], undefined],
    ['a Windows drive path (not on this machine)', ['C:\\p\\emqx.conf:/opt/emqx/etc/emqx.conf'], path.sep === '/' ? undefined : 'emqx.conf'],
    ['a named volume over etc', ['emqx-etc:/opt/emqx/etc'], undefined],
  ];
  for (const [what, volumes, expected] of cases) {
    it(what, () => {
      const want = expected === undefined ? undefined : path.join(dir, ...expected.split('/'));
      const r = readers(volumes);
      assert.equal(r.deploy, want, 'deploy/compose.ts');
      assert.deepEqual(r.cluster, want === undefined ? [] : [want], 'cluster/deployment.ts');
    });
  }
});
