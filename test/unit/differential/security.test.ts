/**
 * The security consequences of EMQX's reading of substitutions (issue
 * examples, each confirmed against EMQX's own parser; docs/hocon-dialect.md):
 * what a user sees is the finding EMQX's value leads to, and the
 * hocon-suspicious warning that explains it.
 */
import * as assert from 'assert';
import { noFiles } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';

function findings(text: string): Array<[string, number, string]> {
  const r = analyzeDocument({ uri: 'file:///etc/emqx/emqx.conf', text, reader: noFiles, trusted: true, settings: {} });
  return r.findings.map((f) => [f.ruleId, f.location.range.start.line, f.message]);
}

const NODE = 'node.name = "emqx@10.0.0.1"\n';

describe("EMQX's reading of substitutions, as the checks see it", () => {
  it('rpc = ${base.rpc} after a block and a dotted key copies only the dotted key: rpc stays plain TCP', () => {
    const text = `${NODE}base.rpc { protocol = ssl }\nbase.rpc.certfile = "/etc/emqx/certs/cert.pem"\nrpc = \${base.rpc}\n`;
    const got = findings(text);
    assert.ok(
      got.some(([code]) => code === 'rpc-plaintext'),
      JSON.stringify(got),
    );
    const hint = got.find(([code]) => code === 'hocon-suspicious');
    assert.ok(hint, JSON.stringify(got));
    assert.strictEqual(hint[1], 3);
    assert.match(hint[2], /copies only the last definition of "base\.rpc"[^]*"protocol"/);
  });

  it('node.cookie = ${?secrets.cookie} before secrets.cookie is resolved: EMQX drops the cookie', () => {
    const text = `${NODE}node.cookie = \${?secrets.cookie}\nsecrets.cookie = \${vault}\nvault = "Hk3vQ9xLw2Rt7pN4bY8cZ6mJqT5sWe1U"\n`;
    const got = findings(text);
    const hint = got.find(([code]) => code === 'hocon-suspicious');
    assert.ok(hint, JSON.stringify(got));
    assert.strictEqual(hint[1], 1);
    assert.match(hint[2], /leaves this field out/);
    // The cookie's value is never part of a message.
    assert.ok(got.every(([, , m]) => !m.includes('Hk3vQ9xLw2Rt7pN4')));
    // With node.cookie dropped, the checks see no cookie in the file.
    assert.ok(
      got.some(([code]) => code === 'cookie-missing' || code === 'cookie-default'),
      JSON.stringify(got),
    );
  });

  it('an unresolved ${EMQX_COOKIE} in an overridden value still makes EMQX refuse the file', () => {
    const got = findings(`${NODE}node.cookie = \${EMQX_COOKIE}\nnode.cookie = "Hk3vQ9xLw2Rt7pN4bY8cZ6mJqT5sWe1U"\n`);
    const err = got.find(([code]) => code === 'hocon-syntax' || code.startsWith('hocon-'));
    assert.ok(err, JSON.stringify(got));
    assert.strictEqual(err[1], 1);
    assert.match(err[2], /\$\{EMQX_COOKIE\} cannot be resolved/);
  });

  it('says nothing when the field sets what the copy left out, or another definition sets the dropped field', () => {
    const partial = `${NODE}base.rpc { protocol = ssl }\nbase.rpc.certfile = "c.pem"\nrpc = \${base.rpc}\nrpc.protocol = ssl\n`;
    const dropped = `${NODE}a = \${?b}\nb = \${c}\nc = v\na = w\n`;
    for (const text of [partial, dropped])
      assert.deepStrictEqual(
        findings(text).filter(([code]) => code === 'hocon-suspicious'),
        [],
        text,
      );
  });

  it('says nothing about ordinary substitutions', () => {
    const got = findings(`${NODE}base { protocol = ssl }\nrpc = \${base}\nx = [1]\nx = \${x} [2]\ny = \${?nothing}\n`);
    assert.deepStrictEqual(
      got.filter(([code]) => code.startsWith('hocon')),
      [],
    );
  });
});
