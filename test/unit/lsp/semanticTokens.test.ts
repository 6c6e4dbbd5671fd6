/** textDocument/semanticTokens over stdio: the legend, full and range answers decoded back to text. */
import * as assert from 'node:assert/strict';
import { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { TestClient, countingEngine } from './client';

const URI = 'file:///tokens/emqx.conf';
const TEXT = 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "Zq8-long-enough-and-random-4711"\n}\nrpc.protocol = tcp\nrpc.verify = verify_peer\nrpc.protocol = ssl\n';

function decode(data: readonly number[], legend: SemanticTokensLegend, text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => (data[i + 4] & (1 << bit)) !== 0);
    out.push(`${line}:${lines[line].slice(character, character + data[i + 2])} ${legend.tokenTypes[data[i + 3]]}[${modifiers.join(',')}]`);
  }
  return out;
}

describe('lsp: semantic tokens (stdio)', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  it('announces a legend and answers full and range requests', async () => {
    client = await TestClient.start();
    const provider = client.initializeResult.capabilities.semanticTokensProvider;
    assert.ok(provider && provider.full === true && provider.range === true);
    const legend = provider.legend;
    await client.open(URI, TEXT);
    await client.current(URI);
    const full: SemanticTokens = await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    assert.deepEqual(decode(full.data, legend, TEXT), ['2:"Zq8-long-enough-and-random-4711" string[secret]', '4:protocol property[deprecated,overridden]', '5:verify property[unknown]']);
    const range: SemanticTokens = await client.connection.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri: URI },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 18 } },
    });
    assert.deepEqual(decode(range.data, legend, TEXT), ['4:protocol property[deprecated,overridden]']);
    // A range request without a range, and a document that is not open, get no tokens (and no error).
    const bad: SemanticTokens = await client.connection.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri: URI } });
    assert.deepEqual(bad.data, []);
    const closed: SemanticTokens = await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///tokens/other.conf' } });
    assert.deepEqual(closed.data, []);
  });

  it('a request after an edit waits for the debounced check instead of forcing one', async () => {
    const counter = countingEngine();
    client = await TestClient.startInProcess({}, { engine: counter.engine });
    await client.open(URI, TEXT);
    await client.current(URI);
    await client.change(URI, TEXT.replace('rpc.protocol = ssl', 'rpc.protocol = ss'));
    const early = client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } }).then(
      (r) => r,
      (e: { code?: number }) => e,
    );
    await client.change(URI, TEXT);
    await client.current(URI);
    // The request made between the two edits is answered "content modified" (the editor asks again).
    assert.equal(((await early) as { code?: number }).code, -32801);
    assert.equal(counter.calls(), 2, 'the opened text and the text after both edits');
    const now: SemanticTokens = await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    assert.equal(now.data.length, 15);
    assert.equal(counter.calls(), 2);
  });
});
