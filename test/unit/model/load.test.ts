/**
 * The effective config: values as EMQX computes them, provenance (which
 * line set a value and which it overrode), layers, environment overrides and
 * includes through an injected reader.
 */
import * as assert from 'assert';
import { configureLocale } from '../../../server/src/l10n';
import { memoryReader, noFiles } from '../../../server/src/io';
import { ConfigBuilder, envAssignment, envVarPath, loadConfig, parseEnvValue, resolveText, toEmqxJson } from '../../../server/src/model';
import { Assignment, EffectiveConfig } from '../../../server/src/model/types';

function resolve(text: string, files: Record<string, string> = {}, includeDirs?: string[]): EffectiveConfig {
  return resolveText(text, '/etc/emqx/emqx.conf', memoryReader(files), includeDirs);
}

function line(a: Assignment): number {
  return a.location.range.start.line + 1;
}

function errorCodes(cfg: EffectiveConfig): string[] {
  return cfg.problems.filter((p) => p.severity === 'error').map((p) => p.code);
}

describe('effective config', () => {
  before(() => configureLocale('en'));

  it('merges objects, lets the last value win, resets objects with non-objects', () => {
    const cfg = resolve('a { b = 1 }\na { c = 2 }\nd { x = 1 }\nd = 5\nd { y = 2 }\ne = 1\ne.f = 2\ng: {h: 1}\ng: null\n');
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":{"b":1,"c":2},"d":{"y":2},"e":{"f":2},"g":null}');
    assert.deepStrictEqual(cfg.problems, []);
  });

  it('concatenates like EMQX and resolves substitutions', () => {
    const cfg = resolve('a = [1, 2] [3]\nb = hi\nc = ${b} there\nd = {p: 1}\ne = ${d} {q: 2}\nf = ${?nope} "s"\ng = [${?nope}, 1]\nh = ${x.y}\nx.y = 5\ni = 1\ni = ${?nope}\n');
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":[1,2,3],"b":"hi","c":"hithere","d":{"p":1},"e":{"p":1,"q":2},"f":"s","g":[1],"h":5,"i":1,"x":{"y":5}}');
  });

  it('reads self-references as the previous value', () => {
    const cfg = resolve('a : [1]\na = ${a} [2]\ns = "x"\ns = ${s}"y"\n');
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":[1,2],"s":"xy"}');
  });

  it("overrides an array element with EMQX's 1-based index", () => {
    const cfg = resolve('a = [1, 2]\na.1 = 5\nb = [{x = 1}, {x = 2}]\nb.2.x = 9\n');
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":[5,2],"b":[{"x":1},{"x":9}]}');
    const bad = resolve('a = [1]\na.3 = 5\n');
    assert.deepStrictEqual(errorCodes(bad), ['hocon-array-index']);
  });

  it('reports unresolved substitutions, cycles and bad concatenations at the substitution', () => {
    const unresolved = resolve('a = ${HOME}\n');
    assert.deepStrictEqual(errorCodes(unresolved), ['hocon-unresolved']);
    assert.deepStrictEqual(unresolved.problems[0].location.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 11 } });
    // EMQX names both substitutions of a cycle as unresolved; each is reported where it is written.
    assert.deepStrictEqual(errorCodes(resolve('a = ${b}\nb = ${a}\n')), ['hocon-cycle', 'hocon-cycle']);
    const concat = resolve('a = 10\nb = ${a}s\n');
    assert.deepStrictEqual(errorCodes(concat), ['hocon-concat']);
    assert.strictEqual(concat.problems[0].location.range.start.line, 1);
    const quoted = resolve('"x" : 42\ny : ${x}\n');
    assert.deepStrictEqual(errorCodes(quoted), ['hocon-unresolved']);
    assert.match(quoted.problems[0].message, /quoted key/);
  });

  it('records provenance: set on line N, overrides line M', () => {
    const text = 'node {\n  cookie = first\n}\nnode.cookie = second\nrpc { protocol = ssl }\n';
    const cfg = resolve(text);
    const cookie = cfg.get('node.cookie')!;
    assert.strictEqual(cookie.value, 'second');
    assert.strictEqual(line(cookie.setBy), 4);
    assert.deepStrictEqual(cookie.overrides.map(line), [2]);
    assert.deepStrictEqual(cookie.setBy.keyLocation.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 11 } });
    assert.deepStrictEqual(cookie.setBy.valueLocation.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 20 } });
    assert.strictEqual(cookie.setBy.quoting, 'unquoted');
    assert.deepStrictEqual(cookie.setBy.origin, { kind: 'file', layer: 'main' });
    assert.strictEqual(cfg.get(['rpc', 'protocol'])!.value, 'ssl');
    assert.strictEqual(cfg.get('rpc')!.setBy.keyLocation.range.start.line, 4);
    assert.strictEqual(cfg.get('nope'), undefined);
    assert.deepStrictEqual(
      [...cfg.entries()].map((e) => [e.path.join('.'), e.value]),
      [
        ['node.cookie', 'second'],
        ['rpc.protocol', 'ssl'],
      ],
    );
  });

  it('attributes values copied by a substitution to the field that copied them', () => {
    const cfg = resolve('a { p = 1 }\nb = ${a}\n');
    assert.strictEqual(line(cfg.get('b.p')!.setBy), 2);
  });

  it('layers base.hocon < cluster.hocon < emqx.conf < EMQX_* variables, with provenance', () => {
    const cfg = loadConfig({
      base: { uri: '/opt/emqx/etc/base.hocon', text: 'node.cookie = base\nnode.name = "emqx@127.0.0.1"\nrpc.port_discovery = stateless\n' },
      cluster: { uri: '/opt/emqx/data/configs/cluster.hocon', text: 'node.cookie = cluster\nrpc.protocol = ssl\n' },
      uri: '/opt/emqx/etc/emqx.conf',
      text: 'node {\n  cookie = main\n}\n',
      reader: noFiles,
      env: [
        { name: 'EMQX_NODE__COOKIE', value: 'fromenv', location: { uri: '/srv/compose.yaml', range: { start: { line: 9, character: 6 }, end: { line: 9, character: 30 } } } },
        { name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual' },
        { name: 'PATH', value: '/usr/bin' },
      ],
    });
    const cookie = cfg.get('node.cookie')!;
    assert.strictEqual(cookie.value, 'fromenv');
    assert.deepStrictEqual(cookie.setBy.origin, { kind: 'env', name: 'EMQX_NODE__COOKIE' });
    assert.strictEqual(cookie.setBy.location.uri, '/srv/compose.yaml');
    assert.deepStrictEqual(
      cookie.overrides.map((a) => [a.location.uri, a.origin.kind === 'file' ? a.origin.layer : 'env']),
      [
        ['/opt/emqx/etc/base.hocon', 'base'],
        ['/opt/emqx/data/configs/cluster.hocon', 'cluster'],
        ['/opt/emqx/etc/emqx.conf', 'main'],
      ],
    );
    assert.strictEqual(cfg.get('rpc.protocol')!.value, 'ssl');
    assert.strictEqual(cfg.get('rpc.port_discovery')!.value, 'manual');
    assert.strictEqual(cfg.get('node.name')!.value, 'emqx@127.0.0.1');
    assert.strictEqual(cfg.root.PATH, undefined);
  });

  it('maps EMQX_* names to paths and parses their values as hocon_tconf does', () => {
    assert.deepStrictEqual(envVarPath('EMQX_NODE__COOKIE'), ['node', 'cookie']);
    assert.deepStrictEqual(envVarPath('EMQX_LISTENERS__SSL__DEFAULT__BIND'), ['listeners', 'ssl', 'default', 'bind']);
    assert.strictEqual(envVarPath('HOME'), undefined);
    assert.strictEqual(envVarPath('EMQX_A____B'), undefined);
    assert.strictEqual(parseEnvValue('8883'), 8883);
    assert.strictEqual(parseEnvValue('true'), true);
    assert.strictEqual(parseEnvValue('"quoted"'), 'quoted');
    assert.strictEqual(parseEnvValue('emqx@127.0.0.1'), 'emqx@127.0.0.1');
    assert.strictEqual(parseEnvValue('0.0.0.0:1883'), '0.0.0.0:1883');
    assert.strictEqual(parseEnvValue('15s'), '15s');
    assert.deepStrictEqual(parseEnvValue('{a = 1}'), { a: 1 });
    assert.deepStrictEqual(parseEnvValue('a = 1'), { a: 1 });
    assert.deepStrictEqual(parseEnvValue('["a", "b"]'), ['a', 'b']);
    assert.strictEqual(parseEnvValue(''), '');
  });

  it('matches environment variables to existing keys case-insensitively', () => {
    const cfg = loadConfig({
      uri: '/e/emqx.conf',
      text: 'listeners.ssl.Default { bind = 8883 }\n',
      reader: noFiles,
      env: [{ name: 'EMQX_LISTENERS__SSL__DEFAULT__BIND', value: '9883' }],
    });
    assert.strictEqual(toEmqxJson(cfg.root), '{"listeners":{"ssl":{"Default":{"bind":9883}}}}');
  });

  it('resolves includes next to the including file, then in include directories', () => {
    const cfg = resolve(
      'include "inc.conf"\ninclude required("sub/nested.conf")\nx { include "rel.conf" }\ninclude "fromdir.conf"\n',
      {
        '/etc/emqx/inc.conf': 'a = 1\n',
        '/etc/emqx/sub/nested.conf': 'b = 2\ninclude "sibling.conf"\n',
        '/etc/emqx/sub/sibling.conf': 'c = 3\n',
        '/etc/emqx/rel.conf': 'd = 4\ne = ${d}\n',
        '/data/configs/fromdir.conf': 'f = 5\n',
      },
      ['/data/configs'],
    );
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":1,"b":2,"c":3,"f":5,"x":{"d":4,"e":4}}');
    assert.strictEqual(cfg.get('x.d')!.setBy.location.uri, '/etc/emqx/rel.conf');
  });

  it('reports a missing required include at the include, ignores a missing optional one', () => {
    const cfg = resolve('include "nope.conf"\ninclude required("gone.conf")\na = 1\n');
    assert.deepStrictEqual(errorCodes(cfg), ['hocon-include-missing']);
    assert.deepStrictEqual(cfg.problems[0].location.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 29 } });
    assert.strictEqual(cfg.root.a, 1);
  });

  it('reports include cycles instead of following them', () => {
    const cfg = resolveText('include "b.conf"\n', '/c/a.conf', memoryReader({ '/c/a.conf': 'include "b.conf"\n', '/c/b.conf': 'include "a.conf"\nx = 1\n' }));
    assert.deepStrictEqual(errorCodes(cfg), ['hocon-include-cycle']);
    assert.strictEqual(cfg.problems[0].location.uri, '/c/b.conf');
  });

  it('resolves includes relative to file:// URIs too', () => {
    const seen: string[] = [];
    const reader = {
      readText(p: string) {
        seen.push(p);
        return p === '/w/etc/my dir/inc.conf' ? 'a = 1\n' : undefined;
      },
      exists: () => false,
    };
    const cfg = resolveText('include "my dir/inc.conf"\n', 'file:///w/etc/emqx.conf', reader);
    assert.deepStrictEqual(cfg.root, { a: 1 });
    assert.strictEqual(cfg.get('a')!.setBy.location.uri, 'file:///w/etc/my%20dir/inc.conf');
    assert.ok(seen.includes('/w/etc/my dir/inc.conf'));
  });

  it('builds a config from flat assignments (ConfigBuilder)', () => {
    const b = new ConfigBuilder();
    const at = (l: number): Assignment => ({
      origin: { kind: 'file', layer: 'main' },
      location: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 0 }, end: { line: l, character: 20 } } },
      keyLocation: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 0 }, end: { line: l, character: 11 } } },
      valueLocation: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 14 }, end: { line: l, character: 20 } } },
    });
    b.set(['node', 'cookie'], 'first', at(1));
    b.set(['node', 'name'], 'emqx@host', at(2));
    b.set(['node', 'cookie'], 'second', at(9));
    b.set(['rpc', 'port'], 5369, envAssignment('EMQX_RPC__PORT'));
    const cfg = b.build([]);
    assert.strictEqual(toEmqxJson(cfg.root), '{"node":{"cookie":"second","name":"emqx@host"},"rpc":{"port":5369}}');
    const cookie = cfg.get('node.cookie')!;
    assert.strictEqual(cookie.setBy.location.range.start.line, 9);
    assert.deepStrictEqual(
      cookie.overrides.map((a) => a.location.range.start.line),
      [1],
    );
    assert.deepStrictEqual(
      [...cfg.entries()].map((e) => e.path.join('.')),
      ['node.name', 'node.cookie', 'rpc.port'],
    );
  });

  it('ConfigBuilder: an index into an array set earlier replaces or appends the element and keeps the rest of the tree; any other index is refused', () => {
    const b = new ConfigBuilder();
    const at = (l: number): Assignment => ({
      origin: { kind: 'file', layer: 'main' },
      location: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 0 }, end: { line: l, character: 20 } } },
      keyLocation: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 0 }, end: { line: l, character: 11 } } },
      valueLocation: { uri: '/etc/emqx.conf', range: { start: { line: l, character: 14 }, end: { line: l, character: 20 } } },
    });
    b.set(['node', 'name'], 'emqx@host', at(0));
    b.set(['cluster', 'static', 'seeds'], ['a@h', 'b@h'], at(1));
    b.set(['cluster', 'static', 'seeds', '2'], 'c@h', at(2));
    b.set(['cluster', 'static', 'seeds', '3'], 'd@h', at(3));
    assert.throws(() => b.set(['cluster', 'static', 'seeds', '5'], 'x@h', at(4)), {
      name: 'RangeError',
      message: 'ConfigBuilder: cluster.static.seeds.5: 5 is not an index of an array of 3 element(s) (EMQX counts from 1)',
    });
    assert.throws(() => b.set(['cluster', 'static', 'seeds', '0'], 'x@h', at(4)), /seeds\.0: 0 is not an index/);
    assert.throws(() => b.set(['cluster', 'static', 'seeds', 'first'], 'x@h', at(4)), /seeds\.first: first is not an index/);
    const cfg = b.build([]);
    assert.strictEqual(toEmqxJson(cfg.root), '{"cluster":{"static":{"seeds":["a@h","c@h","d@h"]}},"node":{"name":"emqx@host"}}');
    assert.deepStrictEqual(cfg.problems, []);
    assert.strictEqual(cfg.get('node.name')!.value, 'emqx@host');
    assert.strictEqual(cfg.get('cluster.static.seeds.2')!.setBy.location.range.start.line, 2);
  });

  it('prints EMQX-style JSON: one line, keys sorted by code point', () => {
    assert.strictEqual(toEmqxJson({ b: 1, a: { d: [1, 'x', null, true], c: '15s' }, é: 2, Z: 0 }), '{"Z":0,"a":{"c":"15s","d":[1,"x",null,true]},"b":1,"é":2}');
  });
});
