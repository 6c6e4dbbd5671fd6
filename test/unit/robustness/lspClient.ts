/**
 * A deliberately rude LSP client for the robustness tests: it starts the real
 * server over stdio (the sources through tsx, or the bundle `dist/server.js`
 * when asked), and lets a test send anything, including requests the
 * protocol forbids, raw JSON-RPC messages with malformed params, and
 * notifications in the wrong order. It records every publication, every log
 * line and the process's exit, so a test can assert the server is still alive
 * and still publishing. Waiting is event-driven; mocha's timeout bounds it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '../../..');

export interface RudeClientOptions {
  readonly trusted?: boolean;
  /** Run `dist/server.js` (the shipped bundle) instead of the sources. */
  readonly bundle?: boolean;
  readonly rootUri?: string | null;
  /** initializationOptions.debounceMs: 0 makes edits publish at once. */
  readonly debounceMs?: number;
  /** What the client answers to workspace/configuration (any value; absent = the client has no configuration support). */
  readonly configuration?: unknown;
}

type Waiter = { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class RudeClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null | undefined = undefined;
  private waiters: Waiter[] = [];
  private readonly exitWaiters: Array<(code: number | null) => void> = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: RudeClientOptions = {}): Promise<RudeClient> {
    const args = options.bundle ? [path.join(ROOT, 'dist/server.js'), '--stdio'] : ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server/src/server.ts'), '--stdio'];
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new RudeClient(proc, connection);
    proc.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    proc.on('exit', (code) => {
      client.exitCode = code;
      for (const w of client.exitWaiters.splice(0)) w(code);
    });
    // A pipe closed by a dying server must not crash the test process.
    proc.stdin!.on('error', () => undefined);
    connection.onError(() => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      const ready = client.waiters.filter((w) => w.test(p));
      client.waiters = client.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    connection.onNotification('window/showMessage', (p: { message: string }) => client.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => options.configuration ?? null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true } },
        workspace: { configuration: options.configuration !== undefined },
      },
      initializationOptions: { trusted: options.trusted === true, ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}) },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The first publication (already received or to come) that passes `test`. */
  diagnostics(test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const done = this.published.find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The first publication for `uri` at `version` that passes `test`. */
  diagnosticsFor(uri: string, version: number, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.diagnostics((p) => p.uri === uri && p.version === version && test(p));
  }

  open(uri: string, text: string, version = 1, languageId = 'emqx-conf'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Whether the server still answers: a hover on an unknown document must come back (null). */
  async alive(): Promise<boolean> {
    if (this.exitCode !== undefined) return false;
    const r = await this.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/ping.conf' }, position: { line: 0, character: 0 } });
    return r === null;
  }

  waitExit(): Promise<number | null> {
    if (this.exitCode !== undefined) return Promise.resolve(this.exitCode);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** shutdown + exit, as a well-behaved client ends; kills the process if that fails. */
  async stop(): Promise<void> {
    if (this.exitCode === undefined) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // The server is gone or not answering: the kill below ends it.
      }
    }
    const exited = await Promise.race([this.waitExit(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000))]);
    if (exited === 'timeout') this.proc.kill('SIGKILL');
    this.connection.dispose();
  }
}
