import * as assert from 'node:assert/strict';
import { noFiles } from '../../../server/src/io';
import { parseVersion } from '../../../server/src/emqx/version';
import { defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { Engine } from '../../../server/src/ide/engine';
import { DocumentAnalysis, LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../../../server/src/ide/types';
import { loadCuttlefishConfig } from '../../../server/src/model/cuttlefish';
import { Position } from '../../../server/src/syntax/position';

const URI = 'file:///etc/emqx/emqx.conf';

/**
 * The hover works on any EffectiveConfig; a 4.x cuttlefish file read by the real
 * model gives one without the HOCON engine. Findings are not this test's subject.
 */
const cuttlefishEngine: Engine = (input) => ({
  findings: [],
  config: loadCuttlefishConfig({ uri: input.uri, text: input.text }).config,
  dialect: 'cuttlefish',
  version: parseVersion('4.4.19', 'setting'),
});

const TEXT = [
  'node.name = emqx9@10.0.0.9', // 0: overridden below
  'node.name = emqx2@10.0.0.2', // 1
  'node.cookie = Very-Secret-Cookie-Value-123', // 2
  'cluster.discovery = static', // 3
  'cluster.static.seeds = emqx1@10.0.0.1,emqx2@10.0.0.2,emqx-a@10.0.0.3', // 4
  'cluster.proto_dist = inet_tls', // 5
  'rpc.driver = ssl', // 6
  'rpc.port_discovery = stateless', // 7
  '',
].join('\n');

function analyse(settings: Partial<DocumentSettings> = {}, text = TEXT): { service: LanguageService; analysis: DocumentAnalysis } {
  const service = new LanguageService({ engine: cuttlefishEngine, keyDocs: defaultKeyDocs });
  const analysis = service.analyze({ uri: URI, version: 1, text, settings: { ...DEFAULT_SETTINGS, ...settings }, reader: noFiles, trusted: false });
  return { service, analysis };
}

function hoverText(at: Position, settings: Partial<DocumentSettings> = {}, text = TEXT): string | undefined {
  const { service, analysis } = analyse(settings, text);
  return service.hover(analysis, at)?.contents.value;
}

function posOf(line: number, needle: string, text = TEXT): Position {
  return { line, character: text.split('\n')[line].indexOf(needle) + 1 };
}

describe('ide: hover', () => {
  it('on node.name: suffix, distribution and RPC ports, TLS of each channel, the firewall rule, env overrides', () => {
    const { service, analysis } = analyse();
    const h = service.hover(analysis, posOf(1, 'emqx2'))!;
    assert.deepEqual(h.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 26 } });
    const v = h.contents.value;
    assert.match(v, /\*\*Node `emqx2@10\.0\.0\.2`\*\* \(this node\)/);
    assert.match(v, /Numeric suffix: `2` → port offset 2/);
    assert.match(v, /Erlang distribution port: `4372` \(`inet_tls`, TLS\)/);
    assert.match(v, /Cluster RPC port: `5372` \(`rpc.port_discovery = stateless`: 5370 \+ offset; `ssl`, TLS\)/);
    assert.match(v, /Firewall: allow TCP 4372, 5372 to `10\.0\.0\.2` from the other cluster nodes only\./);
    assert.match(v, /EMQX_NODE__NAME/);
    assert.match(v, /EMQX_RPC__PORT_DISCOVERY/);
  });

  it('under Docker the RPC port is rpc.server_port (5369), and the hover says why', () => {
    const v = hoverText(posOf(1, 'emqx2'), { docker: true })!;
    assert.match(v, /Cluster RPC port: `5369` \(`rpc.server_port`: the official Docker image forces `rpc.port_discovery = manual`/);
    assert.match(v, /Firewall: allow TCP 4372, 5369 to/);
  });

  it("on each seed of the comma-separated string: that node's ports", () => {
    const seeds = hoverText(posOf(4, 'emqx1'))!;
    assert.match(seeds, /\*\*Node `emqx1@10\.0\.0\.1`\*\* \(a seed/);
    assert.match(seeds, /Erlang distribution port: `4371`/);
    assert.match(seeds, /Cluster RPC port: `5371`/);
    const noSuffix = hoverText(posOf(4, 'emqx-a'))!;
    assert.match(noSuffix, /Numeric suffix: none → port offset 0/);
    assert.match(noSuffix, /Erlang distribution port: `4370`/);
  });

  it('plaintext channels are called plaintext, and a manual port discovery uses rpc.server_port', () => {
    const text = ['node.name = core3@h', 'rpc.port_discovery = manual', 'rpc.tcp_server_port = 5400', ''].join('\n');
    const v = hoverText(posOf(0, 'core3', text), {}, text)!;
    assert.match(v, /Erlang distribution port: `4373` \(`inet_tcp`, \*\*plaintext\*\*\)/);
    assert.match(v, /Cluster RPC port: `5400` \(`rpc.port_discovery = manual`: `rpc.server_port`; `tcp`, \*\*plaintext\*\*\)/);
  });

  it("on rpc.port_discovery: key documentation plus this node's RPC port", () => {
    const v = hoverText(posOf(7, 'port_discovery'))!;
    assert.match(v, /\*\*`rpc.port_discovery`\*\*/);
    assert.match(v, /Allowed values: `manual`, `stateless`|Allowed values: `stateless`, `manual`/);
    assert.match(v, /Effective value: `stateless`, set on line 8\./);
    assert.match(v, /Cluster RPC port: `5372`/);
  });

  it('on any known key: meaning, allowed values for the version, provenance', () => {
    const v = hoverText(posOf(5, 'proto_dist'))!;
    assert.match(v, /\*\*`cluster.proto_dist`\*\*/);
    assert.match(v, /Allowed values: `inet_tcp`, `inet6_tcp`, `inet_tls`$/m); // 4.4 has no inet6_tls
    assert.match(v, /Default: `inet_tcp`/);
    assert.match(v, /Effective value: `inet_tls`, set on line 6\./);
  });

  it('provenance of an overridden key: the effective one says what it overrides, the overridden one says it has no effect', () => {
    const effective = hoverText(posOf(1, 'name'))!;
    assert.match(effective, /Effective value: `emqx2@10\.0\.0\.2`, set on line 2\. It overrides line 1\./);
    const overridden = hoverText(posOf(0, 'name'))!;
    assert.match(overridden, /This assignment has no effect: it is overridden by line 2 \(effective value `emqx2@10\.0\.0\.2`\)\./);
  });

  it('never shows the cookie value', () => {
    const v = hoverText(posOf(2, 'cookie'))!;
    assert.match(v, /\*\*`node.cookie`\*\*/);
    assert.match(v, /\(secret, not shown\)/);
    assert.ok(!v.includes('Very-Secret-Cookie-Value-123'));
  });

  it('EMQX_NODE__NAME and EMQX_RPC__PORT_DISCOVERY overrides move the ports, and the hover says which variable decided', () => {
    const engine: Engine = (input) => ({
      findings: [],
      config: loadCuttlefishConfig({
        uri: input.uri,
        text: input.text,
        env: [
          { name: 'EMQX_NODE__NAME', value: 'emqx5@10.0.0.5' },
          { name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual' },
        ],
      }).config,
      dialect: 'cuttlefish',
      version: parseVersion('4.4.19', 'setting'),
    });
    const service = new LanguageService({ engine, keyDocs: defaultKeyDocs });
    const analysis = service.analyze({ uri: URI, version: 1, text: TEXT, settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    const v = service.hover(analysis, posOf(1, 'emqx2'))!.contents.value;
    assert.match(v, /The environment variable `EMQX_NODE__NAME` overrides this value: the node runs as `emqx5@10\.0\.0\.5`/);
    assert.match(v, /Erlang distribution port: `4375`/);
    // The deployment also sets manual port discovery: the RPC port is rpc.server_port, and the hover says who decided.
    assert.match(v, /Cluster RPC port: `5369` \(`EMQX_RPC__PORT_DISCOVERY` = manual: `rpc.server_port`;/);
  });

  it('says nothing on comments, blank lines and positions outside the document', () => {
    const text = '# just a comment\n\nnode.name = emqx@h\n';
    assert.equal(hoverText({ line: 0, character: 3 }, {}, text), undefined);
    assert.equal(hoverText({ line: 1, character: 0 }, {}, text), undefined);
    assert.equal(hoverText({ line: 99, character: 99 }, {}, text), undefined);
  });
});
