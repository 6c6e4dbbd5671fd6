/**
 * Hovers find the assignment under the cursor through the model's
 * assignmentsAt (record offsets, no index of every assignment by line). It
 * must pick exactly what going through entries() picks: every position of
 * several documents is hovered both ways.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { hover } from '../../../server/src/ide/hover';
import { memoryReader } from '../../../server/src/io';
import { loadConfig, resolveText } from '../../../server/src/model';
import { EffectiveConfig } from '../../../server/src/model/types';
import { corpusPath } from '../sharedCorpus';

const URI = '/etc/emqx/emqx.conf';

/** The same config without assignmentsAt: the hover falls back to entries(). Include links are kept (hovers on file names). */
function withoutAssignmentsAt(cfg: EffectiveConfig): EffectiveConfig {
  return { root: cfg.root, problems: cfg.problems, get: (p) => cfg.get(p), entries: () => cfg.entries(), includeLinks: () => cfg.includeLinks?.() ?? [] };
}

function bothWays(text: string, files: Record<string, string> = {}, cfg: EffectiveConfig = resolveText(text, URI, memoryReader(files))): number {
  assert.ok(cfg.assignmentsAt, 'the engine implements assignmentsAt');
  const plain = withoutAssignmentsAt(cfg);
  const lines = text.split('\n');
  let found = 0;
  for (let line = 0; line <= lines.length; line++) {
    const width = (lines[line] ?? '').length;
    for (let character = 0; character <= width + 1; character++) {
      const at = { uri: URI, text, position: { line, character }, version: undefined, docker: false, keyDocs: defaultKeyDocs };
      const fast = hover({ ...at, config: cfg });
      assert.deepEqual(fast, hover({ ...at, config: plain }), `${line}:${character}`);
      if (fast) found++;
    }
  }
  return found;
}

describe('ide: hover finds assignments by offset', () => {
  it('agrees with the entries() walk at every position: blocks, dotted keys, overrides, arrays, multi-line values, includes', () => {
    const text = [
      'node {',
      '  name = "emqx@h1.example.com"',
      '  cookie = "secret-cookie-value-long-enough"',
      '}',
      'rpc.protocol = tcp',
      'rpc { protocol = ssl, certfile = "/c.pem" }',
      'cluster.static.seeds = [',
      '  "emqx@h1.example.com",',
      '  "emqx@h2.example.com"',
      ']',
      'a = {x: 1}',
      'a = {y: 2}',
      'b = ${a} {z = 3}',
      'notes = """one',
      'two"""',
      'include "inc.conf"',
      'listeners.tcp.default { bind = "0.0.0.0:1883", acceptors = 16 }',
      '',
    ].join('\n');
    const found = bothWays(text, { '/etc/emqx/inc.conf': 'rpc.port_discovery = manual\n' });
    assert.ok(found > 200, `only ${found} positions had a hover`);
  });

  it('agrees when a base layer and environment variables set the same keys', () => {
    const text = 'node.name = "emqx@h1"\nrpc { port_discovery = manual, server_port = 5400 }\nnode.cookie = "c-long-enough-and-random-4711"\n';
    const base = { uri: '/etc/emqx/base.hocon', text: 'rpc { port_discovery = stateless }\nnode.name = "base@h0"\n' };
    const env = [
      { name: 'EMQX_NODE__NAME', value: 'emqx@h9' },
      { name: 'EMQX_RPC__SERVER_PORT', value: '5500' },
    ];
    const cfg = loadConfig({ uri: URI, text, reader: memoryReader({}), base, env });
    assert.equal(cfg.get('node.name')?.setBy.origin.kind, 'env');
    assert.ok(bothWays(text, {}, cfg) > 50);
  });

  it('agrees on EMQX’s shipped emqx.conf and an example config from the corpus', () => {
    const corpus = corpusPath('emqx');
    for (const f of ['emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf', 'emqx-v5.8.9__rel__config__examples__cluster-with-etcd-ssl.conf.example']) {
      const file = path.join(corpus, f);
      assert.ok(fs.existsSync(file), `corpus file ${f}`);
      assert.ok(bothWays(fs.readFileSync(file, 'utf8')) > 0, f);
    }
  });
});
