/**
 * "Check Workspace" over stdio (`emqxClusterSecurity/checkWorkspace`): the
 * node pipeline runs over the EMQX configs of the workspace folder and the
 * files that are not open get diagnostics, as eslint's lint task gives them;
 * nothing outside the folder is checked; an untrusted workspace gets nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { toUri } from '../../../server/src/ide/uri';
import { CHECK_WORKSPACE_REQUEST, WorkspaceCheckSummary } from '../../../server/src/ide/types';
import { TestClient } from './client';

const node = (name: string, cookie: string, seeds: string) => `node {\n  name = "${name}"\n  cookie = "${cookie}"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = [${seeds}]\n}\n`;
const SEEDS = '"emqx1@10.0.0.1", "emqx2@10.0.0.2"';

describe('lsp: Check Workspace (stdio)', function () {
  this.timeout(60000);
  let root: string;
  let ws: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-ws-check-'));
    ws = path.join(root, 'ws');
    for (const d of ['ws/node1', 'ws/node2', 'outside']) fs.mkdirSync(path.join(root, d), { recursive: true });
    // Two nodes of one cluster, with different cookies: a cluster finding on each, besides their own.
    fs.writeFileSync(path.join(ws, 'node1/emqx.conf'), node('emqx1@10.0.0.1', 'emqxsecretcookie', SEEDS));
    fs.writeFileSync(path.join(ws, 'node2/emqx.conf'), node('emqx2@10.0.0.2', 'Zq8-long-enough-and-random-4711', SEEDS));
    // Beside the workspace folder, never looked at.
    fs.writeFileSync(path.join(root, 'outside/emqx.conf'), node('emqx9@10.0.0.9', 'emqxsecretcookie', '"emqx9@10.0.0.9"'));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  const uriOf = (rel: string) => toUri(path.join(root, rel));
  const codes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => String(d.code)).sort();
  const last = (c: TestClient, uri: string) => [...c.published].reverse().find((p) => p.uri === uri);

  it('publishes the findings of files that are not open, cluster findings included, and nothing outside the folder', async () => {
    client = await TestClient.start({ trusted: true, rootUri: toUri(ws), configuration: {} });
    const summary: WorkspaceCheckSummary = await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST);
    assert.equal(summary.trusted, true);
    assert.equal(summary.files, 2);
    const one = last(client, uriOf('ws/node1/emqx.conf'));
    const two = last(client, uriOf('ws/node2/emqx.conf'));
    // node1's shipped cookie, on its line; the cookies differ between the two nodes, on both.
    const shipped = one?.diagnostics.find((d) => d.code === 'cookie-default');
    assert.ok(shipped, `node1: ${codes(one)}`);
    assert.equal(shipped.range.start.line, 2);
    assert.ok(!shipped.message.includes('emqxsecretcookie'));
    assert.ok(codes(one).includes('cluster-cookie-mismatch'), `node1: ${codes(one)}`);
    assert.ok(codes(two).includes('cluster-cookie-mismatch'), `node2: ${codes(two)}`);
    assert.ok(!codes(two).includes('cookie-default'));
    assert.equal(summary.problems, one!.diagnostics.length + two!.diagnostics.length);
    assert.equal(summary.filesWithProblems, 2);
    assert.equal(last(client, uriOf('outside/emqx.conf')), undefined);
    assert.ok(
      client.published.every((p) => p.uri.startsWith(toUri(ws) + '/')),
      client.published.map((p) => p.uri).join(', '),
    );
  });

  it('leaves open documents to their own check; closing one clears it; a re-run clears files that went', async () => {
    client = await TestClient.start({ trusted: true, rootUri: toUri(ws), configuration: {} });
    const open = uriOf('ws/node2/emqx.conf');
    const text = fs.readFileSync(path.join(ws, 'node2/emqx.conf'), 'utf8');
    await client.open(open, text);
    await client.current(open);
    const before = client.published.length;
    await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST);
    // The open document was not republished without a version by the workspace check.
    assert.ok(client.published.slice(before).every((p) => p.uri !== open || p.version !== undefined));
    assert.ok(codes(last(client, uriOf('ws/node1/emqx.conf'))).includes('cookie-default'));

    // Closing clears its problems; closed, it gets the workspace results of the next run.
    const closing = client.published.length;
    await client.close(open);
    await client.diagnostics(open, (p) => p.diagnostics.length === 0, closing);
    await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST);
    assert.ok(codes(last(client, open)).includes('cluster-cookie-mismatch'), `node2: ${codes(last(client, open))}`);

    // Fix node1's cookie on disk and remove node2: the next run clears node2 and node1's cookie findings.
    fs.writeFileSync(path.join(ws, 'node1/emqx.conf'), node('emqx1@10.0.0.1', 'Zq8-long-enough-and-random-4711', '"emqx1@10.0.0.1"'));
    fs.rmSync(path.join(ws, 'node2'), { recursive: true });
    const summary: WorkspaceCheckSummary = await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST);
    assert.equal(summary.files, 1);
    assert.deepEqual(last(client, open)?.diagnostics, []);
    const now = codes(last(client, uriOf('ws/node1/emqx.conf')));
    assert.ok(!now.includes('cookie-default') && !now.includes('cluster-cookie-mismatch'), `node1: ${now}`);
    assert.ok(now.includes('rpc-plaintext'), `node1: ${now}`);
  });

  it('an untrusted workspace: the answer says so, nothing is read or published', async () => {
    client = await TestClient.start({ trusted: false, rootUri: toUri(ws), configuration: {} });
    const summary: WorkspaceCheckSummary = await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST);
    assert.deepEqual(summary, { trusted: false, files: 0, filesWithProblems: 0, problems: 0, truncated: false });
    assert.deepEqual(client.published, []);
    // Not even the settings of a file were asked for.
    assert.deepEqual(
      client.configurationRequests.filter((r) => r.scopeUri),
      [],
    );
  });
});
