// Edit → diagnostics over a real LSP connection, on the paths a user types on:
// the bundled server (`node dist/server.js --stdio`, as Neovim runs it) with a
// generated EMQX-style document open; each edit changes one value near the middle
// (an incremental didChange) and the time until the diagnostics of that version
// arrive is measured. The server's debounce is 0 for the measurement
// (initializationOptions.debounceMs), so the number is the work done per edit; an
// editor adds the debounce while the user is typing.
//
// Scenarios, each in a fresh server: the clean file in an untrusted folder (the
// reference), the clean file in a trusted workspace folder (the file on disk, cluster
// checks on), and mid-typing files (one unterminated string, one stray closing brace,
// early in the file) untrusted and trusted. Every figure is also given as a ratio to
// the floor measured in the same run: a do-nothing LSP server over the same transport
// (bench/null-server.cjs), and to the clean untrusted figure. Reports the server's
// RSS with the document open and after all the edits (and its peak), and the server's CPU time per
// edit (all threads, and the JavaScript thread alone) with the ratio of the latter to
// the clean untrusted figure: wall time on a busy machine includes time the server
// waited for a core, CPU time does not.
//
// Two more scenarios are files of junk the size of the clean file (bench/lib.mjs junkText): random
// control bytes, and a stray `}` on every line, untrusted; a syntax error on every line, hundreds of
// thousands of problems of which the editor shows 999. Each edit there replaces a character of a
// line near the middle with the same character, and each is compared with the clean file.
//
// Usage: node bench/lsp.mjs [--edits=15] [--size-mb=1[,5,...]] [--scenarios=a,b] [--profile] [--server=PATH]
//   (npm run bench runs the defaults: 0.1 and 1 MB, all scenarios; --server: another build's
//   dist/server.js, for an A/B)
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { junkText } from './lib.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a))
    .filter(Boolean)
    .map((m) => [m[1], m[2] ?? '1']),
);
const edits = Number(args.edits ?? 15);
const sizes = String(args['size-mb'] ?? '0.1,1').split(',');
const SCENARIOS = ['clean-untrusted', 'clean-trusted', 'string-untrusted', 'string-trusted', 'brace-untrusted', 'brace-trusted', 'ctrl-untrusted', 'braces-untrusted'];
const scenarios = args.scenarios ? String(args.scenarios).split(',') : SCENARIOS;

