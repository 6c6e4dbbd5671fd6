/**
 * The ssl_dist.conf a compose node reads is the one in its container: the
 * mounts decide, then the official image's own file; nothing is looked up
 * beside the mounted emqx.conf on this machine, and what the compose file does
 * not show is not judged.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { composeMounts, containerFile, NodeContainer } from '../../../server/src/emqx/container';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { CHECK_OPTIONS } from './harness';

const RULE = 'dist-tls-without-ssl-dist';

/** `file:line message` (1-based) of one rule's findings. */
function of(findings: readonly Finding[], ruleId: string): string[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location.uri}:${f.location.range.start.line + 1} ${f.message}`)
    .sort();
}

/** A compose file with one service, the given image, extra environment entries and volumes. */
function compose(image: string, env: string[], volumes: string[], extra: string[] = []): string {
  return [
    'services:',
    '  emqx1:',
    `    image: ${image}`,
    ...extra,
    '    environment:',
    '      - EMQX_NODE__COOKIE=Vq3mX8pLr2TzK7wNcY5bHd9sJf4gQe6u',
    ...env.map((e) => `      - ${e}`),
    '    volumes:',
    ...volumes.map((v) => `      - ${v}`),
    '',
  ].join('\n');
}

const TLS_CONF = 'cluster.proto_dist = inet_tls\n';
const DIST_VERIFY_NONE = '[{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},\n {client, [{verify, verify_none}]}].\n';
const imageDefault = (proto = 'inet_tls') =>
  `cluster.proto_dist = ${proto}, but no ssl_dist.conf of the node's own is mounted at /opt/emqx/etc/ssl_dist.conf: the node uses the one its image ships, with EMQX's demo certificates (their private key is public) and verify_none, so TLS authenticates no node and only the cookie protects distribution. Mount an ssl_dist.conf with verify_peer and certificates from a private CA at /opt/emqx/etc/ssl_dist.conf.`;

/** Checks the compose file and the emqx.conf it mounts, as `check .` does. */
function check(files: Record<string, string>): Finding[] {
  return checkFiles(
    Object.keys(files).filter((f) => f.endsWith('.yml') || f.endsWith('emqx.conf')),
    CHECK_OPTIONS,
    memoryReader(files),
  ).findings;
}

describe("deploy: the ssl_dist.conf of a compose node is the container's", () => {
  it('the official image with only emqx.conf mounted: the shipped file, reported on proto_dist in the config', () => {
    const r = check({ '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf']), '/m/emqx.conf': TLS_CONF });
    assert.deepEqual(of(r, RULE), [`/m/emqx.conf:1 ${imageDefault()}`]);
  });

  it('no config mounted, proto_dist from the environment (inet6_tls): reported on the environment entry', () => {
    const r = check({ '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', ['EMQX_CLUSTER__PROTO_DIST=inet6_tls'], ['emqx-data:/opt/emqx/data']) });
    assert.deepEqual(of(r, RULE), [`/m/docker-compose.yml:6 ${imageDefault('inet6_tls')}`]);
  });

  it("EMQX_SSL_DIST_OPTFILE naming the image's own file is the image's file", () => {
    const r = check({
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', ['EMQX_SSL_DIST_OPTFILE=/opt/emqx/etc/ssl_dist.conf'], ['./emqx.conf:/opt/emqx/etc/emqx.conf']),
      '/m/emqx.conf': TLS_CONF,
    });
    assert.deepEqual(of(r, RULE), [`/m/emqx.conf:1 ${imageDefault()}`]);
  });

  it("an ssl_dist.conf beside the mounted emqx.conf but not mounted is not the node's: the image's file still is", () => {
    const r = check({
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf']),
      '/m/emqx.conf': TLS_CONF,
      '/m/ssl_dist.conf': DIST_VERIFY_NONE,
    });
    assert.deepEqual(of(r, RULE), [`/m/emqx.conf:1 ${imageDefault()}`]);
  });

  it("a host file mounted at the container path under another name is the node's file: its findings, nothing from the rule", () => {
    const files = {
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf', './tls/node1-dist.conf:/opt/emqx/etc/ssl_dist.conf:ro']),
      '/m/emqx.conf': TLS_CONF,
      '/m/tls/node1-dist.conf': DIST_VERIFY_NONE,
    };
    const r = check(files);
    assert.deepEqual(of(r, RULE), []);
    assert.deepEqual(
      r.filter((f) => f.ruleId === 'ssl-dist-verify-none').map((f) => `${f.location.uri}:${f.location.range.start.line + 1}`),
      ['/m/tls/node1-dist.conf:2'],
    );
    // The same mount with the host file missing: the node has none (Docker would mount an empty folder).
    delete (files as Record<string, string>)['/m/tls/node1-dist.conf'];
    assert.deepEqual(of(check(files), RULE), [
      '/m/emqx.conf:1 cluster.proto_dist = inet_tls makes the node read /opt/emqx/etc/ssl_dist.conf, which the deployment mounts from node1-dist.conf, but that file does not exist: without it nodes cannot connect. Create it on every node (with verify_peer and certificates from a private CA).',
    ]);
  });

  it('EMQX_SSL_DIST_OPTFILE naming a file in a mounted folder: that file is read; when absent, not judged', () => {
    const files: Record<string, string> = {
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', ['EMQX_SSL_DIST_OPTFILE=/opt/emqx/etc/tls/dist.conf'], ['./emqx.conf:/opt/emqx/etc/emqx.conf', './tls:/opt/emqx/etc/tls']),
      '/m/emqx.conf': TLS_CONF,
      '/m/tls/dist.conf': DIST_VERIFY_NONE,
    };
    const r = check(files);
    assert.deepEqual(of(r, RULE), []);
    assert.deepEqual(
      r.filter((f) => f.ruleId === 'ssl-dist-verify-none').map((f) => f.location.uri),
      ['/m/tls/dist.conf'],
    );
    delete files['/m/tls/dist.conf'];
    assert.deepEqual(of(check(files), RULE), []);
  });

  it('what the compose file does not show is not judged: another image, a named volume over etc, a service that extends another', () => {
    const conf = { '/m/emqx.conf': TLS_CONF };
    const cases = [
      compose('mycorp/broker:1.2', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf']),
      compose('emqx/emqx:5.8.6', [], ['emqx-etc:/opt/emqx/etc', './emqx.conf:/opt/emqx/etc/emqx.conf']),
      compose('emqx/emqx:5.8.6', [], ['~/emqx-etc:/opt/emqx/etc', './emqx.conf:/opt/emqx/etc/emqx.conf']),
      compose('emqx/emqx:5.8.6', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf'], ['    extends: { file: base.yml, service: emqx }']),
    ];
    for (const c of cases) assert.deepEqual(of(check({ '/m/docker-compose.yml': c, ...conf }), RULE), [], c);
  });

  it('EMQX 4.4: node.ssl_dist_optfile inside the container: the mounted host file, or not judged; never the host path', () => {
    const conf44 = 'node.name = emqx@node1.emqx.io\ncluster.proto_dist = inet_tls\nnode.ssl_dist_optfile = /opt/emqx/etc/x.conf\n';
    const mounted = check({
      '/m/docker-compose.yml': compose('emqx/emqx:4.4.19', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf', './x.conf:/opt/emqx/etc/x.conf']),
      '/m/emqx.conf': conf44,
      '/m/x.conf': DIST_VERIFY_NONE,
    });
    assert.deepEqual(of(mounted, RULE), []);
    assert.deepEqual(
      mounted.filter((f) => f.ruleId === 'ssl-dist-verify-none').map((f) => f.location.uri),
      ['/m/x.conf'],
    );
    // Not mounted (put there some other way), even though a file exists at that path on this machine.
    const unmounted = check({
      '/m/docker-compose.yml': compose('emqx/emqx:4.4.19', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf']),
      '/m/emqx.conf': conf44,
      '/opt/emqx/etc/x.conf': DIST_VERIFY_NONE,
    });
    assert.deepEqual(of(unmounted, RULE), []);
    assert.ok(!unmounted.some((f) => f.location.uri === '/opt/emqx/etc/x.conf'));
  });

  it('a config on disk that no deployment mounts keeps looking beside itself', () => {
    const r = checkFiles(['/plain/emqx.conf'], CHECK_OPTIONS, memoryReader({ '/plain/emqx.conf': TLS_CONF })).findings;
    assert.deepEqual(
      of(r, RULE).map((l) => l.split(' ').slice(0, 2).join(' ')),
      ['/plain/emqx.conf:1 cluster.proto_dist'],
    );
    assert.match(of(r, RULE)[0], /there is none next to this config/);
  });
});

describe("deploy: the certificate files a compose node's options name are the container's", () => {
  const DEMO_CERT = fs.readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'certs', 'emqx-demo-cert.pem'), 'utf8');
  const dist = (certfile: string) => `[{server, [{certfile, "${certfile}"}, {verify, verify_peer}, {fail_if_no_peer_cert, true}]},\n {client, [{verify, verify_peer}]}].\n`;
  const volumes = ['./emqx.conf:/opt/emqx/etc/emqx.conf', './tls/dist.conf:/opt/emqx/etc/ssl_dist.conf'];
  const demoIn = (findings: readonly Finding[]) =>
    findings.filter((f) => f.ruleId === 'ssl-dist-demo-certs' || f.ruleId === 'cert-demo').map((f) => `${f.ruleId} ${f.location.uri}:${f.location.range.start.line + 1}`);

  it('a certificate in a mounted folder is read from the host folder (the demo certificate under another name is found by content)', () => {
    const r = check({
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], [...volumes, './tls:/opt/emqx/etc/tls']),
      '/m/emqx.conf': TLS_CONF,
      '/m/tls/dist.conf': dist('/opt/emqx/etc/tls/node.pem'),
      '/m/tls/node.pem': DEMO_CERT,
    });
    assert.deepEqual(demoIn(r), ['ssl-dist-demo-certs /m/tls/dist.conf:1']);
  });

  it('a container path nothing is mounted at is not read on this machine, even where a file is there', () => {
    const r = check({
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], volumes),
      '/m/emqx.conf':
        'cluster.proto_dist = inet_tls\nrpc { protocol = ssl, certfile = "/opt/emqx/etc/tls/node.pem", keyfile = "/opt/emqx/etc/tls/node.key", cacertfile = "/opt/emqx/etc/tls/ca.pem" }\n',
      '/m/tls/dist.conf': dist('/opt/emqx/etc/tls/node.pem'),
      '/opt/emqx/etc/tls/node.pem': DEMO_CERT,
    });
    assert.deepEqual(demoIn(r), []);
    assert.ok(!r.some((f) => f.location.uri.startsWith('/opt/') || (f.related ?? []).some((x) => x.location.uri.startsWith('/opt/'))));
  });

  it('rpc.certfile of a mounted emqx.conf: the mounted host file is the one checked', () => {
    const r = check({
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], ['./emqx.conf:/opt/emqx/etc/emqx.conf', './certs:/opt/emqx/etc/mycerts']),
      '/m/emqx.conf': 'rpc {\n  protocol = ssl\n  certfile = "/opt/emqx/etc/mycerts/node.pem"\n}\n',
      '/m/certs/node.pem': DEMO_CERT,
    });
    assert.deepEqual(demoIn(r), ['cert-demo /m/emqx.conf:3']);
  });

  it("own certificates mounted over the image's etc/certs are not the demo ones because of their path", () => {
    const files = {
      '/m/docker-compose.yml': compose('emqx/emqx:5.8.6', [], [...volumes, './certs:/opt/emqx/etc/certs']),
      '/m/emqx.conf': TLS_CONF,
      '/m/tls/dist.conf': dist('/opt/emqx/etc/certs/cert.pem'),
      '/m/certs/cert.pem': 'a certificate of our own\n',
    };
    assert.deepEqual(demoIn(check(files)), []);
    // Not mounted: the image's etc/certs/cert.pem is the demo certificate.
    files['/m/docker-compose.yml'] = compose('emqx/emqx:5.8.6', [], volumes);
    assert.deepEqual(demoIn(check(files)), ['ssl-dist-demo-certs /m/tls/dist.conf:1']);
  });
});

describe('emqx/container: what a path inside the container is', () => {
  const container = (mounts: NodeContainer['mounts'], mountsComplete = true): NodeContainer => ({ officialImage: true, mounts, mountsComplete });

  it('the deepest mount over the path decides; a folder mount maps the rest of the path', () => {
    const c = container(
      composeMounts(
        [
          { source: './etc', target: '/opt/emqx/etc/' },
          { source: './tls/a.conf', target: '/opt/emqx/etc/ssl_dist.conf' },
        ],
        '/p',
      ),
    );
    assert.deepEqual(containerFile(c, '/opt/emqx/etc/ssl_dist.conf'), { kind: 'host', path: '/p/tls/a.conf' });
    assert.deepEqual(containerFile(c, '/opt/emqx/etc/certs/ca.pem'), { kind: 'host', path: '/p/etc/certs/ca.pem' });
    assert.deepEqual(containerFile(c, '/opt/emqx/etc'), { kind: 'host', path: '/p/etc' });
    assert.deepEqual(containerFile(c, '/opt/emqx/data/x'), { kind: 'image' });
  });

  it('named volumes and home paths are unknown content; without every mount shown, so is the rest', () => {
    const c = container(
      composeMounts(
        [
          { source: 'etc-volume', target: '/opt/emqx/etc' },
          { source: '~/x', target: '/opt/emqx/log' },
        ],
        '/p',
      ),
    );
    assert.deepEqual(containerFile(c, '/opt/emqx/etc/ssl_dist.conf'), { kind: 'unknown' });
    assert.deepEqual(containerFile(c, '/opt/emqx/log/a'), { kind: 'unknown' });
    assert.deepEqual(containerFile(container([], false), '/opt/emqx/etc/ssl_dist.conf'), { kind: 'unknown' });
    // A relative container path has no meaning without the working folder.
    assert.deepEqual(containerFile(container([]), 'etc/ssl_dist.conf'), { kind: 'unknown' });
  });
});
