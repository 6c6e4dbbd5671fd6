// Helpers shared by the benchmark sections: bundling an entry as the extension
// ships it, and timing a function by its median over repeated runs.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

/** Bundles `entry` to `outDir/name.cjs` (Node 20, CommonJS) and loads it. */
export async function loadBundle(entry, outDir, name) {
  const outfile = path.join(outDir, `${name}.cjs`);
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning' });
  return require(outfile);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `fn` n times; the median and the best time in ms, and the last result. */
export function time(fn, n) {
  const out = [];
  let result;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: median(out), min: Math.min(...out), result };
}

/**
 * A file of junk the size of `size` characters, the same on every run: `ctrl`, random bytes
 * 0–31 (control characters, blanks and line breaks: an illegal run on almost every line);
 * `braces`, a stray `}` on every line. Each line holds a syntax error.
 */
export function junkText(kind, size) {
  if (kind === 'braces') return '}\n'.repeat(Math.floor(size / 2));
  let s = 1;
  const codes = new Array(size);
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    codes[i] = (s >>> 16) % 32;
  }
  let out = '';
  for (let i = 0; i < size; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

/**
 * One load of `file` in a fresh process (bench/peak.mjs): `kind` 'engine' (parse + resolve with the
 * bundle at `bundle`), 'json' (JSON.parse) or 'none' (the file read and the bundle loaded, nothing
 * else: the baseline). Bytes: the process's peak RSS, and the heap the result keeps.
 */
export function memoryOf(kind, file, bundle) {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'peak.mjs');
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', script, `--kind=${kind}`, `--file=${file}`, ...(bundle ? [`--bundle=${bundle}`] : [])], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

/**
 * Memory per MB of config (`mb`) of parse + resolve of `conf` and of JSON.parse of `json`, each the
 * median of `n` fresh processes: the heap the result keeps, and the peak RSS of the load (garbage
 * included; where bench/peak.mjs cannot reset the high-water mark, the peak above that of a process
 * that only reads the file).
 */
export function memoryPerMb(conf, json, bundle, mb, n = 3) {
  const of = (kind, file) => {
    const runs = Array.from({ length: n }, () => memoryOf(kind, file, bundle));
    const base = runs[0].exact || kind === 'none' ? 0 : spread(Array.from({ length: n }, () => memoryOf('none', file, bundle).peak)).median;
    return { held: spread(runs.map((r) => r.held)).median / mb, peak: (spread(runs.map((r) => r.peak)).median - base) / mb };
  };
  return { engine: of('engine', conf), json: of('json', json) };
}

/** Median, least and greatest of `xs`. */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}
