/**
 * The fuzzing harness shared by the CI test (`fuzz.test.ts`, a fixed small
 * budget with a fixed seed) and the local long mode (`npm run fuzz -- --runs N
 * [--seed S]`, `scripts/fuzz.ts`).
 *
 * `exercise(text, options)` runs one document through every layer that a user
 * document reaches, the strict way: the parser, the Erlang-terms and
 * cuttlefish readers, the model (with an in-memory reader holding includes and
 * an ssl_dist.conf), every rule called directly (analyzeDocument catches rule
 * failures to protect the editor, which would hide them from a fuzzer), then
 * analyzeDocument itself, and the language service's hover at random
 * positions and code actions over random ranges with a log that records any
 * exception the service swallowed. Any throw, any swallowed failure and any
 * range outside the document is reported as a failure.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryReader, FileReader } from '../../../server/src/io';
import { loadConfig } from '../../../server/src/model';
import { loadCuttlefishConfig } from '../../../server/src/model/cuttlefish';
import { EffectiveConfig } from '../../../server/src/model/types';
import { detectDialect } from '../../../server/src/rules/analyze';
import { getAllRules } from '../../../server/src/rules/index';
import { sslDistConfig } from '../../../server/src/rules/sslDist/sslDistCommon';
import { RuleContext } from '../../../server/src/rules/types';
import { resolveVersion } from '../../../server/src/emqx/version';
import { parseCuttlefish } from '../../../server/src/syntax/cuttlefish';
import { parseErlangTerms } from '../../../server/src/syntax/erlangTerms';
import { parseHocon } from '../../../server/src/syntax/parser';
import { Position, Range } from '../../../server/src/syntax/position';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../../../server/src/ide/types';
import { SHARED_ROOT } from '../sharedCorpus';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CORPUS_DIR = path.join(SHARED_ROOT, 'corpus');

/** The directory of the fuzzed document in the in-memory file system. */
export const FUZZ_DIR = '/fuzz/etc';
export const FUZZ_URI = 'file:///fuzz/etc/emqx.conf';

/** Files the in-memory reader holds: includes of every kind the grammar names, and an ssl_dist.conf. */
export function fuzzFiles(mainText: string): Record<string, string> {
  return {
    [`${FUZZ_DIR}/emqx.conf`]: mainText,
    [`${FUZZ_DIR}/a.conf`]: 'node.cookie = "included-cookie-value-1234567890"\nrpc { protocol = tcp }\ninclude "b.conf"\n',
    [`${FUZZ_DIR}/b.conf`]: 'cluster.proto_dist = inet_tls\nx = ${?node.cookie}\ninclude "a.conf"\n',
    [`${FUZZ_DIR}/sub/c.conf`]: 'include "../a.conf"\nrpc.certfile = "etc/certs/cert.pem"\n',
    [`${FUZZ_DIR}/base.hocon`]: 'node { name = "emqx@127.0.0.1", cookie = emqxsecretcookie }\n',
    [`${FUZZ_DIR}/ssl_dist.conf`]: '[{server, [{certfile, "etc/certs/cert.pem"}, {keyfile, "etc/certs/key.pem"}, {verify, verify_none}]},\n {client, [{verify, verify_peer}]}].\n',
    [`${FUZZ_DIR}/certs/cert.pem`]: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n',
  };
}

export interface ExerciseOptions {
  /** The document's URI; its name picks the dialect (`ssl_dist.conf`, `emqx.conf`, …). */
  readonly uri?: string;
  /** A small deterministic source of numbers for hover positions and code-action ranges. */
  readonly random?: () => number;
  /** How many hovers and code-action requests to make (default 6 each). */
  readonly probes?: number;
  readonly settings?: Partial<DocumentSettings>;
  readonly trusted?: boolean;
}

export class FuzzFailure extends Error {
  constructor(
    readonly stage: string,
    readonly cause: unknown,
  ) {
    super(`${stage}: ${cause instanceof Error ? `${cause.name}: ${cause.message}\n${cause.stack ?? ''}` : String(cause)}`);
  }
}

/** mulberry32: small, fast and deterministic, so a seed reproduces a run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Milliseconds spent per stage (hover/code-action probes summed under one name), for `--profile` and slow-input reports. */
export const stageTimes = new Map<string, number>();

