/**
 * What clients really send, over stdio: edits whose range lies beyond the
 * document, requests without the parameters the protocol requires (older
 * clients), diagnostics echoed back without their code. The server must
 * answer, keep a correct copy of the document, and never hang or throw.
 */
import * as assert from 'node:assert/strict';
import { Diagnostic, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const URI = 'file:///ws/etc/emqx.conf';
const COOKIE = 'node.cookie = "emqxsecretcookie"';

describe('lsp: malformed edits and requests', function () {
  this.timeout(60_000);
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start({ debounceMs: 0 });
  });
  afterEach(async () => {
    await client.stop();
  });

  async function rawChange(version: number, contentChanges: unknown[]): Promise<void> {
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version },
      contentChanges: contentChanges as never,
    });
  }

  const cookieLine = (ds: Diagnostic[]) => ds.find((d) => d.code === 'cookie-default')?.range.start.line;

  it('clamps an edit starting at line 1e9 to the end of the document, and the next edits still work', async () => {
    await client.open(URI, 'node.name = "emqx@host1"\n');
    await client.current(URI);
    // One line replaced by one line, a billion lines down: the library set its line table's entry 1e9 + 1.
    await rawChange(2, [{ range: { start: { line: 1e9, character: 0 }, end: { line: 1e9 + 1, character: 0 } }, text: `${COOKIE}\n` }]);
    let ds = (await client.diagnostics(URI, (p) => p.version === 2)).diagnostics;
    assert.equal(cookieLine(ds), 1, 'the text was appended at the end, where the range was clamped');
    // The next edit hung the server before: its line table had grown to a billion entries.
    await rawChange(3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# first\n' }]);
    ds = (await client.diagnostics(URI, (p) => p.version === 3)).diagnostics;
    assert.equal(cookieLine(ds), 2);
    const hover = await client.hover(URI, { line: 1, character: 2 });
    assert.match(JSON.stringify(hover), /node\.name/, 'line 1 is still node.name: the copy is intact');
  });

  it('clamps a slightly out-of-range edit and a character past the line end instead of corrupting the copy', async () => {
    await client.open(URI, 'node.name = "emqx@host1"\nrpc.protocol = tcp\n');
    await client.current(URI);
    await rawChange(2, [
      { range: { start: { line: 7, character: 3 }, end: { line: 8, character: 0 } }, text: `${COOKIE}\n` },
      // Reversed ends, a character beyond line 0's end: replaces nothing, inserts at the end of line 0.
      { range: { start: { line: 0, character: 500 }, end: { line: 0, character: 400 } }, text: ' # host1' },
    ]);
    const ds = (await client.diagnostics(URI, (p) => p.version === 2)).diagnostics;
    assert.equal(cookieLine(ds), 2);
    const hover = await client.hover(URI, { line: 1, character: 1 });
    assert.match(JSON.stringify(hover), /rpc\.protocol/);
  });

  it('ignores a change that is not one (no text, a range of strings) and says so in the log', async () => {
    await client.open(URI, `${COOKIE}\n`);
    await client.current(URI);
    await rawChange(2, [{ range: { start: { line: 'a', character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    await rawChange(3, [{ text: 42 }]);
    const hover = await client.hover(URI, { line: 0, character: 2 });
    assert.match(JSON.stringify(hover), /node\.cookie/);
    assert.ok(
      client.logs.some((l) => /malformed edit of file:\/\/\/ws\/etc\/emqx\.conf was ignored/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('drops document notifications without a document or changes, and goes on', async () => {
    await client.open(URI, `${COOKIE}\n`);
    await client.current(URI);
    for (const [method, params] of [
      ['textDocument/didClose', {}],
      ['textDocument/didChange', { textDocument: { uri: URI, version: 5 } }],
      ['textDocument/didChange', { textDocument: { uri: URI }, contentChanges: [{ text: '' }] }],
      ['textDocument/didOpen', { textDocument: { uri: 7 } }],
      ['textDocument/didSave', { textDocument: null }],
    ] as const) {
      await client.connection.sendNotification(method, params);
    }
    const hover = await client.hover(URI, { line: 0, character: 2 });
    assert.match(JSON.stringify(hover), /node\.cookie/, 'the document is still open, with its text');
    assert.ok(!client.logs.some((l) => /failed|TypeError|Cannot read/.test(l)), client.logs.join('\n'));
  });

  it('answers a code-action request without a range from its diagnostics, and one with bare diagnostics', async () => {
    await client.open(URI, `${COOKIE}\n`);
    const [cookie] = (await client.current(URI)).filter((d) => d.code === 'cookie-default');
    assert.ok(cookie);
    // An older client: no range at all.
    const noRange = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      context: { diagnostics: [cookie] },
    })) as Array<{ title: string }>;
    assert.ok(
      noRange.some((a) => a.title === 'Disable cookie-default for this line'),
      JSON.stringify(noRange),
    );
    // Diagnostics echoed back bare (no code, no source, no data), and one with a broken range.
    const bare = { range: cookie.range, message: cookie.message };
    const broken = { range: { start: { line: -1 } }, message: 'x', code: 'cookie-default' };
    const fromBare = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: cookie.range,
      context: { diagnostics: [bare, broken, null, 7] },
    })) as Array<{ title: string }>;
    assert.ok(
      fromBare.some((a) => a.title === 'Disable cookie-default for this line'),
      JSON.stringify(fromBare),
    );
    // Nothing usable at all: an empty answer, not an error.
    for (const params of [{ textDocument: { uri: URI } }, { textDocument: {} }, {}]) {
      assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', params), [], JSON.stringify(params));
    }
    assert.ok(!client.logs.some((l) => /code actions failed/.test(l)), client.logs.join('\n'));
  });

  it('answers hover and document-link requests with missing or malformed parameters with nothing', async () => {
    await client.open(URI, `${COOKIE}\n`);
    await client.current(URI);
    for (const params of [{ textDocument: { uri: URI } }, { textDocument: { uri: URI }, position: { line: 'x', character: 0 } }, { position: { line: 0, character: 0 } }]) {
      assert.equal(await client.connection.sendRequest('textDocument/hover', params), null, JSON.stringify(params));
    }
    assert.deepEqual(await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: 5 } }), []);
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: 7 }), null);
    assert.ok(!client.logs.some((l) => /failed:/.test(l)), client.logs.join('\n'));
  });
});
