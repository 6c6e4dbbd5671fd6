import * as assert from 'node:assert/strict';
import { codeActions, disableLineEdit, fixAllAction } from '../../../server/src/ide/codeActions';
import { buildDiagnostics } from '../../../server/src/ide/diagnostics';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { IdeTextEdit } from '../../../server/src/ide/types';
import { noFiles } from '../../../server/src/io';
import { configureLocale, t } from '../../../server/src/l10n';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { Finding } from '../../../server/src/rules/types';
import { range } from '../../../server/src/syntax/position';

const URI = 'file:///etc/emqx/emqx.conf';

/** Applies LSP text edits to a text, last first, as an editor does. */
function apply(text: string, edits: readonly IdeTextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}

const TEXT = ['rpc {', '  protocol = tcp', '  verify = verify_peer', '}', ''].join('\n');

const plaintext: Finding = {
  ruleId: 'rpc-plaintext',
  severity: 'warning',
  message: 'Cluster RPC is not encrypted.',
  location: { uri: URI, range: range(1, 2, 1, 16) },
  keyPath: 'rpc.protocol',
  fixes: [
    { title: 'Use TLS', isPreferred: true, edits: [{ uri: URI, range: range(1, 13, 1, 16), newText: 'ssl' }] },
    { title: 'Generate certificates', edits: [], command: { id: 'emqxClusterSecurity.generateCertificates', arguments: [URI] } },
  ],
};
const unknownKey: Finding = {
  ruleId: 'rpc-unknown-key',
  severity: 'error',
  message: 'EMQX 5 has no rpc.verify.',
  location: { uri: URI, range: range(2, 2, 2, 22) },
  fixes: [{ title: 'Delete rpc.verify', safe: true, edits: [{ uri: URI, range: range(2, 0, 3, 0), newText: '' }] }],
};