function stage<T>(name: string, f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } catch (e) {
    throw new FuzzFailure(name, e);
  } finally {
    const key = name.replace(/ (at|over) .*$/, '');
    stageTimes.set(key, (stageTimes.get(key) ?? 0) + performance.now() - t0);
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

function checkRange(what: string, r: Range, lines: number): void {
  const ok = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lines + 1;
  if (!ok(r.start) || !ok(r.end) || r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) {
    throw new FuzzFailure(`range of ${what}`, new Error(`bad range ${JSON.stringify(r)} in a document of ${lines} lines`));
  }
}

function walkConfig(config: EffectiveConfig): void {
  let n = 0;
  for (const e of config.entries()) {
    config.get(e.path);
    if (++n > 5000) break;
  }
  config.get('node.cookie');
  config.get(['rpc', 'protocol']);
  config.get('');
  config.get('...');
}

/** Runs one document through every layer; throws a FuzzFailure naming the stage that failed. */
export function exercise(text: string, options: ExerciseOptions = {}): void {
  const uri = options.uri ?? FUZZ_URI;
  const random = options.random ?? prng(text.length);
  const probes = options.probes ?? 6;
  const lines = lineCount(text);
  const files = fuzzFiles(text);
  const reader: FileReader = memoryReader(files);
  const settings: DocumentSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const trusted = options.trusted ?? true;

  // The readers, each on its own.
  const parsed = stage('parseHocon', () => parseHocon(text, uri));
  for (const p of parsed.problems) checkRange(`parse problem ${p.code}`, p.location.range, lines);
  stage('parseErlangTerms', () => parseErlangTerms(text));
  stage('parseCuttlefish', () => parseCuttlefish(text));

  // The model and every rule, called directly so that no failure is hidden.
  const dialect = stage('detectDialect', () => detectDialect(uri, text, settings.emqxVersion));
  let config: EffectiveConfig;
  let sslDist;
  if (dialect === 'ssl-dist') {
    sslDist = parseErlangTerms(text);
    config = stage('sslDistConfig', () => sslDistConfig(uri, sslDist!));
  } else if (dialect === 'cuttlefish') {
    config = stage('loadCuttlefishConfig', () => loadCuttlefishConfig({ uri, text }).config);
  } else {
    config = stage('loadConfig', () => loadConfig({ uri, text, reader, includeDirs: [`${FUZZ_DIR}/sub`], base: { uri: `${FUZZ_DIR}/base.hocon`, text: files[`${FUZZ_DIR}/base.hocon`] } }));
  }
  stage('walk config', () => walkConfig(config));
  const keys = new Set<string>();
  for (const e of config.entries()) if (e.setBy.location.uri === uri) keys.add(e.path.join('.'));
  const ctx: RuleContext = {
    config,
    document: { uri, text, dialect, sslDist },
    version: resolveVersion(settings.emqxVersion, { dialect, keys }),
    docker: settings.docker,
    reader,
    trusted,
    pathMappings: { '/etc/emqx': FUZZ_DIR },
  };
  for (const rule of getAllRules()) {
    const findings = stage(`rule ${rule.id}`, () => rule.check(ctx));
    for (const f of findings) if (f.location.uri === uri) checkRange(`finding ${f.ruleId}`, f.location.range, lines);
  }

  // The rules layer's entry point (analyzeDocument, through the server's engine wiring) and the
  // editor features on top of it. The service catches and logs failures to protect the editor;
  // the log is collected here, so a swallowed failure still fails the run.
  const swallowed: string[] = [];
  const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs, log: (m) => swallowed.push(m) });
  const analysis = stage('service.analyze', () => service.analyze({ uri, path: uri.startsWith('file://') ? uri.slice(7) : undefined, version: 1, text, settings, reader, trusted }));
  for (const d of analysis.diagnostics) checkRange(`diagnostic ${d.diagnostic.code}`, d.diagnostic.range, lines);
  for (const l of stage('service.documentLinks', () => service.documentLinks(analysis))) checkRange(`document link to ${l.target}`, l.range, lines);
  const position = (): Position => {
    const r = random();
    // Mostly inside the document, sometimes just past its end, sometimes absurd.
    if (r < 0.8) return { line: Math.floor(random() * lines), character: Math.floor(random() * 120) };
    if (r < 0.95) return { line: lines + Math.floor(random() * 3), character: Math.floor(random() * 5000) };
    return { line: 2 ** 31 - 1, character: 2 ** 31 - 1 };
  };
  for (let i = 0; i < probes; i++) {
    const p = position();
    stage(`hover at ${p.line}:${p.character}`, () => service.hover(analysis, p));
    const a = position();
    const b = position();
    const range = a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
    const diagnostics = analysis.diagnostics.map((d) => d.diagnostic);
    const only = i % 3 === 0 ? ['source.fixAll'] : i % 3 === 1 ? ['quickfix'] : undefined;
    const actions = stage(`code actions over ${JSON.stringify(range)}`, () => service.codeActions(analysis, range, { diagnostics, only }));
    for (const action of actions) {
      for (const edits of Object.values(action.edit?.changes ?? {})) for (const e of edits) checkRange(`edit of "${action.title}"`, e.range, lines);
    }
  }
  stage('service.forget', () => service.forget(uri));
  if (swallowed.length > 0) throw new FuzzFailure('language service (swallowed)', new Error(swallowed.join('\n')));
}

// ---------------------------------------------------------------- mutations

