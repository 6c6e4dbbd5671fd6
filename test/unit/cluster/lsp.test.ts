/**
 * The cluster provider inside the real language server (in process, over
 * JSON-RPC): opening one node's config in a trusted workspace compares it
 * with the other node configs next to it on disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { defaultProviders } from '../../../server/src/serverProviders';
import { TestClient } from '../lsp/client';
import { tempDir } from '../cli/harness';

// The static seeds are the evidence that the three configs form one cluster (cluster/grouping.ts).
const conf = (n: number, cookie: string) =>
  `node {\n  name = "emqx${n}@10.0.0.${n}"\n  cookie = "${cookie}"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2", "emqx3@10.0.0.3"]\n}\n`;
const cluster = (ds: Diagnostic[]) => ds.filter((d) => String(d.code).startsWith('cluster-'));

describe('lsp: cluster findings from the workspace (real provider)', () => {
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  function workspace(): string {
    const dir = tempDir('lsp-cluster');
    const cookies = ['Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE', 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE', 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A'];
    cookies.forEach((c, i) => {
      fs.mkdirSync(path.join(dir, `node${i + 1}`));
      fs.writeFileSync(path.join(dir, `node${i + 1}`, 'emqx.conf'), conf(i + 1, c));
    });
    return dir;
  }

  it('trusted: the odd node shows a cookie mismatch related to a peer file it never opened', async () => {
    const dir = workspace();
    client = await TestClient.startInProcess({ trusted: true, rootUri: pathToFileURL(dir).toString() }, { providers: defaultProviders() });
    const uri = pathToFileURL(path.join(dir, 'node3', 'emqx.conf')).toString();
    await client.open(uri, fs.readFileSync(path.join(dir, 'node3', 'emqx.conf'), 'utf8'));
    const ds = cluster(await client.current(uri, (d) => cluster(d).length > 0));
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range.start.line]),
      [['cluster-cookie-mismatch', 1, 2]],
    );
    assert.equal(ds[0].relatedInformation?.[0].location.uri, pathToFileURL(path.join(dir, 'node1', 'emqx.conf')).toString());
  });

  it('untrusted: no cluster findings (nothing but the open document is read)', async () => {
    const dir = workspace();
    client = await TestClient.startInProcess({ trusted: false, rootUri: pathToFileURL(dir).toString() }, { providers: defaultProviders() });
    const uri = pathToFileURL(path.join(dir, 'node3', 'emqx.conf')).toString();
    await client.open(uri, fs.readFileSync(path.join(dir, 'node3', 'emqx.conf'), 'utf8'));
    assert.deepEqual(cluster(await client.current(uri)), []);
  });
});
