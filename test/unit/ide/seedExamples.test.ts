/**
 * The acceptance examples of the security issue, as a user meets them in the
 * editor: the diagnostics of EMQX's shipped emqx.conf, and for each seed
 * example the finding, its preferred quick fix applied to the text, and the
 * finding gone on the next analysis. Runs the real engine through the pure
 * language service.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileReader, memoryReader, noFiles } from '../../../server/src/io';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { DocumentAnalysis, LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, IdeCodeAction, IdeDiagnostic, IdeTextEdit } from '../../../server/src/ide/types';
import { corpusPath } from '../sharedCorpus';

const URI = 'file:///etc/emqx/emqx.conf';
const CORPUS = corpusPath('emqx');

function analyse(text: string, reader: FileReader = noFiles, trusted = false): { service: LanguageService; analysis: DocumentAnalysis; ds: IdeDiagnostic[] } {
  const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs });
  const analysis = service.analyze({ uri: URI, path: '/etc/emqx/emqx.conf', version: 1, text, settings: DEFAULT_SETTINGS, reader, trusted });
  return { service, analysis, ds: service.diagnostics(analysis) };
}

function apply(text: string, edits: readonly IdeTextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}

/** The preferred quick fix of the diagnostic with `code`, as the editor offers it. */
function preferredFix(text: string, code: string): { action: IdeCodeAction; fixed: string } {
  const { service, analysis, ds } = analyse(text);
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `${code} is reported; got ${ds.map((x) => x.code).join(', ')}`);
  const actions = service.codeActions(analysis, d.range, { diagnostics: [d], only: ['quickfix'] });
  const action = actions.find((a) => a.isPreferred);
  assert.ok(action?.edit, `${code} has a preferred fix with an edit`);
  return { action, fixed: apply(text, action.edit.changes[URI]) };
}

const codes = (ds: IdeDiagnostic[]) => [...new Set(ds.map((d) => d.code))].sort();

describe('ide: the seed examples, end to end through the service', () => {
  it("EMQX's shipped emqx.conf shows the default cookie, plaintext RPC (and its cookie-leaking fallback) and plaintext distribution, nothing else", () => {
    const text = fs.readFileSync(path.join(CORPUS, 'emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf'), 'utf8');
    const { ds } = analyse(text);
    assert.deepEqual(codes(ds), ['cookie-default', 'dist-plaintext', 'rpc-insecure-fallback', 'rpc-plaintext']);
    for (const d of ds) assert.equal(d.range.start.line, d.range.end.line);
  });

  it('an rpc ssl block without files: rpc-tls-files-missing, fixed by adding the three keys', () => {
    const text = 'rpc {\n  protocol = ssl\n}\n';
    const { fixed } = preferredFix(text, 'rpc-tls-files-missing');
    for (const k of ['certfile', 'keyfile', 'cacertfile']) assert.match(fixed, new RegExp(`\\b${k}\\b`));
    const after = analyse(fixed).ds;
    assert.deepEqual(
      after.filter((d) => d.code === 'rpc-tls-files-missing' || d.code.startsWith('hocon-')),
      [],
    );
  });

  it("the docs' rpc block with verify and fail_if_no_peer_cert: two rpc-unknown-key errors, removed by fix-all", () => {
    const text = [
      'rpc {',
      '  protocol = ssl',
      '  certfile = "/etc/emqx/certs/node.pem"',
      '  keyfile = "/etc/emqx/certs/node.key"',
      '  cacertfile = "/etc/emqx/certs/ca.pem"',
      '  verify = verify_peer',
      '  fail_if_no_peer_cert = true',
      '}',
      '',
    ].join('\n');
    const { service, analysis, ds } = analyse(text);
    assert.deepEqual(
      ds.filter((d) => d.code === 'rpc-unknown-key').map((d) => [d.severity, d.range.start.line]),
      [
        [1, 5],
        [1, 6],
      ],
    );
    const [all] = service.codeActions(analysis, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source.fixAll'] });
    const fixed = apply(text, all.edit!.changes[URI]);
    assert.ok(!/verify|fail_if_no_peer_cert/.test(fixed));
    assert.deepEqual(
      analyse(fixed).ds.filter((d) => d.code === 'rpc-unknown-key' || d.code.startsWith('hocon-')),
      [],
    );
  });

  it('plaintext distribution: the fix sets inet_tls; in a trusted workspace without ssl_dist.conf that is reported next', () => {
    const text = 'node.cookie = "Zq8-long-enough-and-random-4711"\ncluster.proto_dist = inet_tcp\n';
    const { fixed } = preferredFix(text, 'dist-plaintext');
    assert.match(fixed, /cluster\.proto_dist = inet_tls/);
    assert.deepEqual(
      analyse(fixed).ds.filter((d) => d.code === 'dist-plaintext'),
      [],
    );
    const trusted = analyse(fixed, memoryReader({ '/etc/emqx/emqx.conf': fixed }), true).ds;
    assert.deepEqual(
      trusted.filter((d) => d.code === 'dist-tls-without-ssl-dist').map((d) => d.range.start.line),
      [1],
    );
    const withFile = analyse(fixed, memoryReader({ '/etc/emqx/emqx.conf': fixed, '/etc/emqx/ssl_dist.conf': '[].' }), true).ds;
    assert.deepEqual(
      withFile.filter((d) => d.code === 'dist-tls-without-ssl-dist'),
      [],
    );
  });

  it('a proto_dist typo gets a did-you-mean fix that works', () => {
    const { fixed } = preferredFix('cluster.proto_dist = inet_tsl\n', 'dist-invalid-proto');
    assert.equal(fixed, 'cluster.proto_dist = inet_tls\n');
  });

  it('the default cookie is replaced by a fresh random one that no cookie rule objects to, and the fix title holds no secret', () => {
    const text = 'node {\n  cookie = "emqxsecretcookie"\n}\n';
    const { action, fixed } = preferredFix(text, 'cookie-default');
    assert.ok(!fixed.includes('emqxsecretcookie'));
    const cookie = /cookie = "([^"]+)"/.exec(fixed)?.[1] ?? '';
    assert.ok(cookie.length >= 32);
    assert.ok(!action.title.includes(cookie));
    assert.deepEqual(
      analyse(fixed).ds.filter((d) => d.code.startsWith('cookie-')),
      [],
    );
    // Two fixes, two different cookies: it is generated, not a constant.
    assert.notEqual(preferredFix(text, 'cookie-default').fixed, fixed);
  });
});
