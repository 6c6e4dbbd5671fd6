import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { analyzeDocument } from '../../../server/src/rules/analyze';

/**
 * `dist-tls-without-ssl-dist` has no text fix (certificates cannot be typed in):
 * its quick fix runs the certificate command, which writes an ssl_dist.conf per node.
 */
const PATH = '/ws/etc/emqx.conf';
const URI = 'file:///ws/etc/emqx.conf';
const TEXT = 'node.name = "emqx1@10.0.0.1"\ncluster {\n  proto_dist = inet_tls\n}\n';
const reader = memoryReader({ [PATH]: TEXT });

describe('dist-tls-without-ssl-dist quick fix', () => {
  it('rules: the finding carries the certificate command with the document URI and no edits', () => {
    const r = analyzeDocument({ uri: URI, text: TEXT, reader, trusted: true, settings: {} });
    const f = r.findings.find((x) => x.ruleId === 'dist-tls-without-ssl-dist');
    assert.ok(f, r.findings.map((x) => x.ruleId).join());
    assert.deepEqual(f.location.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 23 } });
    assert.deepEqual(f.fixes, [{ title: 'Generate cluster certificates and ssl_dist.conf…', edits: [], command: { id: 'emqxClusterSecurity.generateCertificates', arguments: [URI] } }]);
  });

  it('editor: the code action for the diagnostic runs emqxClusterSecurity.generateCertificates with the document URI', () => {
    const service = new LanguageService({ engine: defaultEngine });
    const a = service.analyze({ uri: URI, path: PATH, version: 1, text: TEXT, settings: DEFAULT_SETTINGS, reader, trusted: true });
    const d = service.diagnostics(a).find((x) => x.code === 'dist-tls-without-ssl-dist');
    assert.ok(d);
    const actions = service.codeActions(a, d.range, { diagnostics: [d] });
    const generate = actions.find((x) => x.title === 'Generate cluster certificates and ssl_dist.conf…');
    assert.ok(generate, actions.map((x) => x.title).join(' | '));
    assert.equal(generate.kind, 'quickfix');
    assert.equal(generate.edit, undefined);
    assert.deepEqual(generate.command, { title: 'Generate cluster certificates and ssl_dist.conf…', command: 'emqxClusterSecurity.generateCertificates', arguments: [URI] });
    assert.deepEqual(
      generate.diagnostics?.map((x) => x.code),
      ['dist-tls-without-ssl-dist'],
    );
    // A command cannot run unattended: "fix all" does not include it.
    const fixAll = service.codeActions(a, d.range, { diagnostics: [], only: ['source.fixAll.emqx-cluster-security'] });
    assert.ok(!fixAll.some((x) => x.command?.command === 'emqxClusterSecurity.generateCertificates'));
  });
});
