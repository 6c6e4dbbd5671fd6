/**
 * The editor compares only configs that the evidence in them links into one
 * cluster (cluster/grouping.ts): unrelated deployments that sit side by side
 * in a workspace must not report each other. Real files in a temp workspace,
 * the real on-disk search of the workspace folder (listConfigs) and the real reader.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { listConfigs } from '../../../server/src/clusterFiles';
import { tempDir } from '../cli/harness';

const COOKIE_A = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const COOKIE_B = 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A';
const uriOf = (p: string) => pathToFileURL(p).toString();

interface NodeSpec {
  readonly name: string;
  readonly cookie: string;
  readonly rpc: 'tcp' | 'ssl';
  readonly extra?: string;
}

/** A node config: node block on lines 0-3 (cookie value on line 2), rpc on line 5, then `extra`. */
function conf(n: NodeSpec): string {
  return `node {\n  name = "${n.name}"\n  cookie = "${n.cookie}"\n}\nrpc {\n  protocol = ${n.rpc}\n}\n${n.extra ?? ''}`;
}

function write(root: string, rel: string, text: string): string {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

function clusterDiagnostics(file: string, workspace: string) {
  const service = new LanguageService({ engine: defaultEngine });
  service.index.workspaceFolders = [workspace];
  service.index.addProvider(createClusterProvider({ listConfigs }));
  const reader = nodeFileReader();
  const text = fs.readFileSync(file, 'utf8');
  const analysis = service.analyze({ uri: uriOf(file), path: file, version: 1, text, settings: DEFAULT_SETTINGS, reader, trusted: true });
  return service.diagnostics(analysis).filter((d) => String(d.code).startsWith('cluster-'));
}

function assertNoSecrets(texts: readonly string[]): void {
  for (const text of texts) assert.ok(!text.includes(COOKIE_A) && !text.includes(COOKIE_B), 'a cookie value leaked into a message');
}

describe('editor cluster checks compare only configs linked into one cluster', () => {
  it('two unrelated deployments side by side (different cookies, RPC, the same node name) report nothing about each other', () => {
    const ws = tempDir('grouping-unrelated');
    const a = write(ws, 'customer-a/emqx.conf', conf({ name: 'emqx@127.0.0.1', cookie: COOKIE_A, rpc: 'tcp' }));
    const b = write(ws, 'customer-b/emqx.conf', conf({ name: 'emqx@127.0.0.1', cookie: COOKIE_B, rpc: 'ssl' }));
    // The on-disk search does find both: it is the grouping that keeps them apart.
    assert.deepEqual([...listConfigs([ws])].sort(), [a, b].sort());
    assert.deepEqual(clusterDiagnostics(a, ws), []);
    assert.deepEqual(clusterDiagnostics(b, ws), []);
  });

  it('the default cluster.name emqxcl in both is not evidence; the same explicit name is', () => {
    const ws = tempDir('grouping-name');
    const withName = (name: string) => `cluster {\n  name = ${name}\n}\n`;
    const a = write(ws, 'a/emqx.conf', conf({ name: 'emqx1@10.0.0.1', cookie: COOKIE_A, rpc: 'tcp', extra: withName('emqxcl') }));
    write(ws, 'b/emqx.conf', conf({ name: 'emqx2@10.0.0.2', cookie: COOKIE_B, rpc: 'tcp', extra: withName('emqxcl') }));
    assert.deepEqual(clusterDiagnostics(a, ws), []);

    const ws2 = tempDir('grouping-name2');
    const c = write(ws2, 'a/emqx.conf', conf({ name: 'emqx1@10.0.0.1', cookie: COOKIE_A, rpc: 'tcp', extra: withName('billing') }));
    const d = write(ws2, 'b/emqx.conf', conf({ name: 'emqx2@10.0.0.2', cookie: COOKIE_B, rpc: 'tcp', extra: withName('billing') }));
    const found = clusterDiagnostics(c, ws2);
    assert.deepEqual(
      found.map((x) => x.code),
      ['cluster-cookie-mismatch'],
    );
    assert.equal(found[0].relatedInformation?.[0].location.uri, uriOf(d));
  });

  it('the same two deployments linked by static seeds: cookie and RPC mismatch shown with related information, no values', () => {
    const ws = tempDir('grouping-seeds');
    const seeds = 'cluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2"]\n}\n';
    const a = write(ws, 'node-a/emqx.conf', conf({ name: 'emqx1@10.0.0.1', cookie: COOKIE_A, rpc: 'tcp', extra: seeds }));
    // Only node a lists the seeds: one direction of the link is enough.
    const b = write(ws, 'node-b/emqx.conf', conf({ name: 'emqx2@10.0.0.2', cookie: COOKIE_B, rpc: 'ssl' }));
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const ds = clusterDiagnostics(self, ws);
      const cookie = ds.find((x) => x.code === 'cluster-cookie-mismatch');
      assert.ok(cookie, JSON.stringify(ds.map((x) => x.code)));
      assert.equal(cookie.severity, 1);
      assert.equal(cookie.source, 'emqx-cluster-security');
      assert.equal(cookie.range.start.line, 2);
      assert.equal(cookie.relatedInformation?.[0].location.uri, uriOf(other));
      assert.equal(cookie.relatedInformation?.[0].location.range.start.line, 2);
      const rpc = ds.find((x) => x.code === 'cluster-rpc-mismatch');
      assert.ok(rpc, JSON.stringify(ds.map((x) => x.code)));
      assert.equal(rpc.range.start.line, 5);
      assert.match(rpc.message, /rpc\.protocol/);
      assert.equal(rpc.relatedInformation?.[0].location.uri, uriOf(other));
      assertNoSecrets([...ds.map((x) => x.message), ...ds.flatMap((x) => (x.relatedInformation ?? []).map((r) => r.message))]);
    }
  });

  it('a third, unlinked config beside a linked pair is left out of the comparison', () => {
    const ws = tempDir('grouping-third');
    const seeds = 'cluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2"]\n}\n';
    const a = write(ws, 'node1/emqx.conf', conf({ name: 'emqx1@10.0.0.1', cookie: COOKIE_A, rpc: 'tcp', extra: seeds }));
    const b = write(ws, 'node2/emqx.conf', conf({ name: 'emqx2@10.0.0.2', cookie: COOKIE_A, rpc: 'tcp', extra: seeds }));
    // Another deployment's node beside them, with another cookie and RPC protocol and no link: not compared.
    const c = write(ws, 'staging/emqx.conf', conf({ name: 'emqx3@10.0.0.3', cookie: COOKIE_B, rpc: 'ssl' }));
    assert.deepEqual(clusterDiagnostics(a, ws), []);
    assert.deepEqual(clusterDiagnostics(b, ws), []);
    assert.deepEqual(clusterDiagnostics(c, ws), []);
  });

  it('two services of one docker-compose file are compared without seeds', () => {
    const ws = tempDir('grouping-compose');
    const a = write(ws, 'node1/emqx.conf', conf({ name: 'emqx@node1.emqx.io', cookie: COOKIE_A, rpc: 'tcp' }));
    const b = write(ws, 'node2/emqx.conf', conf({ name: 'emqx@node2.emqx.io', cookie: COOKIE_B, rpc: 'tcp' }));
    write(
      ws,
      'docker-compose.yml',
      [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.8.0',
        '    volumes:',
        '      - ./node1/emqx.conf:/opt/emqx/etc/emqx.conf',
        '  emqx2:',
        '    image: emqx/emqx:5.8.0',
        '    volumes:',
        '      - ./node2/emqx.conf:/opt/emqx/etc/emqx.conf',
        '',
      ].join('\n'),
    );
    const ds = clusterDiagnostics(a, ws);
    const cookie = ds.find((x) => x.code === 'cluster-cookie-mismatch');
    assert.ok(cookie, JSON.stringify(ds.map((x) => x.code)));
    assert.equal(cookie.range.start.line, 2);
    assert.equal(cookie.relatedInformation?.[0].location.uri, uriOf(b));
    assertNoSecrets([cookie.message, ...(cookie.relatedInformation ?? []).map((r) => r.message)]);
  });
});
