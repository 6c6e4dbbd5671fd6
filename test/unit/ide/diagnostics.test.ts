import * as assert from 'node:assert/strict';
import { buildDiagnostics, CAPPED_CODE } from '../../../server/src/ide/diagnostics';
import { Problem } from '../../../server/src/model/types';
import { Finding } from '../../../server/src/rules/types';
import { range } from '../../../server/src/syntax/position';

const URI = 'file:///etc/emqx/emqx.conf';
const PATH = '/etc/emqx/emqx.conf';

describe('ide: diagnostics', () => {
  const text = ['node {', '  cookie = "emqxsecretcookie"', '}', 'cluster.proto_dist = inet_tcp', ''].join('\n');

  it('converts a finding: tight single-line range, severity, code, source, docs link, related information', () => {
    const f: Finding = {
      ruleId: 'cookie-default',
      severity: 'warning',
      message: 'The cookie is a shipped default.',
      location: { uri: PATH, range: range(1, 2, 2, 1) },
      related: [{ location: { uri: PATH, range: range(3, 0, 3, 18) }, message: 'other key' }],
    };
    const [d] = buildDiagnostics(URI, text, [f], [], { docsHref: (id) => `file:///x/docs/rules/${id}.md` });
    assert.deepEqual(d.diagnostic, {
      range: range(1, 2, 1, 29),
      severity: 2,
      code: 'cookie-default',
      source: 'emqx-cluster-security',
      message: 'The cookie is a shipped default.',
      codeDescription: { href: 'file:///x/docs/rules/cookie-default.md' },
      relatedInformation: [{ location: { uri: URI, range: range(3, 0, 3, 18) }, message: 'other key' }],
    });
  });

  it('shows engine problems too, once, and leaves problems of other files to those files', () => {
    const problems: Problem[] = [
      { code: 'hocon-syntax', severity: 'error', message: 'unexpected }', location: { uri: URI, range: range(2, 0, 2, 1) } },
      { code: 'hocon-syntax', severity: 'error', message: 'unexpected }', location: { uri: URI, range: range(2, 0, 2, 1) } },
      { code: 'hocon-syntax', severity: 'error', message: 'elsewhere', location: { uri: '/etc/emqx/other.conf', range: range(0, 0, 0, 1) } },
    ];
    const ds = buildDiagnostics(URI, text, [], problems);
    assert.deepEqual(
      ds.map((d) => [d.diagnostic.code, d.diagnostic.severity, d.diagnostic.message, d.diagnostic.range]),
      [['hocon-syntax', 1, 'unexpected }', range(2, 0, 2, 1)]],
    );
  });

  it('widens an empty range to the token under it so the squiggle is visible', () => {
    const f: Finding = { ruleId: 'dist-plaintext', severity: 'warning', message: 'm', location: { uri: URI, range: range(3, 21, 3, 21) } };
    assert.deepEqual(buildDiagnostics(URI, text, [f], [])[0].diagnostic.range, range(3, 21, 3, 29));
  });

  it('caps a file at 1000 diagnostics, keeping the most severe, and says so', () => {
    const many: Finding[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      lines.push(`k${i} = v`);
      many.push({ ruleId: 'r', severity: i % 500 === 7 ? 'error' : 'info', message: `m${i}`, location: { uri: URI, range: range(i, 0, i, 3) } });
    }
    const ds = buildDiagnostics(URI, lines.join('\n'), many, []);
    assert.equal(ds.length, 1000);
    assert.equal(ds[0].diagnostic.code, CAPPED_CODE);
    assert.match(ds[0].diagnostic.message, /1500.*999.*501 hidden/);
    // All three errors survive, even the one on line 1008.
    assert.deepEqual(
      ds.filter((d) => d.diagnostic.severity === 1).map((d) => d.diagnostic.range.start.line),
      [7, 507, 1007],
    );
  });
});
