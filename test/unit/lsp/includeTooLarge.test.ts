/**
 * A required include of a file larger than the reader's limit is reported as
 * too large (a warning naming the limit), not as "not found" (which claims
 * EMQX would refuse to start); a really missing include still says not found.
 * Real files on disk, the real server in a trusted workspace.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_READ_BYTES, nodeFileReader } from '../../../server/src/nodeReader';
import { TestClient } from './client';

describe('lsp: required include over the read limit', () => {
  let dir: string;
  let client: TestClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-include-large-'));
    const line = `## ${'x'.repeat(96)}\n`;
    fs.writeFileSync(path.join(dir, 'big.conf'), line.repeat(Math.ceil((DEFAULT_MAX_READ_BYTES + 1024) / line.length)));
    fs.writeFileSync(path.join(dir, 'small.conf'), 'log.console.level = warning\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => client?.stop());

  it('the disk reader tells why it returned nothing for a large file, and only for that', () => {
    const refused: string[] = [];
    const reader = nodeFileReader({ onTooLarge: (p) => refused.push(p) });
    assert.equal(reader.readText(path.join(dir, 'big.conf')), undefined);
    assert.equal(reader.readText(path.join(dir, 'absent.conf')), undefined);
    assert.equal(reader.readText(path.join(dir, 'small.conf')), 'log.console.level = warning\n');
    assert.deepEqual(refused, [path.join(dir, 'big.conf')]);
  });

  it('says "too large" for the big include and "not found" for the absent one', async () => {
    client = await TestClient.startInProcess({ trusted: true }, {});
    const uri = pathToFileURL(path.join(dir, 'emqx.conf')).href;
    const text = 'include required("big.conf")\ninclude required("absent.conf")\ninclude "small.conf"\nnode.name = "emqx@127.0.0.1"\n';
    await client.open(uri, text);
    const ds = await client.current(uri, (d) => d.some((x) => x.code === 'include-too-large'));
    const large = ds.filter((d) => d.code === 'include-too-large');
    assert.equal(large.length, 1);
    assert.equal(large[0].range.start.line, 0);
    assert.equal(large[0].severity, 2);
    assert.match(large[0].message, /"big\.conf" was not read: big\.conf is larger than 4 MiB/);
    const notFound = ds.filter((d) => / not found /.test(d.message));
    assert.deepEqual(
      notFound.map((d) => d.range.start.line),
      [1],
      'only the absent include is "not found"',
    );
    assert.match(notFound[0].message, /"absent\.conf" not found/);
    assert.equal(notFound[0].severity, 1);
  });
});
