/**
 * The command-line entry point (`emqx-cluster-security`, bundled to dist/cli-main.js,
 * which the program file dist/cli.js runs: see start.ts).
 * It only dispatches: each command lives in its own module exporting
 * `run(args): Promise<number>` and returns the process exit code
 * (0 ok/clean, 1 findings at or above the threshold, 2 usage or I/O error).
 * Diagnostics for the user go to stderr; results go to stdout.
 */
import { setUpCliLocale } from './locale';
import { t } from '../l10n';
import { CommandEntry, commandTable } from './commands';

// The version is read from package.json at bundle time (esbuild inlines JSON
// imports), so the binary reports the version it was built from.
import * as pkg from '../../../package.json';

function usage(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    t('Usage: emqx-cluster-security <command> [options]'),
    '',
    t('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary()}`),
    '',
    t('Options:'),
    `  --help     ${t('Show help (also: emqx-cluster-security <command> --help)')}`,
    `  --version  ${t('Print the version')}`,
    '',
    t('Exit codes: 0 ok/clean, 1 findings at or above --fail-on (or a resolve error), 2 usage or I/O error.'),
  ];
  return lines.join('\n') + '\n';
}

export async function main(argv: readonly string[]): Promise<number> {
  setUpCliLocale();
  const commands = commandTable();
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0]) {
      const entry = commands.find((c) => c.name === rest[0]);
      if (entry) return entry.run(['--help']);
    }
    process.stdout.write(usage(commands));
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    process.stdout.write(`${(pkg as { version?: string }).version ?? '0.0.0'}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    process.stderr.write(t('Unknown command "{0}".', first) + '\n\n' + usage(commands));
    return 2;
  }
  try {
    return await entry.run(rest);
  } catch (err) {
    // A command should turn its own failures into exit codes; anything that
    // escapes is a bug or an I/O failure, reported without a stack trace
    // unless asked for, and never with file contents.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(t('emqx-cluster-security: {0}', message) + '\n');
    if (process.env.EMQX_CLUSTER_SECURITY_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(err.stack + '\n');
    }
    return 2;
  }
}

/**
 * Runs when this bundle is the program: started directly (`node dist/cli.js`,
 * which runs the bundle as its own module) or through the package's bin shim
 * (`bin/emqx-cluster-security.js`, which requires dist/cli.js, so `require.main`
 * is the shim). Importing the module
 * (tests) does not run it.
 */
function launchedAsProgram(): boolean {
  const entry = require.main;
  if (!entry) return false;
  return entry === module || /[\\/]bin[\\/]emqx-cluster-security(\.js)?$/.test(entry.filename);
}

/** Why output could not be written, in words (EPIPE: `check … | head` closed the pipe; ENOSPC: the disk is full). */
function outputFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'EPIPE') return t('the output was closed before everything was written (EPIPE)');
  if (err.code === 'ENOSPC') return t('no space left on the device (ENOSPC)');
  return err.code ? `${err.message} (${err.code})` : err.message;
}

/**
 * A failed write to stdout or stderr (a closed pipe, a full disk) ends the
 * run with one line on stderr and exit code 2, instead of an unhandled
 * 'error' event and its stack trace.
 */
export function guardOutput(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  let reported = false;
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!reported) {
        reported = true;
        try {
          if (stream !== process.stderr) process.stderr.write(t('emqx-cluster-security: cannot write the output: {0}', outputFailure(err)) + '\n');
        } catch {
          // stderr is gone too; the exit code still says it.
        }
      }
      process.exit(2);
    });
  }
}

if (launchedAsProgram()) {
  guardOutput();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(String(err) + '\n');
      process.exitCode = 2;
    },
  );
}
