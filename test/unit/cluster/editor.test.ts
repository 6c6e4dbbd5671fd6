import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { memoryReader, noFiles } from '../../../server/src/io';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { listConfigs } from '../../../server/src/clusterFiles';

const COOKIE_A = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const COOKIE_B = 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A';
// The static seeds are the evidence that the three configs form one cluster (cluster/grouping.ts).
const conf = (n: number, cookie: string) =>
  `node {\n  name = "emqx${n}@10.0.0.${n}"\n  cookie = "${cookie}"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2", "emqx3@10.0.0.3"]\n}\n`;
const uriOf = (p: string) => pathToFileURL(p).toString();

function serviceWith(listed: readonly string[] | ((folders: readonly string[]) => readonly string[]), folders: readonly string[] = ['/ws']) {
  const provider = createClusterProvider({ listConfigs: typeof listed === 'function' ? listed : () => listed });
  const service = new LanguageService({ engine: defaultEngine });
  service.index.workspaceFolders = folders;
  service.index.addProvider(provider);
  return service;
}

describe('cluster checks in the editor (workspace provider)', () => {
  const files: Record<string, string> = {
    '/ws/c/node1/emqx.conf': conf(1, COOKIE_A),
    '/ws/c/node2/emqx.conf': conf(2, COOKIE_A),
    '/ws/c/node3/emqx.conf': conf(3, COOKIE_B),
  };
  const reader = memoryReader(files);

  it('shows a cookie mismatch on the odd node, related to the other nodes files, without the values', () => {
    const service = serviceWith(Object.keys(files));
    const p = '/ws/c/node3/emqx.conf';
    const analysis = service.analyze({ uri: uriOf(p), path: p, version: 1, text: files[p], settings: DEFAULT_SETTINGS, reader, trusted: true });
    const d = service.diagnostics(analysis).find((x) => x.code === 'cluster-cookie-mismatch');
    assert.ok(d, JSON.stringify(service.diagnostics(analysis).map((x) => x.code)));
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'emqx-cluster-security');
    assert.deepEqual(d.range.start, { line: 2, character: 11 });
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.uri),
      [uriOf('/ws/c/node1/emqx.conf'), uriOf('/ws/c/node2/emqx.conf')],
    );
    for (const text of [d.message, ...(d.relatedInformation ?? []).map((r) => r.message)]) {
      assert.ok(!text.includes(COOKIE_A) && !text.includes(COOKIE_B));
    }
    // A node that agrees with the majority gets no cluster finding.
    const ok = '/ws/c/node1/emqx.conf';
    const a1 = service.analyze({ uri: uriOf(ok), path: ok, version: 1, text: files[ok], settings: DEFAULT_SETTINGS, reader, trusted: true });
    assert.ok(!service.diagnostics(a1).some((x) => String(x.code).startsWith('cluster-')));
  });

  it('a cookie kept in a file the odd node includes: the mismatch shows on its include line', () => {
    const withInclude: Record<string, string> = {
      ...files,
      '/ws/c/node3/emqx.conf': conf(3, COOKIE_B).replace(`  cookie = "${COOKIE_B}"\n`, '').replace('cluster {', 'include "secrets.conf"\ncluster {'),
      '/ws/c/node3/secrets.conf': `node.cookie = "${COOKIE_B}"\n`,
    };
    const service = serviceWith(Object.keys(files));
    const p = '/ws/c/node3/emqx.conf';
    const analysis = service.analyze({ uri: uriOf(p), path: p, version: 1, text: withInclude[p], settings: DEFAULT_SETTINGS, reader: memoryReader(withInclude), trusted: true });
    const d = service.diagnostics(analysis).find((x) => x.code === 'cluster-cookie-mismatch');
    assert.ok(d, JSON.stringify(service.diagnostics(analysis).map((x) => x.code)));
    assert.deepEqual(d.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 22 } });
    assert.match(d.message, /^In secrets\.conf \(included here\), line 1: The Erlang cookie of node emqx3@10\.0\.0\.3 differs/);
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.uri),
      [uriOf('/ws/c/node3/secrets.conf'), uriOf('/ws/c/node1/emqx.conf'), uriOf('/ws/c/node2/emqx.conf')],
    );
    assert.ok(!d.message.includes(COOKIE_B));
  });

  it('follows unsaved edits of the open document', () => {
    const service = serviceWith(Object.keys(files));
    const p = '/ws/c/node3/emqx.conf';
    const fixed = conf(3, COOKIE_A);
    const analysis = service.analyze({ uri: uriOf(p), path: p, version: 2, text: fixed, settings: DEFAULT_SETTINGS, reader: memoryReader({ ...files, [p]: fixed }), trusted: true });
    assert.ok(!service.diagnostics(analysis).some((x) => x.code === 'cluster-cookie-mismatch'));
  });

  it('respects the rules setting and shows nothing in an untrusted workspace', () => {
    const p = '/ws/c/node3/emqx.conf';
    const off = serviceWith(Object.keys(files)).analyze({
      uri: uriOf(p),
      path: p,
      version: 1,
      text: files[p],
      settings: { ...DEFAULT_SETTINGS, rules: { 'cluster-cookie-mismatch': 'off' } },
      reader,
      trusted: true,
    });
    assert.ok(!off.diagnostics.some((x) => x.diagnostic.code === 'cluster-cookie-mismatch'));
    const service = serviceWith(Object.keys(files));
    const untrusted = service.analyze({ uri: uriOf(p), path: p, version: 1, text: files[p], settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    assert.ok(!service.diagnostics(untrusted).some((x) => String(x.code).startsWith('cluster-')));
  });

  it('reads a docker-compose deployment from disk: env overrides reach the analysis, compose findings show on the config', () => {
    const dir = path.resolve(__dirname, '..', '..', 'fixtures', 'clusters', 'compose');
    const p = path.join(dir, 'etc', 'emqx.conf');
    const service = serviceWith(listConfigs, [dir]);
    const text = nodeFileReader().readText(p)!;
    const analysis = service.analyze({ uri: uriOf(p), path: p, version: 1, text, settings: DEFAULT_SETTINGS, reader: nodeFileReader(), trusted: true });
    // The first service's variables: node name from compose, manual discovery forced by the image.
    assert.equal(analysis.config?.get('node.name')?.value, 'emqx@node1.emqx.io');
    assert.equal(analysis.config?.get('rpc.port_discovery')?.value, 'manual');
    const diags = service.diagnostics(analysis);
    const mismatch = diags.find((x) => x.code === 'cluster-cookie-mismatch');
    assert.ok(mismatch, JSON.stringify(diags.map((x) => x.code)));
    // The config has no `node` section: the first line that is not a comment (not the header's `#`).
    assert.deepEqual(mismatch.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } });
    const setHere = mismatch.relatedInformation?.[0];
    assert.equal(setHere?.location.uri, uriOf(path.join(dir, 'docker-compose.yml')));
    assert.equal(setHere?.location.range.start.line, 25);
    assert.ok(diags.some((x) => x.code === 'cookie-default' && x.relatedInformation?.[0]?.location.range.start.line === 25));
  });
});
