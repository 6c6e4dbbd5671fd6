/**
 * In the editor, a finding about a file the open config includes (a default
 * cookie kept in secrets.conf) is shown on the include line, with the place in
 * the included file as related information, and goes away when the included
 * file is fixed on disk (a watched-file change re-checks open documents).
 * Real files on disk, the real server in a trusted workspace.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

describe('lsp: findings in included files', () => {
  let dir: string;
  let client: TestClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-included-lsp-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => client?.stop());

  it('links the file name of each include it could read to that file', async () => {
    fs.writeFileSync(path.join(dir, 'listeners.conf'), 'listeners.tcp.default.bind = "0.0.0.0:1883"\n');
    fs.mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'conf.d', 'rpc.conf'), 'include "../listeners.conf"\n');
    client = await TestClient.startInProcess({ trusted: true }, {});
    const uri = pathToFileURL(path.join(dir, 'links.conf')).href;
    await client.open(uri, 'node.name = "emqx@10.0.0.1"\ninclude "listeners.conf"\ninclude required("conf.d/rpc.conf")\ninclude "absent.conf"\n');
    const links = await client.connection.sendRequest<Array<{ range: unknown; target: string; tooltip: string }>>('textDocument/documentLink', { textDocument: { uri } });
    // The include inside conf.d/rpc.conf belongs to that file; absent.conf was not read.
    assert.deepEqual(links, [
      { range: { start: { line: 1, character: 8 }, end: { line: 1, character: 24 } }, target: pathToFileURL(path.join(dir, 'listeners.conf')).href, tooltip: 'Open listeners.conf' },
      { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 35 } }, target: pathToFileURL(path.join(dir, 'conf.d', 'rpc.conf')).href, tooltip: 'Open rpc.conf' },
    ]);
  });

  it("a hover on an include's file name says which of its settings are in effect and which are overridden later", async () => {
    fs.writeFileSync(path.join(dir, 'rpc-settings.conf'), 'rpc {\n  protocol = ssl\n  port_discovery = stateless\n}\n');
    client = await TestClient.startInProcess({ trusted: true }, {});
    const uri = pathToFileURL(path.join(dir, 'hover.conf')).href;
    await client.open(uri, 'include "rpc-settings.conf"\nrpc.port_discovery = manual\n');
    await client.current(uri);
    const h = await client.hover(uri, { line: 0, character: 12 });
    assert.deepEqual(h?.range, { start: { line: 0, character: 8 }, end: { line: 0, character: 27 } });
    assert.equal(
      (h?.contents as { value: string }).value,
      '**rpc-settings.conf**: EMQX reads this file here, as part of this config.\n\nIn effect from it: `rpc.protocol`.\n\nSet there but overridden later: `rpc.port_discovery`.',
    );
  });

  it('shows a default cookie from secrets.conf on the include line, and drops it once secrets.conf is fixed', async () => {
    const secrets = path.join(dir, 'secrets.conf');
    fs.writeFileSync(secrets, 'node {\n  cookie = "emqxsecretcookie"\n}\n');
    client = await TestClient.startInProcess({ trusted: true }, {});
    const uri = pathToFileURL(path.join(dir, 'emqx.conf')).href;
    await client.open(uri, 'node.name = "emqx@10.0.0.1"\ninclude "secrets.conf"\n');
    const ds = await client.current(uri, (d) => d.some((x) => x.code === 'cookie-default'));
    const hit = ds.find((d) => d.code === 'cookie-default')!;
    assert.deepEqual(hit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 22 } });
    assert.equal(hit.severity, 2);
    assert.match(hit.message, /^In secrets\.conf \(included here\), line 2: The Erlang cookie is a default/);
    assert.ok(!hit.message.includes('emqxsecretcookie'));
    assert.deepEqual(hit.relatedInformation?.[0], {
      location: { uri: pathToFileURL(secrets).href, range: { start: { line: 1, character: 11 }, end: { line: 1, character: 29 } } },
      message: 'Here, in secrets.conf',
    });
    // Its only quick fixes are the suppression comments, which work on the include line.
    const actions = await client.codeActions(uri, hit.range, [hit]);
    assert.deepEqual(
      actions.filter((a) => a.diagnostics?.some((d) => d.code === 'cookie-default')).map((a) => a.title),
      ['Disable cookie-default for this line', 'Disable cookie-default for this file'],
    );
    const line = actions.find((a) => a.title === 'Disable cookie-default for this line')!;
    await client.applyWorkspaceEdit(line.edit);
    assert.deepEqual(
      (await client.current(uri)).filter((d) => d.code === 'cookie-default'),
      [],
    );
    await client.change(uri, 'node.name = "emqx@10.0.0.1"\ninclude "secrets.conf"\n');
    await client.current(uri, (d) => d.some((x) => x.code === 'cookie-default'));

    fs.writeFileSync(secrets, 'node {\n  cookie = "tZ8vQm3KpL9xW2rN7sD4fG6hJ1kC5bV0"\n}\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(secrets).href, type: FileChangeType.Changed }] });
    const after = await client.current(uri, (d) => !d.some((x) => x.code === 'cookie-default'));
    assert.ok(!after.some((d) => /secrets\.conf/.test(d.message)), JSON.stringify(after));
  });
});
