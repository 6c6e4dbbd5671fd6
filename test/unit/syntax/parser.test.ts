/**
 * The parser as its users see it: values EMQX would read, exact ranges of
 * keys, segments, values, comments and includes, problems with codes and
 * ranges, recovery after errors.
 */
import * as assert from 'assert';
import { configureLocale } from '../../../server/src/l10n';
import { FieldNode, IncludeNode, ValueNode } from '../../../server/src/syntax/cst';
import { parseHocon, printTree } from '../../../server/src/syntax/parser';
import { Range } from '../../../server/src/syntax/position';

function rangeText(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

function fields(text: string): FieldNode[] {
  return parseHocon(text, 'mem:/t.conf').file.root.members.filter((m): m is FieldNode => m.kind === 'field');
}

function errors(text: string): Array<{ code: string; line: number; col: number; text: string }> {
  const r = parseHocon(text, 'mem:/t.conf');
  return r.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ code: p.code, line: p.location.range.start.line, col: p.location.range.start.character, text: rangeText(text, p.location.range) }));
}

function warnings(text: string): string[] {
  return parseHocon(text, 'mem:/t.conf')
    .problems.filter((p) => p.severity === 'warning')
    .map((p) => p.code);
}

function pieceValues(v: ValueNode | undefined): unknown[] {
  return (v?.pieces ?? []).map((p) => (p.kind === 'literal' ? p.value : p.kind));
}

