/**
 * Inputs that break naive parsers: the parser must return a tree and
 * problems, never throw, never recurse itself into a stack overflow, and
 * print the input back unchanged.
 */
import * as assert from 'assert';
import { parseHocon, printTree, MAX_DEPTH } from '../../../server/src/syntax/parser';
import { resolveText } from '../../../server/src/model/load';
import { noFiles } from '../../../server/src/io';

describe('parser robustness', () => {
  it('handles 100,000 nested braces without overflowing the stack', () => {
    const text = 'a = ' + '{b = '.repeat(100_000) + '1' + '}'.repeat(100_000);
    const r = parseHocon(text, 'deep.conf');
    assert.strictEqual(printTree(r.file), text);
    assert.deepStrictEqual(
      r.problems.map((p) => p.code),
      ['hocon-too-deep'],
    );
    // The model copes with the truncated tree too.
    const cfg = resolveText(text, 'deep.conf', noFiles);
    assert.ok(cfg.problems.some((p) => p.code === 'hocon-too-deep'));
  });

  it('handles 100,000 nested arrays and unbalanced openers', () => {
    const text = 'a = ' + '['.repeat(100_000);
    const r = parseHocon(text, 'x');
    assert.strictEqual(printTree(r.file), text);
    assert.ok(r.problems.length >= 1);
  });

  it(`accepts nesting up to ${MAX_DEPTH} levels exactly`, () => {
    const depth = MAX_DEPTH - 1;
    const text = 'a = ' + '{b = '.repeat(depth) + '1' + '}'.repeat(depth);
    const cfg = resolveText(text, 'x', noFiles);
    assert.deepStrictEqual(cfg.problems, []);
    let v: unknown = cfg.root.a;
    for (let i = 1; i < depth; i++) v = (v as { b: unknown }).b;
    assert.deepStrictEqual(v, { b: 1 });
  });

  it('handles an unterminated triple quote, string and substitution', () => {
    for (const text of ['a = """never closed\nb = 1\n', 'a = "open\nb = 1', 'a = ${b', 'a = ${', '"""', '"', '${?']) {
      const r = parseHocon(text, 'x');
      assert.strictEqual(printTree(r.file), text);
      assert.ok(
        r.problems.some((p) => p.severity === 'error'),
        text,
      );
    }
  });

  it('handles binary junk', () => {
    let text = '';
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      text += String.fromCharCode(seed % 0xffff);
    }
    const r = parseHocon(text, 'x');
    assert.strictEqual(printTree(r.file), text);
    resolveText(text, 'x', noFiles);
  });

  it('returns on a 50 MB input', function () {
    this.timeout(300_000);
    // Shaped like EMQX's shipped configs, which are mostly comments: a
    // documented field per ~400 bytes (every character still goes through
    // the lexer; the comments keep the tree small enough for a test run).
    const doc = '## ' + 'The maximum number of concurrent connections this listener accepts. '.repeat(5) + '\n';
    const chunk = doc + 'listeners.tcp.default { bind = "0.0.0.0:1883", max_connections = 1024000 } # c\n';
    const text = chunk.repeat(Math.ceil(50e6 / chunk.length));
    const r = parseHocon(text, 'big.conf');
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.file.end, text.length);
  });
});
