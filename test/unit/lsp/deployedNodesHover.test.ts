/**
 * The real server over stdio: the node-name hover of an emqx.conf that a
 * docker-compose file mounts into several services describes every node that
 * runs it (each service's EMQX_NODE__NAME renames it and moves its ports), not
 * only the first service's.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './client';
import { tempDir } from '../cli/harness';

const FIXTURE = path.resolve(__dirname, '../../fixtures/deploy/compose-shared-conf');

function copyFixture(extraServices = 0): string {
  const dir = tempDir('hover-nodes');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  if (extraServices > 0) {
    const more = Array.from({ length: extraServices }, (_, i) => {
      const n = i + 4;
      return [
        `  emqx${n}:`,
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        `      - EMQX_NODE__NAME=emqx${n}@node${n}.emqx.io`,
        '    volumes:',
        '      - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf',
      ].join('\n');
    });
    fs.appendFileSync(path.join(dir, 'docker-compose.yml'), more.join('\n') + '\n');
  }
  return dir;
}

async function nodeNameHover(client: TestClient, dir: string): Promise<string> {
  const file = path.join(dir, 'etc', 'emqx.conf');
  const uri = pathToFileURL(file).toString();
  await client.open(uri, fs.readFileSync(file, 'utf8'));
  await client.current(uri);
  // `name = "emqx@127.0.0.1"`: the cursor on the name.
  const h = await client.hover(uri, { line: 1, character: 14 });
  assert.ok(h, 'a hover on node.name');
  return (h.contents as { value: string }).value;
}

/** The hover's blocks (separated by horizontal rules). */
const blocks = (md: string): string[] => md.split('\n\n---\n\n');

describe('lsp: the node-name hover of a config several compose services mount', function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  it('describes each service node: its name, the service, and its ports', async () => {
    const dir = copyFixture();
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).toString() });
    const md = await nodeNameHover(client, dir);
    const [intro, ...nodes] = blocks(md);
    assert.equal(intro, '**Node `emqx@127.0.0.1`** (this node)\n\n3 nodes run this config, each with the variables of its deployment:');
    assert.equal(nodes.length, 3);
    for (const [i, block] of nodes.entries()) {
      const n = i + 1;
      const lines = block.split('\n');
      assert.equal(lines[0], `**Node \`emqx${n}@node${n}.emqx.io\`** (\`emqx${n}\` in \`docker-compose.yml\`)`);
      assert.ok(lines.includes(`- Numeric suffix: \`${n}\` → port offset ${n}`), block);
      assert.ok(lines.includes(`- Erlang distribution port: \`${4370 + n}\` (\`inet_tcp\`, **plaintext**)`), block);
      // The official image sets manual RPC port discovery: every node on rpc.server_port.
      assert.ok(lines.includes('- Cluster RPC port: `5369` (`EMQX_RPC__PORT_DISCOVERY` = manual: `rpc.server_port`; `tcp`, **plaintext**)'), block);
      assert.ok(lines.includes(`- Firewall: allow TCP ${4370 + n}, 5369 to \`node${n}.emqx.io\` from the other cluster nodes only.`), block);
    }
    assert.ok(!md.includes('Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE'), 'no cookie in the hover');
  });

  it('past five nodes, names the rest instead of describing them', async () => {
    const dir = copyFixture(4);
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).toString() });
    const md = await nodeNameHover(client, dir);
    const parts = blocks(md);
    assert.match(parts[0], /^\*\*Node `emqx@127\.0\.0\.1`\*\* \(this node\)\n\n7 nodes run this config/);
    assert.equal(parts.length, 1 + 5 + 1, 'the intro, five node blocks, the rest');
    assert.deepEqual(
      parts.slice(1, 6).map((b) => b.split('\n')[0]),
      [1, 2, 3, 4, 5].map((n) => `**Node \`emqx${n}@node${n}.emqx.io\`** (\`emqx${n}\` in \`docker-compose.yml\`)`),
    );
    assert.equal(parts[6], 'And 2 more: `emqx6@node6.emqx.io` (`emqx6` in `docker-compose.yml`), `emqx7@node7.emqx.io` (`emqx7` in `docker-compose.yml`).');
  });

  it('a config only one service mounts keeps the hover of that node', async () => {
    const dir = copyFixture();
    const compose = path.join(dir, 'docker-compose.yml');
    // Only emqx1 keeps the mount.
    const text = fs.readFileSync(compose, 'utf8').split('\n');
    fs.writeFileSync(compose, text.filter((l, i) => !(l.includes('./etc/emqx.conf') && i > 8) && !(l.trim() === 'volumes:' && i > 8)).join('\n'));
    client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(dir).toString() });
    const md = await nodeNameHover(client, dir);
    assert.equal(blocks(md).length, 1);
    assert.match(md, /^\*\*Node `emqx@127\.0\.0\.1`\*\* \(this node\)\n\nThe environment variable `EMQX_NODE__NAME` overrides this value: the node runs as `emqx1@node1\.emqx\.io`\. Its ports:/);
    assert.match(md, /Erlang distribution port: `4371`/);
  });
});
