/**
 * A JSON-RPC test client for the language server, in the manner of
 * typescript-language-server's `src/test-utils.ts`: it starts the real server
 * as a child process over stdio (the sources through tsx, so no build is
 * needed), speaks LSP to it, answers its requests (workspace/configuration,
 * capability registration, showDocument) and records what it publishes.
 *
 * Waiting is event-driven: a test waits for the notification it expects and
 * mocha's own timeout bounds it. Nothing here measures time.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection as createServerConnection } from 'vscode-languageserver/node';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { Engine } from '../../../server/src/ide/engine';
import { ServerOptions, startServer } from '../../../server/src/server';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  CodeAction,
  CodeActionParams,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  Hover,
  InitializeParams,
  InitializeResult,
  InitializedNotification,
  LogMessageNotification,
  Position,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

const ROOT = path.resolve(__dirname, '../../..');

export interface StartOptions {
  readonly trusted?: boolean;
  readonly locale?: string;
  /** Answers to workspace/configuration (section `emqxClusterSecurity`); undefined = client without configuration support. */
  readonly configuration?: Record<string, unknown>;
  /** initializationOptions.settings, for clients without configuration support. */
  readonly initSettings?: Record<string, unknown>;
  readonly rootUri?: string;
  /** `stdio` (Neovim, default) or `ipc` (VS Code's transport: a forked process with `--node-ipc`). */
  readonly transport?: 'stdio' | 'ipc';
  /** initializationOptions.debounceMs (the server's default, 200, when absent). */
  readonly debounceMs?: number;
}

type Waiter = { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly shownDocuments: string[] = [];
  readonly configurationRequests: Array<{ scopeUri?: string; section?: string }> = [];
  configuration: Record<string, unknown> | undefined;
  private waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  initializeResult!: InitializeResult;

  private constructor(
    private readonly proc: ChildProcess | undefined,
    readonly connection: MessageConnection,
  ) {}

  /** The real server as a child process over stdio. */
  static async start(options: StartOptions = {}): Promise<TestClient> {
    const server = path.join(ROOT, 'server/src/server.ts');
    let proc: ChildProcess;
    let connection: MessageConnection;
    if (options.transport === 'ipc') {
      proc = fork(server, ['--node-ipc'], { cwd: ROOT, execArgv: ['--require', require.resolve('tsx/cjs')], stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      connection = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), server, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    const client = new TestClient(proc, connection);
    proc.stderr!.on('data', (d: Buffer) => client.logs.push(`stderr: ${d.toString()}`));
    return client.initialize(options);
  }

  /**
   * The server in this process over in-memory streams, with options a test
   * injects (cross-file providers). Never sends `exit`: the server would end
   * the test process.
   */
  static async startInProcess(options: StartOptions, serverOptions: ServerOptions): Promise<TestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createServerConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(serverConnection, serverOptions);
    const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const client = new TestClient(undefined, connection);
    client.disposeServer = () => serverConnection.dispose();
    return client.initialize(options);
  }

  private disposeServer: (() => void) | undefined;

  private async initialize(options: StartOptions): Promise<TestClient> {
    const client = this;
    const connection = this.connection;
    client.configuration = options.configuration;
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push(p);
      const ready = client.waiters.filter((w) => w.uri === p.uri && w.test(p));
      client.waiters = client.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onNotification(LogMessageNotification.type, (p) => client.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string; section?: string }> }) => {
      client.configurationRequests.push(...p.items);
      return p.items.map(() => client.configuration ?? null);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showDocument', (p: { uri: string }) => {
      client.shownDocuments.push(p.uri);
      return { success: true };
    });
    connection.onRequest('window/showMessageRequest', () => null);
    connection.listen();
    const params: InitializeParams = {
      // An in-process server would watch its own process (a timer that keeps mocha alive).
      processId: this.proc ? process.pid : null,
      rootUri: options.rootUri ?? null,
      locale: options.locale,
      capabilities: {
        workspace: { configuration: options.configuration !== undefined, didChangeConfiguration: { dynamicRegistration: true } },
        window: { showDocument: { support: true } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { didSave: true },
        },
      },
      initializationOptions: {
        trusted: options.trusted === true,
        ...(options.initSettings ? { settings: options.initSettings } : {}),
        ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      },
    };
    client.initializeResult = await connection.sendRequest('initialize', params);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the first publication for `uri` (already received or to come) that passes `test`. */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0): Promise<PublishDiagnosticsParams> {
    const done = this.published.slice(since).find((p) => p.uri === uri && test(p));
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** The next publication for `uri` of the document's current version. */
  current(uri: string, test: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    return this.diagnostics(uri, (p) => p.version === version && test(p.diagnostics)).then((p) => p.diagnostics);
  }

  async open(uri: string, text: string, languageId = 'emqx-conf'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  /** Sends an edit (full text when `change` is a string) and keeps the local copy in step. */
  async change(uri: string, change: string | TextEdit[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    let changes: TextDocumentContentChangeEvent[];
    if (typeof change === 'string') {
      changes = [{ text: change }];
      this.texts.set(uri, change);
    } else {
      // Incremental changes, applied from the last edit backwards so earlier ranges stay valid.
      const sorted = [...change].sort((a, b) => offset(this.text(uri), b.range.start) - offset(this.text(uri), a.range.start));
      changes = sorted.map((e) => ({ range: e.range, text: e.newText }));
      this.texts.set(uri, applyEdits(this.text(uri), change));
    }
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async applyWorkspaceEdit(edit: WorkspaceEdit | undefined): Promise<void> {
    for (const [uri, edits] of Object.entries(edit?.changes ?? {})) await this.change(uri, edits);
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const params: CodeActionParams = { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return this.connection.sendRequest('textDocument/codeAction', params);
  }

  async changeConfiguration(settings: Record<string, unknown> | undefined, pushed?: unknown): Promise<void> {
    this.configuration = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed ?? null });
  }

  get exited(): boolean {
    return this.proc !== undefined && (this.proc.exitCode !== null || this.proc.signalCode !== null);
  }

  async stop(): Promise<void> {
    if (!this.proc) {
      this.connection.dispose();
      this.disposeServer?.();
      return;
    }
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    this.connection.dispose();
    if (!this.exited) this.proc.kill();
  }
}

export function offset(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
  return o + p.character;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offset(text, b.range.start) - offset(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(text, e.range.start)) + e.newText + out.slice(offset(text, e.range.end));
  return out;
}

/** The server's own engine, counting its runs (how many checks a sequence of requests caused). */
export function countingEngine(): { engine: Engine; calls: () => number } {
  let n = 0;
  return {
    engine: (input) => {
      n++;
      return defaultEngine(input);
    },
    calls: () => n,
  };
}
