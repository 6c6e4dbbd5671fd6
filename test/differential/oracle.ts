/**
 * EMQX's own HOCON parser as a test oracle: built from the sources in
 * ../shared/oracle/emqx-hocon (next to the repository; EMQX_HOCON_SRC
 * overrides) into the git-ignored .oracle/ on first use, then asked through
 * one long-running Erlang VM (oracle-batch.escript) that answers a file per
 * line. Nothing of the oracle is kept in the repository.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '../..');
export const oracleSource = process.env.EMQX_HOCON_SRC ?? path.resolve(repoRoot, '../shared/oracle/emqx-hocon');
export const oracleDir = process.env.EMQX_HOCON_DIR ?? path.join(repoRoot, '.oracle');
const batchScript = path.join(__dirname, 'oracle-batch.escript');

export type OracleAnswer = { kind: 'json'; text: string } | { kind: 'error'; reason: string };

/** Builds the oracle into .oracle/ unless it is built; throws, saying what is missing, when it cannot. */
export function ensureOracle(): void {
  const beam = path.join(oracleDir, 'ebin', 'hocon.beam');
  const build = path.join(oracleSource, 'build.sh');
  if (fs.existsSync(beam) && !newerSources(fs.statSync(beam).mtimeMs)) return;
  if (!fs.existsSync(build)) throw new Error(`EMQX's HOCON parser sources not found at ${oracleSource} (set EMQX_HOCON_SRC)`);
  try {
    execFileSync('sh', ['-c', 'command -v erlc && command -v escript'], { stdio: 'ignore' });
  } catch {
    throw new Error('Erlang is not installed (erlc not found): run scripts/setup.sh');
  }
  execFileSync('bash', [build, oracleDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Whether the oracle's sources changed since it was built (then it is built again). */
function newerSources(builtMs: number): boolean {
  const src = path.join(oracleSource, 'src');
  if (!fs.existsSync(src)) return false;
  return fs.readdirSync(src).some((f) => fs.statSync(path.join(src, f)).mtimeMs > builtMs);
}

/** One Erlang VM answering files in order. */
export class Oracle {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer = '';
  private readonly waiting: Array<(line: string) => void> = [];
  private exited = false;

  constructor() {
    this.proc = spawn('escript', [batchScript], { env: { ...process.env, EMQX_HOCON_DIR: oracleDir } });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.proc.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w('ERROR: oracle exited');
    });
  }

  /** What EMQX makes of the file at `file` (an absolute path). */
  ask(file: string): Promise<OracleAnswer> {
    if (this.exited) return Promise.resolve({ kind: 'error', reason: 'oracle exited' });
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(line.startsWith('OK ') ? { kind: 'json', text: line.slice(3) } : { kind: 'error', reason: line.replace(/^ERROR: /, '') }));
      this.proc.stdin.write(file + '\n');
    });
  }

  close(): void {
    this.proc.stdin.end();
  }
}
