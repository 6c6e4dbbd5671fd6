// The scaling curve (`npm run bench`, section "scaling"): parse + resolve of
// generated EMQX-style files from 50 KB to 20 MB, each against JSON.parse of its
// JSON equivalent at the same size, in one process per size (so one size's heap
// does not disturb the next). Per size: the median time and its ratio to
// JSON.parse, time per MB, and the heap the resolved config keeps per MB of
// text (after a forced collection, text excluded), next to JSON.parse's result,
// and the peak RSS one load adds to a process that only reads the file, per MB
// (bench/peak.mjs, a fresh process each), next to JSON.parse's. Time per MB
// that grows with size is the garbage collector's share growing.
//
// Usage: node --expose-gc bench/scaling.mjs [--sizes=0.05,0.2,1,5,20] [--runs=5]
//   (one size: node --expose-gc bench/scaling.mjs --one=5)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, memoryPerMb, time } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a))
    .filter(Boolean)
    .map((m) => [m[1], m[2] ?? '1']),
);
const runs = Number(args.runs ?? 5);

if (args.one) {
  const sizeMb = args.one;
  const outDir = path.join(root, '.bench', `scale-${sizeMb}mb`);
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [path.resolve(root, '../shared/bench/gen-big-conf.js'), `--out-dir=${outDir}`, `--size-mb=${sizeMb}`], { stdio: 'ignore' });
  const conf = fs.readFileSync(path.join(outDir, 'big.conf'), 'utf8');
  const json = fs.readFileSync(path.join(outDir, 'big.json'), 'utf8');
  const engine = await loadBundle(path.join(root, 'bench/entry.ts'), path.join(root, '.bench'), 'engine');
  const uri = path.join(outDir, 'big.conf');
  // Small files take more runs (and warm-up runs) so the JIT has settled before the median.
  const n = Math.max(runs, Math.min(60, Math.ceil(3 / (conf.length / 1e6))));
  time(() => JSON.parse(json), n);
  time(() => engine.resolveText(conf, uri, engine.noFiles), n);
  const j = time(() => JSON.parse(json), n);
  const e = time(() => engine.resolveText(conf, uri, engine.noFiles), n);
  // Several copies of a small file's result are kept, so the heap's own noise is small next to them.
  const copies = Math.max(1, Math.ceil(2 / (conf.length / 1e6)));
  const heldBy = (make) => {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    const kept = [];
    for (let k = 0; k < copies; k++) kept.push(make());
    globalThis.gc();
    const after = process.memoryUsage().heapUsed;
    void kept.length;
    return (after - before) / copies;
  };
  const heapEngine = heldBy(() => engine.resolveText(conf, uri, engine.noFiles));
  const heapJson = heldBy(() => JSON.parse(json));
  console.log(JSON.stringify({ mb: conf.length / 1e6, jsonMs: j.ms, engineMs: e.ms, heapEngine, heapJson }));
  process.exit(0);
}

const sizes = String(args.sizes ?? '0.05,0.2,1,5,20').split(',');
console.log(`scaling: parse + resolve vs JSON.parse of the same config as JSON, median of ${runs} runs per size, one process each`);
console.log('   size   parse+resolve   JSON.parse   ratio   ms per MB   kept heap per MB (JSON.parse result)   peak RSS per MB (JSON.parse)');
for (const s of sizes) {
  let r;
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', fileURLToPath(import.meta.url), `--one=${s}`, `--runs=${runs}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 600_000,
    });
    r = JSON.parse(out.trim().split('\n').pop());
  } catch (e) {
    console.log(`  ${s} MB: failed: ${String(e.message).split('\n')[0]}`);
    continue;
  }
  const mbStr = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  let peaks = '';
  try {
    const dir = path.join(root, '.bench', `scale-${s}mb`);
    const m = memoryPerMb(path.join(dir, 'big.conf'), path.join(dir, 'big.json'), path.join(root, '.bench', 'engine.cjs'), r.mb, 1);
    peaks = `${mbStr(m.engine.peak)} (${mbStr(m.json.peak)})`;
  } catch (e) {
    peaks = `failed: ${String(e.message).split('\n')[0]}`;
  }
  console.log(
    `  ${r.mb.toFixed(2).padStart(5)} MB  ${r.engineMs.toFixed(1).padStart(9)} ms  ${r.jsonMs.toFixed(1).padStart(8)} ms  ${(r.engineMs / r.jsonMs).toFixed(2).padStart(5)}x  ` +
      `${(r.engineMs / r.mb).toFixed(1).padStart(7)} ms   ${mbStr(r.heapEngine / r.mb)} (${mbStr(r.heapJson / r.mb)})`.padEnd(38) +
      `   ${peaks}`,
  );
}
