/**
 * The server survives anything a client sends. Each test drives the real
 * server over stdio with a rude client (lspClient.ts) and then checks the two
 * things a user notices: the process is still alive and answering, and
 * diagnostics still arrive for the documents that deserve them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { RudeClient } from './lspClient';
import { SHARED_ROOT } from '../sharedCorpus';

const INSECURE = 'node {\n  name = "emqx@127.0.0.1"\n  cookie = "emqxsecretcookie"\n}\nrpc { protocol = tcp }\n';
const uriOf = (name: string) => `file:///robustness/${name}/emqx.conf`;
const codes = (p: { diagnostics: Array<{ code?: unknown }> }) => p.diagnostics.map((d) => String(d.code));

describe('robustness: the server survives anything a client sends', function () {
  this.timeout(60_000);
  let client: RudeClient | undefined;

  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('unknown methods: a request gets MethodNotFound, a notification is ignored, the server lives on', async () => {
    client = await RudeClient.start();
    for (const method of ['emqx/doesNotExist', 'textDocument/notAThing', '$/unknownRequest']) {
      await assert.rejects(client.connection.sendRequest(method, { x: 1 }), (e: unknown) => e instanceof ResponseError && e.code === -32601);
    }
    await client.connection.sendNotification('emqx/whatever', { junk: true });
    await client.connection.sendNotification('$/setTrace', { value: 'bogus' });
    assert.ok(await client.alive());
    await client.open(uriOf('unknown'), INSECURE);
    const p = await client.diagnosticsFor(uriOf('unknown'), 1);
    assert.ok(codes(p).includes('cookie-default'));
  });

  it('malformed params: hovers and code actions with missing, null or wrongly typed fields return nothing and harm nothing', async () => {
    client = await RudeClient.start();
    const uri = uriOf('malformed');
    await client.open(uri, INSECURE);
    await client.diagnosticsFor(uri, 1);
    const bad: unknown[] = [
      null,
      {},
      [],
      { textDocument: 5, position: 'x' },
      { textDocument: { uri }, position: null },
      { textDocument: { uri }, position: { line: 'a', character: {} } },
      { textDocument: { uri: null } },
    ];
    for (const params of bad) {
      for (const method of ['textDocument/hover', 'textDocument/codeAction']) {
        // A null/empty result or an error response are both fine; a dead server is not.
        await client.connection.sendRequest(method, params).catch((e: unknown) => assert.ok(e instanceof ResponseError, String(e)));
      }
    }
    await client.connection
      .sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
        context: { diagnostics: [{ range: null, code: { nested: 1 } }, 'junk'] },
      })
      .catch(() => undefined);
    for (const params of [null, {}, { textDocument: {} }, { textDocument: { uri: 42, languageId: [], version: 'one', text: null } }]) {
      await client.connection.sendNotification('textDocument/didOpen', params);
      await client.connection.sendNotification('textDocument/didChange', params);
      await client.connection.sendNotification('textDocument/didClose', params);
    }
    assert.ok(await client.alive());
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    assert.ok(hover !== null, 'hover on node.name still works');
  });

  it('positions and ranges outside the document: null hovers, no crash', async () => {
    client = await RudeClient.start();
    const uri = uriOf('outside');
    await client.open(uri, INSECURE);
    const published = await client.diagnosticsFor(uri, 1);
    for (const position of [
      { line: 99_999, character: 0 },
      { line: 2, character: 99_999 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: -1, character: -5 },
    ]) {
      const h: unknown = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      assert.equal(h, null, `no hover at ${JSON.stringify(position)}`);
      const actions = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: position, end: { line: position.line + 10, character: 0 } },
        context: { diagnostics: published.diagnostics },
      });
      assert.ok(Array.isArray(actions));
    }
    // A range that ends before it starts, around real diagnostics.
    await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 5, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: published.diagnostics },
    });
    assert.ok(await client.alive());
  });

  it('edits out of order, with ranges outside the text, and for unknown documents: the server lives and publishes the newest version', async () => {
    client = await RudeClient.start({ debounceMs: 0 });
    const uri = uriOf('order');
    await client.change(uriOf('never-opened'), 7, [{ text: 'x = 1' }]);
    await client.change(uriOf('never-opened'), 8, [{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: 'y' }]);
    await client.open(uri, 'a = 1\n');
    await client.diagnosticsFor(uri, 1);
    // Version 3 arrives before version 2, and an edit points far past the end.
    await client.change(uri, 3, [{ range: { start: { line: 40, character: 9 }, end: { line: 80, character: 0 } }, text: '\nb = {' }]);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 2 } }, text: '"' }]);
    await client.change(uri, 4, [{ text: INSECURE }]);
    const p = await client.diagnosticsFor(uri, 4);
    assert.ok(codes(p).includes('cookie-default'), 'the full-text edit is what gets checked');
    assert.ok(await client.alive());
    assert.ok(!client.published.some((x) => x.uri === uriOf('never-opened') && x.diagnostics.length > 0));
  });

  it('a document closed while a request for it is in flight: the request ends, its diagnostics are cleared and stay cleared', async () => {
    client = await RudeClient.start();
    const uri = uriOf('closed');
    await client.open(uri, INSECURE);
    const hover = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    const actions = client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [] },
    });
    await client.close(uri);
    await Promise.allSettled([hover, actions]);
    assert.ok(await client.alive());
    const last = client.published.filter((p) => p.uri === uri).pop();
    assert.ok(last, 'something was published for the document');
    assert.deepEqual(last.diagnostics, [], 'the last publication clears the diagnostics');
  });

  it('$/cancelRequest: cancelled requests end (result or RequestCancelled), the server lives on', async () => {
    client = await RudeClient.start();
    const uri = uriOf('cancel');
    await client.open(uri, INSECURE);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => {
        const source = new CancellationTokenSource();
        const r = client!.connection.sendRequest(
          'textDocument/codeAction',
          { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, context: { diagnostics: [] } },
          source.token,
        );
        if (i % 2 === 0) source.cancel();
        return r;
      }),
    );
    for (const o of outcomes) {
      if (o.status === 'rejected') assert.ok(o.reason instanceof ResponseError && o.reason.code === -32800, `cancelled, not failed: ${String(o.reason)}`);
    }
    // A cancellation for a request that never existed.
    await client.connection.sendNotification('$/cancelRequest', { id: 987654 });
    assert.ok(await client.alive());
  });

  it('more than 1000 problems in one file: at most 1000 are published and one of them says how many were hidden', async () => {
    client = await RudeClient.start();
    const uri = uriOf('many');
    const text = Array.from({ length: 2500 }, (_, i) => `k${i} = \${missing${i}}`).join('\n') + '\n';
    await client.open(uri, text);
    const p = await client.diagnosticsFor(uri, 1);
    assert.ok(p.diagnostics.length <= 1000, `${p.diagnostics.length} diagnostics`);
    const capped = p.diagnostics.find((d) => d.code === 'too-many-problems');
    assert.ok(capped, 'a diagnostic says the list was capped');
    const total = Number(/has (\d+)/.exec(capped.message)?.[1]);
    assert.ok(total >= 2500, `the message counts every problem: ${capped.message}`);
  });

  it('shutdown then exit ends the process with code 0; exit without shutdown with code 1', async () => {
    const a = await RudeClient.start();
    assert.equal(await a.connection.sendRequest('shutdown'), null);
    await a.connection.sendNotification('exit');
    assert.equal(await a.waitExit(), 0);
    a.connection.dispose();
    const b = await RudeClient.start();
    await b.connection.sendNotification('exit');
    assert.equal(await b.waitExit(), 1);
    b.connection.dispose();
  });
});

describe('robustness: large documents degrade gracefully', function () {
  this.timeout(180_000);
  let client: RudeClient | undefined;
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-robust-'));
    const generator = path.join(SHARED_ROOT, 'bench', 'gen-big-conf.js');
    if (fs.existsSync(generator)) {
      execFileSync(process.execPath, [generator, `--out-dir=${dir}`, '--size-mb=5'], { stdio: 'ignore' });
    } else {
      // Without the shared generator (a checkout on its own): 5 MB of listener blocks.
      const block = (i: number) => `listeners.tcp.l${i} {\n  bind = "0.0.0.0:${1883 + (i % 50000)}"\n  max_connections = ${i}\n  # comment ${i}\n}\n`;
      const parts: string[] = [];
      for (let i = 0, n = 0; n < 5 * 1024 * 1024; i++) n += parts[parts.push(block(i)) - 1].length;
      fs.writeFileSync(path.join(dir, 'big.conf'), parts.join(''));
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('a 5 MB document is checked; a document opened next to it is checked too', async () => {
    client = await RudeClient.start();
    const big = fs.readFileSync(path.join(dir, 'big.conf'), 'utf8');
    await client.open(uriOf('big5'), big);
    await client.open(uriOf('small5'), INSECURE);
    const p = await client.diagnosticsFor(uriOf('big5'), 1);
    assert.ok(!codes(p).includes('internal-error'), 'checked, not failed');
    assert.ok(!codes(p).includes('file-too-large'), '5 MB is under the cap');
    assert.ok(codes(await client.diagnosticsFor(uriOf('small5'), 1)).includes('cookie-default'));
    assert.ok(await client.alive());
  });

  it('a 60 MB document gets one diagnostic saying it is too large to check; other documents are still checked', async () => {
    client = await RudeClient.start();
    const big = fs.readFileSync(path.join(dir, 'big.conf'), 'utf8');
    const huge = big.repeat(Math.ceil((60 * 1024 * 1024) / big.length));
    await client.open(uriOf('huge'), huge);
    await client.open(uriOf('beside-huge'), INSECURE);
    const p = await client.diagnosticsFor(uriOf('huge'), 1);
    assert.deepEqual(codes(p), ['file-too-large']);
    assert.match(p.diagnostics[0].message, /larger than \d+ MB/);
    assert.match(p.diagnostics[0].message, /command-line/);
    assert.ok(codes(await client.diagnosticsFor(uriOf('beside-huge'), 1)).includes('cookie-default'));
    // Hovers on the huge document answer (nothing) rather than freezing.
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('huge') }, position: { line: 3, character: 3 } }), null);
    assert.ok(await client.alive());
  });
});
