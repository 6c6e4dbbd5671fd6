/**
 * Typing in a large document never queues checks: the quiet time before a
 * check grows with the document's size, and hover/code-action requests sent
 * while typing wait for the scheduled check instead of starting their own.
 * Checks are counted through the engine the server is given (a test hook),
 * never timed.
 */
import { strict as assert } from 'node:assert';
import { DEBOUNCE_MS, DEBOUNCE_SCALE_CHARS, debounceFor } from '../../../server/src/lsp/scheduler';
import { countingEngine, TestClient } from './client';

const URI = 'file:///large/emqx.conf';

/** A config of about `mb` MB: the insecure node block, then many commented-out lines (as shipped configs have). */
function bigConfig(mb: number): string {
  const head = 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n';
  const filler = `## ${'x'.repeat(96)}\n`;
  return head + filler.repeat(Math.ceil((mb * 1024 * 1024) / filler.length));
}

describe('lsp: large documents', () => {
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  it('the debounce is the configured one up to 4 MB and grows in proportion beyond', () => {
    assert.equal(DEBOUNCE_SCALE_CHARS, 4 * 1024 * 1024);
    assert.equal(debounceFor(5 * 1024 * 1024, DEBOUNCE_MS), 250);
    assert.equal(debounceFor(16 * 1024 * 1024, DEBOUNCE_MS), 800);
    assert.equal(debounceFor(10, DEBOUNCE_MS), DEBOUNCE_MS);
    assert.equal(debounceFor(DEBOUNCE_SCALE_CHARS, DEBOUNCE_MS), DEBOUNCE_MS);
    assert.equal(debounceFor(5 * DEBOUNCE_SCALE_CHARS, DEBOUNCE_MS), 5 * DEBOUNCE_MS);
    assert.equal(debounceFor(16 * DEBOUNCE_SCALE_CHARS, DEBOUNCE_MS), 16 * DEBOUNCE_MS);
    assert.equal(debounceFor(16 * DEBOUNCE_SCALE_CHARS, 0), 0, 'a client that asks for no debounce gets none');
  });

  it('rapid edits with code-action and hover requests in between: one check, and only the final version is published', async () => {
    const counter = countingEngine();
    client = await TestClient.startInProcess({}, { engine: counter.engine });
    await client.open(URI, bigConfig(2.5));
    const opened = await client.current(URI, (d) => d.some((x) => x.code === 'cookie-default'));
    assert.equal(opened.find((d) => d.code === 'cookie-default')?.range.start.line, 2);
    assert.equal(counter.calls(), 1);

    const since = client.published.length;
    const pending: Array<Promise<unknown>> = [];
    // Type a value of node.name character by character, asking for code actions after each
    // keystroke and hovering once, as an editor does while the user types.
    for (let i = 0; i < 10; i++) {
      await client.change(URI, [{ range: { start: { line: 1, character: 23 }, end: { line: 1, character: 23 } }, newText: String(i) }]);
      pending.push(client.codeActions(URI, { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, []));
      if (i === 5) pending.push(client.hover(URI, { line: 1, character: 4 }));
    }
    const final = await client.current(URI, (d) => d.some((x) => x.code === 'cookie-default'));
    assert.equal(final.find((d) => d.code === 'cookie-default')?.range.start.line, 2);
    const answers = await Promise.all(pending);
    assert.equal(answers.length, 11);

    const versions = client.published
      .slice(since)
      .filter((p) => p.uri === URI)
      .map((p) => p.version);
    assert.deepEqual(versions, [11], 'only the final version was published');
    assert.equal(counter.calls(), 2, 'the open and one check after the typing');

    // With the check done, requests are answered from it without another one.
    const h = await client.hover(URI, { line: 1, character: 4 });
    assert.match(JSON.stringify(h?.contents), /emqx1@10\.0\.0\.98765432101/);
    const cookie = final.find((d) => d.code === 'cookie-default')!;
    const actions = await client.codeActions(URI, cookie.range, [cookie]);
    assert.ok(actions.some((a) => /for this line/.test(a.title)));
    assert.equal(counter.calls(), 2);
  });

  it('closing a large document answers its waiting requests', async () => {
    const counter = countingEngine();
    client = await TestClient.startInProcess({}, { engine: counter.engine });
    await client.open(URI, bigConfig(1.5));
    await client.current(URI);
    await client.change(URI, [{ range: { start: { line: 1, character: 23 }, end: { line: 1, character: 23 } }, newText: '9' }]);
    const hovered = client.hover(URI, { line: 1, character: 4 });
    await client.close(URI);
    assert.equal(await hovered, null);
    assert.equal(counter.calls(), 1);
  });
});
