// Edit → diagnostics over a real LSP connection: the bundled server
// (`node dist/server.js --stdio`, as Neovim runs it) with a 1 MB emqx.conf
// open; each edit changes one value (an incremental didChange) and the time
// until the diagnostics of that version arrive is measured. The server's
// debounce is set to 0 for the measurement (initializationOptions.debounceMs),
// so the number is the work done per edit; an editor adds the debounce
// (DEBOUNCE_MS, 200 ms) on top while the user is typing. Also reports the
// memory the server holds with the document open (RSS and V8 heap deltas).
// Target: < 50 ms per edit (median of N).
//
// Usage: node bench/lsp.mjs [--edits=N] [--size-mb=1] [--profile]   (also run by `npm run bench`)
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)).filter(Boolean).map((m) => [m[1], m[2] ?? '1']));
const edits = Number(args.edits ?? 15);
const sizeMb = args['size-mb'] ?? '1';
const outDir = path.join(root, '.bench', `lsp-${sizeMb}mb`);
fs.mkdirSync(outDir, { recursive: true });

const serverJs = path.join(root, 'dist/server.js');
if (!fs.existsSync(serverJs)) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [path.resolve(root, '../shared/bench/gen-big-conf.js'), `--out-dir=${outDir}`, `--size-mb=${sizeMb}`], { stdio: 'ignore' });
const text = fs.readFileSync(path.join(outDir, 'big.conf'), 'utf8');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** Resident set size of a process, from /proc (Linux); undefined elsewhere. */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
const mb = (b) => (b === undefined ? 'n/a' : `${(b / 1024 / 1024).toFixed(1)} MB`);

// --expose-gc lets the bench ask the server's V8 for a collection through the inspector-free
// route: none. Instead RSS is read from /proc, and the heap through the server's own process
// report (process.memoryUsage is not reachable from outside), so RSS is the number reported.
// --profile writes a CPU profile of the server to .bench/prof/ (open it in Chrome DevTools).
const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.bench', 'prof')}`] : [];
const proc = spawn(process.execPath, [...profile, serverJs, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
const waiters = new Map();
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const w = waiters.get(p.version);
  if (w && p.uri === uri) {
    waiters.delete(p.version);
    w(p);
  }
});
conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
conn.onRequest('client/registerCapability', () => null);
conn.listen();
const uri = 'file:///bench/etc/emqx.conf';
const published = (version) => new Promise((resolve) => waiters.set(version, resolve));

await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  initializationOptions: { trusted: false, debounceMs: 0 },
});
await conn.sendNotification('initialized', {});
await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///none' }, position: { line: 0, character: 0 } });
await new Promise((r) => setTimeout(r, 300));
const rssBefore = rssOf(proc.pid);

let t0 = performance.now();
let p = published(1);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'emqx-conf', version: 1, text } });
const first = await p;
const openMs = performance.now() - t0;
await new Promise((r) => setTimeout(r, 300));
const rssOpen = rssOf(proc.pid);

// Each edit rewrites the value of one line near the middle of the file (a different line each time).
const lines = text.split('\n');
const targets = [];
for (let i = Math.floor(lines.length / 2); i < lines.length && targets.length < edits + 2; i++) {
  const m = /^(\s*[A-Za-z_][\w.-]*\s*=\s*)(\d+)\s*$/.exec(lines[i]);
  if (m) targets.push({ line: i, start: m[1].length, end: m[1].length + m[2].length });
}
const times = [];
let version = 1;
for (let i = 0; i < edits + 2; i++) {
  const tg = targets[i % targets.length];
  version++;
  p = published(version);
  t0 = performance.now();
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: tg.line, character: tg.start }, end: { line: tg.line, character: tg.end } }, text: String(1000 + i) }],
  });
  await p;
  // The first two edits warm the JIT and are not counted.
  if (i >= 2) times.push(performance.now() - t0);
}
const rssAfter = rssOf(proc.pid);
const hoverT0 = performance.now();
await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: targets[0].line, character: targets[0].start - 3 } });
const hoverMs = performance.now() - hoverT0;
// Completion of keys on the last line: the whole text before it is read for the enclosing blocks.
const endPosition = { line: lines.length - 1, character: 0 };
const completionT0 = performance.now();
const completion = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: endPosition });
const completionMs = performance.now() - completionT0;
const completionT1 = performance.now();
await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: endPosition });
const completionAgainMs = performance.now() - completionT1;

await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();

const med = median(times);
console.log(
  `lsp: ${(text.length / 1e6).toFixed(2)} MB document over stdio (dist/server.js): open → diagnostics ${openMs.toFixed(0)} ms (${first.diagnostics.length} diagnostics); ` +
    `edit → diagnostics median ${med.toFixed(1)} ms, best ${Math.min(...times).toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms over ${times.length} edits (debounce 0; editors add 200 ms while typing)${Number(sizeMb) === 1 ? `  (target < 50 ms at 1 MB: ${med < 50 ? 'met' : 'MISSED'})` : ''}`,
);
console.log(`     completion at the end ${completionMs.toFixed(1)} ms (${Array.isArray(completion) ? completion.length : 0} items), again ${completionAgainMs.toFixed(1)} ms`);
console.log(`     hover after the edits ${hoverMs.toFixed(1)} ms; server RSS ${mb(rssBefore)} idle → ${mb(rssOpen)} with the document open (+${mb(rssOpen - rssBefore)}) → ${mb(rssAfter)} after ${edits + 2} edits`);
