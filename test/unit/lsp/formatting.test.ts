/**
 * Formatting over LSP (the real server over stdio): the capabilities, the
 * edits for a whole document and for a range, the client's tab settings, and
 * no edits for a file EMQX would reject or a 4.x file.
 */
import * as assert from 'node:assert/strict';
import { TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, TestClient } from './client';

describe('LSP formatting', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  const format = (uri: string, options: object, range?: object): Promise<TextEdit[] | null> =>
    client.connection.sendRequest(range ? 'textDocument/rangeFormatting' : 'textDocument/formatting', { textDocument: { uri }, options, ...(range ? { range } : {}) });

  it('announces document and range formatting', () => {
    assert.equal(client.initializeResult.capabilities.documentFormattingProvider, true);
    assert.equal(client.initializeResult.capabilities.documentRangeFormattingProvider, true);
  });

  it('formats a document with the client tab settings', async () => {
    const uri = 'file:///fmt/etc/emqx.conf';
    const text = 'node{\nname="emqx@10.0.0.1"\n}\n\n\nrpc.protocol=ssl';
    await client.open(uri, text);
    const spaces = await format(uri, { tabSize: 4, insertSpaces: true });
    assert.equal(applyEdits(text, spaces!), 'node {\n    name = "emqx@10.0.0.1"\n}\n\nrpc.protocol = ssl\n');
    const tabs = await format(uri, { tabSize: 4, insertSpaces: false });
    assert.equal(applyEdits(text, tabs!), 'node {\n\tname = "emqx@10.0.0.1"\n}\n\nrpc.protocol = ssl\n');
  });

  it('formats only the lines of a range', async () => {
    const uri = 'file:///fmt/etc/range.conf';
    const text = 'a=1\nb=2\nc=3\n';
    await client.open(uri, text);
    const edits = await format(uri, { tabSize: 2, insertSpaces: true }, { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
    assert.equal(applyEdits(text, edits!), 'a=1\nb = 2\nc=3\n');
  });

  it('answers no edits for a file with a syntax error, a 4.x file, an unknown document or bad parameters', async () => {
    const broken = 'file:///fmt/etc/broken.conf';
    await client.open(broken, 'a {\n b = "open\n}\n');
    assert.deepEqual(await format(broken, { tabSize: 2, insertSpaces: true }), []);
    const old = 'file:///fmt/etc/old.conf';
    await client.open(old, 'node.name = emqx@127.0.0.1\nnode.cookie=abc\ncluster.discovery = static\n');
    assert.deepEqual(await format(old, { tabSize: 2, insertSpaces: true }), []);
    assert.deepEqual(await format('file:///fmt/etc/none.conf', { tabSize: 2, insertSpaces: true }), []);
    assert.deepEqual(await client.connection.sendRequest('textDocument/formatting', { options: 'x' }), []);
    assert.deepEqual(await client.connection.sendRequest('textDocument/rangeFormatting', { textDocument: { uri: broken } }), []);
  });
});

describe('LSP status request (the client status bar)', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ configuration: { emqxVersion: 'auto' } });
  });
  after(() => client.stop());

  const status = (uri: string) => client.connection.sendRequest('emqxClusterSecurity/status', { textDocument: { uri } });

  it('gives the version a document is checked against and where it comes from', async () => {
    const uri = 'file:///status/etc/emqx.conf';
    await client.open(uri, 'node.cookie = "emqxsecretcookie"\n');
    assert.deepEqual(await status(uri), { version: '5.8.0', versionSource: 'default', dialect: 'hocon', trusted: false, enabled: true });
    const old = 'file:///status/old/emqx.conf';
    await client.open(old, 'node.name = emqx@127.0.0.1\nnode.cookie = abc\ncluster.discovery = manual\nlistener.tcp.external = 0.0.0.0:1883\n');
    const s = (await status(old)) as { version: string; versionSource: string; dialect: string };
    assert.equal(s.dialect, 'cuttlefish');
    assert.match(s.version, /^4\.4\./);
    assert.equal(s.versionSource, 'detected');
  });

  it('answers null for an unknown document or bad parameters', async () => {
    assert.equal(await status('file:///status/none.conf'), null);
    assert.equal(await client.connection.sendRequest('emqxClusterSecurity/status', 42), null);
  });
});
