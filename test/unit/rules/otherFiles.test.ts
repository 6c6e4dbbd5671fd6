/**
 * Findings about the other files EMQX reads for a node (rules/otherFiles.ts):
 * the files the checked config includes, and the ssl_dist.conf that TLS
 * distribution makes it read. Nobody may ever open those files in the editor
 * or pass them to the CLI, so the config's analysis reports them. Run on real
 * files through the disk reader and file URIs, as the editor names documents.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { analyzeDocument, AnalyzeInput } from '../../../server/src/rules/analyze';
import { Finding } from '../../../server/src/rules/types';

/**
 * A temporary folder per test (created before, removed after each test of
 * the calling describe), with a writer and the file URI of a path in it.
 */
function tempTree(prefix: string) {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    write(rel: string, text: string): void {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    },
    read: (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    uriOf: (rel: string) => pathToFileURL(path.join(dir, rel)).href,
  };
}

describe('analyzeDocument: findings in included files', () => {
  const { write, read, uriOf } = tempTree('emqx-included-');
  const check = (rel: string, trusted = true): Finding[] => analyzeDocument({ uri: uriOf(rel), text: read(rel), reader: nodeFileReader(), trusted, settings: {} }).findings;
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

  it("through nested includes: reported at the document's own include, the file named from the document's folder", () => {
    write('etc/emqx.conf', `node.cookie = "${STRONG}"\ninclude "conf d/cluster.conf"\n`);
    write('etc/conf d/cluster.conf', 'include "rpc.conf"\n');
    write('etc/conf d/rpc.conf', 'rpc {\n  protocol = tcp\n}\n');
    const [hit] = only(check('etc/emqx.conf'), 'rpc-plaintext');
    assert.equal(hit?.location.range.start.line, 1);
    // Named as written, not as the URI encodes it (conf%20d).
    assert.match(hit.message, /^In conf d\/rpc\.conf \(included here\), line 2: /);
    assert.equal(hit.related?.[0].location.uri, uriOf('etc/conf d/rpc.conf'));
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
    const r = analyzeDocument({ uri: uriOf('etc/emqx.conf'), text: read('etc/emqx.conf'), reader: nodeFileReader(), trusted: true, settings: {}, includedFindingsAt: 'place' });
    const hit = only(r.findings, 'cookie-default');
    assert.deepEqual(
      hit.map((f) => [f.location.uri, f.location.range.start, f.related]),
      [
        [
          uriOf('etc/secrets.conf'),
          { line: 1, character: 11 },
          [{ location: { uri: uriOf('etc/emqx.conf'), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 22 } } }, message: 'Included here, by emqx.conf' }],
        ],
      ],
    );
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

describe('analyzeDocument: the ssl_dist.conf a TLS-distribution config makes EMQX read', () => {
  const { write, read, uriOf } = tempTree('emqx-ssl-dist-');
  const check = (over: Partial<AnalyzeInput> = {}): Finding[] =>
    analyzeDocument({ uri: uriOf('etc/emqx.conf'), text: read('etc/emqx.conf'), reader: nodeFileReader(), trusted: true, settings: {}, ...over }).findings;
  const distFindings = (fs_: Finding[]) => fs_.filter((f) => f.ruleId.startsWith('ssl-dist-'));
  const CONF = 'node.name = "emqx@node1.emqx.io"\nnode.cookie = "tZ8vQm3KpL9xW2rN7sD4fG6hJ1kC5bV0"\ncluster.proto_dist = inet_tls\n';
  // Own (non-demo) certificate paths; the server verifies peers, the client does not.
  const SSL_DIST = [
    '[{server, [',
    '   {certfile, "/etc/emqx/certs/node.pem"}, {keyfile, "/etc/emqx/certs/node.key"},',
    '   {cacertfile, "/etc/emqx/certs/ca.pem"},',
    '   {verify, verify_peer}, {fail_if_no_peer_cert, true}]},',
    ' {client, [',
    '   {verify, verify_none}]}].',
    '',
  ].join('\n');

  it('the editor shows a finding of etc/ssl_dist.conf on the cluster.proto_dist line, naming the file and line', () => {
    write('etc/emqx.conf', CONF);
    write('etc/ssl_dist.conf', SSL_DIST);
    const found = distFindings(check());
    assert.equal(found.length, 1, JSON.stringify(found));
    const [f] = found;
    assert.equal(f.ruleId, 'ssl-dist-verify-none');
    assert.equal(f.location.uri, uriOf('etc/emqx.conf'));
    assert.deepEqual(f.location.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 29 } });
    assert.match(f.message, /^In ssl_dist\.conf \(read for cluster\.proto_dist = inet_tls\), line 6: The distribution TLS client does not verify/);
    assert.deepEqual(f.related?.[0].location, { uri: uriOf('etc/ssl_dist.conf'), range: { start: { line: 5, character: 12 }, end: { line: 5, character: 23 } } });
    assert.equal(f.fixes, undefined);
  });

  it('the CLI placement keeps it in ssl_dist.conf, with the proto_dist field as related location', () => {
    write('etc/emqx.conf', CONF);
    write('etc/ssl_dist.conf', SSL_DIST);
    const [f] = distFindings(check({ includedFindingsAt: 'place' }));
    assert.deepEqual([f.location.uri, f.location.range.start.line], [uriOf('etc/ssl_dist.conf'), 5]);
    assert.deepEqual(
      f.related?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [[uriOf('etc/emqx.conf'), 2, 'Read by this node: cluster.proto_dist = inet_tls']],
    );
  });

  it('nothing when distribution is plain TCP, the file is elsewhere (EMQX_SSL_DIST_OPTFILE), or the workspace is untrusted', () => {
    write('etc/emqx.conf', CONF.replace('inet_tls', 'inet_tcp'));
    write('etc/ssl_dist.conf', SSL_DIST);
    assert.deepEqual(distFindings(check()), []);
    write('etc/emqx.conf', CONF);
    assert.deepEqual(distFindings(check({ env: [{ name: 'EMQX_SSL_DIST_OPTFILE', value: '/run/secrets/ssl_dist.conf' }] })), []);
    assert.deepEqual(distFindings(check({ trusted: false })), []);
    assert.equal(distFindings(check()).length, 1);
  });

  it('suppression comments: in ssl_dist.conf at their lines (their own problems stay there), in the config above proto_dist', () => {
    write('etc/emqx.conf', CONF);
    write('etc/ssl_dist.conf', SSL_DIST.replace(' {client, [', ' {client, [\n   %% emqx-security-disable-next-line ssl-dist-verify-none'));
    const quiet = check();
    assert.deepEqual(distFindings(quiet), []);
    // The comment gives no reason: reported in ssl_dist.conf itself, not moved into emqx.conf.
    assert.ok(!quiet.some((f) => f.ruleId === 'suppression-without-reason'), JSON.stringify(quiet));
    write('etc/ssl_dist.conf', SSL_DIST);
    write('etc/emqx.conf', CONF.replace('cluster.proto_dist', '# emqx-security-disable-next-line ssl-dist-verify-none -- client side checked by the CA pinning\ncluster.proto_dist'));
    assert.deepEqual(distFindings(check()), []);
  });

  it('proto_dist set in an included file: shown on that include line', () => {
    write('etc/emqx.conf', CONF.replace('cluster.proto_dist = inet_tls\n', 'include "cluster.conf"\n'));
    write('etc/cluster.conf', 'cluster.proto_dist = inet_tls\n');
    write('etc/ssl_dist.conf', SSL_DIST);
    const [f] = distFindings(check());
    assert.deepEqual([f?.location.range.start.line, f?.location.range.end.character], [2, 22]);
  });
});

