// Memory of one load, in a fresh process (`bench/run.mjs` and `bench/scaling.mjs` call it): parse +
// resolve of a HOCON file with the bundled engine (--kind=engine), JSON.parse of its JSON (--kind=json,
// the floor), or nothing (--kind=none: the file read, the bundle loaded). Prints, in bytes, the peak
// RSS of the load (garbage included) and the heap the result keeps after a forced collection (text
// excluded). On Linux the peak is the high-water mark reset just before the load (/proc/self/clear_refs)
// minus the RSS then (`exact`); elsewhere it is the process's whole high-water mark, and the caller
// subtracts that of --kind=none.
//
// Usage: node --expose-gc bench/peak.mjs --kind=engine|json|none --file=PATH [--bundle=.bench/engine.cjs]
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => /^--([^=]+)=(.*)$/.exec(a))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
const text = fs.readFileSync(args.file, 'utf8');
// Every kind loads the bundle, so the baseline differs from a load by the load alone.
const engine = createRequire(import.meta.url)(path.resolve(root, args.bundle ?? '.bench/engine.cjs'));
const load = args.kind === 'engine' ? () => engine.resolveText(text, args.file, engine.noFiles) : args.kind === 'json' ? () => JSON.parse(text) : () => undefined;
/** The process's RSS or its high-water mark (`VmRSS`, `VmHWM`) in bytes, where /proc has them. */
const status = (field) => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};
globalThis.gc();
const heapBefore = process.memoryUsage().heapUsed;
let exact = false;
try {
  fs.writeFileSync('/proc/self/clear_refs', '5');
  exact = status('VmHWM') !== undefined;
} catch {
  exact = false;
}
const rssBefore = exact ? status('VmRSS') : 0;
const kept = load();
const peak = exact ? status('VmHWM') - rssBefore : process.resourceUsage().maxRSS * 1024;
globalThis.gc();
const held = process.memoryUsage().heapUsed - heapBefore;
void kept;
console.log(JSON.stringify({ mb: text.length / 1e6, peak, held, exact }));