describe('ide: code actions', () => {
  const diagnostics = buildDiagnostics(URI, TEXT, [plaintext, unknownKey], []);
  const docsHref = (id: string) => `file:///ext/docs/rules/${id}.md`;

  it("offers the finding's fixes (preferred first), a command fix, disable line/file and docs, for the requested diagnostic only", () => {
    const d = diagnostics.find((x) => x.diagnostic.code === 'rpc-plaintext')!.diagnostic;
    const actions = codeActions({ uri: URI, text: TEXT, dialect: 'hocon', diagnostics, range: d.range, context: { diagnostics: [d] }, docsHref });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Use TLS',
        'Generate certificates',
        'Disable rpc-plaintext for this line',
        'Disable rpc-plaintext for this file',
        'Show documentation for rpc-plaintext',
        // Generic clients (Neovim) list every kind when they ask for none in particular.
        'Fix all safe EMQX cluster-security problems',
      ],
    );
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[1].isPreferred, undefined);
    assert.deepEqual(actions[1].command, { title: 'Generate certificates', command: 'emqxClusterSecurity.generateCertificates', arguments: [URI] });
    assert.equal(apply(TEXT, actions[0].edit!.changes[URI]), TEXT.replace('protocol = tcp', 'protocol = ssl'));
    assert.equal(
      apply(TEXT, actions[2].edit!.changes[URI]),
      TEXT.replace('  protocol = tcp', '  # emqx-security-disable-next-line rpc-plaintext -- explain why this is acceptable here\n  protocol = tcp'),
    );
    assert.ok(apply(TEXT, actions[3].edit!.changes[URI]).startsWith('# emqx-security-disable-file rpc-plaintext -- '));
    assert.deepEqual(actions[4].command?.arguments, ['rpc-plaintext']);
    assert.deepEqual(
      actions.map((a) => a.kind),
      [...Array(5).fill('quickfix'), 'source.fixAll.emqx-cluster-security'],
    );
  });

  it('inserts a placeholder reason that still counts as no reason, in English and in Chinese', () => {
    const config = ['node {', '  cookie = "emqxsecretcookie"', '}', ''].join('\n');
    const check = (text: string) =>
      analyzeDocument({ uri: URI, text, reader: noFiles, trusted: false, settings: {} }).findings.filter((f) => ['cookie-default', 'suppression-without-reason'].includes(f.ruleId));
    try {
      for (const locale of ['en', 'zh-cn']) {
        configureLocale(locale);
        const edited = apply(config, [disableLineEdit(new LineIndex(config), 1, 'cookie-default', 'hocon')]);
        const findings = check(edited);
        assert.deepEqual(
          findings.map((f) => `${f.location.range.start.line} ${f.ruleId}`),
          ['1 suppression-without-reason'],
          locale,
        );
        assert.equal(
          findings[0].message,
          t('This suppression still has the placeholder text the quick fix inserted. Replace it with why the finding does not apply, so the next reader can judge it.'),
        );
        // Once the user writes a reason, the comment is accepted.
        const reasoned = edited.replace(t('explain why this is acceptable here'), 'the cookie comes from EMQX_NODE__COOKIE');
        assert.deepEqual(check(reasoned), [], locale);
      }
      // A comment written under Chinese and read under English is recognised too.
      configureLocale('zh-cn');
      const zh = apply(config, [disableLineEdit(new LineIndex(config), 1, 'cookie-default', 'hocon')]);
      configureLocale('en');
      assert.deepEqual(
        check(zh).map((f) => f.ruleId),
        ['suppression-without-reason'],
      );
    } finally {
      configureLocale('en');
    }
  });

  it("ignores other tools' diagnostics and offers nothing when only they are in the context", () => {
    const actions = codeActions({
      uri: URI,
      text: TEXT,
      dialect: 'hocon',
      diagnostics,
      range: range(1, 0, 1, 0),
      context: { diagnostics: [{ range: range(1, 2, 1, 16), code: 'rpc-plaintext', source: 'other-linter' }], only: ['quickfix'] },
    });
    assert.deepEqual(actions, []);
  });

  it('matches diagnostics a client echoes back without their code (Neovim 0.7) by range and message', () => {
    const d = diagnostics.find((x) => x.diagnostic.code === 'rpc-unknown-key')!.diagnostic;
    const actions = codeActions({
      uri: URI,
      text: TEXT,
      dialect: 'hocon',
      diagnostics,
      range: d.range,
      context: { diagnostics: [{ range: d.range, message: d.message, source: 'emqx-cluster-security' }], only: ['quickfix'] },
    });
    assert.equal(actions[0].title, 'Delete rpc.verify');
  });

  it('falls back to the requested range for clients that send no diagnostics', () => {
    const actions = codeActions({ uri: URI, text: TEXT, dialect: 'hocon', diagnostics, range: range(2, 5, 2, 5), context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Delete rpc.verify', 'Disable rpc-unknown-key for this line', 'Disable rpc-unknown-key for this file'],
    );
  });

  it('adds the rule to an existing disable-next-line comment instead of stacking a second one', () => {
    const text = ['node {', '    # emqx-security-disable-next-line cookie-weak -- test cluster', '    cookie = "abc"', '}'].join('\n');
    const edit = disableLineEdit(new LineIndex(text), 2, 'cookie-default', 'hocon');
    assert.equal(apply(text, [edit]).split('\n')[1], '    # emqx-security-disable-next-line cookie-weak, cookie-default -- test cluster');
  });

  it("uses % comments and the line's indentation in ssl_dist.conf, and keeps CRLF line ends", () => {
    const text = '[{server,\r\n  [{verify, verify_none}]}].\r\n';
    const edit = disableLineEdit(new LineIndex(text), 1, 'ssl-dist-verify-none', 'ssl-dist');
    assert.equal(apply(text, [edit]), '[{server,\r\n  % emqx-security-disable-next-line ssl-dist-verify-none -- explain why this is acceptable here\r\n  [{verify, verify_none}]}].\r\n');
  });

  it('source.fixAll applies only safe fixes, and is offered only when asked for source actions or nothing in particular', () => {
    const all = fixAllAction(URI, diagnostics)!;
    assert.equal(all.kind, 'source.fixAll.emqx-cluster-security');
    assert.equal(apply(TEXT, all.edit!.changes[URI]), ['rpc {', '  protocol = tcp', '}', ''].join('\n'));
    const viaSource = codeActions({ uri: URI, text: TEXT, dialect: 'hocon', diagnostics, range: range(0, 0, 0, 0), context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.deepEqual(
      viaSource.map((a) => a.kind),
      ['source.fixAll.emqx-cluster-security'],
    );
    const quick = codeActions({ uri: URI, text: TEXT, dialect: 'hocon', diagnostics, range: range(0, 0, 0, 0), context: { diagnostics: [], only: ['quickfix'] } });
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  });

  it('source.fixAll skips a safe fix whose edit overlaps one already taken', () => {
    const twin: Finding = { ...unknownKey, ruleId: 'other-rule', fixes: [{ title: 'x', safe: true, edits: [{ uri: URI, range: range(2, 4, 2, 8), newText: 'y' }] }] };
    const ds = buildDiagnostics(URI, TEXT, [unknownKey, twin], []);
    const all = fixAllAction(URI, ds)!;
    assert.equal(all.edit!.changes[URI].length, 1);
  });
});
