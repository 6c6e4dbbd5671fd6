/**
 * The seam for cluster-wide checks: a WorkspaceFindingsProvider registered
 * with the server adds findings to a document from what it knows about the
 * other open documents, and the server republishes the other documents when
 * one of them changes. The provider here is a small real check written for
 * the test (duplicate node names); the cluster module registers its own.
 */
import * as assert from 'node:assert/strict';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { WorkspaceFindingsProvider } from '../../../server/src/ide/workspace';
import { Finding } from '../../../server/src/rules/types';
import { TestClient } from './client';

const A = 'file:///cluster/a/emqx.conf';
const B = 'file:///cluster/b/emqx.conf';

const duplicateNames: WorkspaceFindingsProvider = {
  name: 'duplicate-node-name',
  findingsFor(uri, index) {
    const own = index.snapshot(uri)?.config?.get('node.name');
    if (!own) return [];
    const out: Finding[] = [];
    for (const other of index.snapshots()) {
      if (other.uri === uri) continue;
      const theirs = other.config?.get('node.name');
      if (theirs && theirs.value === own.value) {
        out.push({
          ruleId: 'cluster-duplicate-node-name',
          severity: 'error',
          message: 'Another node config uses the same node name.',
          location: own.setBy.valueLocation,
          related: [{ location: theirs.setBy.valueLocation, message: 'the other node' }],
        });
      }
    }
    return out;
  },
};

const dup = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'cluster-duplicate-node-name');

describe('lsp: cross-file findings through the workspace seam (in process)', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  it('a second node with the same name marks both files, with related information; renaming one clears both', async () => {
    client = await TestClient.startInProcess({}, { providers: [duplicateNames] });
    const text = 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "Zq8-long-enough-and-random-4711"\n}\n';
    await client.open(A, text);
    assert.deepEqual(dup(await client.current(A)), []);
    const since = client.published.length;
    await client.open(B, text);
    const onB = dup(await client.current(B, (ds) => dup(ds).length > 0));
    assert.equal(onB[0].range.start.line, 1);
    assert.equal(onB[0].relatedInformation?.[0].location.uri, A);
    const onA = await client.diagnostics(A, (p) => dup(p.diagnostics).length > 0, since);
    assert.equal(dup(onA.diagnostics)[0].relatedInformation?.[0].location.uri, B);

    const before = client.published.length;
    await client.change(B, text.replace('emqx1@10.0.0.1', 'emqx2@10.0.0.2'));
    assert.deepEqual(dup(await client.current(B)), []);
    await client.diagnostics(A, (p) => dup(p.diagnostics).length === 0, before);
  });
});
