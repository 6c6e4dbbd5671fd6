/**
 * The real server over stdio, in a trusted workspace holding a docker-compose
 * deployment with TLS distribution: an emqx.conf the compose file mounts is
 * checked with the ssl_dist.conf its node reads inside the container (a
 * mounted one, or the official image's own), as `check` does, not with the
 * file beside it on this machine; and the compose file itself says the same.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { tempDir } from '../cli/harness';

const DEPLOY = path.resolve(__dirname, '../../fixtures/deploy');

const IMAGE_DEFAULT =
  "cluster.proto_dist = inet_tls, but no ssl_dist.conf of the node's own is mounted at /opt/emqx/etc/ssl_dist.conf: the node uses the one its image ships, with EMQX's demo certificates (their private key is public) and verify_none, so TLS authenticates no node and only the cookie protects distribution. Mount an ssl_dist.conf with verify_peer and certificates from a private CA at /opt/emqx/etc/ssl_dist.conf.";

function copy(name: string): string {
  const dir = tempDir(`lsp-${name}`);
  fs.cpSync(path.join(DEPLOY, name), dir, { recursive: true });
  return dir;
}

/** Opens a file of `dir` as it is on disk and waits for its diagnostics once the rule set has run (`ready`). */
async function openFile(client: TestClient, dir: string, rel: string, ready: (ds: Diagnostic[]) => boolean, languageId?: string): Promise<Diagnostic[]> {
  const uri = pathToFileURL(path.join(dir, rel)).href;
  await client.open(uri, fs.readFileSync(path.join(dir, rel), 'utf8'), languageId);
  return client.current(uri, ready);
}

const rule = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).map((d) => ({ start: d.range.start, message: d.message, severity: d.severity }));
const hasRpc = (ds: Diagnostic[]) => ds.some((d) => d.code === 'rpc-plaintext');

describe('lsp: ssl_dist.conf of a config mounted into containers', function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  it('only emqx.conf mounted into the official image: the image-default finding on proto_dist, in the config and in the compose file', async () => {
    const dir = copy('compose-ssl-dist-image');
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).href });
    const conf = await openFile(client, dir, 'emqx.conf', hasRpc);
    assert.deepEqual(rule(conf, 'dist-tls-without-ssl-dist'), [{ start: { line: 3, character: 15 }, message: IMAGE_DEFAULT, severity: 2 }]);
    assert.ok(!conf.some((d) => /there is none next to this config/.test(d.message)));
    // emqx2 sets proto_dist in its environment: its config shows it at its first setting, naming the line.
    const node2 = await openFile(client, dir, 'node2.emqx.conf', hasRpc);
    assert.deepEqual(rule(node2, 'dist-tls-without-ssl-dist'), [{ start: { line: 0, character: 0 }, message: `In docker-compose.yml (deploys this file), line 18: ${IMAGE_DEFAULT}`, severity: 2 }]);
    const yaml = await openFile(client, dir, 'docker-compose.yml', (ds) => ds.some((d) => d.code === 'dist-tls-without-ssl-dist'), 'dockercompose');
    assert.deepEqual(rule(yaml, 'dist-tls-without-ssl-dist'), [{ start: { line: 17, character: 33 }, message: IMAGE_DEFAULT, severity: 2 }]);
  });

  it("ssl_dist.conf mounted from ./tls/dist.conf: nothing from the rule; the mounted file's findings at proto_dist", async () => {
    const dir = copy('compose-ssl-dist-mounted');
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).href });
    const conf = await openFile(client, dir, 'emqx.conf', hasRpc);
    assert.deepEqual(rule(conf, 'dist-tls-without-ssl-dist'), []);
    assert.deepEqual(rule(conf, 'ssl-dist-verify-none'), [
      {
        start: { line: 1, character: 2 },
        message:
          'In dist.conf (read for cluster.proto_dist = inet_tls), line 9: The distribution TLS client does not verify the server certificate (verify_none): a man in the middle can read and alter traffic between nodes. Use {verify, verify_peer} with cacertfile set to a private CA.',
        severity: 2,
      },
    ]);
  });

  it('EMQX 4.4: node.ssl_dist_optfile naming a mounted container path is silent', async () => {
    const dir = copy('compose-ssl-dist-44');
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).href });
    for (const rel of ['emqx.conf', path.join('node2', 'emqx.conf')]) {
      const conf = await openFile(client, dir, rel, hasRpc);
      assert.deepEqual(rule(conf, 'dist-tls-without-ssl-dist'), [], rel);
    }
  });

  it('the same emqx.conf with no compose file that mounts it: ssl_dist.conf beside it, as before', async () => {
    const dir = copy('compose-ssl-dist-image');
    fs.rmSync(path.join(dir, 'docker-compose.yml'));
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).href });
    const conf = await openFile(client, dir, 'emqx.conf', hasRpc);
    assert.deepEqual(
      rule(conf, 'dist-tls-without-ssl-dist').map((d) => d.message),
      [
        'cluster.proto_dist = inet_tls needs the TLS options file ssl_dist.conf, but there is none next to this config: without it nodes cannot connect. Create etc/ssl_dist.conf on every node or set EMQX_SSL_DIST_OPTFILE.',
      ],
    );
  });
});
