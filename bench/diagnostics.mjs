// Full diagnostics (what the server computes for a document: parse, effective
// config, every rule, suppressions, the published diagnostic list) of EMQX's
// shipped emqx.conf and of the generated 5 MB file, each next to JSON.parse
// of the document's resolved JSON measured in the same run, as a ratio.
// Target: EMQX's emqx.conf in < 5 ms.
//
// Usage: node bench/diagnostics.mjs [--runs=N]   (also run by `npm run bench`)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, time } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a))
    .filter(Boolean)
    .map((m) => [m[1], m[2] ?? '1']),
);
const outDir = path.join(root, '.bench');
fs.mkdirSync(outDir, { recursive: true });

const m = await loadBundle(path.join(root, 'bench/diagnostics-entry.ts'), outDir, 'diagnostics');

/** One full check as the server does it on an edit: a fresh analysis through the real engine wiring. */
function diagnose(service, uri, text) {
  const analysis = service.analyze({ uri, version: 1, text, settings: m.DEFAULT_SETTINGS, reader: m.memoryReader({}), trusted: true });
  return service.diagnostics(analysis);
}

export function benchDiagnostics({ label, uri, text, runs, target, breakdown }) {
  const service = new m.LanguageService({ engine: m.defaultEngine, keyDocs: m.defaultKeyDocs });
  const json = JSON.stringify(m.toEmqxJson(m.resolveText(text, uri, m.noFiles).root));
  // Warm up (JIT) both sides, then measure.
  time(() => JSON.parse(json), Math.min(runs, 5));
  time(() => diagnose(service, uri, text), Math.min(runs, 3));
  const base = time(() => JSON.parse(json), runs);
  const full = time(() => diagnose(service, uri, text), runs);
  const codes = {};
  for (const d of full.result) codes[d.code] = (codes[d.code] ?? 0) + 1;
  const kb = (text.length / 1024).toFixed(0);
  console.log(
    `diagnostics: ${label} (${kb} KB): ${full.ms.toFixed(2)} ms median, ${full.min.toFixed(2)} ms best of ${runs}; ` +
      `JSON.parse of its resolved JSON ${base.ms.toFixed(3)} ms → ${(full.ms / base.ms).toFixed(0)}× JSON.parse` +
      (target ? `  (target < ${target} ms: ${full.ms < target ? 'met' : 'MISSED'})` : ''),
  );
  console.log(
    `             ${full.result.length} diagnostics: ${Object.entries(codes)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ')}`,
  );
  if (breakdown) {
    // Where the time goes. Each stage is timed on its own: the model may not build the lossless
    // CST for resolving, so the stages are not simple prefixes of one another.
    const n = Math.max(3, Math.min(runs, 5));
    const parse = time(() => m.parseHocon(text, uri), n).min;
    const resolve = time(() => m.resolveText(text, uri, m.noFiles), n).min;
    const analyze = time(() => m.analyzeDocument({ uri, text, reader: m.memoryReader({}), trusted: true, settings: {} }), n).min;
    console.log(
      `             stages, each timed alone (best of ${n}): parseHocon (lossless CST) ${parse.toFixed(0)} ms; resolveText (effective config) ${resolve.toFixed(0)} ms; ` +
        `analyzeDocument (config + every rule) ${analyze.toFixed(0)} ms; the language service (analysis + diagnostics) ${full.min.toFixed(0)} ms`,
    );
  }
  return { ms: full.ms, jsonMs: base.ms, diagnostics: full.result.length };
}

const runs = Number(args.runs ?? 50);
const emqxConf = path.resolve(root, '../shared/corpus/emqx/emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf');
benchDiagnostics({ label: "EMQX 5.8.9's shipped emqx.conf", uri: 'file:///etc/emqx/emqx.conf', text: fs.readFileSync(emqxConf, 'utf8'), runs, target: 5 });

const emqx44 = path.resolve(root, '../shared/corpus/emqx/emqx-v4.4.19__etc__emqx.conf');
if (fs.existsSync(emqx44)) benchDiagnostics({ label: "EMQX 4.4.19's shipped etc/emqx.conf (cuttlefish)", uri: 'file:///etc/emqx/emqx.conf', text: fs.readFileSync(emqx44, 'utf8'), runs });

const big = path.join(outDir, 'big.conf');
if (!fs.existsSync(big)) execFileSync(process.execPath, [path.resolve(root, '../shared/bench/gen-big-conf.js'), `--out-dir=${outDir}`, '--size-mb=5'], { stdio: 'ignore' });
benchDiagnostics({ label: 'generated 5 MB emqx.conf', uri: 'file:///etc/emqx/emqx.conf', text: fs.readFileSync(big, 'utf8'), runs: Math.max(3, Math.floor(runs / 10)), breakdown: true });
