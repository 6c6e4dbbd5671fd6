import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * A minimal or sloppy client may send `initialize` without a `capabilities`
 * field, or with an empty one. The server must still answer, and then check
 * documents: the diagnostics of an opened document reach the client.
 */
const ROOT = path.resolve(__dirname, '../../..');

interface Published {
  uri: string;
  diagnostics: Array<{ code?: string | number; range: { start: { line: number; character: number } }; source?: string }>;
}

interface Running {
  proc: ChildProcess;
  connection: MessageConnection;
  published: Published[];
  stderr: string[];
  /** Called on every publication (one handler per method: jsonrpc keeps only the last registered). */
  onPublish: Array<() => void>;
}

function startServer(): Running {
  const proc = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server/src/server.ts'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const s: Running = { proc, connection, published: [], stderr: [], onPublish: [] };
  proc.stderr!.on('data', (d: Buffer) => s.stderr.push(d.toString()));
  connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    s.published.push(p);
    for (const f of s.onPublish.splice(0)) f();
  });
  // A client that supports nothing answers every server request with null.
  connection.onRequest(() => null);
  connection.listen();
  return s;
}

async function diagnosticsOf(s: Running, uri: string): Promise<Published> {
  for (;;) {
    const p = s.published.find((x) => x.uri === uri && x.diagnostics.length > 0);
    if (p) return p;
    await new Promise<void>((resolve) => s.onPublish.push(resolve));
  }
}

async function stop(s: Running): Promise<void> {
  const exited = new Promise((resolve) => s.proc.once('exit', resolve));
  await s.connection.sendRequest('shutdown');
  await s.connection.sendNotification('exit');
  await exited;
  s.connection.dispose();
}

describe('lsp: initialize from a minimal client (stdio)', function () {
  // Starting the server from sources through tsx takes a few seconds on a busy machine.
  this.timeout(60000);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['no capabilities field', { processId: null, rootUri: null }],
    ['capabilities: {}', { processId: null, rootUri: null, capabilities: {} }],
    ['capabilities: null, no rootUri, no processId', { capabilities: null }],
  ];
  for (const [name, params] of cases) {
    it(`${name}: the server answers with its capabilities and publishes diagnostics for an opened document`, async () => {
      const s = startServer();
      try {
        const result = (await s.connection.sendRequest('initialize', params)) as { capabilities?: { hoverProvider?: unknown; codeActionProvider?: unknown } };
        assert.ok(result.capabilities?.hoverProvider, JSON.stringify(result));
        assert.ok(result.capabilities?.codeActionProvider);
        await s.connection.sendNotification('initialized', {});
        const uri = 'file:///minimal/etc/emqx.conf';
        await s.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'emqx-conf', version: 1, text: 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n' },
        });
        const p = await diagnosticsOf(s, uri);
        const d = p.diagnostics.find((x) => x.code === 'cookie-default');
        assert.ok(d, JSON.stringify(p.diagnostics.map((x) => x.code)));
        assert.deepEqual(d.range.start, { line: 2, character: 11 });
        assert.equal(d.source, 'emqx-cluster-security');
        // The hover answers too.
        const hover = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } })) as { contents?: unknown } | null;
        assert.ok(hover?.contents, 'no hover');
        await stop(s);
        assert.ok(!s.stderr.join('').match(/TypeError|Cannot read/), s.stderr.join(''));
      } finally {
        if (s.proc.exitCode === null) s.proc.kill();
      }
    });
  }
});
