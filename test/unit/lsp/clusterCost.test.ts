/**
 * What the cluster checks cost in a trusted workspace, counted, not timed:
 * - each edit analyses the edited document once (the cluster provider reuses
 *   the service's analysis of an open document, and keeps those of unchanged
 *   files on disk);
 * - opening N related configs publishes diagnostics about N times, not N²/2
 *   (a document is republished only when what it shows changed);
 * - closing the documents frees the analyses kept for them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { AnalyzeInput, analyzeDocument } from '../../../server/src/rules/analyze';
import { listConfigs } from '../../../server/src/clusterFiles';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { countingEngine, TestClient } from './client';
import { tempDir } from '../cli/harness';

const COOKIE = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';

function names(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `emqx${i + 1}@10.0.0.${i + 1}`);
}

/** N node configs linked by their seeds, `node<i>/emqx.conf`; node 1's cookie differs when `odd`. */
function workspace(n: number, odd = false): { dir: string; files: string[] } {
  const dir = tempDir('cost');
  const seeds = names(n)
    .map((s) => `"${s}"`)
    .join(', ');
  const files = names(n).map((name, i) => {
    const file = path.join(dir, `node${i + 1}`, 'emqx.conf');
    fs.mkdirSync(path.dirname(file));
    const cookie = odd && i === 0 ? COOKIE.split('').reverse().join('') : COOKIE;
    fs.writeFileSync(file, `node {\n  name = "${name}"\n  cookie = "${cookie}"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = [${seeds}]\n}\n`);
    return file;
  });
  return { dir, files };
}

function countingAnalyze(): { analyze: (input: AnalyzeInput) => ReturnType<typeof analyzeDocument>; calls: () => number } {
  let n = 0;
  return {
    analyze: (input) => {
      n++;
      return analyzeDocument(input);
    },
    calls: () => n,
  };
}

describe('lsp: the cost of the cluster checks in a trusted workspace', function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  it('each edit of an open config is analysed once; unchanged peers on disk are not analysed again', async () => {
    const { dir, files } = workspace(3, true);
    const engine = countingEngine();
    const provider = countingAnalyze();
    client = await TestClient.startInProcess(
      { trusted: true, rootUri: pathToFileURL(dir).toString(), debounceMs: 0 },
      { engine: engine.engine, providers: [createClusterProvider({ listConfigs, analyze: provider.analyze })] },
    );
    const uri = pathToFileURL(files[0]).toString();
    const text = fs.readFileSync(files[0], 'utf8');
    await client.open(uri, text);
    const first = await client.current(uri, (ds) => ds.some((d) => d.code === 'cluster-cookie-mismatch'));
    assert.ok(first.length > 0);
    assert.equal(engine.calls(), 1, 'the open document: one analysis');
    assert.equal(provider.calls(), 2, 'the two peers on disk: one analysis each');

    for (let i = 1; i <= 3; i++) {
      await client.change(uri, text.replace('name = "emqx1@10.0.0.1"', `name = "emqx1@10.0.0.1"\n  # edit ${i}`));
      await client.current(uri);
      assert.equal(engine.calls(), 1 + i, `edit ${i}: the edited document analysed once`);
      assert.equal(provider.calls(), 2, `edit ${i}: nothing else analysed`);
    }
    // Fixing the cookie clears the cluster finding: the reused analysis is the new one.
    await client.change(uri, text.replace(COOKIE.split('').reverse().join(''), COOKIE));
    await client.current(uri, (ds) => !ds.some((d) => d.code === 'cluster-cookie-mismatch'));
    assert.equal(provider.calls(), 2);
  });

  it('a config run by the official Docker image (compose) is analysed once per edit too', async () => {
    const { dir, files } = workspace(2);
    const services = files.map((f, i) => `  emqx${i + 1}:\n    image: emqx/emqx:5.8.6\n    volumes: ["./node${i + 1}/emqx.conf:/opt/emqx/etc/emqx.conf"]\n`).join('');
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), `services:\n${services}`);
    const engine = countingEngine();
    const provider = countingAnalyze();
    client = await TestClient.startInProcess(
      { trusted: true, rootUri: pathToFileURL(dir).toString(), debounceMs: 0 },
      { engine: engine.engine, providers: [createClusterProvider({ listConfigs, analyze: provider.analyze })] },
    );
    const uri = pathToFileURL(files[0]).toString();
    const text = fs.readFileSync(files[0], 'utf8');
    await client.open(uri, text);
    await client.current(uri);
    // The hover follows the image: manual RPC port discovery, rpc.server_port.
    const h = await client.hover(uri, { line: 1, character: 12 });
    assert.match(JSON.stringify(h?.contents), /Cluster RPC port: `5369`/);
    assert.deepEqual([engine.calls(), provider.calls()], [1, 1]);
    await client.change(uri, text + '# edited\n');
    await client.current(uri);
    assert.deepEqual([engine.calls(), provider.calls()], [2, 1]);
  });

  it('opening N related configs publishes about N times, and closing them frees their analyses', async () => {
    const n = 12;
    const { dir, files } = workspace(n, true);
    // Fewer files looked at than there are: the case where every new document used to change
    // what all the others were compared with (and a seed beyond the limit looked unknown).
    const provider = createClusterProvider({ listConfigs, maxFiles: 8 });
    client = await TestClient.startInProcess({ trusted: true, rootUri: pathToFileURL(dir).toString(), debounceMs: 0 }, { providers: [provider] });
    const uris = files.map((f) => pathToFileURL(f).toString());
    const opened = n - 2;
    for (let i = 0; i < opened; i++) {
      await client.open(uris[i], fs.readFileSync(files[i], 'utf8'));
      await client.current(uris[i]);
    }
    // Every document shows what it should: the odd node its mismatch, the others nothing about clusters.
    for (let i = 0; i < opened; i++) {
      const ds: Diagnostic[] = await client.current(uris[i]);
      assert.equal(
        ds.some((d) => d.code === 'cluster-cookie-mismatch'),
        i === 0,
        uris[i],
      );
      assert.ok(!ds.some((d) => d.code === 'cluster-unknown-seed'), uris[i]);
    }
    const publishes = client.published.length;
    assert.ok(publishes <= 2 * opened, `${publishes} publishes for ${opened} documents`);
    // The open documents' analyses are the service's; the provider keeps only those of the
    // listed files on disk not open (node11, node12: the listing is in name order).
    assert.equal(provider.retainedAnalyses, 2);

    for (const uri of uris.slice(0, opened)) await client.close(uri);
    await client.diagnostics(uris[opened - 1], (p) => p.diagnostics.length === 0, publishes);
    assert.equal(provider.retainedAnalyses, 0);
  });
});
