// The CLI's whole-process cost (`npm run bench`, section "cli"): `check` of EMQX's
// shipped emqx.conf (5.8.9, 1 KB) and of a small insecure config, as a new
// process each time, against `node -e 0` measured in the same run. The two
// commands alternate (floor, check, floor, check, ...) so a busy machine slows
// both sides of a pair alike; the ratio is the median of the pairs' ratios, with
// the spread of the pairs. Wall time is what a CI job waits; the processes' own CPU
// time (bench/cpu-at-exit.cjs) moves less when the machine is busy. Also the cost of
// loading the bundle alone (`--version`). The CLI keeps V8's compiled code per command
// in the user's cache folder (server/src/cli/start.ts): the warm-up run before the
// pairs fills it, and the check is measured again with the cache turned off.
//
// Files of junk: `check` of a generated 5 MB file of random control bytes and of one with a stray
// `}` on every line (bench/lib.mjs junkText; a syntax error on every line, each one reported), each
// alternated with `check` of the clean generated 5 MB file, the ratio of the pairs as above
// (--junk-runs pairs each, default 5; the reports go to /dev/null).
//
// Usage: node bench/cli.mjs [--runs=21] [--junk-runs=5] [--no-junk] [--cli=PATH]  (--cli: another build, for an A/B)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { junkText, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 21;
const cliArg = process.argv.find((a) => a.startsWith('--cli='));
const cli = cliArg ? path.resolve(cliArg.slice('--cli='.length)) : path.join(root, 'dist/cli.js');
if (!fs.existsSync(cli)) {
  console.error('bench/cli: dist/cli.js is missing (run node scripts/build.mjs)');
  process.exit(2);
}
const shipped = path.resolve(root, '../shared/corpus/emqx/emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf');
const small = path.join(root, 'examples/insecure/etc/emqx.conf');

const preload = path.join(root, 'bench/cpu-at-exit.cjs');

/** One process: its wall time and its own CPU time (user + system), in ms. */
function run(args, env = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === null || r.status > 1) throw new Error(`bench/cli: ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  const m = /bench-cpu-us (\d+)/.exec(r.stderr);
  return { wallMs, cpuMs: m ? Number(m[1]) / 1000 : NaN };
}

/** `args` alternated with `base`, `n` pairs; `env` is the environment of `args`' runs. */
function pairs(label, args, { env = process.env, base = ['-e', '0'], baseLabel = 'node -e 0', n = runs } = {}) {
  const out = { wallMs: { floor: [], cmd: [], ratios: [] }, cpuMs: { floor: [], cmd: [], ratios: [] } };
  run(base);
  run(args, env);
  for (let i = 0; i < n; i++) {
    const a = run(base);
    const b = run(args, env);
    for (const k of ['wallMs', 'cpuMs']) {
      out[k].floor.push(a[k]);
      out[k].cmd.push(b[k]);
      out[k].ratios.push(b[k] / a[k]);
    }
  }
  const r = (x) => `${x.toFixed(2)}x`;
  for (const [k, name] of [
    ['wallMs', 'wall'],
    ['cpuMs', 'cpu '],
  ]) {
    const ratios = out[k].ratios.sort((x, y) => x - y);
    console.log(
      `${label.padEnd(40)} ${name} ${median(out[k].cmd).toFixed(1).padStart(7)} ms vs ${baseLabel} ${median(out[k].floor).toFixed(1).padStart(6)} ms: ` +
        `${r(ratios[ratios.length >> 1])} median of ${n} pairs (${r(ratios[0])} to ${r(ratios[ratios.length - 1])})`,
    );
  }
}

console.log(`cli: whole process, ${runs} alternated pairs each (target: check of the shipped emqx.conf <= 1.6x node -e 0)`);
pairs('--version (bundle load only)', [cli, '--version']);
if (fs.existsSync(shipped)) {
  pairs('check, shipped emqx.conf (EMQX 5.8.9)', [cli, 'check', shipped, '--no-env-discovery']);
  // The first run of a command, or every run where the cache folder is not kept (a CI job
  // that does not cache it): compiled from the source.
  pairs('  the same without the code cache', [cli, 'check', shipped, '--no-env-discovery'], { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
} else console.log(`(skipped: ${shipped} not found)`);
if (fs.existsSync(small)) pairs('check, examples/insecure/etc/emqx.conf', [cli, 'check', small]);

if (!process.argv.includes('--no-junk')) {
  const junkRunsArg = process.argv.find((a) => a.startsWith('--junk-runs='));
  const junkRuns = junkRunsArg ? Number(junkRunsArg.slice('--junk-runs='.length)) : 5;
  const dir = path.join(root, '.bench', 'cli-junk');
  // Each file is an emqx.conf of its own folder, so the same rules run on all three.
  const fileOf = (kind) => {
    fs.mkdirSync(path.join(dir, kind), { recursive: true });
    return path.join(dir, kind, 'emqx.conf');
  };
  const clean = fileOf('clean');
  execFileSync(process.execPath, [path.resolve(root, '../shared/bench/gen-big-conf.js'), `--out-dir=${dir}`, '--size-mb=5'], { stdio: 'ignore' });
  fs.copyFileSync(path.join(dir, 'big.conf'), clean);
  const size = fs.readFileSync(clean, 'utf8').length;
  console.log(`cli: files of junk, ${(size / 1e6).toFixed(2)} MB each, ${junkRuns} pairs alternated with check of the clean generated file (target: 1.5x)`);
  for (const [kind, label] of [
    ['ctrl', 'check, 5 MB of control bytes'],
    ['braces', 'check, 5 MB of stray braces'],
  ]) {
    const file = fileOf(kind);
    fs.writeFileSync(file, junkText(kind, size));
    pairs(label, [cli, 'check', file, '--no-env-discovery'], { base: [cli, 'check', clean, '--no-env-discovery'], baseLabel: 'the clean file', n: junkRuns });
  }
}
