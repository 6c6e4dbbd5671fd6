import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../../../server/src/ide/types';
import { Position } from '../../../server/src/syntax/position';

const URI = 'file:///etc/emqx/emqx.conf';

const BASE = ['rpc {', '  port_discovery = manual', '  server_port = 5400', '}', ''].join('\n');

const CONF = [
  'node {', // 0
  '  name = "emqx3@node3.example.com"', // 1
  '  cookie = "Zq8-long-enough-and-random-4711"', // 2
  '}', // 3
  'cluster {', // 4
  '  discovery_strategy = static', // 5
  '  static.seeds = [', // 6
  '    "emqx1@node1.example.com",', // 7
  '    "emqx2@node2.example.com"', // 8
  '  ]', // 9
  '  proto_dist = inet6_tls', // 10
  '}', // 11
  'rpc.port_discovery = stateless', // 12
  'rpc.protocol = ssl', // 13
  'cluster.core_nodes = "emqx1@node1.example.com,core7@node7.example.com"', // 14
  '',
].join('\n');

function hover(at: Position, settings: Partial<DocumentSettings> = {}, trusted = true): string | undefined {
  const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs });
  const reader = memoryReader({ '/etc/emqx/base.hocon': BASE, '/etc/emqx/emqx.conf': CONF });
  const analysis = service.analyze({ uri: URI, path: '/etc/emqx/emqx.conf', version: 1, text: CONF, settings: { ...DEFAULT_SETTINGS, ...settings }, reader, trusted });
  return service.hover(analysis, at)?.contents.value;
}

function posOf(line: number, needle: string): Position {
  return { line, character: CONF.split('\n')[line].indexOf(needle) + 2 };
}

describe('ide: hover on a 5.x HOCON config (the real engine)', () => {
  it('a node name inside a block, and each element of a multi-line seeds array', () => {
    const own = hover(posOf(1, 'emqx3'))!;
    assert.match(own, /Erlang distribution port: `4373` \(`inet6_tls`, TLS\)/);
    assert.match(own, /Cluster RPC port: `5373` \(`rpc.port_discovery = stateless`: 5370 \+ offset; `ssl`, TLS\)/);
    assert.match(own, /to `node3\.example\.com`/);
    assert.match(hover(posOf(8, 'emqx2'))!, /\*\*Node `emqx2@node2\.example\.com`\*\* \(a seed[\s\S]*`4372`[\s\S]*`5372`/);
  });

  it('each entry of cluster.core_nodes (comma-separated string) too', () => {
    const v = hover(posOf(14, 'core7'))!;
    assert.match(v, /\*\*Node `core7@node7\.example\.com`\*\* \(a core node in `cluster.core_nodes`\)[\s\S]*`4377`[\s\S]*`5377`/);
  });

  it('provenance across layers: this file overrides base.hocon', () => {
    const v = hover(posOf(12, 'port_discovery'))!;
    assert.match(v, /Effective value: `stateless`, set on line 13\. It overrides line 2 of `base\.hocon` \(base layer\)\./);
  });

  it("the RPC port follows base.hocon's server_port once the file is manual (Docker)", () => {
    const v = hover(posOf(1, 'emqx3'), { docker: true })!;
    assert.match(v, /Cluster RPC port: `5400`/);
  });

  it('untrusted: base.hocon is not read, so nothing is said about it', () => {
    const v = hover(posOf(12, 'port_discovery'), {}, false)!;
    assert.match(v, /Effective value: `stateless`, set on line 13\.$/m);
    assert.ok(!v.includes('base.hocon'));
  });

  it('a key nested in a block gets its documentation and default', () => {
    const v = hover(posOf(10, 'proto_dist'))!;
    assert.match(v, /\*\*`cluster.proto_dist`\*\*/);
    assert.match(v, /Allowed values: `inet_tcp`, `inet6_tcp`, `inet_tls`, `inet6_tls`/);
    assert.match(v, /Default: `inet_tcp`/);
  });

  it('the cookie is never shown', () => {
    const v = hover(posOf(2, 'cookie'))!;
    assert.ok(!v.includes('Zq8-long-enough'));
    assert.match(v, /\(secret, not shown\)/);
  });
});
