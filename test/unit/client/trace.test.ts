/**
 * Verbose tracing of the language-server traffic, as the language client
 * writes it (each message's line, then its JSON), must not put the cookie of
 * an open document or the cookie a quick fix generates into the output channel.
 */
import { strict as assert } from 'assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, Trace } from 'vscode-jsonrpc/node';
import { redactingChannel, redactTrace } from '../../../client/src/trace';

const ROOT = path.resolve(__dirname, '../../..');

function captureChannel(lines: string[]): vscode.OutputChannel {
  return {
    name: 'test',
    append: (v: string) => lines.push(v),
    appendLine: (v: string) => lines.push(v),
    replace: (v: string) => lines.push(v),
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  } as vscode.OutputChannel;
}

describe('client: verbose trace', function () {
  this.timeout(60_000);

  it('keeps the document text and the fix values out of the output channel', async () => {
    const cookie = 'Sup3rS3cretCookieValue_xyz';
    const text = `node.name = "emqx@host1"\nnode.cookie = "${cookie}"\ncluster.proto_dist = inet_tcp\nnode.cookie = "emqxsecretcookie"\n`;
    const uri = 'file:///ws/etc/emqx.conf';
    const proc = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server/src/server.ts'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const lines: string[] = [];
    const channel = redactingChannel(captureChannel(lines));
    // What vscode-languageclient's logTrace does with each traced message.
    await connection.trace(Trace.Verbose, {
      log: (message: string, data?: string) => {
        channel.appendLine(`[Trace] ${message}`);
        if (data) channel.appendLine(data);
      },
    });
    const published = new Promise<{ diagnostics: Array<{ code: string; range: unknown }> }>((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p) => resolve(p)));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'emqx-conf', version: 1, text } });
      const { diagnostics } = await published;
      const fixable = diagnostics.find((d) => d.code === 'cookie-default');
      assert.ok(fixable, JSON.stringify(diagnostics));
      const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: fixable.range, context: { diagnostics: [fixable] } })) as Array<{
        edit?: { changes: Record<string, Array<{ newText: string }>> };
      }>;
      const written = actions
        .flatMap((a) =>
          Object.values(a.edit?.changes ?? {})
            .flat()
            .map((e) => e.newText),
        )
        .filter((t) => t.length >= 16);
      assert.ok(written.length > 0, 'a fix writes a generated cookie');
      const log = lines.join('\n');
      assert.match(log, /Sending notification 'textDocument\/didOpen'/, 'the trace itself is there');
      assert.match(log, /"uri": "file:\/\/\/ws\/etc\/emqx\.conf"/);
      assert.match(log, /"text": "<\d+ characters not logged>"/);
      assert.ok(!log.includes(cookie), 'the document cookie is not in the trace');
      for (const w of written) assert.ok(!log.includes(w), 'a generated value is not in the trace');
    } finally {
      connection.dispose();
      proc.kill();
    }
  });

  it('replaces text members of any message, escaped quotes included, and leaves the rest', () => {
    assert.equal(redactTrace('{ "range": {"line": 1}, "newText": "node.cookie = \\"s3cret\\"", "title": "Fix" }'), '{ "range": {"line": 1}, "newText": "<22 characters not logged>", "title": "Fix" }');
    assert.equal(redactTrace('"text":"a\\nb"'), '"text":"<3 characters not logged>"');
    assert.equal(redactTrace("[Trace] Received response 'textDocument/hover'"), "[Trace] Received response 'textDocument/hover'");
  });
});
