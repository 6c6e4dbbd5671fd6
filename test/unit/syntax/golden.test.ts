/**
 * Golden trees (in the style of intellij-hocon's testdata/parser/*.test):
 * each test/fixtures/syntax/NAME.conf is parsed, and its tree dump plus its
 * problems must equal NAME.tree. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx mocha test/unit/syntax/golden.test.ts` and review the diff.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { configureLocale } from '../../../server/src/l10n';
import { dumpTree } from '../../../server/src/syntax/dump';
import { parseHocon, printTree } from '../../../server/src/syntax/parser';

const dir = path.resolve(__dirname, '../../fixtures/syntax');

function render(name: string, text: string): string {
  const r = parseHocon(text, name);
  const problems = r.problems.map((p) => {
    const s = p.location.range.start;
    const e = p.location.range.end;
    return `${p.severity} ${p.code} @${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${p.message}`;
  });
  const comments = r.comments.map((c) => `comment ${JSON.stringify(c.text)} @${c.range.start.line + 1}:${c.range.start.character + 1}`);
  return [dumpTree(r.file, text, r.lines).trimEnd(), '---', ...comments, '---', ...problems].join('\n') + '\n';
}

describe('golden syntax trees', () => {
  // Messages are compared in English, whatever an earlier test configured.
  before(() => configureLocale('en'));

  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.conf'))
    .sort();

  it('has fixtures', () => {
    assert.ok(files.length >= 10);
  });

  for (const f of files) {
    it(f, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const r = parseHocon(text, f);
      assert.strictEqual(printTree(r.file), text, 'the tree prints back to the input');
      const actual = render(f, text);
      const goldenPath = path.join(dir, f.replace(/\.conf$/, '.tree'));
      if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(goldenPath)) {
        fs.writeFileSync(goldenPath, actual);
      }
      assert.strictEqual(actual, fs.readFileSync(goldenPath, 'utf8'));
    });
  }
});
