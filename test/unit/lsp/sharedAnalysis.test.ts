/**
 * Hovers and code actions reuse the analysis of the document's current
 * version (one analysis and one line index per version), and still answer
 * for the text the user sees: CRLF and lone-CR line breaks give the same
 * ranges and edits as LF ones.
 */
import { strict as assert } from 'node:assert';
import { countingEngine, TestClient } from './client';

const URI = 'file:///shared/emqx.conf';

const LINES = ['# cluster', 'node {', '  name = "emqx1@10.0.0.1"', '  cookie = "emqxsecretcookie"', '}', ''];

for (const [eolName, eol] of [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
] as const) {
  describe(`lsp: one analysis per version serves diagnostics, hover and code actions (${eolName})`, () => {
    let client: TestClient | undefined;
    afterEach(async () => client?.stop());

    it('hover and code actions on the current version do not re-check the file, and their ranges and edits follow the line breaks', async () => {
      const counter = countingEngine();
      client = await TestClient.startInProcess({}, { engine: counter.engine });
      await client.open(URI, LINES.join(eol));
      const ds = await client.current(URI, (d) => d.some((x) => x.code === 'cookie-default'));
      const cookie = ds.find((d) => d.code === 'cookie-default')!;
      assert.equal(cookie.range.start.line, 3);
      assert.equal(cookie.range.end.line, 3);
      assert.equal(counter.calls(), 1);

      const h = await client.hover(URI, { line: 2, character: 4 });
      assert.ok(h, 'a hover on node.name');
      assert.equal((h.range as { start: { line: number } }).start.line, 2);
      assert.match(JSON.stringify(h.contents), /4370/);

      const actions = await client.codeActions(URI, cookie.range, [cookie]);
      const disable = actions.find((a) => /for this line/.test(a.title));
      assert.ok(disable, 'a "disable for this line" action');
      const edit = disable.edit!.changes![URI][0];
      assert.deepEqual(edit.range.start, { line: 3, character: 0 });
      assert.ok(edit.newText.startsWith('  # emqx-security-disable-next-line cookie-default -- '), edit.newText);
      assert.ok(edit.newText.endsWith(eol) && !edit.newText.slice(0, -eol.length).includes('\n'), "the inserted line ends with the file's line break");
      assert.equal(counter.calls(), 1, 'hover and code actions reused the analysis');

      // Applying the edit suppresses the finding; the new version is checked once.
      await client.applyWorkspaceEdit(disable.edit);
      const after = await client.current(URI);
      assert.ok(!after.some((d) => d.code === 'cookie-default'));
      assert.equal(counter.calls(), 2);
    });

    it('a hover right after an edit answers for the new text with one check, and the debounced run does not check it again', async () => {
      const counter = countingEngine();
      client = await TestClient.startInProcess({ debounceMs: 200 }, { engine: counter.engine });
      await client.open(URI, LINES.join(eol));
      await client.current(URI);
      assert.equal(counter.calls(), 1);
      // Insert a line above node.name: the hover must come from the new version's analysis.
      await client.change(URI, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: `  # moved${eol}` }]);
      const h = await client.hover(URI, { line: 3, character: 4 });
      assert.ok(h, 'a hover on node.name at its new line');
      assert.equal((h.range as { start: { line: number } }).start.line, 3);
      const ds = await client.current(URI);
      assert.equal(ds.find((d) => d.code === 'cookie-default')?.range.start.line, 4);
      assert.equal(counter.calls(), 2, 'the hover ran the check of version 2; the debounce timer was dropped');
    });
  });
}
