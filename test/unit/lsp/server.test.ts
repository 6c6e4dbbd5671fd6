/**
 * The real language server over stdio, driven by a JSON-RPC client the way an
 * editor drives it: initialize, open, receive diagnostics, hover, request code
 * actions, apply the edit, see the diagnostic go away; settings, locale,
 * workspace trust, and junk input.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/lsp');
const INSECURE_PATH = path.join(FIXTURES, 'insecure/emqx.conf');
const INSECURE_URI = pathToFileURL(INSECURE_PATH).toString();
const INSECURE = fs.readFileSync(INSECURE_PATH, 'utf8');

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `fixture has ${needle}`);
  return i;
}

function at(text: string, needle: string, delta = 1) {
  const line = lineOf(text, needle);
  return { line, character: text.split('\n')[line].indexOf(needle) + delta };
}

function byCode(ds: Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

const has = (code: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === code);
const hasNot = (code: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === code);

describe('lsp: the server over stdio', function () {
  let client: TestClient;

  afterEach(async () => {
    await client?.stop();
  });

  it('announces incremental sync, hover, include links, quick fixes and fix-all', async () => {
    client = await TestClient.start();
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll', 'source.fixAll.emqx-cluster-security']);
  });

  it('publishes the findings of an insecure emqx.conf: codes, tight ranges, messages without the cookie, docs links, no duplicates', async () => {
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    const ds = await client.current(INSECURE_URI, has('cookie-default'));
    for (const d of ds) {
      assert.equal(d.source, 'emqx-cluster-security');
      assert.equal(d.range.start.line, d.range.end.line, `${d.code} has a single-line range`);
      assert.ok(!d.message.includes('emqxsecretcookie'), `${d.code} does not print the cookie`);
    }
    const keys = ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate diagnostics');

    const [cookie] = byCode(ds, 'cookie-default');
    const cookieLine = lineOf(INSECURE, 'cookie =');
    assert.equal(cookie.range.start.line, cookieLine);
    assert.equal(cookie.severity, 2);
    assert.ok(cookie.range.start.character >= INSECURE.split('\n')[cookieLine].indexOf('cookie'));
    const docs = path.join(ROOT, 'docs/rules/cookie-default.md');
    if (fs.existsSync(docs)) assert.equal(cookie.codeDescription?.href, pathToFileURL(docs).toString());

    const [rpc] = byCode(ds, 'rpc-plaintext');
    assert.equal(rpc.range.start.line, lineOf(INSECURE, 'protocol = tcp'));
    const [verify] = byCode(ds, 'rpc-unknown-key');
    assert.equal(verify.range.start.line, lineOf(INSECURE, 'verify = verify_peer'));
    assert.equal(verify.severity, 1);
    assert.equal(byCode(ds, 'dist-plaintext').length, 1);
  });

  it('hover on node.name and on a seed shows the computed ports; the Docker setting gives RPC port 5369', async () => {
    client = await TestClient.start({ configuration: {} });
    await client.open(INSECURE_URI, INSECURE);
    const own = await client.hover(INSECURE_URI, at(INSECURE, 'emqx2@10.0.0.2'));
    const ownText = (own!.contents as { value: string }).value;
    assert.match(ownText, /Erlang distribution port: `4372`/);
    assert.match(ownText, /Cluster RPC port: `5372`/);
    assert.match(ownText, /\*\*plaintext\*\*/);
    assert.deepEqual(own!.range, { start: { line: lineOf(INSECURE, 'name = "emqx2'), character: 10 }, end: { line: lineOf(INSECURE, 'name = "emqx2'), character: 24 } });

    const seed = await client.hover(INSECURE_URI, at(INSECURE, 'emqx1@10.0.0.1'));
    assert.match((seed!.contents as { value: string }).value, /Erlang distribution port: `4371`[\s\S]*Cluster RPC port: `5371`/);

    await client.changeConfiguration({ docker: true });
    const docker = await client.hover(INSECURE_URI, at(INSECURE, 'emqx2@10.0.0.2'));
    assert.match((docker!.contents as { value: string }).value, /Cluster RPC port: `5369`/);
  });

  it("speaks VS Code's transport too (--node-ipc)", async () => {
    client = await TestClient.start({ transport: 'ipc' });
    await client.open(INSECURE_URI, INSECURE);
    assert.equal(byCode(await client.current(INSECURE_URI, has('cookie-default')), 'cookie-default').length, 1);
  });

  it('"Show documentation" asks the client to open the rule\'s page', async function () {
    const page = path.join(ROOT, 'docs/rules/rpc-plaintext.md');
    if (!fs.existsSync(page)) this.skip();
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    const [rpc] = byCode(await client.current(INSECURE_URI, has('rpc-plaintext')), 'rpc-plaintext');
    assert.equal(rpc.codeDescription?.href, pathToFileURL(page).toString());
    const actions = await client.codeActions(INSECURE_URI, rpc.range, [rpc]);
    const docs = actions.find((a) => a.title === 'Show documentation for rpc-plaintext')!;
    await client.connection.sendRequest('workspace/executeCommand', { command: docs.command!.command, arguments: docs.command!.arguments });
    assert.deepEqual(client.shownDocuments, [pathToFileURL(page).toString()]);
  });

  it('a quick fix applied to the text makes its diagnostic go away', async () => {
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    const ds = await client.current(INSECURE_URI, has('rpc-unknown-key'));
    const [verify] = byCode(ds, 'rpc-unknown-key');
    const actions = await client.codeActions(INSECURE_URI, verify.range, [verify]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.match(preferred[0].title, /rpc\.verify/);
    assert.deepEqual(preferred[0].diagnostics, [verify]);
    // Only actions for the diagnostic asked about: nothing about the cookie.
    assert.ok(actions.every((a) => !a.title.includes('cookie-default')));
    await client.applyWorkspaceEdit(preferred[0].edit);
    assert.ok(!client.text(INSECURE_URI).includes('verify = verify_peer'));
    const after = await client.current(INSECURE_URI);
    assert.deepEqual(byCode(after, 'rpc-unknown-key'), []);
    assert.equal(byCode(after, 'cookie-default').length, 1, 'the other findings stay');
  });

  it('"Disable for this line" inserts the suppression comment above, indented, and the finding goes away', async () => {
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    const [cookie] = byCode(await client.current(INSECURE_URI, has('cookie-default')), 'cookie-default');
    const actions = await client.codeActions(INSECURE_URI, cookie.range, [cookie], ['quickfix']);
    const disable = actions.find((a) => a.title === 'Disable cookie-default for this line')!;
    await client.applyWorkspaceEdit(disable.edit);
    const lines = client.text(INSECURE_URI).split('\n');
    const cookieLine = lines.findIndex((l) => l.includes('cookie = '));
    assert.match(lines[cookieLine - 1], /^ {2}# emqx-security-disable-next-line cookie-default -- \S/);
    const after = await client.current(INSECURE_URI);
    assert.deepEqual(byCode(after, 'cookie-default'), []);
    // The inserted reason is a placeholder for the user to replace, so it is reported until they do.
    const placeholder = byCode(after, 'suppression-without-reason');
    assert.deepEqual(
      placeholder.map((d) => d.range.start.line),
      [cookieLine - 1],
    );
    assert.match(placeholder[0].message, /placeholder/);
    assert.ok(actions.some((a) => a.title === 'Show documentation for cookie-default') === fs.existsSync(path.join(ROOT, 'docs/rules/cookie-default.md')));
  });

  it('source.fixAll applies only the safe fixes', async () => {
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    await client.current(INSECURE_URI, has('rpc-unknown-key'));
    const actions: CodeAction[] = await client.codeActions(INSECURE_URI, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['source.fixAll.emqx-cluster-security'],
    );
    await client.applyWorkspaceEdit(actions[0].edit);
    const after = await client.current(INSECURE_URI);
    assert.deepEqual(byCode(after, 'rpc-unknown-key'), []);
    // Replacing the cookie is not "safe" (every node must get the same value): it stays.
    assert.ok(client.text(INSECURE_URI).includes('emqxsecretcookie'));
    assert.equal(byCode(after, 'cookie-default').length, 1);
  });

  it('settings: a rule set to off disappears after didChangeConfiguration; a severity override applies', async () => {
    client = await TestClient.start({ configuration: {} });
    await client.open(INSECURE_URI, INSECURE);
    await client.current(INSECURE_URI, has('rpc-plaintext'));
    const since = client.published.length;
    await client.changeConfiguration({ rules: { 'rpc-plaintext': 'off', 'cookie-default': 'error' } });
    const p = await client.diagnostics(INSECURE_URI, (x) => hasNot('rpc-plaintext')(x.diagnostics), since);
    assert.equal(byCode(p.diagnostics, 'cookie-default')[0].severity, 1);
    assert.ok(client.configurationRequests.some((r) => r.section === 'emqxClusterSecurity' && r.scopeUri === INSECURE_URI));
  });

  it('settings for clients without workspace/configuration: initializationOptions, then pushed settings', async () => {
    client = await TestClient.start({ initSettings: { emqxClusterSecurity: { rules: { 'cookie-default': 'off' } } } });
    await client.open(INSECURE_URI, INSECURE);
    const first = await client.current(INSECURE_URI, has('rpc-plaintext'));
    assert.deepEqual(byCode(first, 'cookie-default'), []);
    const since = client.published.length;
    await client.changeConfiguration(undefined, { emqxClusterSecurity: { enable: false } });
    const p = await client.diagnostics(INSECURE_URI, () => true, since);
    assert.deepEqual(p.diagnostics, []);
  });

  it('zh-cn locale: hovers and actions in Chinese', async () => {
    client = await TestClient.start({ locale: 'zh-cn' });
    await client.open(INSECURE_URI, INSECURE);
    const [cookie] = byCode(await client.current(INSECURE_URI, has('cookie-default')), 'cookie-default');
    const h = await client.hover(INSECURE_URI, at(INSECURE, 'emqx2@10.0.0.2'));
    assert.match((h!.contents as { value: string }).value, /Erlang 分布式端口：`4372`/);
    const actions = await client.codeActions(INSECURE_URI, cookie.range, [cookie]);
    assert.ok(actions.some((a) => a.title === '在此行禁用 cookie-default'));
    if (fs.existsSync(path.join(ROOT, 'server/l10n/rules.zh-cn.json'))) assert.match(cookie.message, /[\u4e00-\u9fff]/);
  });

  it('workspace trust: the sibling ssl_dist.conf is read only when trusted', async () => {
    const withUri = pathToFileURL(path.join(FIXTURES, 'tls-with-ssl-dist/emqx.conf')).toString();
    const withoutUri = pathToFileURL(path.join(FIXTURES, 'tls-without-ssl-dist/emqx.conf')).toString();
    const text = fs.readFileSync(path.join(FIXTURES, 'tls-with-ssl-dist/emqx.conf'), 'utf8');
    client = await TestClient.start({ trusted: true });
    await client.open(withUri, text);
    await client.open(withoutUri, text);
    const without = await client.current(withoutUri, has('dist-tls-without-ssl-dist'));
    assert.equal(byCode(without, 'dist-tls-without-ssl-dist').length, 1);
    const withDist = await client.current(withUri);
    assert.deepEqual(byCode(withDist, 'dist-tls-without-ssl-dist'), []);
    assert.deepEqual(byCode(withDist, 'dist-plaintext'), []);
  });

  it('an unsaved ssl_dist.conf opened next to the config counts, and closing it brings the finding back', async () => {
    const confUri = pathToFileURL(path.join(FIXTURES, 'tls-without-ssl-dist/emqx.conf')).toString();
    const distUri = pathToFileURL(path.join(FIXTURES, 'tls-without-ssl-dist/ssl_dist.conf')).toString();
    const text = fs.readFileSync(path.join(FIXTURES, 'tls-with-ssl-dist/emqx.conf'), 'utf8');
    client = await TestClient.start({ trusted: true });
    await client.open(confUri, text);
    await client.current(confUri, has('dist-tls-without-ssl-dist'));
    let since = client.published.length;
    await client.open(distUri, fs.readFileSync(path.join(FIXTURES, 'tls-with-ssl-dist/ssl_dist.conf'), 'utf8'), 'emqx-ssl-dist');
    await client.diagnostics(confUri, (p) => hasNot('dist-tls-without-ssl-dist')(p.diagnostics), since);
    since = client.published.length;
    await client.close(distUri);
    await client.diagnostics(confUri, (p) => has('dist-tls-without-ssl-dist')(p.diagnostics), since);
  });

  it('junk never kills the server, and one bad document does not stop the others', async () => {
    client = await TestClient.start({ trusted: true });
    const junkUri = 'file:///tmp/junk/emqx.conf';
    const tripleUri = 'file:///tmp/triple/emqx.conf';
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
    await client.open(junkUri, bytes + '\u0000{{{[[["""${');
    await client.open(tripleUri, 'node {\n  cookie = """never closed\n');
    await client.open(INSECURE_URI, INSECURE);
    await client.current(junkUri);
    const triple = await client.current(tripleUri);
    assert.ok(triple.length > 0, 'the unterminated triple quote is reported');
    assert.equal(byCode(await client.current(INSECURE_URI, has('cookie-default')), 'cookie-default').length, 1);
    // Requests a client should not send are answered, not fatal.
    assert.equal(await client.hover(junkUri, { line: 9999, character: 9999 }), null);
    assert.deepEqual(await client.codeActions('file:///never/opened.conf', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    await assert.rejects(client.connection.sendRequest('emqx/noSuchMethod', {}));
    // Malformed params get an answer (null or an error), never a crash.
    await client.connection.sendRequest('textDocument/hover', { bogus: true }).catch(() => null);
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: INSECURE_URI } }).catch(() => null);
    // Edits go on being checked after all that.
    await client.change(INSECURE_URI, INSECURE.replace('protocol = tcp', 'protocol = ssl'));
    const after = await client.current(INSECURE_URI);
    assert.deepEqual(byCode(after, 'rpc-plaintext'), []);
    assert.equal(client.exited, false);
    for (const line of client.logs) assert.ok(!line.includes('emqxsecretcookie'), 'logs never hold the cookie');
  });

  it('closing a document clears its diagnostics; edits in quick succession publish only the newest version last', async () => {
    client = await TestClient.start();
    await client.open(INSECURE_URI, INSECURE);
    await client.current(INSECURE_URI, has('cookie-default'));
    for (let i = 0; i < 5; i++) await client.change(INSECURE_URI, INSECURE.replace('emqxsecretcookie', `emqxsecretcookie${'x'.repeat(i)}`));
    await client.change(INSECURE_URI, INSECURE.replace('"emqxsecretcookie"', '"kX9vQ2mL7pR4tW8zN3bF6hJ1cY5dG0sA"'));
    const last = await client.current(INSECURE_URI);
    assert.deepEqual(byCode(last, 'cookie-default'), []);
    const versions = client.published.filter((p) => p.uri === INSECURE_URI).map((p) => p.version ?? 0);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      'versions only go up',
    );
    const since = client.published.length;
    await client.close(INSECURE_URI);
    const cleared = await client.diagnostics(INSECURE_URI, () => true, since);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
