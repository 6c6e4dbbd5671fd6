/**
 * The fast reader (syntax/fastParse.ts) must never change what the model
 * computes: on every input it accepts, resolving through it and through the
 * full parser gives the same config, the same problems and the same
 * provenance. It must also give up on anything the full parser would report.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { cliFileReader, decodeUtf8 } from '../../../server/src/cli/resolve';
import { memoryReader } from '../../../server/src/io';
import { resolveText, toEmqxJson } from '../../../server/src/model';
import { FileReader } from '../../../server/src/io';
import { fastParse } from '../../../server/src/syntax/fastParse';
import { parseHocon } from '../../../server/src/syntax/parser';
import { corpusCases } from '../conformance/corpus';
import { corpusPath } from '../sharedCorpus';

function snapshot(text: string, uri: string, reader: FileReader, fast: boolean): string {
  const cfg = resolveText(text, uri, reader, [], { fast });
  const entries = [...cfg.entries()].map((e) => ({
    path: e.path.join('.'),
    setBy: [e.setBy.location, e.setBy.keyLocation, e.setBy.valueLocation, e.setBy.quoting, e.setBy.origin],
    overrides: e.overrides.map((a) => a.location),
  }));
  return JSON.stringify({ root: toEmqxJson(cfg.root, cfg.exactNumbers), problems: cfg.problems, entries });
}

describe('fast reader', () => {
  it('agrees with the full parser on every corpus file', () => {
    let fastCount = 0;
    for (const c of corpusCases()) {
      const text = decodeUtf8(fs.readFileSync(c.file));
      if (fastParse(text)) fastCount++;
      assert.strictEqual(snapshot(text, c.file, cliFileReader(), true), snapshot(text, c.file, cliFileReader(), false), c.id);
    }
    // The shipped EMQX configs are what the fast reader is for.
    assert.ok(fastCount >= 40, `fast reader took only ${fastCount} corpus files`);
  });

  it('reads the shipped emqx.conf and base.hocon itself', () => {
    const corpus = corpusPath('emqx');
    for (const f of ['emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf', 'emqx-v5.8.9__apps__emqx_conf__etc__base.hocon', 'emqx-v5.8.9__rel__config__examples__cluster-with-etcd-ssl.conf.example']) {
      assert.ok(fastParse(fs.readFileSync(path.join(corpus, f), 'utf8')), f);
    }
  });

  it('gives up wherever the full parser reports a problem', () => {
    const fragments = ['a = 1', 'b = "x"', 'c { d = 2 }', 'e = [1, 2]', 'f = ${a}', ',', ' ', '\n', 'x y', '"q"', '1.5s', '{', '}', '[', ']', '=', 'include "i.conf"', '"a\\qb"', '# c\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const parsed = parseHocon(text, 'x');
        if (parsed.problems.length > 0) assert.strictEqual(fastParse(text), undefined, text);
        const reader = memoryReader({ '/d/i.conf': 'z = 1\n' });
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), text);
      }),
      { numRuns: 400 },
    );
  });

  it('ends values exactly where the full parser does (keys after blanks, words that are not keys)', () => {
    // Values end at a gap without looking ahead: whatever follows must then
    // make the caller give up exactly when the full parser complains.
    const fragments = ['a', 'b', 'x.y', '"k"', '"""t"""', 'true', 'null', 'include', 'required', '=', ':', ' = ', ' ', '\n', '{', '}', '{}', '[', ']', ',', '1', '${a}', '"s"', '// c\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        const parsed = parseHocon(text, 'x');
        if (parsed.problems.length > 0) assert.strictEqual(fastParse(text), undefined, text);
        const reader = memoryReader({});
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads quoted strings with escapes and plain integers as the full parser does', () => {
    // The fast reader unescapes the common escapes itself and sums the digits
    // of a plain integer (and reads a unit after it): a string whose closing quote follows an escaped
    // backslash, a \u escape, an unknown escape, and numbers that are long,
    // signed, floats, units or glued to a word must still read as the full
    // parser reads them (or make the fast reader give up).
    const body = ['a', ' ', 'é', '\\\\', '\\"', '\\n', '\\t', '\\r', '\\b', '\\f', '\\u0041', '\\ud83d\\ude00', '\\q', '\\/', '"', '\\'];
    const num = [
      '0',
      '7',
      '007',
      '42',
      '123456789012345',
      '1234567890123456',
      '99999999999999999999',
      '909848863562850007',
      '10s',
      '5%',
      '1.5',
      '-3',
      '+4',
      '12abc',
      '3é',
      '1e5',
      '8MB',
      '.5',
      '15ms',
      '1h',
      '2d',
      '512KB',
      '3gb',
      '7Mb',
      '9mS',
      '4B',
      '6x',
      '1msx',
      '5%%',
      '2s5',
      '8m.',
      '10kB',
      '3Gb',
    ];
    const after = ['', '\n', ' ', ',', '}', ' # c', '\nb = 1', 'x', '"'];
    const doc = fc.oneof(
      fc.tuple(fc.array(fc.constantFrom(...body), { maxLength: 8 }), fc.constantFrom(...after)).map(([b, a]) => `k = "${b.join('')}"${a}`),
      fc.tuple(fc.constantFrom(...num), fc.constantFrom(...after)).map(([n, a]) => `k = ${n}${a}`),
      fc.tuple(fc.constantFrom(...num), fc.array(fc.constantFrom(...body), { maxLength: 4 })).map(([n, b]) => `o { k = [${n}, "${b.join('')}"] }`),
    );
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 4 }), (docs) => {
        const text = docs.join('\n');
        if (parseHocon(text, 'x').problems.length > 0) assert.strictEqual(fastParse(text), undefined, text);
        const reader = memoryReader({});
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), text);
      }),
      { numRuns: 3000 },
    );
    // The common forms are the fast reader's own, not given up on.
    const common = 'k = "C:\\\\emqx \\"q\\"\\n\\t"\nn = 42\nm = [7, "a\\\\b"]\nu = 15s\n';
    assert.ok(fastParse(common), common);
    const cfg = resolveText(common, '/d/m.conf', memoryReader({}));
    assert.deepStrictEqual(cfg.root, { k: 'C:\\emqx "q"\n\t', n: 42, m: [7, 'a\\b'], u: '15s' });
  });

  it('streams arrays, objects in arrays and escaped strings as the full parser reads them', () => {
    // Array fields, their elements (objects, nested arrays, literals,
    // substitutions) and strings with escapes are handed to the engine
    // without nodes: the config, problems and provenance must not change.
    const fragments = [
      'a',
      'b.c',
      'a.1',
      'a.2.x',
      ' = ',
      ':',
      '[',
      ']',
      '{',
      '}',
      ',',
      ' ',
      '\n',
      '1',
      '1.5',
      '10s',
      '"s"',
      '"e\\"q"',
      '"bad\\q"',
      '${a}',
      '${?b}',
      '${x}',
      '"""t"""',
      'x = 1',
      'true',
      '[1, 2]',
      '[${x}, 0.1]',
      '[{x = 1}, {y.z = "s"}]',
      '[[1], [], [{u = 2}]]',
      '{k = [3, "\\u0041"]}',
      '// c\n',
      'include "i.conf"',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 18 }), (parts) => {
        const text = parts.join('');
        const reader = memoryReader({ '/d/i.conf': 'z = [1, {w = 2}]\n' });
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the full parser on generated well-formed documents (nested objects and arrays, dotted keys, escapes, substitutions)', () => {
    // Documents the fast reader is meant to take, so that its streaming paths
    // (scalars, dotted keys, objects, arrays and what sits in them) are what
    // the comparison exercises.
    const word = fc.constantFrom('a', 'b', 'c', 'x', 'rpc', 'node', 'port', 'enable', 'k-1', 'l_2');
    const key = fc.tuple(word, fc.array(fc.oneof(word, fc.constantFrom('1', '2')), { maxLength: 2 })).map(([first, rest]) => [first, ...rest].join('.'));
    const scalar = fc.constantFrom(
      '1',
      '-2',
      '1.5',
      '1.0',
      '10s',
      '512MB',
      '9007199254740993',
      'true',
      'null',
      'ssl',
      'emqx@h1',
      '"q"',
      '"e\\"s"',
      '"t\\u0041b"',
      '"""tri"""',
      '${a}',
      '${?b.c}',
      '"p-"${x}',
    );
    const tree = fc.letrec<{ value: string; object: string; array: string; members: string }>((tie) => ({
      value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, { weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: tie('object') }, { weight: 2, arbitrary: tie('array') }),
      object: tie('members').map((m) => `{${m}}`),
      array: fc.tuple(fc.array(tie('value'), { maxLength: 4 }), fc.constantFrom(', ', ',\n  ')).map(([vs, sep]) => `[${vs.join(sep)}]`),
      members: fc
        .array(fc.tuple(key, fc.constantFrom(' = ', ': ', ' '), tie('value'), fc.constantFrom('\n', ', ', '  # c\n', '\n// c\n')), { maxLength: 5 })
        .map((ms) => ms.map(([k, a, v, sep]) => `${k}${a === ' ' && !v.startsWith('{') ? ' = ' : a}${v}${sep}`).join('')),
    }));
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(tree.members, (text) => {
        runs++;
        if (fastParse(text)) accepted++;
        const reader = memoryReader({});
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), text);
      }),
      { numRuns: 2000 },
    );
    assert.ok(accepted > runs / 2, `the fast reader took only ${accepted} of ${runs} documents`);
  });

  it('resolves and prints what a streamed array holds when nothing else in the config needs it', () => {
    // Streamed arrays mark their path for resolving and exact printing only
    // when they hold a float, a big integer or a substitution.
    const cases: Array<[string, string]> = [
      ['x = 1\nl { a = [{c = ${x}}] }\n', '{"l":{"a":[{"c":1}]},"x":1}'],
      ['l.a = [[1.50, 2], {b = [3.0]}]\n', '{"l":{"a":[[1.5,2],{"b":[3.0]}]}}'],
      ['l { m = [{n = [9007199254740993]}] }\n', '{"l":{"m":[{"n":[9007199254740993]}]}}'],
      ['l = [{a = 1}]\nl.1.b = 1.0\n', '{"l":[{"a":1,"b":1.0}]}'],
      ['l = [1, 2]\nm { n = [[]] }\n', '{"l":[1,2],"m":{"n":[[]]}}'],
    ];
    for (const [text, json] of cases) {
      for (const fast of [true, false]) {
        const cfg = resolveText(text, '/d/m.conf', memoryReader({}), [], { fast });
        assert.strictEqual(toEmqxJson(cfg.root, cfg.exactNumbers), json, `${fast ? 'fast' : 'full'}: ${text}`);
      }
    }
  });

  it('streams a realistic array section exactly (rule actions, seeds, nested objects)', () => {
    const text = [
      'cluster.static.seeds = ["emqx1@127.0.0.1", "emqx2@127.0.0.1"]',
      'rule_engine.rules.r1 {',
      '  sql = "SELECT * FROM \\"t/#\\""',
      '  actions = [',
      '    "mqtt:bridge_1",',
      '    {',
      '      function = republish',
      '      args.topic : "repub/${clientid}"',
      '      args { qos = 1, retain = false }',
      '      args.qos = 2',
      '    },',
      '    [1.5, 2, [true, null]]',
      '  ]',
      '}',
      'rule_engine.rules.r1.actions.2.args.qos = 0',
      'authorization.sources = [{type = file, enable = true}, {type = http, url = "http://h/${x}"}]',
      '',
    ].join('\n');
    const reader = memoryReader({});
    assert.ok(fastParse(text), 'the fast reader reads it');
    assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false));
    const cfg = resolveText(text, '/d/m.conf', reader, [], {});
    assert.strictEqual(
      toEmqxJson(cfg.root),
      toEmqxJson({
        cluster: { static: { seeds: ['emqx1@127.0.0.1', 'emqx2@127.0.0.1'] } },
        rule_engine: {
          rules: {
            r1: {
              sql: 'SELECT * FROM "t/#"',
              actions: ['mqtt:bridge_1', { function: 'republish', args: { topic: 'repub/${clientid}', qos: 0, retain: false } }, [1.5, 2, [true, null]]],
            },
          },
        },
        authorization: {
          sources: [
            { type: 'file', enable: true },
            { type: 'http', url: 'http://h/${x}' },
          ],
        },
      }),
    );
  });
});
