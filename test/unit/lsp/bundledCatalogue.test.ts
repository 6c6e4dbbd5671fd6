/**
 * The bundled language server (dist/server.js, as the .vsix ships it) reads the key
 * catalogue and EMQX's descriptions from the files beside it: a copy of the bundle
 * and those two files in another folder, started from yet another working folder,
 * still flags an unknown key and shows EMQX's description of a key in a hover.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { buildCli, ROOT } from '../cli/harness';

const TEXT = 'node {\n  name = "emqx@10.0.0.1"\n  crash_dump_seconds = 30s\n  cookei = "x"\n}\n';

describe('lsp: the bundled server and its catalogue files', function () {
  this.timeout(120000);
  let proc: ChildProcess | undefined;
  let connection: MessageConnection | undefined;
  let dir: string;

  before(() => buildCli());

  afterEach(() => {
    connection?.dispose();
    proc?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags an unknown key and shows EMQX descriptions from a copy of dist/ elsewhere', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bundled-server-'));
    const dist = path.join(dir, 'extension', 'dist');
    fs.mkdirSync(dist, { recursive: true });
    for (const f of ['server.js', 'keyCatalogue.json', 'keyDescriptions.json']) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(dist, f));
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd);
    proc = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const uri = pathToFileURL(path.join(dir, 'emqx.conf')).toString();
    const published = new Promise<PublishDiagnosticsParams>((resolve) => {
      connection!.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri) resolve(p);
      });
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ emqxVersion: '5.8.9' })));
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { debounceMs: 0 } });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'emqx-conf', version: 1, text: TEXT } });

    const diagnostics = (await published).diagnostics.filter((d) => d.code === 'unknown-key');
    assert.deepEqual(
      diagnostics.map((d) => [d.range, d.message]),
      [[{ start: { line: 3, character: 2 }, end: { line: 3, character: 8 } }, 'EMQX 5.8.9 refuses to start with the unknown key node.cookei. Did you mean node.cookie?']],
    );
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } })) as Hover | null;
    assert.ok(hover, 'no hover on node.crash_dump_seconds');
    assert.match((hover.contents as MarkupContent).value, /number of seconds that the emulator is allowed to spend writing a crash dump/);
  });
});
