/**
 * Completion, outline, folding, selection ranges, definition and references
 * through the language service, on real configs (the default engine).
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { blockKeysAt } from '../../../server/src/ide/outline';

const URI = 'file:///etc/emqx/emqx.conf';
const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs });

function analyze(text: string, emqxVersion = '5.8', files: Record<string, string> = {}) {
  return service.analyze({ uri: URI, path: '/etc/emqx/emqx.conf', version: 1, text, settings: { ...DEFAULT_SETTINGS, emqxVersion }, reader: memoryReader(files), trusted: true });
}

const at = (text: string, marker: string, shift = 0) => {
  const i = text.indexOf(marker) + shift;
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('ide: completion from EMQX schema', () => {
  it('completes keys inside a block, for the target version only, with EMQX docs', () => {
    const text = 'rpc {\n  \n}\n';
    const labels57 = service.completion(analyze(text, '5.7.2'), { line: 1, character: 2 }).map((c) => c.label);
    assert.ok(labels57.includes('tcp_server_port') && !labels57.includes('server_port'), labels57.join());
    const items58 = service.completion(analyze(text, '5.8.9'), { line: 1, character: 2 });
    assert.ok(items58.some((c) => c.label === 'server_port'));
    const protocol = items58.find((c) => c.label === 'protocol')!;
    assert.match(protocol.detail!, /enum = tcp/);
    assert.ok(protocol.documentation!.value.length > 20);
  });

  it('completes dotted paths and 4.x flat keys', () => {
    const text = 'cluster.etcd.\n';
    const labels = service.completion(analyze(text), { line: 0, character: 13 }).map((c) => c.label);
    assert.ok(labels.includes('server') && labels.includes('ssl_options'), labels.join());
    const flat = 'rpc.\n';
    const labels44 = service.completion(analyze(flat, '4.4'), { line: 0, character: 4 }).map((c) => c.label);
    assert.ok(labels44.includes('default_client_driver') && labels44.includes('tcp_server_ip'), labels44.join());
  });

  it('completes enum values per version, default first', () => {
    const text = 'cluster {\n  discovery_strategy = \n}\n';
    const v53 = service.completion(analyze(text, '5.3.2'), { line: 1, character: 23 }).map((c) => c.label);
    assert.ok(v53.includes('mcast') && !v53.includes('singleton'), v53.join());
    const v58 = service.completion(analyze(text, '5.8.9'), { line: 1, character: 23 });
    assert.ok(v58.some((c) => c.label === 'singleton') && !v58.some((c) => c.label === 'mcast'));
    assert.equal([...v58].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0].label, 'manual');
    const verify = service.completion(analyze('listeners.ssl.default.ssl_options.verify = \n'), { line: 0, character: 43 }).map((c) => c.label);
    assert.deepEqual(verify.sort(), ['verify_none', 'verify_peer']);
  });

  it('never offers a value from the document (the cookie) and nothing in comments or strings', () => {
    const text = 'node.cookie = "zz-secret-value"\nnode.\n# node.\n';
    const a = analyze(text);
    const all = [0, 1, 2].flatMap((line) => service.completion(a, { line, character: 5 }));
    assert.ok(!JSON.stringify(all).includes('zz-secret-value'));
    assert.deepEqual(service.completion(a, { line: 2, character: 7 }), []);
  });
});

describe('ide: navigation', () => {
  const text = [
    '# cluster settings',
    '# for three nodes',
    'node {',
    '  name = "emqx1@10.0.0.1"',
    '  data_dir = "/var/lib/emqx"',
    '}',
    'cluster {',
    '  discovery_strategy = static',
    '  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2"]',
    '}',
    'rpc.certfile = ${node.data_dir}"/certs/rpc.pem"',
    'node.data_dir = "/opt/emqx/data"',
    'include "secrets.conf"',
    '',
  ].join('\n');

  it('lists blocks and fields as the outline', () => {
    const symbols = service.documentSymbols(analyze(text));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['node', 2],
        ['cluster', 2],
        ['rpc.certfile', 7],
        ['node.data_dir', 7],
      ],
    );
    assert.deepEqual(
      symbols[0].children.map((s) => s.name),
      ['name', 'data_dir'],
    );
    assert.deepEqual(symbols[0].range, { start: { line: 2, character: 0 }, end: { line: 5, character: 1 } });
    assert.deepEqual(symbols[1].children[1].selectionRange, { start: { line: 8, character: 2 }, end: { line: 8, character: 14 } });
  });

  it('folds blocks and comment runs', () => {
    const folds = service.foldingRanges(analyze(text)).map((f) => [f.startLine, f.endLine, f.kind]);
    assert.deepEqual(folds, [
      [0, 1, 'comment'],
      [2, 4, undefined],
      [6, 8, undefined],
    ]);
  });

  it('grows the selection from the word to the field to the block', () => {
    const [sel] = service.selectionRanges(analyze(text), [{ line: 3, character: 4 }]);
    assert.deepEqual(sel.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } });
    assert.deepEqual(sel.parent!.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 25 } });
    assert.deepEqual(sel.parent!.parent!.range, { start: { line: 2, character: 0 }, end: { line: 5, character: 1 } });
  });

  it('goes from ${path} to the assignment in effect, and from an include to its file', () => {
    const a = analyze(text, '5.8', { '/etc/emqx/secrets.conf': 'node.cookie = "x"\n' });
    const def = service.definition(a, at(text, '${node.data_dir}', 4));
    assert.deepEqual(def, [{ uri: URI, range: { start: { line: 11, character: 5 }, end: { line: 11, character: 13 } } }]);
    const inc = service.definition(a, at(text, 'secrets.conf', 2));
    assert.equal(inc.length, 1);
    assert.match(inc[0].uri, /secrets\.conf$/);
  });

  it('finds every assignment of a key path, the overridden one included', () => {
    const a = analyze(text);
    const refs = service.references(a, { line: 4, character: 4 });
    assert.deepEqual(
      refs.map((r) => r.range.start.line),
      [4, 11],
    );
    assert.deepEqual(
      service.references(a, at(text, '${node.data_dir}', 4)).map((r) => r.range.start.line),
      [4, 11],
    );
    assert.deepEqual(
      service.references(a, { line: 4, character: 4 }, false).map((r) => r.range.start.line),
      [11],
    );
  });
});

describe('ide: code actions for clients that rebuild diagnostics', () => {
  it('offers the fixes for a bare diagnostic (no code, no data, a reflowed message) and for none', () => {
    const text = 'node {\n  name = "emqx1@10.0.0.1"\n  cokie = "abc"\n}\n';
    const a = analyze(text);
    const d = a.diagnostics.find((x) => x.diagnostic.code === 'unknown-key')!.diagnostic;
    const bare = service.codeActions(a, d.range, { diagnostics: [{ range: d.range, message: 'EMQX refuses to start\nwith the unknown key node.cokie' }] });
    assert.ok(
      bare.some((x) => x.title === 'Rename to node.cookie'),
      JSON.stringify(bare.map((x) => x.title)),
    );
    const none = service.codeActions(a, d.range, { diagnostics: [] });
    assert.ok(none.some((x) => x.title === 'Rename to node.cookie'));
    const rename = bare.find((x) => x.title === 'Rename to node.cookie')!;
    assert.deepEqual(rename.edit!.changes![URI], [{ range: d.range, newText: 'cookie' }]);
  });
});

describe('ide: hovers for every catalogue key', () => {
  it('explains dashboard and listener keys from EMQX schema, with default, effective value and where it was set', () => {
    const text = 'dashboard {\n  default_password = "hunter2-secret"\n  token_expired_time = 30m\n}\nlisteners.ssl.default.ssl_options.verify = verify_peer\n';
    const a = analyze(text);
    const verify = service.hover(a, { line: 4, character: 36 })!.contents.value;
    assert.match(verify, /Enable or disable peer verification/);
    assert.match(verify, /Default: `verify_none`/);
    assert.match(verify, /Allowed values: `verify_peer`, `verify_none`/);
    assert.match(verify, /Effective value: `verify_peer`, set on line 5/);
    const token = service.hover(a, { line: 2, character: 4 })!.contents.value;
    assert.match(token, /Effective value: `30m`/);
    assert.match(token, /Type: duration/);
    const password = service.hover(a, { line: 1, character: 4 })!.contents.value;
    assert.ok(!password.includes('hunter2'), password);
    assert.match(password, /secret, not shown/);
  });

  it('says a key is not in the target version', () => {
    const text = 'node.dist_bind_address = "10.0.0.1"\n';
    const hover = service.hover(analyze(text, '6.0.1'), { line: 0, character: 8 })!.contents.value;
    assert.match(hover, /Not a key of EMQX 6\.0/);
  });
});

describe('ide: enclosing block keys for completion', () => {
  it('reads the keys of the blocks around a position from the text before it', () => {
    const cases: Array<[string, string[] | undefined]> = [
      ['cluster {\n  static {\n    |', ['cluster', 'static']],
      ['a.b {\n c = 1\n d = { e = 2 }\n |', ['a', 'b']],
      ['x = [\n {\n |', undefined],
      ['"q.r" {\n |', ['q.r']],
      ['n { s = "{" \n |', ['n']],
      ['# c {\nm {\n|', ['m']],
      ['k = {\n|', ['k']],
      ['include "f.conf"\nrpc {\n|', ['rpc']],
    ];
    for (const [t, want] of cases) assert.deepEqual(blockKeysAt(t.replace('|', ''), t.indexOf('|')), want, JSON.stringify(t));
  });
});
