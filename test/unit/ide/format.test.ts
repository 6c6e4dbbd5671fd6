/**
 * Document formatting: what it changes, and over every HOCON file of the
 * corpus and the examples that it keeps the meaning (the effective config is
 * the same) and that formatting twice changes nothing more.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { noFiles } from '../../../server/src/io';
import { applyFormatEdits, formatHocon } from '../../../server/src/ide/format';
import { resolveText } from '../../../server/src/model/load';
import { corpusPath } from '../sharedCorpus';

const OPTS = { tabSize: 2, insertSpaces: true };
const format = (text: string, opts = OPTS) => applyFormatEdits(text, formatHocon(text, opts));
const meaning = (text: string) => {
  const c = resolveText(text, 'file:///x/emqx.conf', noFiles);
  return JSON.stringify({ root: c.root, problems: c.problems.map((p) => p.code) });
};

describe('ide: formatting', () => {
  it('indents by nesting, spaces separators, trims blanks and keeps comments and blank lines (one at most)', () => {
    const text = '  node{\nname="emqx@a"   \n      cookie : "x"\n  }\n\n\n\ncluster {\n  static.seeds = [\n"a@b",\n    "c@d"\n  ]\n  # keep me\n}\na = foo bar';
    assert.equal(format(text), 'node {\n  name = "emqx@a"\n  cookie: "x"\n}\n\ncluster {\n  static.seeds = [\n    "a@b",\n    "c@d"\n  ]\n  # keep me\n}\na = foo bar\n');
  });

  it('uses tabs when asked, keeps CRLF, and leaves a file with syntax errors alone', () => {
    assert.equal(format('a {\r\nb = 1\r\n}\r\n', { tabSize: 4, insertSpaces: false }), 'a {\r\n\tb = 1\r\n}\r\n');
    assert.deepEqual(formatHocon('a {\n  b = \n', OPTS), []);
  });

  it('formats only the lines of a range when asked', () => {
    const text = 'a{\nb=1\nc=2\n}\n';
    const edits = formatHocon(text, OPTS, undefined, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    assert.equal(applyFormatEdits(text, edits), 'a{\nb=1\n  c = 2\n}\n');
  });

  it('keeps the meaning and is idempotent on every HOCON file of the corpus and the examples', function () {
    this.timeout(120000);
    const roots = [corpusPath('emqx'), corpusPath('emqx-hocon'), corpusPath('dialect-probes'), path.join(__dirname, '../../../examples')];
    const files: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(conf|hocon|example)$/.test(e.name) && !/ssl_dist|vm\.args/.test(e.name)) files.push(p);
      }
    };
    roots.forEach(walk);
    assert.ok(files.length > 30, `${files.length} files`);
    let changed = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (/^\s*[a-z0-9_]+(\.[a-z0-9_$]+)+\s*=/m.test(text) && /\{\{\s*platform/.test(text)) continue; // 4.x cuttlefish files
      const once = format(text);
      if (once !== text) changed++;
      assert.equal(meaning(once), meaning(text), `meaning changed: ${f}`);
      assert.equal(format(once), once, `not idempotent: ${f}`);
    }
    assert.ok(changed > 0, 'some file of the corpus needed formatting');
  });
});
