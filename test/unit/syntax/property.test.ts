/**
 * Property tests (fast-check): on random and mutated inputs the parser
 * returns without throwing, every problem and node range lies inside the
 * document, and printing the tree gives the input back byte for byte. The
 * model, fed the same inputs, never throws either.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { CstChild, isNode } from '../../../server/src/syntax/cst';
import { parseHocon, printTree } from '../../../server/src/syntax/parser';
import { resolveText } from '../../../server/src/model/load';
import { memoryReader } from '../../../server/src/io';

const SEEDS = [
  'node {\n  name = "emqx@127.0.0.1"\n  cookie = emqxsecretcookie\n}\n',
  'a = [1, 2] [3]\nb = ${a}\nc = ${?nope} "s"\n',
  'include "inc.conf"\ninclude required("inc.conf")\nx { include inc.conf }\n',
  'a = """~\n    x\n  ~"""\nb = "esc \\" \\u00e9 \\q"\n',
  'rpc.protocol = ssl\nrpc.ssl { certfile = "/etc/emqx/certs/cert.pem" }\n',
  '{ a = 1, b: [x y z], c { d = 15s, e = 1.5e3, f = 50% } }',
];

/** Pieces of HOCON that fuzzing combines, so random inputs hit the grammar. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '=',
  '"',
  '"""',
  '"""~\n',
  '${',
  '${?',
  '}',
  'a',
  'b.c',
  '"k"',
  'include',
  'required("f")',
  '1',
  '-2',
  '.5',
  '1.5e3',
  '15s',
  '1MB',
  '50%',
  'true',
  'null',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '# c\n',
  '// c\n',
  '\\',
  '\u00e9',
  '\uFFFD',
  '😀',
  '\u2028',
  '/',
  '~',
  '@',
  '+=',
  '\uFEFF',
];

function checkTree(text: string): void {
  const r = parseHocon(text, 'mem:/p.conf');
  assert.strictEqual(printTree(r.file), text);
  const lastLine = r.lines.lineCount - 1;
  for (const p of r.problems) {
    const { start, end } = p.location.range;
    assert.ok(start.line >= 0 && end.line <= lastLine, `problem outside the document: ${JSON.stringify(p.location.range)}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character));
  }
  // Every node and token: 0 <= start <= end <= length, children in order.
  const stack: CstChild[] = [r.file];
  while (stack.length > 0) {
    const c = stack.pop()!;
    assert.ok(c.start >= 0 && c.start <= c.end && c.end <= text.length, `range ${c.start}-${c.end} outside 0-${text.length}`);
    if (isNode(c)) {
      let prev = c.start;
      for (const child of c.children) {
        assert.ok(child.start >= prev, 'children out of order');
        prev = child.end;
        stack.push(child);
      }
    }
  }
  for (const cm of r.comments) assert.ok(cm.start >= 0 && cm.end <= text.length);
}

describe('parser properties', () => {
  it('random strings: returns, ranges inside, prints back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        checkTree(text);
      }),
      { numRuns: 400 },
    );
  });

  it('random token soup: returns, ranges inside, prints back, model does not throw', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        checkTree(text);
        resolveText(text, '/p/main.conf', memoryReader({ '/p/inc.conf': text.slice(0, 40), '/p/f': 'x = 1' }));
      }),
      { numRuns: 500 },
    );
  });

  it('mutated real configs: returns, ranges inside, prints back, model does not throw', () => {
    const mutation = fc.record({
      seed: fc.constantFrom(...SEEDS),
      at: fc.nat(),
      del: fc.nat({ max: 5 }),
      insert: fc.constantFrom(...FRAGMENTS, ''),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        let text = muts[0].seed;
        for (const m of muts) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(at + m.del);
        }
        checkTree(text);
        const cfg = resolveText(text, '/p/main.conf', memoryReader({ '/p/inc.conf': 'y = ${?a}\n' }));
        for (const e of cfg.entries()) assert.ok(e.setBy.location.uri.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