const serverJs = args.server ? path.resolve(String(args.server)) : path.join(root, 'dist/server.js');
if (!fs.existsSync(serverJs)) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** Resident set size of a process (its peak so far with `peak`), from /proc (Linux); undefined elsewhere. */
function rssOf(pid, peak = false) {
  try {
    const m = (peak ? /VmHWM:\s+(\d+) kB/ : /VmRSS:\s+(\d+) kB/).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
/**
 * CPU time (user + system, ms) a process has used, read from /proc: all its
 * threads, or with `mainThread` only the JavaScript thread (not the GC and
 * compiler helpers). Undefined where /proc is not there. Unlike wall time it
 * does not grow when other work on the machine takes the CPU away, so the
 * per-edit figures stay comparable on a busy machine.
 */
function cpuMsOf(pid, mainThread = false) {
  try {
    const stat = fs.readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
const mb = (b) => (b === undefined ? 'n/a' : `${(b / 1024 / 1024).toFixed(1)} MB`);

/** The document of a scenario: the generated file, with one typing mistake early on. */
function documentFor(text, kind) {
  if (kind === 'clean') return text;
  if (kind === 'ctrl' || kind === 'braces') return junkText(kind, text.length);
  const lines = text.split('\n');
  const at = Math.min(20, lines.length - 1);
  // An unterminated string: the user has typed the opening quote of a value.
  if (kind === 'string') lines[at] = `${lines[at]}\nnode.role_hint = "repl`;
  // A stray closing brace: the user deleted an opening one.
  if (kind === 'brace') lines[at] = `${lines[at]}\n}`;
  return lines.join('\n');
}

/** One server process, one document, N edits; times in ms. */
async function measure({ serverArgs, text, trusted, label }) {
  const folder = fs.mkdtempSync(path.join(root, '.bench', 'ws-'));
  const file = path.join(folder, 'etc', 'emqx.conf');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const profile = args.profile && label ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.bench', 'prof', label)}`] : [];
  const proc = spawn(process.execPath, [...profile, ...serverArgs], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
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
  conn.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: 'bench' }]);
  conn.listen();
  const published = (version) => new Promise((resolve) => waiters.set(version, resolve));
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { workspaceFolders: true } },
    initializationOptions: { trusted, debounceMs: 0 },
  });
  await conn.sendNotification('initialized', {});
  await new Promise((r) => setTimeout(r, 200));
  let t0 = performance.now();
  let p = published(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'emqx-conf', version: 1, text } });
  const first = await p;
  const openMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 200));
  const rssOpen = rssOf(proc.pid);
  const lines = text.split('\n');
  const targets = [];
  for (let i = Math.floor(lines.length / 2); i < lines.length && targets.length < edits + 2; i++) {
    const m = /^(\s*[A-Za-z_][\w.-]*\s*=\s*)(\d+)\s*$/.exec(lines[i]);
    if (m) targets.push({ line: i, start: m[1].length, end: m[1].length + m[2].length });
  }
  // A file of junk has no such value: one of its characters is replaced with itself (a new version to check).
  if (targets.length === 0) {
    const lspLines = text.split(/\r\n|\r|\n/);
    for (let i = Math.floor(lspLines.length / 2); i < lspLines.length && targets.length < edits + 2; i++) {
      if (lspLines[i].length > 0) targets.push({ line: i, start: 0, end: 1, text: lspLines[i][0] });
    }
  }
  const times = [];
  let cpuStart, mainStart;
  let version = 1;
  for (let i = 0; i < edits + 2; i++) {
    const tg = targets[i % targets.length];
    version++;
    p = published(version);
    t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: tg.line, character: tg.start }, end: { line: tg.line, character: tg.end } }, text: tg.text ?? String(1000 + i) }],
    });
    await p;
    // The first two edits warm the JIT and are not counted.
    if (i >= 2) times.push(performance.now() - t0);
    if (i === 1) {
      cpuStart = cpuMsOf(proc.pid);
      mainStart = cpuMsOf(proc.pid, true);
    }
  }
  const cpuEnd = cpuMsOf(proc.pid);
  const mainEnd = cpuMsOf(proc.pid, true);
  const rssAfter = rssOf(proc.pid);
  const rssPeak = rssOf(proc.pid, true);
  // Completion at the end of the document after the edits (the first request, then again).
  const lastLine = lines.length - 1;
  const endPosition = { line: lastLine, character: lines[lastLine].length };
  // (The do-nothing floor server has no completion: NaN there.)
  const timed = async () => {
    const c = performance.now();
    const result = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: endPosition }).catch(() => undefined);
    return { ms: result === undefined ? NaN : performance.now() - c, result };
  };
  const once = await timed();
  const again = await timed();
  const completion = once.result;
  const completionMs = once.ms;
  const completionAgainMs = again.ms;
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
  const completionItems = Array.isArray(completion) ? completion.length : (completion?.items?.length ?? 0);
  return {
    median: median(times),
    best: Math.min(...times),
    worst: Math.max(...times),
    cpuMs: cpuStart === undefined || cpuEnd === undefined ? NaN : (cpuEnd - cpuStart) / edits,
    mainCpuMs: mainStart === undefined || mainEnd === undefined ? NaN : (mainEnd - mainStart) / edits,
    openMs,
    diagnostics: first.diagnostics.length,
    rssOpen,
    rssAfter,
    rssPeak,
    completionMs,
    completionAgainMs,
    completionItems,
  };
}

console.log(`lsp: edit → diagnostics over stdio, median of ${edits} edits each (debounce 0), each ratio against figures of the same run`);
for (const sizeMb of sizes) {
  const outDir = path.join(root, '.bench', `lsp-${sizeMb}mb`);
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [path.resolve(root, '../shared/bench/gen-big-conf.js'), `--out-dir=${outDir}`, `--size-mb=${sizeMb}`], { stdio: 'ignore' });
  const text = fs.readFileSync(path.join(outDir, 'big.conf'), 'utf8');
  const floor = await measure({ serverArgs: [path.join(root, 'bench/null-server.cjs'), '--stdio'], text, trusted: false });
  console.log(`  ${(text.length / 1e6).toFixed(2)} MB: floor (do-nothing LSP server, same transport) ${floor.median.toFixed(1)} ms`);
  let reference;
  for (const s of scenarios) {
    const [kind, trust] = s.split('-');
    const r = await measure({ serverArgs: [serverJs, '--stdio'], text: documentFor(text, kind), trusted: trust === 'trusted', label: `${sizeMb}mb-${s}` });
    if (s === 'clean-untrusted') reference = r;
    const vsRef = reference && s !== 'clean-untrusted' ? `, ${(r.median / reference.median).toFixed(2)}x clean untrusted (CPU ${(r.mainCpuMs / reference.mainCpuMs).toFixed(2)}x)` : '';
    console.log(
      `    ${s.padEnd(17)} ${r.median.toFixed(1).padStart(7)} ms (${r.best.toFixed(1)}–${r.worst.toFixed(1)}), ${(r.median / floor.median).toFixed(1)}x floor${vsRef}; ` +
        `server CPU per edit ${r.cpuMs.toFixed(1)} ms, main thread ${r.mainCpuMs.toFixed(1)} ms; ` +
        `open → diagnostics ${r.openMs.toFixed(0)} ms (${r.diagnostics}); RSS ${mb(r.rssOpen)} open → ${mb(r.rssAfter)} after ${edits + 2} edits (peak ${mb(r.rssPeak)}); ` +
        `completion at the end ${r.completionMs.toFixed(1)} ms (${r.completionItems} items), again ${r.completionAgainMs.toFixed(1)} ms`,
    );
  }
}
