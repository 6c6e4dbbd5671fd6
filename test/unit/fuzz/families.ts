/**
 * Adversarial document families for the linear-time check: each builds a
 * document of about `bytes` characters from a shape that tends to make
 * parsers and resolvers go quadratic (deep nesting, long concatenations,
 * chains of substitutions, long lines, many includes, runs of characters a
 * regular expression may backtrack over, thousands of problems).
 *
 * `measure` runs a document through what the editor does on every edit
 * (the server's real engine wiring: analysis, diagnostics, one hover, code actions over the whole file) and
 * returns the best of a few repeats: the machines are shared and noisy, and
 * the minimum is the least disturbed measurement. `growth` compares time per
 * KB at two sizes; a linear pipeline gives about 1, a quadratic one about the
 * size factor.
 */
import { memoryReader } from '../../../server/src/io';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { FUZZ_DIR, FUZZ_URI, fuzzFiles } from './harness';

export interface Family {
  readonly name: string;
  /** The URI the document is checked under (its name picks the dialect). */
  readonly uri?: string;
  readonly build: (bytes: number) => string;
  /**
   * The smaller size the unit test measures at (default 8 KB), for a family
   * whose quadratic term only dominates on bigger inputs.
   */
  readonly smallBytes?: number;
}

/** Repeats `unit(i)` until the text reaches `bytes`. */
function lines(bytes: number, unit: (i: number) => string, head = '', tail = ''): string {
  const parts: string[] = [head];
  let n = head.length + tail.length;
  for (let i = 0; n < bytes; i++) {
    const u = unit(i);
    parts.push(u);
    n += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

export const FAMILIES: readonly Family[] = [
  { name: 'flat keys', build: (b) => lines(b, (i) => `key_${i} = value_${i}\n`) },
  { name: 'dotted keys into one object', build: (b) => lines(b, (i) => `a.b.c.d.k${i} = ${i}\n`) },
  { name: 'same key overridden', build: (b) => lines(b, (i) => `node.cookie = "c${i}xq83mZpL0vR"\n`) },
  {
    name: 'deep object nesting',
    build: (b) => {
      const n = Math.floor(b / 6);
      return 'a { '.repeat(n) + 'x = 1 ' + '} '.repeat(n);
    },
  },
  { name: 'deep array nesting', build: (b) => `a = ${'['.repeat(Math.floor(b / 2))}${']'.repeat(Math.floor(b / 2))}` },
  { name: 'unclosed braces', build: (b) => '{'.repeat(b) },
  { name: 'long unquoted concatenation', build: (b) => lines(b, (i) => `w${i} `, 'a = ', '\n') },
  { name: 'long mixed concatenation', build: (b) => lines(b, (i) => `"q${i}" \${x} u${i} `, 'x = y\na = ', '\n') },
  { name: 'substitution chain', build: (b) => lines(b, (i) => (i === 0 ? 'k0 = start\n' : `k${i} = \${k${i - 1}}\n`)) },
  { name: 'substitution fan-in', build: (b) => lines(b, (i) => `k${i} = \${base.value}\n`, 'base.value = x\n') },
  { name: 'self-referential appends', build: (b) => lines(b, (i) => `a = \${?a} [${i}]\n`) },
  { name: 'unresolved substitutions (many problems)', build: (b) => lines(b, (i) => `k${i} = \${missing${i}}\n`) },
  { name: 'object concatenation with substitution', build: (b) => lines(b, (i) => `o${i} = \${base} { k${i} = ${i} }\n`, 'base { a = 1 }\n') },
  { name: 'long line', build: (b) => `a = ${'x'.repeat(b)}\n` },
  // Unescaping once searched for an unescaped `"` from every escape to the end of a string with none:
  // a scan per escape, fast enough (indexOf) to hide below 64 KB, 2 s for a 1 MB string.
  { name: 'long quoted string with escapes', build: (b) => `a = "${'\\n\\u00e9'.repeat(Math.floor(b / 8))}"\n`, smallBytes: 64 * 1024 },
  { name: 'unterminated quoted string', build: (b) => `a = "${'x'.repeat(b)}` },
  // The fast reader hands each mistake's stretch to the full parser: a file with a mistake on
  // every line must not cost a stretch (and its lexing window) per mistake.
  { name: 'a mistake on every line', build: (b) => lines(b, (i) => (i % 2 === 0 ? `k${i} = "open\n` : `s${i} = 1,,\n`)) },
  { name: 'unterminated triple-quoted string', build: (b) => `a = """${'x"'.repeat(Math.floor(b / 2))}` },
  { name: 'long whitespace run', build: (b) => `a = b${' '.repeat(b)}c\n` },
  // U+2028 is a line end to a multiline `^` and a blank to `\s`: a run of them once made a fix's
  // layout test rescan the run from each of its characters.
  { name: 'line separator run before a word', build: (b) => `a = 1\n${'\u2028'.repeat(Math.floor(b / 2))}${'x'.repeat(Math.floor(b / 2))}\nb = 2\n` },
  { name: 'template braces then a long line', build: (b) => `${'{'.repeat(Math.floor(b / 8))}${'x'.repeat(b)}\n` },
  { name: 'many comments', build: (b) => lines(b, (i) => `# comment ${i} node.cookie = x\n`) },
  { name: 'many suppression comments', build: (b) => lines(b, (i) => `# emqx-security-disable-next-line cookie-weak, rule-${i}\nk${i} = 1\n`) },
  { name: 'many includes (cycle)', build: (b) => lines(b, () => 'include "emqx.conf"\n') },
  { name: 'many includes of a file', build: (b) => lines(b, (i) => `o${i} { include "a.conf" }\n`) },
  { name: 'many unknown keys under rpc (did-you-mean)', build: (b) => lines(b, (i) => `rpc.prot${i % 10}col_${i} = tcp\n`) },
  { name: 'long unknown keys under rpc', build: (b) => lines(b, (i) => `rpc.${'k'.repeat(2000)}${i} = 1\n`) },
  { name: 'many static seeds', build: (b) => lines(b, (i) => `"emqx${i}@host${i % 7}.example.com", `, 'node.name = "emqx0@host0.example.com"\ncluster.static.seeds = [', ']\n') },
  { name: 'junk bytes', build: (b) => lines(b, (i) => String.fromCharCode(i % 7 === 0 ? 0 : 33 + ((i * 7919) % 90))) },
  { name: 'cuttlefish (4.x) lines', build: (b) => lines(b, (i) => `listener.tcp.l${i}.acceptors = ${i}\n`, 'node.name = emqx@127.0.0.1\ncluster.discovery = static\n') },
  { name: 'ssl_dist.conf options', uri: `file://${FUZZ_DIR}/ssl_dist.conf`, build: (b) => lines(b, (i) => `{verify, verify_none}, {opt${i}, "v${i}"},\n`, '[{server, [', '{certfile, "c.pem"}]}].\n') },
  { name: 'ssl_dist.conf nesting', uri: `file://${FUZZ_DIR}/ssl_dist.conf`, build: (b) => `[${'{['.repeat(Math.floor(b / 4))}${']}'.repeat(Math.floor(b / 4))}].\n` },
];

/** What the editor does for a document on each edit, once. */
export function pipeline(text: string, uri = FUZZ_URI): void {
  const reader = memoryReader(fuzzFiles(text));
  const service = new LanguageService({
    engine: defaultEngine,
    keyDocs: defaultKeyDocs,
  });
  const analysis = service.analyze({ uri, version: 1, text, settings: DEFAULT_SETTINGS, reader, trusted: true });
  const lastLine = text.split('\n').length - 1;
  service.hover(analysis, { line: Math.floor(lastLine / 2), character: 2 });
  service.codeActions(analysis, { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } }, { diagnostics: service.diagnostics(analysis) });
}

/** The best of `repeats` timings of the pipeline on one document, in milliseconds of CPU time. */
export function measure(text: string, uri?: string, repeats = 3): number {
  // CPU time of this process, not wall time: on a shared machine wall time also counts
  // the moments another process held the core, which lands at random on one size.
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.cpuUsage();
    pipeline(text, uri);
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export interface Growth {
  readonly family: string;
  readonly small: { readonly bytes: number; readonly ms: number };
  readonly large: { readonly bytes: number; readonly ms: number };
  /** (time per KB at the large size) / (time per KB at the small size): about 1 when linear. */
  readonly ratio: number;
}

export function growth(family: Family, smallBytes: number, factor: number, repeats = 3): Growth {
  const smallText = family.build(smallBytes);
  const largeText = family.build(smallBytes * factor);
  // Warm up the JIT on the small size first, so the first timing is not a compile.
  pipeline(smallText, family.uri);
  const small = { bytes: smallText.length, ms: measure(smallText, family.uri, repeats) };
  const large = { bytes: largeText.length, ms: measure(largeText, family.uri, Math.max(2, repeats - 1)) };
  // A floor of 0.05 ms keeps a tiny small-size time from inflating the ratio by timer resolution.
  const ratio = large.ms / large.bytes / (Math.max(small.ms, 0.05) / small.bytes);
  return { family: family.name, small, large, ratio };
}
