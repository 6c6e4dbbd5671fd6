// Helpers shared by the benchmark sections: bundling an entry as the extension
// ships it, and timing a function by its median over repeated runs.
import * as esbuild from 'esbuild';
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