describe('parseHocon', () => {
  before(() => configureLocale('en'));

  it('gives every key, path segment and value its exact offsets', () => {
    const text = 'node {\n  cookie = "s3cr3t"  # c\n}\ncluster.static.seeds = [a, b]\n';
    const r = parseHocon(text, 'file:///etc/emqx.conf');
    const node = r.file.root.members[0] as FieldNode;
    assert.strictEqual(text.slice(node.key.start, node.key.end), 'node');
    const inner = node.value!.pieces[0];
    assert.strictEqual(inner.kind, 'object');
    const cookie = (inner as { members: FieldNode[] }).members[0];
    assert.strictEqual(text.slice(cookie.key.start, cookie.key.end), 'cookie');
    assert.strictEqual(text.slice(cookie.value!.start, cookie.value!.end), '"s3cr3t"');
    assert.strictEqual(text.slice(cookie.start, cookie.end), 'cookie = "s3cr3t"');
    const seeds = r.file.root.members[1] as FieldNode;
    assert.deepStrictEqual(
      seeds.key.segments.map((s) => [s.text, text.slice(s.start, s.end)]),
      [
        ['cluster', 'cluster'],
        ['static', 'static'],
        ['seeds', 'seeds'],
      ],
    );
    assert.strictEqual(text.slice(seeds.value!.start, seeds.value!.end), '[a, b]');
  });

  it('reports comments with their text and range (for suppression directives)', () => {
    const text = 'a = 1\n# emqx-security-disable-next-line rule-x -- reason\nb = 2 // tail\n';
    const r = parseHocon(text, 'x');
    assert.deepStrictEqual(
      r.comments.map((c) => [c.text, c.range.start.line, c.range.start.character, c.range.end.character]),
      [
        ['# emqx-security-disable-next-line rule-x -- reason', 1, 0, 50],
        ['// tail', 2, 6, 13],
      ],
    );
  });

  it('counts columns in UTF-16 code units, as LSP does', () => {
    const text = 'a = "测试😀"\nb = 1\n';
    const b = fields(text)[1];
    const r = parseHocon(text, 'x');
    assert.deepStrictEqual(r.lines.range(b.key.start, b.key.end), { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
    const a = fields(text)[0];
    assert.deepStrictEqual(r.lines.positionAt(a.value!.end), { line: 0, character: 10 });
  });

  it('parses include forms with the file name range', () => {
    const text = 'include "a.conf"\ninclude required("b.conf")\ninclude c.conf\n';
    const incs = parseHocon(text, 'x').file.root.members as IncludeNode[];
    assert.deepStrictEqual(
      incs.map((i) => [i.kind, i.required, i.target, text.slice(i.targetStart!, i.targetEnd!)]),
      [
        ['include', false, 'a.conf', '"a.conf"'],
        ['include', true, 'b.conf', 'required("b.conf")'],
        ['include', false, 'c.conf', 'c.conf'],
      ],
    );
  });

  it('reads values the way EMQX does', () => {
    const f = fields('a = foo bar\nb = x\ny\nc = 1.5e3\nd = 15s\ne = .5\nf = +5\ng = "a\\qb"\nh = emqx@127.0.0.1\ni = 30min\n');
    assert.deepStrictEqual(
      f.map((x) => [x.key.segments[0].text, pieceValues(x.value)]),
      [
        ['a', ['foo', 'bar']],
        ['b', ['x', 'y']],
        ['c', [1500]],
        ['d', ['15s']],
        ['e', [0.5]],
        ['f', [5]],
        ['g', ['a\\qb']],
        ['h', ['emqx@127.0.0.1']],
        ['i', ['30m', 'in']],
      ],
    );
  });

  it('keeps a quoted key as one segment', () => {
    const [f] = fields('"a.b" = 1');
    assert.strictEqual(f.key.quoted, true);
    assert.deepStrictEqual(
      f.key.segments.map((s) => s.text),
      ['a.b'],
    );
  });

  it('splits arrays the way EMQX does: numbers stay apart, words join', () => {
    const [a, b, c] = fields('a = [1 2 3]\nb = [a b c]\nc = [{x: 1}\n{y: 2}]\n');
    assert.strictEqual((a.value!.pieces[0] as { elements: unknown[] }).elements.length, 3);
    const bEls = (b.value!.pieces[0] as { elements: ValueNode[] }).elements;
    assert.deepStrictEqual(bEls.map(pieceValues), [['a', 'b', 'c']]);
    assert.strictEqual((c.value!.pieces[0] as { elements: unknown[] }).elements.length, 2);
  });

  it('warns about legal but surprising readings', () => {
    assert.deepStrictEqual(warnings('a = foo bar\n'), ['hocon-concat-whitespace']);
    assert.deepStrictEqual(warnings('a = x\ny\nz = 1\n'), ['hocon-concat-newline']);
    assert.deepStrictEqual(warnings('a = [a b c]\n'), ['hocon-concat-whitespace']);
    assert.deepStrictEqual(warnings('a = "a\\qb"\n'), ['hocon-invalid-escape']);
    assert.deepStrictEqual(warnings('a = foo\nb = "x"\nc = [1, 2]\n'), []);
  });

  it('never puts a value in a warning message (values may be secrets)', () => {
    const r = parseHocon('node.cookie = my secret cookie\n', 'x');
    assert.strictEqual(r.problems.length, 1);
    assert.ok(!/secret|cookie/.test(r.problems[0].message), r.problems[0].message);
  });

  it('rejects what EMQX rejects, at the right place', () => {
    assert.deepStrictEqual(errors('a = [c, d,]'), [{ code: 'hocon-syntax', line: 0, col: 9, text: ',' }]);
    assert.deepStrictEqual(errors('a = {x = 1,}'), [{ code: 'hocon-syntax', line: 0, col: 10, text: ',' }]);
    assert.deepStrictEqual(errors('a = 1,\n'), [{ code: 'hocon-syntax', line: 0, col: 5, text: ',' }]);
    assert.deepStrictEqual(errors('a = 1,,b=2'), [{ code: 'hocon-syntax', line: 0, col: 6, text: ',' }]);
    assert.deepStrictEqual(errors('a = 1.5s'), [{ code: 'hocon-syntax', line: 0, col: 7, text: 's' }]);
    assert.deepStrictEqual(errors('a = true false'), [{ code: 'hocon-syntax', line: 0, col: 9, text: 'false' }]);
    assert.deepStrictEqual(errors('a = /var/log'), [{ code: 'hocon-syntax', line: 0, col: 4, text: '/' }]);
    assert.deepStrictEqual(errors('a = ${ b }'), [{ code: 'hocon-syntax', line: 0, col: 4, text: '${ b }' }]);
    assert.deepStrictEqual(errors('1a = 1'), [{ code: 'hocon-syntax', line: 0, col: 0, text: '1' }]);
    assert.deepStrictEqual(errors('a = {x:1}\n{y:2}'), [{ code: 'hocon-syntax', line: 1, col: 0, text: '{' }]);
    assert.deepStrictEqual(
      errors('include file("x.conf")').map((e) => e.text),
      ['('],
    );
    assert.deepStrictEqual(errors('a = """x""""'), [{ code: 'hocon-syntax', line: 0, col: 11, text: '"' }]);
    assert.deepStrictEqual(
      errors('a = "x\uFFFDy"').map((e) => e.code),
      ['hocon-invalid-utf8'],
    );
  });

  it('reports invalid UTF-8 on every line of a large file once each, in and out of strings, without a quadratic search', () => {
    // 300,000 lines of U+FFFD: the search for the lexer error covering each one used to scan
    // every error (hours for a 1 MB file of \xff\n; now well inside the test timeout).
    const lines = 300000;
    const bare = parseHocon('\uFFFD\n'.repeat(lines), 'mem:/t.conf').problems;
    assert.equal(bare.length, lines);
    assert.ok(bare.every((p, i) => p.code === 'hocon-invalid-utf8' && p.location.range.start.line === i && p.location.range.start.character === 0));
    assert.deepStrictEqual(
      errors('a = "x\uFFFDy"\n\uFFFD\n\uFFFD\nb = "\uFFFD"\n').map((e) => [e.code, e.line, e.col]),
      [
        ['hocon-invalid-utf8', 0, 6],
        ['hocon-invalid-utf8', 1, 0],
        ['hocon-invalid-utf8', 2, 0],
        ['hocon-invalid-utf8', 3, 5],
      ],
    );
  });

  it('recovers: three mistakes give three errors at the right places', () => {
    const text = 'a = 1\nb = 1 = 2\nc = 3\nd = 1.5s\ne = 4\nf = [1, 2,]\ng = 5\n';
    const errs = errors(text);
    assert.deepStrictEqual(
      errs.map((e) => [e.line, e.text]),
      [
        [1, '='],
        [3, 's'],
        [5, ','],
      ],
    );
    // The good fields around the mistakes are still there.
    assert.deepStrictEqual(
      fields(text).map((f) => f.key.segments[0].text),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    );
  });

  it('recovers from an unclosed bracket and keeps later fields', () => {
    const text = 'a {\n  b = [1, 2\n  c = 3\n}\nd = 4\n';
    const r = parseHocon(text, 'x');
    assert.deepStrictEqual(
      r.problems.map((p) => [p.location.range.start.line, p.message]),
      [[1, 'This "[" is never closed.']],
    );
    assert.deepStrictEqual(
      r.file.root.members.map((m) => (m as FieldNode).key.segments[0].text),
      ['a', 'd'],
    );
    assert.strictEqual(printTree(r.file), text);
  });
});
