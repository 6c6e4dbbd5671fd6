import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { loadCuttlefishConfig } from '../../../server/src/model/cuttlefish';
import { looksLikeCuttlefish, parseCuttlefish } from '../../../server/src/syntax/cuttlefish';
import { parseErlangTerms, Term } from '../../../server/src/syntax/erlangTerms';

describe('syntax/erlangTerms (ssl_dist.conf reader)', () => {
  it('reads the shape of ssl_dist.conf with ranges for every term', () => {
    const text = '%% comment\n[{server, [{certfile, "/a b/c.pem"}, {depth, 16#0A}, {versions, [\'tlsv1.3\']}]},\n {client, [{verify, verify_peer}]}].\n';
    const doc = parseErlangTerms(text);
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.comments[0].text, 'comment');
    const top = doc.terms[0];
    assert.equal(top.kind, 'list');
    const server = (top as Extract<Term, { kind: 'list' }>).elements[0] as Extract<Term, { kind: 'tuple' }>;
    assert.deepEqual(server.elements[0], { kind: 'atom', value: 'server', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } } });
    const opts = (server.elements[1] as Extract<Term, { kind: 'list' }>).elements as Array<Extract<Term, { kind: 'tuple' }>>;
    assert.deepEqual(opts[0].elements[1], { kind: 'string', value: '/a b/c.pem', range: { start: { line: 1, character: 22 }, end: { line: 1, character: 34 } } });
    assert.equal((opts[1].elements[1] as Extract<Term, { kind: 'number' }>).value, 10);
    assert.equal(((opts[2].elements[1] as Extract<Term, { kind: 'list' }>).elements[0] as Extract<Term, { kind: 'atom' }>).value, 'tlsv1.3');
  });

  it('reports a missing dot, an unclosed bracket, a variable and an unterminated string', () => {
    assert.match(parseErlangTerms('[{server, []}]').problems[0].message, /dot/);
    assert.match(parseErlangTerms('[{server, []}.').problems[0].message, /never closed/);
    assert.match(parseErlangTerms('[{verify, Verify}].').problems[0].message, /variable/);
    assert.ok(parseErlangTerms('[{certfile, "abc}].').problems.some((p) => /Unterminated string/.test(p.message)));
  });

  it('never throws, never loops, keeps ranges inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', '.', '%', '"', "'", 'a', 'B', '1', ' ', '\n', '|', '<', '>', '$', '#') }), (text) => {
        const doc = parseErlangTerms(text);
        const lines = text.split(/\r\n|\n|\r/);
        for (const p of doc.problems) {
          assert.ok(p.range.start.line < lines.length && p.range.end.line < lines.length);
          assert.ok(p.range.end.character <= lines[p.range.end.line].length + 1);
        }
      }),
      { numRuns: 300 },
    );
    parseErlangTerms('['.repeat(100000));
  });
});

describe('syntax/cuttlefish and the 4.x reader', () => {
  it('reads key = value lines with ranges; # cuts the value', () => {
    const doc = parseCuttlefish('## comment\nnode.name = emqx@127.0.0.1\nnode.cookie = abc#def\nlistener.ws.external.check_origins = http://a:1, http://b:2  \n');
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(
      doc.settings.map((s) => [s.path.join('.'), s.value]),
      [
        ['node.name', 'emqx@127.0.0.1'],
        ['node.cookie', 'abc'],
        ['listener.ws.external.check_origins', 'http://a:1, http://b:2'],
      ],
    );
    assert.deepEqual(doc.settings[0].valueRange, { start: { line: 1, character: 12 }, end: { line: 1, character: 26 } });
    assert.deepEqual(doc.settings[0].lastSegmentRange, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
    assert.ok(doc.settings[1].cutByHash);
  });

  it('last assignment wins, with provenance; env overrides, per-key form last', () => {
    const { config } = loadCuttlefishConfig({
      uri: 'file:///e/emqx.conf',
      text: 'node.cookie = first\nnode.cookie = second\n',
      env: [
        { name: 'EMQX_NODE_COOKIE', value: 'perkey' },
        { name: 'EMQX_NODE__COOKIE', value: 'generic' },
      ],
    });
    const e = config.get('node.cookie')!;
    assert.equal(e.value, 'perkey');
    assert.equal(e.setBy.origin.kind, 'env');
    assert.equal(e.overrides.length, 3);
    assert.equal(e.overrides[0].valueLocation.range.start.line, 0);
    assert.deepEqual(config.root, { node: { cookie: 'perkey' } });
  });

  it('tells 4.x files from HOCON', () => {
    assert.ok(looksLikeCuttlefish('cluster.discovery = manual\n'));
    assert.ok(looksLikeCuttlefish('node.data_dir = {{ platform_data_dir }}\nnode.crash_dump = /var/log/crash.dump:x\n'));
    assert.ok(!looksLikeCuttlefish('cluster.discovery_strategy = static\n'));
    assert.ok(!looksLikeCuttlefish('node { name = "a@b" }\n'));
    assert.ok(!looksLikeCuttlefish('node.name = "a@b"\n'));
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => void parseCuttlefish(text)),
      { numRuns: 300 },
    );
  });
});
