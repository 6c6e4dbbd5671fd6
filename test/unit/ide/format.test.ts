/**
 * Formatting (ide/format.ts): what it does to a document, that formatting twice
 * equals formatting once, and that it never changes what EMQX reads: on every
 * HOCON file of the corpus and the fixtures, and on generated documents, the
 * effective config and the problems (code, severity, message) are the same
 * before and after.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { noFiles } from '../../../server/src/io';
import { resolveText, toEmqxJson } from '../../../server/src/model';
import { detectDialect } from '../../../server/src/rules/analyze';
import { applyEdits, formatDocument, formatHocon } from '../../../server/src/ide/format';
import { hoconDocument } from '../fuzz/grammar';
import { seedFiles } from '../fuzz/harness';

const SPACES = { tabSize: 2, insertSpaces: true };

function format(text: string, options = SPACES): string | undefined {
  const edits = formatHocon(text, options);
  return edits && applyEdits(text, edits);
}

/** What EMQX makes of a text: the config as JSON and the problems without their places. */
function meaning(text: string): string {
  const cfg = resolveText(text, '/etc/emqx/emqx.conf', noFiles);
  return JSON.stringify({ root: toEmqxJson(cfg.root, cfg.exactNumbers), problems: cfg.problems.map((p) => [p.code, p.severity, p.message]).sort() });
}

function assertSafe(text: string, label: string): void {
  const once = format(text);
  if (once === undefined) return;
  assert.strictEqual(meaning(once), meaning(text), `${label}: formatting changed the config`);
  assert.strictEqual(format(once), once, `${label}: formatting twice differs from once`);
}

describe('formatting', () => {
  it('indents by nesting, spaces separators, drops trailing blanks and extra blank lines, ends with one line break', () => {
    const text = '\n\n# top\nnode{\nname="emqx@10.0.0.1"   \n    cookie :  x\n  arr = [\n1,\n      2\n  ]\n\n\n\n  inner { a=1 }\n}\nrpc.protocol = ssl  # kept\n\n\n';
    assert.strictEqual(
      format(text),
      '# top\nnode {\n  name = "emqx@10.0.0.1"\n  cookie: x\n  arr = [\n    1,\n    2\n  ]\n\n  inner { a = 1 }\n}\nrpc.protocol = ssl  # kept\n',
    );
  });

  it('uses tabs or the given width, and keeps CRLF line breaks', () => {
    assert.strictEqual(format('a {\r\nb = 1\r\n}', { tabSize: 4, insertSpaces: false }), 'a {\r\n\tb = 1\r\n}\r\n');
    assert.strictEqual(format('a {\nb { c = 1\n}\n}\n', { tabSize: 4, insertSpaces: true }), 'a {\n    b { c = 1\n    }\n}\n');
  });

  it('never touches the inside of a triple-quoted string', () => {
    const text = 'a {\n  s = """line one   \n      indented\n   """\n}\n';
    assert.strictEqual(format(text), text);
  });

  it('gives per-line edits, only for the lines that change', () => {
    const edits = formatHocon('a = 1\nb=2\nc = 3\n', SPACES)!;
    assert.deepStrictEqual(edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'b = 2' }]);
  });

  it('formats only the lines a range touches', () => {
    const text = 'a=1\nb=2\nc=3\n';
    const edits = formatHocon(text, SPACES, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } })!;
    assert.strictEqual(applyEdits(text, edits), 'a=1\nb = 2\nc=3\n');
  });

  it('does not format a file with a syntax error', () => {
    assert.strictEqual(formatHocon('a {\n  b = "unterminated\n}\n', SPACES), undefined);
  });

  it('keeps the config of every HOCON file in the corpus and the fixtures, and is idempotent on them', () => {
    let formatted = 0;
    for (const seed of seedFiles()) {
      if (detectDialect(seed.uri, seed.text) !== 'hocon') continue;
      assertSafe(seed.text, seed.name);
      if (format(seed.text) !== undefined) formatted++;
    }
    assert.ok(formatted > 100, `only ${formatted} files were formatted`);
  });

  it('keeps the config of generated documents, and is idempotent on them', () => {
    fc.assert(
      fc.property(hoconDocument(), fc.constantFrom('', '\n', '\n\n\n', '   '), (doc, pad) => assertSafe(pad + doc.replace(/\n/g, `${pad.includes('\n') ? '' : pad}\n`), JSON.stringify(doc))),
      { numRuns: 1500, seed: 11 },
    );
  });
});

describe('formatting an editor document', () => {
  it('formats HOCON and leaves 4.x files and ssl_dist.conf as written', () => {
    assert.ok(formatDocument('file:///e/emqx.conf', 'a=1\n', 'emqx-conf', undefined, SPACES)?.length);
    assert.strictEqual(formatDocument('file:///e/emqx.conf', 'node.name = emqx@127.0.0.1\nnode.cookie=x\n', 'emqx-conf', '4.4', SPACES), undefined);
    assert.strictEqual(formatDocument('file:///e/ssl_dist.conf', '[{server,[]}].\n', 'emqx-ssl-dist', undefined, SPACES), undefined);
  });
});
