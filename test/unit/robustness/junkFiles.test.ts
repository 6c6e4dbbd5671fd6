/**
 * Files of junk: random control bytes, and a stray `}` on every line. Each
 * line has a syntax error, so such a file has as many problems as lines; the
 * parser, the editor's diagnostics and the CLI's report make each of them
 * cheaply (a message only for the errors reported, no key string per
 * finding, diagnostics only for those shown past the cap). These tests lock
 * what the user sees on such files: every problem at its place with its
 * message, worked out here from the text alone, the first diagnostics the
 * editor shows, how many it says there are, and the CLI's report.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run as checkRun } from '../../../server/src/cli/check';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, MAX_DIAGNOSTICS_PER_FILE } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';
import { parseHocon } from '../../../server/src/syntax/parser';

/** Random bytes 0–31 (line breaks, blanks and control characters), from a fixed seed. */
function controlBytes(size: number, seed: number): string {
  let s = seed >>> 0;
  const codes: number[] = [];
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    codes.push((s >>> 16) % 32);
  }
  return String.fromCharCode(...codes);
}

const CTRL = controlBytes(48 * 1024, 1);
const BRACES = '}\n'.repeat(3000);

interface Expected {
  line: number;
  start: number;
  end: number;
  message: string;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\v' || c === '\f';

/**
 * The syntax errors of a file of control bytes, from its text alone: on every line that is not
 * blank, the first run of characters that are neither blank nor a line break, named by its first
 * character (one error per line; the control characters other than blanks are illegal in HOCON).
 */
function controlErrors(text: string): Expected[] {
  const out: Expected[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    let start = 0;
    while (start < lineText.length && isBlank(lineText[start])) start++;
    if (start === lineText.length) return;
    let end = start;
    while (end < lineText.length && !isBlank(lineText[end])) end++;
    out.push({ line, start, end, message: `Illegal character ${JSON.stringify(lineText[start])}: EMQX rejects the file.` });
  });
  return out;
}

function braceErrors(lines: number): Expected[] {
  return Array.from({ length: lines }, (_, line) => ({ line, start: 0, end: 1, message: 'Unexpected "}": there is no "{" for it to close.' }));
}

const SHAPES = [
  { name: 'random control bytes', text: CTRL, expected: controlErrors(CTRL) },
  { name: 'a stray "}" on every line', text: BRACES, expected: braceErrors(3000) },
];

function diagnosticsOf(text: string) {
  const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs });
  const analysis = service.analyze({ uri: 'file:///ws/etc/emqx.conf', version: 1, text, settings: DEFAULT_SETTINGS, reader: memoryReader({}), trusted: false });
  return service.diagnostics(analysis);
}

async function captured(fn: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => (out.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const code = await fn();
    return { code, stdout: out.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}

describe('robustness: files of junk (a syntax error on every line)', () => {
  it('the generated files have the shape the tests are about', () => {
    // Thousands of errors: past the editor's cap, and one per line that is not blank.
    assert.ok(SHAPES[0].expected.length > 2 * MAX_DIAGNOSTICS_PER_FILE, `${SHAPES[0].expected.length} errors`);
    assert.equal(SHAPES[1].expected.length, 3000);
  });

  for (const shape of SHAPES) {
    it(`parser: every error of ${shape.name} at its place with its message`, () => {
      const got = parseHocon(shape.text, 'file:///x.conf').problems.map((p) => ({
        line: p.location.range.start.line,
        start: p.location.range.start.character,
        end: p.location.range.end.character,
        message: p.message,
        code: p.code,
        endLine: p.location.range.end.line,
      }));
      assert.deepEqual(
        got,
        shape.expected.map((e) => ({ ...e, code: 'hocon-syntax', endLine: e.line })),
      );
    });

    it(`editor: ${shape.name} shows the first errors in order, after one diagnostic that gives the count`, () => {
      const diagnostics = diagnosticsOf(shape.text);
      assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
      const [capped, ...shown] = diagnostics;
      assert.equal(capped.code, 'too-many-problems');
      // Besides the syntax errors, the rules report what they report on an empty emqx.conf (no cookie set...).
      const total = shape.expected.length + diagnosticsOf('').length;
      const keep = MAX_DIAGNOSTICS_PER_FILE - 1;
      assert.equal(
        capped.message,
        `Too many problems: this file has ${total}, and only ${keep} are shown (${total - keep} hidden, the least severe first). Fix these, or run the command-line check, to see the rest.`,
      );
      assert.equal(capped.range.start.line, 0);
      assert.deepEqual(
        shown.map((d) => ({ line: d.range.start.line, start: d.range.start.character, end: d.range.end.character, message: d.message, code: d.code, severity: d.severity })),
        shape.expected.slice(0, keep).map((e) => ({ ...e, code: 'hocon-syntax', severity: 1 })),
      );
    });

    it(`check: ${shape.name} is reported in full, one line per error`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-junk-'));
      try {
        const file = path.join(dir, 'emqx.conf');
        // What the rules report on the same file empty (no cookie set...): reported besides the syntax errors.
        fs.writeFileSync(file, '');
        const empty = (await captured(() => checkRun([file, '--no-env-discovery']))).stdout.trimEnd().split('\n');
        const emptyFindings = empty.slice(0, -2);
        const summary = /^(\d+) problem\(s\) in 1 file\(s\): (\d+) error\(s\), (\d+) warning\(s\), (\d+) info, (\d+) hint\(s\)\.$/.exec(empty[empty.length - 1]);
        assert.ok(summary, empty[empty.length - 1]);
        fs.writeFileSync(file, shape.text);
        const r = await captured(() => checkRun([file, '--no-env-discovery']));
        assert.equal(r.code, 1);
        const lines = r.stdout.trimEnd().split('\n');
        const n = shape.expected.length;
        // Paths outside the working folder are printed as they are.
        const rel = path.relative(process.cwd(), file);
        const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
        const syntax = lines.filter((l) => l.includes(' hocon-syntax '));
        assert.deepEqual(
          syntax,
          shape.expected.map((e) => `${shown}:${e.line + 1}:${e.start + 1} error hocon-syntax ${e.message}`),
        );
        assert.deepEqual(
          lines.slice(0, -2).filter((l) => !l.includes(' hocon-syntax ')),
          emptyFindings,
        );
        const [, total, errors, warnings, info, hints] = summary.map(Number);
        assert.deepEqual(lines.slice(-2), ['', `${total + n} problem(s) in 1 file(s): ${errors + n} error(s), ${warnings} warning(s), ${info} info, ${hints} hint(s).`]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
