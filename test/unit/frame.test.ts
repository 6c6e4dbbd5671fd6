import * as assert from 'node:assert/strict';
import { memoryReader } from '../../server/src/io';

describe('io: memoryReader', () => {
  it('reads only the files it was given', () => {
    const r = memoryReader({ '/etc/emqx/emqx.conf': 'node.name = "a@b"' });
    assert.equal(r.readText('/etc/emqx/emqx.conf'), 'node.name = "a@b"');
    assert.equal(r.exists('/etc/emqx/ssl_dist.conf'), false);
    assert.equal(r.readText('/etc/emqx/ssl_dist.conf'), undefined);
  });
});
