/**
 * Provenance of object merges: a later block that merges into an object does
 * not "set" the leaves it does not mention (each keeps its own assignment);
 * the merge is recorded on the object's own entry. A value that replaces the
 * object (a scalar, a substitution) does set everything below it. Every case
 * runs through both readers (fast and full), which must agree.
 */
import * as assert from 'assert';
import { configureLocale } from '../../../server/src/l10n';
import { memoryReader } from '../../../server/src/io';
import { loadConfig, resolveText } from '../../../server/src/model';
import { Assignment, EffectiveConfig } from '../../../server/src/model/types';

const URI = '/etc/emqx/emqx.conf';

/** `L:C-L:C` of a range, 0-based as LSP. */
function span(a: Assignment): string {
  const r = a.location.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** setBy and overrides of a path, as spans. */
function prov(cfg: EffectiveConfig, path: string): { setBy: string; overrides: string[] } | undefined {
  const e = cfg.get(path);
  return e && { setBy: span(e.setBy), overrides: e.overrides.map(span) };
}

function bothReaders(text: string, files: Record<string, string> = {}): EffectiveConfig[] {
  const reader = memoryReader(files);
  return [resolveText(text, URI, reader), resolveText(text, URI, reader, undefined, { fast: false })];
}

describe('provenance of object merges', () => {
  before(() => configureLocale('en'));

  it('a later block merging into an object does not set the leaves it does not mention', () => {
    for (const cfg of bothReaders('rpc {\n  driver = tcp\n}\nrpc {\n  certfile = "a"\n}\n')) {
      assert.deepStrictEqual(prov(cfg, 'rpc.driver'), { setBy: '1:2-1:14', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'rpc.certfile'), { setBy: '4:2-4:16', overrides: [] });
      // The object's own entry records both blocks.
      assert.deepStrictEqual(prov(cfg, 'rpc'), { setBy: '3:0-5:1', overrides: ['0:0-2:1'] });
      assert.strictEqual(cfg.get('rpc.driver')!.setBy.keyLocation.range.start.line, 1);
    }
  });

  it('a dotted key then a block keeps the dotted key as the leaf setter', () => {
    for (const cfg of bothReaders('rpc.driver = tcp\nrpc { certfile = "a" }\n')) {
      assert.deepStrictEqual(prov(cfg, 'rpc.driver'), { setBy: '0:0-0:16', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'rpc.certfile'), { setBy: '1:6-1:20', overrides: [] });
      assert.strictEqual(prov(cfg, 'rpc')!.setBy, '1:0-1:22');
    }
  });

  it('a = {x: 1} then a = {y: 2}: x keeps its own assignment', () => {
    for (const cfg of bothReaders('a = {x: 1}\na = {y: 2}\n')) {
      assert.deepStrictEqual(prov(cfg, 'a.x'), { setBy: '0:5-0:9', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'a.y'), { setBy: '1:5-1:9', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'a'), { setBy: '1:0-1:10', overrides: ['0:0-0:10'] });
    }
  });

  it('a block overriding a leaf records the earlier leaf as overridden', () => {
    for (const cfg of bothReaders('rpc { driver = tcp }\nrpc { driver = ssl, port = 1 }\n')) {
      assert.deepStrictEqual(prov(cfg, 'rpc.driver'), { setBy: '1:6-1:18', overrides: ['0:6-0:18'] });
    }
  });

  it('a scalar then an object: the object resets it, and the overridden scalar is listed', () => {
    for (const cfg of bothReaders('a = 5\na { x = 1 }\n')) {
      assert.deepStrictEqual(cfg.root, { a: { x: 1 } });
      assert.deepStrictEqual(prov(cfg, 'a'), { setBy: '1:0-1:11', overrides: ['0:0-0:5'] });
      assert.deepStrictEqual(prov(cfg, 'a.x'), { setBy: '1:4-1:9', overrides: [] });
    }
  });

  it('an object reset by a scalar and merged again: only the new leaves exist, each with its own setter', () => {
    for (const cfg of bothReaders('a { x = 1 }\na = 5\na { y = 2 }\n')) {
      assert.deepStrictEqual(cfg.root, { a: { y: 2 } });
      assert.strictEqual(cfg.get('a.x'), undefined);
      assert.deepStrictEqual(prov(cfg, 'a.y'), { setBy: '2:4-2:9', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'a'), { setBy: '2:0-2:11', overrides: ['0:0-0:11', '1:0-1:5'] });
    }
  });

  it('a substitution sets the leaves it brings; an object it merges into keeps the others', () => {
    for (const cfg of bothReaders('b { p = 1 }\na { x = 1, p = 0 }\na = ${b}\n')) {
      assert.deepStrictEqual(cfg.root.a, { x: 1, p: 1 });
      assert.deepStrictEqual(prov(cfg, 'a.p'), { setBy: '2:0-2:8', overrides: ['1:11-1:16'] });
      assert.deepStrictEqual(prov(cfg, 'a.x'), { setBy: '1:4-1:9', overrides: [] });
    }
    for (const cfg of bothReaders('b { p = 1 }\na = 5\na = ${b}\n')) {
      assert.deepStrictEqual(prov(cfg, 'a.p'), { setBy: '2:0-2:8', overrides: [] });
    }
  });

  it('a self-referencing merge a = ${a} {y: 2} keeps x on its own line and sets y', () => {
    for (const cfg of bothReaders('a { x = 1 }\na = ${a} {y: 2}\n')) {
      assert.deepStrictEqual(cfg.root, { a: { x: 1, y: 2 } });
      assert.deepStrictEqual(prov(cfg, 'a.x'), { setBy: '0:4-0:9', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'a.y'), { setBy: '1:10-1:14', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'a'), { setBy: '1:0-1:15', overrides: ['0:0-0:11'] });
    }
    for (const cfg of bothReaders('a { x = 1 }\na = ${?a} {x: 3}\n')) {
      assert.deepStrictEqual(cfg.root, { a: { x: 3 } });
      assert.deepStrictEqual(prov(cfg, 'a.x'), { setBy: '1:11-1:15', overrides: ['0:4-0:9'] });
    }
  });

  it('an include merged into an object keeps the included leaves and the block leaves apart', () => {
    const files = { '/etc/emqx/rpc.conf': 'driver = tcp\n' };
    for (const cfg of bothReaders('rpc { include "rpc.conf" }\nrpc { certfile = "a" }\n', files)) {
      const driver = cfg.get('rpc.driver')!;
      assert.strictEqual(driver.setBy.location.uri, '/etc/emqx/rpc.conf');
      assert.strictEqual(span(driver.setBy), '0:0-0:12');
      assert.deepStrictEqual(driver.overrides, []);
      assert.strictEqual(cfg.get('rpc.certfile')!.setBy.location.uri, URI);
    }
  });

  it('a base.hocon layer then an emqx.conf block: the base leaf keeps its setter', () => {
    const cfg = loadConfig({
      base: { uri: '/opt/emqx/etc/base.hocon', text: 'rpc {\n  driver = tcp\n}\n' },
      uri: '/opt/emqx/etc/emqx.conf',
      text: 'rpc {\n  certfile = "a"\n}\n',
      reader: memoryReader({}),
    });
    const driver = cfg.get('rpc.driver')!;
    assert.strictEqual(driver.setBy.location.uri, '/opt/emqx/etc/base.hocon');
    assert.deepStrictEqual(driver.setBy.origin, { kind: 'file', layer: 'base' });
    assert.strictEqual(span(driver.setBy), '1:2-1:14');
    assert.deepStrictEqual(driver.overrides, []);
    assert.deepStrictEqual(cfg.get('rpc')!.setBy.origin, { kind: 'file', layer: 'main' });
  });

  it('an environment variable sets its own leaf and leaves the siblings alone', () => {
    const cfg = loadConfig({
      uri: URI,
      text: 'rpc {\n  driver = tcp\n  port = 1\n}\n',
      reader: memoryReader({}),
      env: [{ name: 'EMQX_RPC__DRIVER', value: 'ssl' }],
    });
    const driver = cfg.get('rpc.driver')!;
    assert.strictEqual(driver.value, 'ssl');
    assert.deepStrictEqual(driver.setBy.origin, { kind: 'env', name: 'EMQX_RPC__DRIVER' });
    assert.deepStrictEqual(driver.overrides.map(span), ['1:2-1:14']);
    assert.deepStrictEqual(prov(cfg, 'rpc.port'), { setBy: '2:2-2:10', overrides: [] });
  });

  it('an environment variable replacing a whole object sets its leaves', () => {
    const cfg = loadConfig({
      uri: URI,
      text: 'rpc {\n  driver = tcp\n}\n',
      reader: memoryReader({}),
      env: [{ name: 'EMQX_RPC', value: '{driver = ssl}' }],
    });
    const driver = cfg.get('rpc.driver')!;
    assert.strictEqual(driver.value, 'ssl');
    assert.deepStrictEqual(driver.setBy.origin, { kind: 'env', name: 'EMQX_RPC' });
  });
});

describe('provenance of keys named like Object.prototype members', () => {
  it('__proto__, constructor and toString are ordinary keys with their own setters', () => {
    const text = 'constructor = 1\n"__proto__" { a = 2 }\ntoString.x = 3\nhasOwnProperty = [1]\nconstructor = 4\n';
    for (const cfg of bothReaders(text)) {
      assert.deepStrictEqual(prov(cfg, 'constructor'), { setBy: '4:0-4:15', overrides: ['0:0-0:15'] });
      assert.deepStrictEqual(prov(cfg, '__proto__.a'), { setBy: '1:14-1:19', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'toString.x'), { setBy: '2:0-2:14', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'hasOwnProperty'), { setBy: '3:0-3:20', overrides: [] });
      assert.strictEqual(cfg.get('valueOf'), undefined);
      assert.strictEqual(cfg.get('toString.y'), undefined);
    }
  });
});

describe('provenance of keys whose names hash alike', () => {
  // Paths are found by a hash of the key's name (31 * h + char code): "Aa" and "BB" hash alike, as do
  // "AaAa", "AaBB", "BBAa" and "BBBB". Each keeps its own setter and overrides.
  it('names with the same hash are different keys, in one object and as dotted keys', () => {
    const text = 'Aa = 1\nBB = 2\nx { AaAa = 3, BBBB = 4, AaBB { k = 5 } }\nx.BBAa = 6\nAa = 7\nx.AaBB.k = 8\n';
    for (const cfg of bothReaders(text)) {
      assert.deepStrictEqual(prov(cfg, 'Aa'), { setBy: '4:0-4:6', overrides: ['0:0-0:6'] });
      assert.deepStrictEqual(prov(cfg, 'BB'), { setBy: '1:0-1:6', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'x.AaAa'), { setBy: '2:4-2:12', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'x.BBBB'), { setBy: '2:14-2:22', overrides: [] });
      assert.deepStrictEqual(prov(cfg, 'x.AaBB.k'), { setBy: '5:0-5:12', overrides: ['2:31-2:36'] });
      assert.deepStrictEqual(prov(cfg, 'x.BBAa'), { setBy: '3:0-3:10', overrides: [] });
      assert.strictEqual(cfg.get('x.BBBa'), undefined);
    }
  });

  it('thousands of keys: each has its own setter, and a key set again lists the first', () => {
    const n = 5000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(i % 2 === 0 ? `k${i} = ${i}` : `g${i % 7}.k${i} { v = ${i} }`);
    for (let i = 0; i < n; i += 500) lines.push(`k${i} = again`);
    for (const cfg of bothReaders(lines.join('\n') + '\n')) {
      for (let i = 0; i < n; i += 97) {
        const path = i % 2 === 0 ? `k${i}` : `g${i % 7}.k${i}.v`;
        const e = cfg.get(path)!;
        assert.ok(e, path);
        if (i % 500 === 0) {
          assert.strictEqual(e.setBy.location.range.start.line, n + i / 500, path);
          assert.deepStrictEqual(
            e.overrides.map((a) => a.location.range.start.line),
            [i],
            path,
          );
        } else {
          assert.strictEqual(e.setBy.location.range.start.line, i, path);
          assert.strictEqual(e.overrides.length, 0, path);
        }
      }
    }
  });
});

describe('entriesUnder', () => {
  it('lists the entries below a path in source order, the same as filtering entries()', () => {
    const text = 'node { name = "a@h", cookie = "x" }\nrpc.port = 5369\nnode.data_dir = d\nrpc { protocol = ssl }\nnodes = 1\nl = [1, 2]\n';
    for (const cfg of bothReaders(text)) {
      const under = (p: string[]) => cfg.entriesUnder!(p).map((e) => `${e.path.join('.')}@${span(e.setBy)}`);
      const filtered = (p: string[]) => [...cfg.entries()].filter((e) => p.every((s, i) => e.path[i] === s)).map((e) => `${e.path.join('.')}@${span(e.setBy)}`);
      assert.deepStrictEqual(under(['node']), ['node.name@0:7-0:19', 'node.cookie@0:21-0:33', 'node.data_dir@2:0-2:17']);
      assert.deepStrictEqual(under(['rpc']), ['rpc.port@1:0-1:15', 'rpc.protocol@3:6-3:20']);
      assert.deepStrictEqual(under(['rpc', 'port']), ['rpc.port@1:0-1:15']);
      assert.deepStrictEqual(under(['l']), ['l@5:0-5:10']);
      assert.deepStrictEqual(under(['missing']), []);
      assert.deepStrictEqual(under(['node', 'name', 'deeper']), []);
      for (const p of [['node'], ['rpc'], ['l'], []]) assert.deepStrictEqual(under(p), filtered(p));
    }
  });
});
