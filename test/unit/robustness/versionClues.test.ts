/**
 * analyzeDocument detects the EMQX version from the keys set in the file
 * itself, testing only the keys the detector reads (VERSION_CLUE_KEYS) rather
 * than listing every key of a big file with its location (which cost more
 * than all the rules together on a 5 MB file). The detection a user sees must
 * be unchanged: a key set in this file counts, the same key set in an
 * included file or in base.hocon does not.
 */
import * as assert from 'node:assert/strict';
import { detectVersion, VERSION_CLUE_KEYS } from '../../../server/src/emqx/version';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';

const URI = 'file:///etc/emqx/emqx.conf';

function versionOf(text: string, files: Record<string, string> = {}): string {
  const v = analyzeDocument({ uri: URI, text, reader: memoryReader(files), trusted: true, settings: {} }).version;
  return `${v.major}.${v.minor}`;
}

describe('robustness: version detection reads only its clue keys', () => {
  it('every key that changes the detected version is a listed clue key', () => {
    for (const k of VERSION_CLUE_KEYS) assert.ok(detectVersion({ dialect: 'hocon', keys: new Set([k]) }), `${k} is a clue`);
    assert.equal(detectVersion({ dialect: 'hocon', keys: new Set(['node.name', 'rpc.port_discovery', 'cluster.proto_dist']) }), undefined);
  });

  it('a clue key set in the file is detected, dotted or in a block', () => {
    assert.equal(versionOf('node.name = "emqx@h"\nnode.dist_bind_address = "0.0.0.0"\n'), '6.2');
    assert.equal(versionOf('rpc {\n  server_port = 5369\n}\n'), '5.8');
  });

  it('a clue key set only in an included file or in base.hocon does not count', () => {
    const plain = versionOf('node.name = "emqx@h"\n');
    assert.equal(versionOf('include "extra.conf"\nnode.name = "emqx@h"\n', { '/etc/emqx/extra.conf': 'rpc.server_port = 5369\n' }), plain);
    assert.equal(versionOf('node.name = "emqx@h"\n', { '/etc/emqx/base.hocon': 'node.dist_bind_address = "0.0.0.0"\n' }), plain);
  });
});
