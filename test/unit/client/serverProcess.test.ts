/**
 * The client's server launcher: a normal stop (shutdown, exit) is reported
 * as information, never as an error (a restart used to log
 * "[Error] Server process exited with code 0."); a crash is an error.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { createMessageConnection } from 'vscode-jsonrpc/node';
import { describeExit, debugging, startServerProcess } from '../../../client/src/serverProcess';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'server/src/server.ts');

function recorder() {
  const lines: Array<{ level: 'info' | 'error'; message: string }> = [];
  return {
    lines,
    log: {
      info: (message: string) => lines.push({ level: 'info', message }),
      error: (message: string) => lines.push({ level: 'error', message }),
      append: () => undefined,
    },
  };
}

describe('client: starting and stopping the language server', function () {
  this.timeout(60_000);

  it('a clean shutdown and exit is an information line, not an error', async () => {
    const { lines, log } = recorder();
    const started = await startServerProcess(SERVER, log, ['--require', require.resolve('tsx/cjs')]);
    const connection = createMessageConnection(started.reader, started.writer);
    connection.listen();
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { serverInfo?: { name: string } };
    assert.equal(result.serverInfo?.name, 'emqx-cluster-security');
    const exited = new Promise<number | null>((resolve) => started.process.once('exit', (code) => resolve(code)));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
    connection.dispose();
    assert.deepEqual(lines, [{ level: 'info', message: 'The language server stopped.' }]);
  });

  it('a server that dies is an error line', async () => {
    const { lines, log } = recorder();
    const started = await startServerProcess(SERVER, log, ['--require', require.resolve('tsx/cjs')]);
    const exited = new Promise<void>((resolve) => started.process.once('exit', () => resolve()));
    started.process.kill('SIGKILL');
    await exited;
    assert.deepEqual(lines, [{ level: 'error', message: 'The language server was stopped by signal SIGKILL.' }]);
    assert.equal(describeExit(1, null).level, 'error');
  });

  it('passes a debugger flag on only when the extension host is being debugged', () => {
    assert.equal(debugging(['--inspect=9229']), true);
    assert.equal(debugging(['--inspect-brk']), true);
    assert.equal(debugging(['--max-old-space-size=4096']), false);
  });
});
