/**
 * The editor-facing functions on hostile input: mutated real configs, random
 * positions and ranges. The service swallows exceptions (one bad document must
 * not stop the others), so this test calls the pieces under it directly and
 * asserts that nothing throws, that no internal-error diagnostic appears, and
 * that every diagnostic is a single-line range inside the document.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { noFiles } from '../../../server/src/io';
import { codeActions } from '../../../server/src/ide/codeActions';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { applyFormatEdits, formatHocon } from '../../../server/src/ide/format';
import { hover } from '../../../server/src/ide/hover';
import { resolveText } from '../../../server/src/model/load';
import { INTERNAL_ERROR_CODE, LanguageService } from '../../../server/src/ide/service';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { corpusPath } from '../sharedCorpus';

const CORPUS = corpusPath('emqx');
const FIXTURES = path.resolve(__dirname, '../../fixtures/lsp');
const SEEDS = [
  ...fs
    .readdirSync(CORPUS)
    .filter((f) => /emqx_conf\.conf$|cluster-with-.*\.example$|ssl_dist\.conf$|v4\.4\.19__etc__emqx\.conf$/.test(f))
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') })),
  { name: 'insecure.conf', text: fs.readFileSync(path.join(FIXTURES, 'insecure/emqx.conf'), 'utf8') },
];
const NASTY = ['"""', '"', '${', '}', '{', '[', ']', ',', '\u0000', '\uFFFD', '\r', '\n', '# emqx-security-disable-next-line ', '%', '@', '="', 'include "x"', '.', '\uD800'];

const mutation = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  edits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40), fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }))), { maxLength: 6 }),
  probes: fc.array(fc.tuple(fc.nat(400), fc.nat(120), fc.nat(400), fc.nat(120)), { minLength: 1, maxLength: 4 }),
});

describe('ide: robustness on mutated configs', () => {
  it('never throws, never reports an internal error, keeps ranges single-line and inside the document', function () {
    this.timeout(120000);
    fc.assert(
      fc.property(mutation, ({ seed, edits, probes }) => {
        let text = SEEDS[seed].text;
        for (const [where, cut, insert] of edits) {
          const at = Math.floor(where * text.length);
          text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + cut));
        }
        const name = SEEDS[seed].name.endsWith('ssl_dist.conf') ? 'ssl_dist.conf' : 'emqx.conf';
        const uri = `file:///etc/emqx/${name}`;
        const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs, log: (m) => assert.fail(m) });
        const analysis = service.analyze({ uri, version: 1, text, settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
        const lines = new LineIndex(text);
        for (const { diagnostic: d } of analysis.diagnostics) {
          assert.notEqual(d.code, INTERNAL_ERROR_CODE);
          assert.equal(d.range.start.line, d.range.end.line, `${d.code} single-line`);
          assert.ok(d.range.start.line < lines.lineCount, `${d.code} inside the document`);
          assert.ok(d.range.end.character <= (lines.lineText(d.range.start.line) ?? '').length, `${d.code} inside its line`);
          assert.ok(d.range.start.character <= d.range.end.character);
        }
        for (const [l1, c1, l2, c2] of probes) {
          const a = { line: l1, character: c1 };
          const b = { line: l2, character: c2 };
          const range = l1 < l2 || (l1 === l2 && c1 <= c2) ? { start: a, end: b } : { start: b, end: a };
          hover({ uri, text, position: a, config: analysis.config, version: analysis.emqxVersion, docker: seed % 2 === 0, keyDocs: defaultKeyDocs });
          const all = codeActions({ uri, text, dialect: analysis.dialect, diagnostics: analysis.diagnostics, range, context: { diagnostics: [] } });
          for (const action of all) for (const e of action.edit?.changes[uri] ?? []) assert.ok(e.range.start.line <= lines.lineCount);
          // Completion and navigation answer anything (the service's log fails the test on an exception).
          service.completion(analysis, a);
          service.selectionRanges(analysis, [a, b]);
          service.definition(analysis, a);
          service.references(analysis, a);
        }
        for (const s of service.documentSymbols(analysis)) assert.ok(s.range.start.line <= lines.lineCount);
        for (const f of service.foldingRanges(analysis)) assert.ok(f.startLine <= f.endLine && f.endLine <= lines.lineCount);
        // Formatting keeps the meaning and is idempotent on whatever parses.
        const formatEdits = service.format(analysis, { tabSize: 2, insertSpaces: true });
        if (formatEdits.length > 0) {
          const once = applyFormatEdits(text, formatEdits);
          const meaning = (t: string) => JSON.stringify(resolveText(t, uri, noFiles).root);
          assert.equal(meaning(once), meaning(text));
          assert.deepEqual(formatHocon(once, { tabSize: 2, insertSpaces: true }), []);
        }
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });
});
