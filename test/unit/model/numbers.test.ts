/**
 * Numbers print as EMQX's own output gives them: a float stays a float
 * (`1.0`, not `1`), written the way Erlang writes floats (`1.5e3`), and
 * integers beyond 2^53 keep every digit. Values (what rules read) are still
 * plain JavaScript numbers.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { noFiles } from '../../../server/src/io';
import { resolveText, toEmqxJson } from '../../../server/src/model';
import { erlangFloat } from '../../../server/src/model/values';
import { corpusPath } from '../sharedCorpus';

const corpus = corpusPath();

function printed(text: string, fast = true): string {
  const cfg = resolveText(text, '/etc/emqx/emqx.conf', noFiles, [], { fast });
  return toEmqxJson(cfg.root, cfg.exactNumbers);
}

describe('exact numbers', () => {
  it('prints floats as Erlang does (io_lib_format:fwrite_g)', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'],
      [8, '8.0'],
      [127, '127.0'],
      [100, '100.0'],
      [1000, '1.0e3'],
      [1500, '1.5e3'],
      [0.5, '0.5'],
      [0.001, '0.001'],
      [1e-7, '1.0e-7'],
      [42.1, '42.1'],
      [3.14, '3.14'],
      [1e15, '1.0e15'],
      [-2.5, '-2.5'],
      [-0, '-0.0'],
      [0, '0.0'],
    ];
    for (const [x, s] of cases) assert.strictEqual(erlangFloat(x), s, String(x));
  });

  it('a float JavaScript prints as Erlang does is kept as a plain number; the others stay exact', () => {
    // The config keeps a marker only for floats whose JavaScript text differs from Erlang's.
    const r = (() => {
      let s = 0x2f6b;
      return () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
    })();
    for (let i = 0; i < 20000; i++) {
      const x = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
      if (Math.abs(x) >= 1 && !Number.isInteger(x)) assert.strictEqual(erlangFloat(x), String(x), String(x));
    }
    const text = 'a = 1.25\nb = 0.05\nc = 1.0e-7\nd = 2.0\ne = 1.5e3\nf = 0.5\ng = -3.75\nh = 0.00001\ni = 0.0001\n';
    const want = '{"a":1.25,"b":0.05,"c":1.0e-7,"d":2.0,"e":1.5e3,"f":0.5,"g":-3.75,"h":1.0e-5,"i":0.0001}';
    assert.strictEqual(printed(text, true), want);
    assert.strictEqual(printed(text, false), want);
    const cfg = resolveText(text, '/etc/emqx/emqx.conf', noFiles);
    assert.deepStrictEqual([...(cfg.exactNumbers.get(cfg.root)?.keys() ?? [])].sort(), ['c', 'd', 'e', 'h']);
  });

  it('keeps floats, big integers and plain integers apart in resolve output, through both readers', () => {
    const text = 'a = 1.0\nb = 8\nc = [0.5, 2, 1500.0]\nd = 9223372036854775808\ne = -0.0\nf = ${a}\ng { h = 127.0 }\ni = +007\nj = 12345678901234567890123\n';
    const want = '{"a":1.0,"b":8,"c":[0.5,2,1.5e3],"d":9223372036854775808,"e":-0.0,"f":1.0,"g":{"h":127.0},"i":7,"j":12345678901234567890123}';
    assert.strictEqual(printed(text, true), want);
    assert.strictEqual(printed(text, false), want);
    // The values themselves stay numbers.
    const cfg = resolveText(text, '/etc/emqx/emqx.conf', noFiles);
    assert.strictEqual(cfg.get('a')!.value, 1);
    assert.strictEqual(toEmqxJson(cfg.root).startsWith('{"a":1,'), true);
  });

  it('finds floats wherever the tree keeps them: deep among plain siblings, in copies, under overlays, in arrays of objects', () => {
    // resolve and finish visit only the paths where such values were put (and whatever a
    // substitution copied), so each way a float can end up somewhere is checked here.
    const cases: Array<[string, string]> = [
      ['x { p = 1\n q { r = 2.0 } }\ny { s = "t" }\n', '{"x":{"p":1,"q":{"r":2.0}},"y":{"s":"t"}}'],
      // The object is replaced at its path; the copy a self-reference made keeps the float.
      ['a { x = 1.0, y = 2 }\na = [${a}]\n', '{"a":[{"x":1.0,"y":2}]}'],
      ['b { c = 3 }\na = ${b}\na.d = 2.5\n', '{"a":{"c":3,"d":2.5},"b":{"c":3}}'],
      ['l = [{ v = 0.5 }, { w { z = 1.5e3 } }]\n', '{"l":[{"v":0.5},{"w":{"z":1.5e3}}]}'],
      ['m { n = 1 }\nm { o = 4.0 }\ncopy = ${m} { p = 0.25 }\n', '{"copy":{"n":1,"o":4.0,"p":0.25},"m":{"n":1,"o":4.0}}'],
      ['k.1 = 2\nk = [1.0, 2.0]\nk.2 = 3.5\n', '{"k":[1.0,3.5]}'],
      // Arrays with no float or substitution in them are not visited; the others are, however deep.
      ['p { q = [1, 2], r = [[3], [{ s = 0.5 }]] }\nt = [1]\n', '{"p":{"q":[1,2],"r":[[3],[{"s":0.5}]]},"t":[1]}'],
      ['u { v = [1, 2], w = 2.0 }\n', '{"u":{"v":[1,2],"w":2.0}}'],
      ['x = [1]\ny = [2.0]\nx = ${y}\n', '{"x":[2.0],"y":[2.0]}'],
      ['z = [1]\nz = ${z} [2.5]\n', '{"z":[1,2.5]}'],
    ];
    for (const [text, want] of cases) {
      assert.strictEqual(printed(text, true), want, text);
      assert.strictEqual(printed(text, false), want, text);
    }
  });

  it('resolves substitutions deep among objects that have none, and still sees cycles through an enclosing object', () => {
    const cfg = resolveText('a { b { c = 1 } }\nd { e { f = ${a.b.c} } }\ng { h = ${g} }\n', '/etc/emqx/emqx.conf', noFiles);
    assert.strictEqual(toEmqxJson(cfg.root), '{"a":{"b":{"c":1}},"d":{"e":{"f":1}},"g":{}}');
    assert.deepStrictEqual(
      cfg.problems.map((p) => [p.code, p.location.range.start.line]),
      [['hocon-cycle', 2]],
    );
  });

  it('gives byte for byte what EMQX printed for the number probes of the corpus', () => {
    const dir = corpusPath('dialect-probes');
    let compared = 0;
    for (const f of fs.readdirSync(dir)) {
      const expected = path.join(corpus, 'expected-emqx/dialect-probes', f + '.json');
      if (!fs.existsSync(expected)) continue;
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      if (!/\d\.\d|\d{17}/.test(fs.readFileSync(expected, 'utf8'))) continue;
      const cfg = resolveText(text, path.join(dir, f), noFiles);
      assert.strictEqual(toEmqxJson(cfg.root, cfg.exactNumbers), fs.readFileSync(expected, 'utf8').trim(), f);
      compared++;
    }
    assert.ok(compared >= 4, `only ${compared} probes compared`);
  });
});
