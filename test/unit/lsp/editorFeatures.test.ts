/**
 * The schema and navigation features over stdio, as Neovim or Helix use them:
 * capabilities announced, completion, outline, folding, selection ranges,
 * definition, references, and quick fixes for diagnostics echoed back bare.
 */
import * as assert from 'node:assert/strict';
import { TestClient } from './client';

const URI = 'file:///ws/etc/emqx.conf';
const TEXT = [
  'node {',
  '  name = "emqx1@10.0.0.1"',
  '  cokie = "a-long-random-value-for-this-test-0123456789"',
  '  data_dir = "/var/lib/emqx"',
  '}',
  'cluster {',
  '  discovery_strategy = ',
  '}',
  'rpc.certfile = ${node.data_dir}"/certs/rpc.pem"',
  '',
].join('\n');

describe('lsp: schema completion and navigation', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ debounceMs: 0 });
    await client.open(URI, TEXT);
    await client.current(URI);
  });
  after(async () => {
    await client.stop();
  });

  it('announces the capabilities', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider);
    for (const k of [
      'documentFormattingProvider',
      'documentRangeFormattingProvider',
      'documentSymbolProvider',
      'foldingRangeProvider',
      'selectionRangeProvider',
      'definitionProvider',
      'referencesProvider',
    ] as const)
      assert.ok(caps[k], k);
  });

  it('reports the misspelt key with a rename fix, also for a diagnostic echoed back without code and data', async () => {
    const d = (await client.current(URI)).find((x) => x.code === 'unknown-key');
    assert.ok(d, 'unknown-key published');
    assert.deepEqual(d.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: d.range,
      context: { diagnostics: [{ range: d.range, message: d.message }] },
    })) as Array<{ title: string }>;
    assert.ok(
      actions.some((a) => a.title === 'Rename to node.cookie'),
      JSON.stringify(actions.map((a) => a.title)),
    );
  });

  it('completes enum values and keys', async () => {
    const values = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line: 6, character: 23 } })) as Array<{ label: string }>;
    assert.ok(values.some((v) => v.label === 'static') && values.some((v) => v.label === 'dns'), JSON.stringify(values));
    const keys = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line: 3, character: 2 } })) as Array<{ label: string }>;
    assert.ok(keys.some((v) => v.label === 'cookie'));
    assert.ok(!JSON.stringify(keys).includes('a-long-random-value'));
  });

  it('answers outline, folding, selection, definition and references', async () => {
    const td = { uri: URI };
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: td })) as Array<{ name: string }>;
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['node', 'cluster', 'rpc.certfile'],
    );
    const folds = (await client.connection.sendRequest('textDocument/foldingRange', { textDocument: td })) as Array<{ startLine: number; endLine: number }>;
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [0, 3],
        [5, 6],
      ],
    );
    const sel = (await client.connection.sendRequest('textDocument/selectionRange', { textDocument: td, positions: [{ line: 1, character: 3 }] })) as Array<{ range: unknown; parent?: unknown }>;
    assert.equal(sel.length, 1);
    const def = (await client.connection.sendRequest('textDocument/definition', { textDocument: td, position: { line: 8, character: 20 } })) as Array<{ range: { start: { line: number } } }>;
    assert.deepEqual(
      def.map((l) => l.range.start.line),
      [3],
    );
    const refs = (await client.connection.sendRequest('textDocument/references', { textDocument: td, position: { line: 3, character: 4 }, context: { includeDeclaration: true } })) as unknown[];
    assert.equal(refs.length, 1);
    // malformed parameters: empty answers, no failure
    assert.deepEqual(await client.connection.sendRequest('textDocument/completion', { textDocument: td }), []);
    assert.ok(!client.logs.some((l) => /failed:/.test(l)), client.logs.join('\n'));
  });

  it('formats the document', async () => {
    const uri = 'file:///ws/etc/other.conf';
    await client.open(uri, 'node{\nname="emqx@a"\n}\n');
    await client.current(uri);
    const edits = (await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as Array<{ newText: string }>;
    assert.deepEqual(edits.map((e) => e.newText).sort(), ['\n  ', ' ', ' ', ' ']);
  });

  it('answers the status bar request: version, where it came from, trust', async () => {
    const status = await client.connection.sendRequest('emqxClusterSecurity/documentStatus', { textDocument: { uri: URI } });
    assert.deepEqual(status, { enabled: true, dialect: 'hocon', emqxVersion: '5.8.0', versionSource: 'default', trusted: false });
    const flat = 'file:///ws/etc/old.conf';
    await client.open(flat, 'node.dist_bind_address = "10.0.0.1"\n');
    await client.current(flat);
    const old = (await client.connection.sendRequest('emqxClusterSecurity/documentStatus', { textDocument: { uri: flat } })) as { emqxVersion: string; versionSource: string };
    assert.equal(old.versionSource, 'detected');
    assert.match(old.emqxVersion, /^6\.2\./);
    assert.equal(await client.connection.sendRequest('emqxClusterSecurity/documentStatus', {}), null);
  });
});