/** Tokens whose insertion tends to derail a HOCON parser. */
export const INSERTIONS = [
  '"',
  '"""',
  '"""~',
  '{',
  '}',
  '[',
  ']',
  '${',
  '${?',
  '}}',
  '\\',
  '\\u',
  '#',
  '//',
  '\n',
  '\r',
  '=',
  ':',
  ',',
  '.',
  '..',
  '+=',
  'include ',
  'include required(',
  'include "emqx.conf"\n',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '\uDC00',
  '\uFEFF',
  '\u2028',
  '😀',
  '\t',
  '%',
  '<<',
];

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly token: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number; readonly open: number }
  | { readonly kind: 'hugeLine'; readonly at: number; readonly length: number; readonly token: number }
  | { readonly kind: 'invalidUtf8'; readonly at: number; readonly bytes: number }
  | { readonly kind: 'nul'; readonly at: number; readonly count: number };

const INVALID_UTF8 = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]];
const OPENERS = ['{', '[', 'a {', 'a = [', 'a.b { c = ', '${', '"'];

/** Applies one mutation; positions are fractions of the length (0..1) so a mutation fits any document. */
export function mutate(text: string, m: Mutation): string {
  const at = (f: number) => Math.min(text.length, Math.max(0, Math.floor(f * text.length)));
  switch (m.kind) {
    case 'flip': {
      const buf = Buffer.from(text, 'utf8');
      if (buf.length === 0) return text;
      const i = Math.min(buf.length - 1, Math.floor(m.at * buf.length));
      buf[i] ^= 1 << (m.bit & 7);
      return buf.toString('utf8');
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'insert':
      return text.slice(0, at(m.at)) + INSERTIONS[m.token % INSERTIONS.length] + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'duplicate': {
      const i = at(m.at);
      const piece = text.slice(i, i + m.length);
      return text.slice(0, i) + piece.repeat(m.times) + text.slice(i);
    }
    case 'nest': {
      const i = at(m.at);
      const open = OPENERS[m.open % OPENERS.length];
      return text.slice(0, i) + open.repeat(m.depth) + text.slice(i);
    }
    case 'hugeLine': {
      const i = at(m.at);
      return text.slice(0, i) + INSERTIONS[m.token % INSERTIONS.length].repeat(Math.ceil(m.length / 2)) + 'x'.repeat(m.length) + text.slice(i);
    }
    case 'invalidUtf8': {
      const buf = Buffer.from(text, 'utf8');
      const i = Math.min(buf.length, Math.floor(m.at * buf.length));
      return Buffer.concat([buf.subarray(0, i), Buffer.from(INVALID_UTF8[m.bytes % INVALID_UTF8.length]), buf.subarray(i)]).toString('utf8');
    }
    case 'nul': {
      const i = at(m.at);
      return text.slice(0, i) + '\u0000'.repeat(m.count) + text.slice(i);
    }
  }
}

// ---------------------------------------------------------------- inputs

export interface SeedFile {
  /** Path relative to the corpus or the repository, for reports. */
  readonly name: string;
  readonly text: string;
  /** The URI the document is checked under (its name picks the dialect). */
  readonly uri: string;
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** The URI a seed file is checked under: ssl_dist.conf keeps its name, everything else is an emqx.conf. */
function uriFor(file: string): string {
  return /ssl_dist\.conf$/i.test(file) ? `file://${FUZZ_DIR}/ssl_dist.conf` : FUZZ_URI;
}

/**
 * Every text file of the shared corpus and of the repository's fixtures
 * (`.conf`, `.hocon`, configs without extension), at most 256 KB each.
 */
export function seedFiles(): SeedFile[] {
  const out: SeedFile[] = [];
  for (const [root, label] of [
    [CORPUS_DIR, 'corpus'],
    [path.join(REPO_ROOT, 'test/fixtures'), 'fixtures'],
  ] as const) {
    const files: string[] = [];
    walk(root, files);
    for (const f of files) {
      if (/\.(json|pem|key|crt|md|sarif|png|ts|js|yaml|yml|error)$/i.test(f)) continue;
      let buf: Buffer;
      try {
        buf = fs.readFileSync(f);
      } catch {
        continue;
      }
      if (buf.length > 256 * 1024) continue;
      out.push({ name: `${label}/${path.relative(root, f)}`, text: buf.toString('utf8'), uri: uriFor(f) });
    }
  }
  return out;
}

// ---------------------------------------------------------------- arbitraries

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** One mutation, shrinkable by fast-check toward small inserts near the start. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, token: fc.nat(INSERTIONS.length - 1) }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, token: fc.nat(INSERTIONS.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({ kind: fc.constant('nest' as const), at: fraction, depth: fc.integer({ min: 1, max: 2000 }), open: fc.nat(20) }),
  fc.record({ kind: fc.constant('hugeLine' as const), at: fraction, length: fc.integer({ min: 1000, max: 30_000 }), token: fc.nat(INSERTIONS.length - 1) }),
  fc.record({ kind: fc.constant('invalidUtf8' as const), at: fraction, bytes: fc.nat(20) }),
  fc.record({ kind: fc.constant('nul' as const), at: fraction, count: fc.integer({ min: 1, max: 50 }) }),
);

/** A seed file with one to three mutations applied. */
export function mutatedSeedArb(seeds: readonly SeedFile[]): fc.Arbitrary<{ seed: SeedFile; mutations: Mutation[] }> {
  return fc.record({ seed: fc.constantFrom(...seeds), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) });
}

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(mutate, text);
}
