/**
 * Output that cannot be written: `check … | head` closing the pipe early, or a
 * full disk. The CLI says so in one line on stderr and exits 2, without a
 * stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCli, CLI, ROOT } from './harness';

function finish(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('cli: output that cannot be written', function () {
  this.timeout(120_000);
  before(() => buildCli());
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C' };
  const args = [CLI, 'check', path.join(ROOT, 'examples'), '--format', 'json'];

  it('a pipe closed by the reader: one line, exit 2', async () => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before the report is written (as `| head -1` does after its line).
    child.stdout!.destroy();
    const { code, stderr } = await finish(child);
    assert.equal(code, 2, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /cannot write the output: the output was closed before everything was written \(EPIPE\)/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it('a full disk: one line, exit 2', async function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const full = fs.openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', full, 'pipe'] });
      const { code, stderr } = await finish(child);
      assert.equal(code, 2, stderr);
      assert.equal(stderr.trim(), 'emqx-cluster-security: cannot write the output: no space left on the device (ENOSPC)');
    } finally {
      fs.closeSync(full);
    }
  });
});
