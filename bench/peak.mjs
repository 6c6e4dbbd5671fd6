// Memory of one load, in a fresh process (`bench/run.mjs` and `bench/scaling.mjs` call it): parse +
// resolve of a HOCON file with the bundled engine (--kind=engine), or JSON.parse of its JSON
// (--kind=json, the floor), once. Prints the peak RSS above the process's RSS before the load (what
// the load made the process take from the system, garbage included) and the heap the result keeps
// after a forced collection (text excluded), both in bytes.
//
// Usage: node --expose-gc bench/peak.mjs --kind=engine|json --file=PATH [--bundle=.bench/engine.cjs]
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
const engine = args.kind === 'engine' ? createRequire(import.meta.url)(path.resolve(root, args.bundle ?? '.bench/engine.cjs')) : undefined;
const load = engine ? () => engine.resolveText(text, args.file, engine.noFiles) : () => JSON.parse(text);
globalThis.gc();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const kept = load();
const peak = process.resourceUsage().maxRSS * 1024 - rssBefore;
globalThis.gc();
const held = process.memoryUsage().heapUsed - heapBefore;
void kept;
console.log(JSON.stringify({ mb: text.length / 1e6, peak, held }));
