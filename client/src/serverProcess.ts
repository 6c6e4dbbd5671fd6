/**
 * Starts the language server (dist/server.js) as a child process over Node
 * IPC and hands the language client its message transports. The client's own
 * launcher (vscode-languageclient 9.0.1, `{ module, transport: ipc }`) reports
 * every exit of the server as an error, so a normal restart wrote
 * "[Error] Server process exited with code 0." to the output channel; here a
 * clean exit is an information line and only a failure is an error.
 *
 * This module does not import `vscode`, so the unit tests run it in Node.
 */
import { ChildProcess, fork } from 'node:child_process';
import { IPCMessageReader, IPCMessageWriter, MessageReader, MessageWriter } from 'vscode-jsonrpc/node';

export interface ServerLog {
  info(message: string): void;
  error(message: string): void;
  /** The server's own stderr/stdout text, as it comes. */
  append(text: string): void;
}

export interface StartedServer {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  readonly detached: false;
  readonly process: ChildProcess;
}

/** What a server exit means for the user: nothing wrong after a clean stop, an error otherwise. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): { level: 'info' | 'error'; message: string } {
  if (code === 0) return { level: 'info', message: 'The language server stopped.' };
  if (signal !== null) return { level: 'error', message: `The language server was stopped by signal ${signal}.` };
  return { level: 'error', message: `The language server exited with code ${code ?? 'unknown'}.` };
}

/** Whether this extension host runs under a debugger (the server then listens for one too). */
export function debugging(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((a) => /^--(inspect|debug)(-brk)?(=|$)/.test(a));
}

/**
 * Forks `module` with `--node-ipc` and returns the transports. `execArgv` adds
 * Node options (the debugger port in debug mode).
 */
export function startServerProcess(module: string, log: ServerLog, execArgv: readonly string[] = []): Promise<StartedServer> {
  const child = fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], { execArgv: [...execArgv], stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  child.stderr?.on('data', (d: Buffer | string) => log.append(d.toString()));
  child.stdout?.on('data', (d: Buffer | string) => log.append(d.toString()));
  child.on('exit', (code, signal) => {
    const { level, message } = describeExit(code, signal);
    log[level](message);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve({ reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child), detached: false, process: child }));
  });
}

/** After the client stopped, a server that has not exited within `ms` is ended. */
export function endIfStillRunning(child: ChildProcess | undefined, ms = 2000): void {
  if (!child) return;
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }, ms);
  timer.unref();
}