describe('analyzeDocument: the options file 4.4 names with node.ssl_dist_optfile', () => {
  const { write, read, uriOf } = tempTree('emqx-optfile-');

  it('is the one analysed with the config (and the one whose absence is reported)', () => {
    write('etc/emqx.conf', 'node.name = emqx@10.0.0.1\nnode.cookie = Xk3vQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A\nnode.ssl_dist_optfile = certs/dist.conf\ncluster.proto_dist = inet_tls\n');
    const check = () => analyzeDocument({ uri: uriOf('etc/emqx.conf'), text: read('etc/emqx.conf'), reader: nodeFileReader(), trusted: true, settings: { emqxVersion: '4.4' } }).findings;
    assert.deepEqual(
      check()
        .filter((f) => f.ruleId === 'dist-tls-without-ssl-dist')
        .map((f) => f.location.range.start.line),
      [3],
    );
    // etc/ssl_dist.conf is not the file 4.4 reads here.
    write('etc/ssl_dist.conf', '[{server, [{verify, verify_none}]}, {client, [{verify, verify_none}]}].\n');
    assert.deepEqual(
      check()
        .filter((f) => f.ruleId === 'dist-tls-without-ssl-dist')
        .map((f) => f.location.range.start.line),
      [3],
    );
    write('etc/certs/dist.conf', '[{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},\n {client, [{verify, verify_none}]}].\n');
    const found = check();
    assert.ok(!found.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
    const dist = found.filter((f) => f.ruleId.startsWith('ssl-dist-'));
    assert.deepEqual(
      dist.map((f) => [f.ruleId, f.location.range.start.line, f.related?.[0].location.uri]),
      [['ssl-dist-verify-none', 3, uriOf('etc/certs/dist.conf')]],
    );
    assert.match(dist[0].message, /^In dist\.conf \(read for cluster\.proto_dist = inet_tls\), line 2: /);
  });
});
