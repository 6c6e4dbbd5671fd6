/**
 * The CLI never crashes: on a folder of mutated corpus files (junk bytes,
 * truncations, NUL, deep nesting, huge lines), a binary file, an include
 * bomb and a directory symlinked to its parent, `check` and `resolve` exit
 * with one of their documented codes (0, 1, 2), print well-formed output,
 * and never a stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyMutations, mutatedSeedArb, REPO_ROOT, seedFiles } from '../fuzz/harness';

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(REPO_ROOT, 'server/src/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /\n\s+at .+:\d+:\d+/;

describe('robustness: the CLI on junk', function () {
  this.timeout(180_000);
  let dir: string;
  const written: string[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-cli-junk-'));
    const seeds = seedFiles().filter((s) => s.name.startsWith('corpus/emqx/') || s.name.startsWith('corpus/dialect-probes/'));
    const samples = fc.sample(mutatedSeedArb(seeds), { seed: 99, numRuns: 24 });
    samples.forEach(({ seed, mutations }, i) => {
      const name = seed.uri.endsWith('ssl_dist.conf') ? `n${i}/ssl_dist.conf` : `n${i}/emqx.conf`;
      fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), applyMutations(seed.text, mutations));
      written.push(path.join(dir, name));
    });
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin/emqx.conf'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    fs.mkdirSync(path.join(dir, 'bomb'));
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `bomb/f${i}.conf`), `k { include "f${i + 1}.conf" }\nj { include "f${i + 1}.conf" }\n`);
    fs.writeFileSync(path.join(dir, 'bomb/emqx.conf'), 'include "f0.conf"\nnode.cookie = "x"\n');
    if (process.platform !== 'win32') fs.symlinkSync(dir, path.join(dir, 'loop'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check --format json over the whole folder: a documented exit code, JSON output, no stack trace', () => {
    const r = cli(['check', dir, '--format', 'json']);
    assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `exit ${r.status}; stderr: ${r.stderr.slice(0, 500)}`);
    assert.doesNotMatch(r.stderr, STACK);
    if (r.stdout.trim() !== '') assert.doesNotThrow(() => JSON.parse(r.stdout), 'stdout is JSON');
  });

  it('resolve, file by file (it takes one file), and check of the binary file and the include bomb: documented exit codes, no stack trace', () => {
    const cases = [...written.slice(0, 3), path.join(dir, 'bin/emqx.conf'), path.join(dir, 'bomb/emqx.conf')].map((f) => ['resolve', f]);
    cases.push(['check', path.join(dir, 'bin/emqx.conf'), path.join(dir, 'bomb/emqx.conf')]);
    for (const args of cases) {
      const r = cli(args);
      assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${args.join(' ')}: exit ${r.status}; stderr: ${r.stderr.slice(0, 500)}`);
      assert.doesNotMatch(r.stderr, STACK, `${args.join(' ')} printed a stack trace`);
    }
  });
});
