/**
 * The fast reader goes on past text it gives up on (a syntax error, a reading to
 * warn about) by handing that stretch to the full parser (parseRegion) instead of
 * sending the whole load through it. That must never change what the model
 * computes: on mistyped and mutated documents, resolving with the recovering fast
 * reader and with the full parser alone gives the same config, the same problems
 * (same code, severity, message and range) and the same provenance.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { memoryReader, FileReader } from '../../../server/src/io';
import { resolveText, toEmqxJson } from '../../../server/src/model';
import { fastParse, MemberSink } from '../../../server/src/syntax/fastParse';
import { parseHocon, parseRegion, Region } from '../../../server/src/syntax/parser';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { hoconDocument } from '../fuzz/grammar';
import { applyMutations, mutatedSeedArb, seedFiles, INSERTIONS } from '../fuzz/harness';

function snapshot(text: string, uri: string, reader: FileReader, fast: boolean): string {
  const cfg = resolveText(text, uri, reader, [], { fast });
  const entries = [...cfg.entries()].map((e) => ({
    path: e.path.join('.'),
    setBy: [e.setBy.location, e.setBy.keyLocation, e.setBy.valueLocation, e.setBy.quoting, e.setBy.origin],
    overrides: e.overrides.map((a) => a.location),
  }));
  // The recovering reader reports a region's syntax problems where it meets them, between the
  // model's own problems: the set is what must agree, in the order of their places.
  const problems = cfg.problems.map((p) => JSON.stringify([p.location.uri, p.location.range.start.line, p.location.range.start.character, p.code, p.severity, p.message, p.location.range])).sort();
  return JSON.stringify({ root: toEmqxJson(cfg.root, cfg.exactNumbers), problems, entries });
}

const reader = memoryReader({ '/d/i.conf': 'z = 1\nnode.cookie = "from-include"\n', '/d/bad.conf': 'y = "unterminated\nw = 2\n' });

/** A sink that records what reaches it and recovers through parseRegion, as the model does. */
class RecordingSink implements MemberSink {
  readonly problems: string[] = [];
  regions = 0;
  private readonly errorLines = new Set<number>();
  constructor(
    private readonly text: string,
    private readonly lines = new LineIndex(text),
  ) {}
  member(): void {}
  scalar(): void {}
  openObject(): MemberSink {
    return this;
  }
  closeObject(): void {}
  openArray() {
    return { element: () => undefined, literal: () => undefined, openObject: () => this, openArray: () => this.openArray() };
  }
  closeArray(): void {}
  recover(region: Region, braced: boolean, depth: number): boolean {
    for (let to = region.start + 64; ; to *= 2) {
      const r = parseRegion(this.text, 'x', this.lines, region, Math.min(to, this.text.length), braced, depth, this.errorLines);
      if (r) {
        this.regions++;
        for (const p of r.problems) this.problems.push(p.message);
        return true;
      }
      if (to >= this.text.length) return false;
    }
  }
}

describe('fast reader recovery', () => {
  const typing = [
    ['an unterminated string', 'node {\n  name = "emqx@10.0.0.1"\n  cookie = "abc\n  role = core\n}\nrpc.port_discovery = manual\n'],
    ['a missing value', 'a = 1\nb = \nc = 3\n'],
    ['a stray closing brace', 'a = 1\n}\nb { c = 2 }\n'],
    ['a doubled comma', 'k {\n  a = 1,,\n  b = 2\n}\nz = 3\n'],
    ['a whitespace-joined value', 'a { x = 1 }\na.y = foo bar\nz = 1\n'],
    ['a value continued on the next line', 'a = foo\nbar\nz = 1\n'],
    ['an invalid escape', 'a = "x\\qy"\nb = 2\n'],
    ['a key that is a number', 'a = 1\n1x = 2\nb = 3\n'],
  ] as const;

  for (const [what, text] of typing) {
    it(`gives the full parser's result on ${what}`, () => {
      assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false));
    });
  }

  it('reads past a mistake in one member instead of giving up on the file', () => {
    const text = 'a = 1\nnode {\n  name = "emqx@10.0.0.1"\n  cookie = "abc\n  role = core\n}\nb = "x"\nc = 3\n';
    const sink = new RecordingSink(text);
    assert.ok(fastParse(text, sink), 'the fast reader gave up');
    assert.strictEqual(sink.regions, 1);
    assert.deepStrictEqual(
      sink.problems,
      parseHocon(text, 'x').problems.map((p) => p.message),
    );
  });

  it('agrees with the full parser on grammar documents with one token inserted', () => {
    fc.assert(
      fc.property(hoconDocument(), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(INSERTIONS.length - 1), (doc, at, token) => {
        const i = Math.floor(at * doc.length);
        const text = doc.slice(0, i) + INSERTIONS[token] + doc.slice(i);
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), JSON.stringify(text));
      }),
      { numRuns: 600, seed: 20261204 },
    );
  });

  it('agrees with the full parser on mutated corpus and fixture files', () => {
    const seeds = seedFiles().filter((s) => !/ssl_dist\.conf$/.test(s.uri) && s.text.length < 64 * 1024);
    assert.ok(seeds.length > 100, `only ${seeds.length} seed files`);
    fc.assert(
      fc.property(mutatedSeedArb(seeds), ({ seed, mutations }) => {
        const text = applyMutations(seed.text, mutations);
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), `${seed.name} ${JSON.stringify(mutations)}`);
      }),
      { numRuns: 300, seed: 4120 },
    );
  });

  it('agrees with the full parser on lines of mistakes typed into a clean file', () => {
    const lines = [
      'a = 1',
      'b = "x"',
      'c { d = 2 }',
      'e = [1, 2]',
      'f = ${a}',
      'g = "unterminated',
      'h = ',
      '}',
      'i j',
      'k = [1,',
      'l = 1,,',
      'm = "a\\qb"',
      '{',
      'include "i.conf"',
      'include "bad.conf"',
      'n.o = p q',
      '"r" = 1',
      'x = """t',
      's = 1 # c',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 14 }), fc.constantFrom('\n', '\r\n', ', ', ' '), (parts, sep) => {
        const text = parts.join(sep);
        assert.strictEqual(snapshot(text, '/d/m.conf', reader, true), snapshot(text, '/d/m.conf', reader, false), JSON.stringify(text));
      }),
      { numRuns: 1500, seed: 7 },
    );
  });
});
