/**
 * Findings about a file the checked config includes are reported in the
 * config, at the include directive: EMQX reads the included file as part of
 * this node's config, and nobody may ever open it in the editor or pass it to
 * the CLI. Run on real files through the disk reader and file URIs, as the
 * editor names documents.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { Finding } from '../../../server/src/rules/types';

describe('analyzeDocument: findings in included files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-included-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string): string => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const check = (rel: string, trusted = true): Finding[] =>
    analyzeDocument({ uri: uriOf(rel), text: fs.readFileSync(path.join(dir, rel), 'utf8'), reader: nodeFileReader(), trusted, settings: {} }).findings;
  const only = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);
  const STRONG = 'tZ8vQm3KpL9xW2rN7sD4fG6hJ1kC5bV0';

  it('a default cookie kept in an included file is reported at the include line, naming the file and line, without the value', () => {
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\n\ninclude "secrets.conf"\n');
    write('etc/secrets.conf', '# secrets\nnode {\n  cookie = "emqxsecretcookie"\n}\n');
    const [hit, ...more] = only(check('etc/emqx.conf'), 'cookie-default');
    assert.equal(more.length, 0);
    assert.equal(hit.location.uri, uriOf('etc/emqx.conf'));
    assert.deepEqual(hit.location.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 22 } });
    assert.equal(hit.severity, 'warning');
    assert.equal(hit.keyPath, 'node.cookie');
    assert.match(hit.message, /^In secrets\.conf \(included here\), line 3: The Erlang cookie is a default that ships with EMQX/);
    assert.ok(!hit.message.includes('emqxsecretcookie'));
    assert.deepEqual(hit.related?.[0], {
      location: { uri: uriOf('etc/secrets.conf'), range: { start: { line: 2, character: 11 }, end: { line: 2, character: 29 } } },
      message: 'Here, in secrets.conf',
    });
    // Fixes were made for edits of the document, not of the included file.
    assert.equal(hit.fixes, undefined);
  });

  it('the effective value decides: a strong cookie set after the include wins and nothing is reported', () => {
    write('etc/emqx.conf', `include "secrets.conf"\nnode.cookie = "${STRONG}"\n`);
    write('etc/secrets.conf', 'node.cookie = "emqxsecretcookie"\n');
    assert.deepEqual(only(check('etc/emqx.conf'), 'cookie-default'), []);
    // And the other way round: the included file's cookie is the one in effect.
    write('etc/emqx.conf', `node.cookie = "${STRONG}"\ninclude "secrets.conf"\n`);
    assert.equal(only(check('etc/emqx.conf'), 'cookie-default')[0]?.location.range.start.line, 1);
  });

  it('a syntax error in an included file (EMQX refuses to start) is reported at the include', () => {
    write('etc/emqx.conf', `node.cookie = "${STRONG}"\ninclude required("listeners.conf")\n`);
    write('etc/listeners.conf', 'listeners.tcp.default {\n  bind = "0.0.0.0:1883"\n');
    const syntax = only(check('etc/emqx.conf'), 'hocon-syntax');
    assert.equal(syntax.length, 1, JSON.stringify(syntax));
    assert.equal(syntax[0].severity, 'error');
    assert.equal(syntax[0].location.range.start.line, 1);
    assert.equal(syntax[0].message, 'In listeners.conf (included here), line 1: This "{" is never closed.');
    assert.equal(syntax[0].related?.[0].location.uri, uriOf('etc/listeners.conf'));
  });

  it('through nested includes: reported at the document\'s own include, the file named from the document\'s folder', () => {
    write('etc/emqx.conf', `node.cookie = "${STRONG}"\ninclude "conf.d/cluster.conf"\n`);
    write('etc/conf.d/cluster.conf', 'include "rpc.conf"\n');
    write('etc/conf.d/rpc.conf', 'rpc {\n  protocol = tcp\n}\n');
    const [hit] = only(check('etc/emqx.conf'), 'rpc-plaintext');
    assert.equal(hit?.location.range.start.line, 1);
    assert.match(hit.message, /^In conf\.d\/rpc\.conf \(included here\), line 2: /);
    assert.equal(hit.related?.[0].location.uri, uriOf('etc/conf.d/rpc.conf'));
  });

  it('suppression comments apply in the included file at their own lines, and in the document above the include', () => {
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\ninclude "secrets.conf"\n');
    write('etc/secrets.conf', '# emqx-security-disable-next-line cookie-default -- lab box, never exposed\nnode.cookie = "emqxsecretcookie"\n');
    assert.deepEqual(only(check('etc/emqx.conf'), 'cookie-default'), []);
    write('etc/secrets.conf', 'node.cookie = "emqxsecretcookie"\n');
    assert.equal(only(check('etc/emqx.conf'), 'cookie-default').length, 1);
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\n# emqx-security-disable-next-line cookie-default -- lab box\ninclude "secrets.conf"\n');
    assert.deepEqual(only(check('etc/emqx.conf'), 'cookie-default'), []);
  });

  it('includedFindingsAt: place (the CLI) keeps the finding where it is, with the include directive as related location', () => {
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\n\ninclude "secrets.conf"\n');
    write('etc/secrets.conf', 'node {\n  cookie = "emqxsecretcookie"\n}\n');
    const r = analyzeDocument({ uri: uriOf('etc/emqx.conf'), text: fs.readFileSync(path.join(dir, 'etc/emqx.conf'), 'utf8'), reader: nodeFileReader(), trusted: true, settings: {}, includedFindingsAt: 'place' });
    const hit = only(r.findings, 'cookie-default');
    assert.deepEqual(hit.map((f) => [f.location.uri, f.location.range.start, f.related]), [
      [uriOf('etc/secrets.conf'), { line: 1, character: 11 }, [{ location: { uri: uriOf('etc/emqx.conf'), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 22 } } }, message: 'Included here, by emqx.conf' }]],
    ]);
    assert.match(hit[0].message, /^The Erlang cookie is a default/);
    // The document's own findings come first.
    assert.equal(r.findings[r.findings.length - 1], hit[0]);
  });

  it('an untrusted workspace reads no include, so it reports nothing from one', () => {
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\ninclude "secrets.conf"\n');
    write('etc/secrets.conf', 'node.cookie = "emqxsecretcookie"\n');
    assert.deepEqual(only(check('etc/emqx.conf', false), 'cookie-default'), []);
  });

  it('files base.hocon includes are left to base.hocon (checked on its own)', () => {
    write('etc/base.hocon', 'include "base-secrets.conf"\n');
    write('etc/base-secrets.conf', 'node.cookie = "emqxsecretcookie"\n');
    write('etc/emqx.conf', 'node.name = "emqx@10.0.0.1"\n');
    assert.deepEqual(only(check('etc/emqx.conf'), 'cookie-default'), []);
    const [own] = only(check('etc/base.hocon'), 'cookie-default');
    assert.equal(own?.location.range.start.line, 0);
  });
});
