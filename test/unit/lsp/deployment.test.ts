/**
 * The real server on deployment files: a docker-compose.yml opened as
 * `dockercompose` gets the findings check reports in it, on its lines, with
 * the YAML fix as a code action; a YAML file of another kind gets none.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './client';

describe('lsp: deployment files', () => {
  let dir: string;
  let client: TestClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-deploy-lsp-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => client?.stop());

  it('a compose file: the default cookie on its line, with the fix; an unrelated YAML file: nothing', async () => {
    fs.writeFileSync(path.join(dir, '.env'), 'COOKIE=emqxsecretcookie\n');
    client = await TestClient.startInProcess({ trusted: true }, {});
    const uri = pathToFileURL(path.join(dir, 'docker-compose.yml')).href;
    const text = ['services:', '  emqx:', '    image: emqx/emqx:5.8.6', '    environment:', '      EMQX_NODE__COOKIE: emqxsecretcookie', '      EMQX_NODE__NAME: emqx1@node1.example', ''].join('\n');
    await client.open(uri, text, 'dockercompose');
    const ds = await client.current(uri, (d) => d.some((x) => x.code === 'cookie-default'));
    const hit = ds.find((d) => d.code === 'cookie-default')!;
    assert.deepEqual(hit.range.start, { line: 4, character: 25 });
    assert.ok(!ds.some((d) => d.code === 'hocon-syntax'));
    const h = await client.hover(uri, { line: 5, character: 24 });
    assert.match((h?.contents as { value: string }).value, /4371/);

    const other = pathToFileURL(path.join(dir, 'workflow.yml')).href;
    await client.open(other, 'name: ci\non: [push]\njobs: {}\n', 'yaml');
    assert.deepEqual(await client.current(other), []);
  });
});
