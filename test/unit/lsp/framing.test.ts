/**
 * A wrong Content-Length from a client: the server reports it on stderr and
 * goes on answering (it used to stay up but deaf). Unit cases for the
 * re-framing, then the real server over stdio.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import { FramingRepair } from '../../../server/src/lsp/framing';

const ROOT = path.resolve(__dirname, '../../..');

const frame = (json: unknown, length?: number) => {
  const body = Buffer.from(JSON.stringify(json), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${length ?? body.length}\r\n\r\n`, 'latin1'), body]);
};

/** Feeds `chunks` through the repair and returns the messages a reader gets from it, with the reports. */
async function reframe(chunks: Buffer[], quietMs = 50): Promise<{ messages: unknown[]; reports: string[] }> {
  const reports: string[] = [];
  const repair = new FramingRepair((m) => reports.push(m), quietMs);
  const reader = new StreamMessageReader(repair);
  const messages: unknown[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e));
  reader.listen((m) => messages.push(m));
  for (const c of chunks) {
    repair.write(c);
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, quietMs * 3));
  repair.end();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(errors, [], 'the reader never saw a broken frame');
  return { messages, reports };
}

const msg = (id: number) => ({ jsonrpc: '2.0', id, method: 'x', params: { text: 'Content-Length: 3 inside a string', n: id } });

describe('lsp: message framing repair', function () {
  this.timeout(60_000);

  it('passes well-framed messages on untouched, however they are chunked', async () => {
    const all = Buffer.concat([frame(msg(1)), frame(msg(2)), frame(msg(3))]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < all.length; i += 7) chunks.push(all.subarray(i, i + 7));
    const { messages, reports } = await reframe(chunks);
    assert.deepEqual(messages, [msg(1), msg(2), msg(3)]);
    assert.deepEqual(reports, []);
  });

  it('cuts a message whose length is too large at the next header, and reads the next one', async () => {
    const { messages, reports } = await reframe([frame(msg(1), 500), frame(msg(2))]);
    assert.deepEqual(messages, [msg(1), msg(2)]);
    assert.match(reports[0], /said Content-Length 500 but was \d+ bytes long/);
  });

  it('takes a too-large message as it is when nothing follows it for a while (the client waits for an answer)', async () => {
    const { messages, reports } = await reframe([frame(msg(1), 5000)]);
    assert.deepEqual(messages, [msg(1)]);
    assert.equal(reports.length, 1);
  });

  it('extends a message whose length is too small to the next header', async () => {
    const { messages, reports } = await reframe([Buffer.concat([frame(msg(1), 20), frame(msg(2))]), frame(msg(3))]);
    assert.deepEqual(messages, [msg(1), msg(2), msg(3)]);
    assert.equal(reports.length, 1);
  });

  it('drops bytes that are no message, and a header without a length', async () => {
    const junk = Buffer.from('garbage\r\n', 'latin1');
    const noLength = Buffer.from('Content-Type: application/json\r\n\r\n', 'latin1');
    const { messages, reports } = await reframe([junk, frame(msg(1)), noLength, frame(msg(2))]);
    assert.deepEqual(messages, [msg(1), msg(2)]);
    assert.equal(reports.length, 2);
  });

  it('the server over stdio answers after a message with a wrong Content-Length, and says so on stderr', async () => {
    const proc = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server/src/server.ts'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const reader = new StreamMessageReader(proc.stdout);
    const answers = new Map<number, unknown>();
    const waiting = new Map<number, () => void>();
    reader.listen((m) => {
      const id = (m as { id?: number }).id;
      if (typeof id === 'number') {
        answers.set(id, m);
        waiting.get(id)?.();
      }
    });
    const answer = (id: number) => new Promise<unknown>((resolve) => (answers.has(id) ? resolve(answers.get(id)) : waiting.set(id, () => resolve(answers.get(id)))));
    try {
      proc.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      await answer(1);
      proc.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
      const uri = 'file:///ws/emqx.conf';
      // Too large, then too small.
      proc.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'emqx-conf', version: 1, text: 'node.name = "emqx@h1"\n' } } }, 100_000));
      proc.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 1 } } }, 10));
      proc.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 1 } } }));
      const hover = (await answer(3)) as { result: unknown };
      assert.match(JSON.stringify(hover.result), /node\.name/, 'the document opened by the mis-framed message is known');
      assert.match(stderr, /said Content-Length 100000 but was \d+ bytes long/);
      assert.match(stderr, /said Content-Length 10 but was \d+ bytes long/);
      assert.equal(proc.exitCode, null, 'still running');
    } finally {
      proc.kill();
    }
  });
});
