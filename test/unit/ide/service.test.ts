import * as assert from 'node:assert/strict';
import { noFiles } from '../../../server/src/io';
import { Engine } from '../../../server/src/ide/engine';
import { INTERNAL_ERROR_CODE, LanguageService, TOO_LARGE_CODE } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../../../server/src/ide/types';
import { WorkspaceFindingsProvider } from '../../../server/src/ide/workspace';
import { Finding } from '../../../server/src/rules/types';
import { range } from '../../../server/src/syntax/position';

const A = 'file:///cluster/node1/emqx.conf';
const B = 'file:///cluster/node2/emqx.conf';
const SECRET = 'node.cookie = "s3cr3t-do-not-log"\n';

const quietEngine: Engine = () => ({ findings: [], dialect: 'hocon' });

function request(uri: string, text: string, settings: Partial<DocumentSettings> = {}) {
  return { uri, version: 1, text, settings: { ...DEFAULT_SETTINGS, ...settings }, reader: noFiles, trusted: false };
}

describe('ide: language service', () => {
  it('an engine failure becomes one internal-error diagnostic, and the log holds no document text', () => {
    const logs: string[] = [];
    const service = new LanguageService({
      engine: () => {
        throw new Error(`cannot parse ${SECRET}`);
      },
      log: (m) => logs.push(m),
    });
    const a = service.analyze(request(A, SECRET));
    assert.deepEqual(
      service.diagnostics(a).map((d) => [d.code, d.severity, d.range]),
      [[INTERNAL_ERROR_CODE, 2, range(0, 0, 0, 11)]],
    );
    assert.equal(logs.length, 1);
    assert.ok(!logs[0].includes('s3cr3t'), logs[0]);
  });

  it('a document above the size cap gets one diagnostic instead of a frozen editor', () => {
    let called = false;
    const service = new LanguageService({
      engine: (i) => {
        called = true;
        return quietEngine(i);
      },
      maxDocumentChars: 100,
    });
    const a = service.analyze(request(A, 'a = 1\n'.repeat(50)));
    assert.equal(called, false);
    assert.deepEqual(
      service.diagnostics(a).map((d) => [d.code, d.severity]),
      [[TOO_LARGE_CODE, 3]],
    );
  });

  it('enable = false: no diagnostics, no hover, no actions', () => {
    const finding: Finding = { ruleId: 'r', severity: 'error', message: 'm', location: { uri: A, range: range(0, 0, 0, 4) } };
    const service = new LanguageService({ engine: () => ({ findings: [finding], dialect: 'hocon' }) });
    const a = service.analyze(request(A, SECRET, { enable: false }));
    assert.deepEqual(service.diagnostics(a), []);
    assert.equal(service.hover(a, { line: 0, character: 1 }), undefined);
    assert.deepEqual(service.codeActions(a, range(0, 0, 0, 4), { diagnostics: [] }), []);
  });

  it("cross-file providers add findings to a document, with the document's severity overrides; a failing provider is skipped", () => {
    const logs: string[] = [];
    const seen: string[] = [];
    const mismatch: WorkspaceFindingsProvider = {
      name: 'cookie-mismatch',
      update: (s) => seen.push(s.uri),
      findingsFor: (uri, index) =>
        uri === B && index.snapshot(A)
          ? [
              {
                ruleId: 'cluster-cookie-mismatch',
                severity: 'error',
                message: 'differs from node1',
                location: { uri: B, range: range(0, 0, 0, 11) },
                related: [{ location: { uri: A, range: range(0, 0, 0, 11) }, message: 'node1' }],
              },
            ]
          : [],
    };
    const broken: WorkspaceFindingsProvider = {
      name: 'broken',
      findingsFor: () => {
        throw new Error('bug');
      },
    };
    const service = new LanguageService({ engine: () => ({ findings: [], dialect: 'hocon' }), log: (m) => logs.push(m) });
    service.index.addProvider(mismatch);
    service.index.addProvider(broken);
    service.analyze(request(A, SECRET));
    const b = service.analyze(request(B, SECRET, { rules: { 'cluster-cookie-mismatch': 'warning' } }));
    assert.deepEqual(seen, [A, B]);
    const [d] = service.diagnostics(b);
    assert.equal(d.code, 'cluster-cookie-mismatch');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.relatedInformation, [{ location: { uri: A, range: range(0, 0, 0, 11) }, message: 'node1' }]);
    assert.ok(logs.some((l) => l.includes('broken')));
    const off = service.analyze(request(B, SECRET, { rules: { 'cluster-cookie-mismatch': 'off' } }));
    assert.deepEqual(service.diagnostics(off), []);
  });

  it('suppression comments silence cross-file findings too', () => {
    const provider: WorkspaceFindingsProvider = {
      name: 'p',
      findingsFor: (uri) => [{ ruleId: 'cluster-port-collision', severity: 'warning', message: 'm', location: { uri, range: range(1, 0, 1, 9) } }],
    };
    const service = new LanguageService({ engine: quietEngine });
    service.index.addProvider(provider);
    const plain = service.analyze(request(A, '# a comment\nnode.name = "emqx1@h"\n'));
    assert.deepEqual(
      service.diagnostics(plain).map((d) => d.code),
      ['cluster-port-collision'],
    );
    const silenced = service.analyze(request(A, '# emqx-security-disable-next-line cluster-port-collision -- lab\nnode.name = "emqx1@h"\n'));
    assert.deepEqual(service.diagnostics(silenced), []);
  });
});
