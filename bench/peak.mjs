// Memory of one load, in a fresh process (`bench/run.mjs` and `bench/scaling.mjs` call it): parse +
// resolve of a HOCON file with the bundled engine (--kind=engine), JSON.parse of its JSON (--kind=json,
// the floor), or nothing (--kind=none: the file read, the bundle loaded, for the baseline). Prints, in
// bytes, the process's peak RSS (its high-water mark, garbage included: the caller subtracts the
// baseline's) and the heap the result keeps after a forced collection (text excluded).
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
globalThis.gc();
const heapBefore = process.memoryUsage().heapUsed;
const kept = load();
const peak = process.resourceUsage().maxRSS * 1024;
globalThis.gc();
const held = process.memoryUsage().heapUsed - heapBefore;
void kept;
console.log(JSON.stringify({ mb: text.length / 1e6, peak, held }));
