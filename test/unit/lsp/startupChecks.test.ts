/**
 * What the first findings of a fresh editor window wait for: VS Code sends
 * workspace/didChangeConfiguration while it starts (for the synced section,
 * and again when the server registers for it) though nothing changed. Those
 * must not throw away the check of the file just opened or check it again;
 * a real change still re-checks. Counted, not timed: engine runs and
 * settings requests.
 */
import * as assert from 'node:assert/strict';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol';
import { TestClient, countingEngine } from './client';

const URI = 'file:///startup/emqx.conf';
const TEXT = 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n';

describe('lsp: start-up notifications with unchanged settings (in process)', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  it('a didChangeConfiguration that changes nothing neither re-checks nor drops the analysis', async () => {
    const counter = countingEngine();
    client = await TestClient.startInProcess({ configuration: {} }, { engine: counter.engine });
    await client.open(URI, TEXT);
    // VS Code's order: the notification arrives while the first check waits for the settings.
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const first = await client.current(URI);
    assert.ok(first.some((d) => d.code === 'cookie-default'));
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    // A hover waits for the settings comparison and answers from the one analysis.
    const hover = await client.hover(URI, { line: 1, character: 4 });
    assert.ok(hover, 'the node-name hover');
    assert.equal(counter.calls(), 1, 'one analysis of the opened file');
  });

  it('a real change still re-checks at once', async () => {
    const counter = countingEngine();
    client = await TestClient.startInProcess({ configuration: {} }, { engine: counter.engine });
    await client.open(URI, TEXT);
    assert.ok((await client.current(URI)).some((d) => d.code === 'cookie-default'));
    const since = client.published.length;
    await client.changeConfiguration({ rules: { 'cookie-default': 'off' } });
    const after = await client.diagnostics(URI, (p) => !p.diagnostics.some((d) => d.code === 'cookie-default'), since);
    assert.ok(after.diagnostics.length > 0);
    assert.equal(counter.calls(), 2);
  });
});
