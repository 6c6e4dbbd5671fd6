import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { codeActions, diagnostic, lineOf, open, revert, waitFor, withCode } from './helpers';

describe('quick fixes', () => {
  it('replaces the default cookie with a strong generated one', async () => {
    const doc = await open('insecure/emqx.conf');
    try {
      const d = await diagnostic(doc.uri, 'cookie-default');
      const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      // vscode.executeCodeActionProvider returns actions without their `diagnostics`;
      // asked at the finding's range, the preferred one is the finding's main fix.
      const fix = actions.find((a) => a.edit && a.isPreferred);
      assert.ok(fix, `no quick fix for cookie-default among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      const line = doc.lineAt(lineOf(doc, 'cookie =')).text;
      assert.ok(!line.includes('emqxsecretcookie'), 'the default cookie is gone');
      const value = /cookie\s*=\s*"?([^"\s]+)"?/.exec(line)?.[1] ?? '';
      assert.ok(value.length >= 16, 'the new cookie is long');
      await waitFor('cookie-default to go away after the fix', () => withCode(doc.uri, 'cookie-default').length === 0);
      assert.deepEqual(withCode(doc.uri, 'cookie-weak'), [], 'the generated cookie is not weak');
    } finally {
      await revert(doc);
    }
  });

  it('deletes a key EMQX 5 rejects (rpc.verify)', async () => {
    const doc = await open('rpc-ssl/emqx.conf');
    try {
      const d = await diagnostic(doc.uri, 'rpc-unknown-key');
      const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.edit && a.isPreferred);
      assert.ok(fix, `no preferred fix for rpc-unknown-key among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.ok(!doc.getText().includes('verify = verify_peer'));
      assert.ok(doc.getText().includes('protocol = ssl'), 'the rest of the rpc block stays');
      await waitFor('rpc-unknown-key to go away', () => withCode(doc.uri, 'rpc-unknown-key').length === 0);
    } finally {
      await revert(doc);
    }
  });

  it('offers a "disable for this line" action that writes a suppression comment with a reason', async () => {
    const doc = await open('insecure/emqx.conf');
    try {
      const d = await diagnostic(doc.uri, 'cookie-default');
      const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      // Asked at the cookie's range, cluster findings on the same line may offer their own disable actions.
      const disable = actions.find((a) => a.edit && /disable|suppress/i.test(a.title) && a.title.includes('cookie-default'));
      assert.ok(disable, `no suppression action among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(disable.edit!));
      const comment = doc.lineAt(lineOf(doc, 'cookie = "emqxsecretcookie"') - 1).text;
      assert.match(comment, /#\s*emqx-security-disable-next-line\s+cookie-default\b.*--/);
      await waitFor('cookie-default to be suppressed', () => withCode(doc.uri, 'cookie-default').length === 0);
    } finally {
      await revert(doc);
    }
  });

  it('fixes all safe findings through source.fixAll', async () => {
    const doc = await open('rpc-ssl/emqx.conf');
    try {
      await diagnostic(doc.uri, 'rpc-unknown-key');
      const whole = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions = await codeActions(doc.uri, whole, vscode.CodeActionKind.SourceFixAll.value);
      const fixAll = actions.find((a) => a.edit && a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
      assert.ok(fixAll, `no source.fixAll action among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit!));
      assert.ok(!doc.getText().includes('verify = verify_peer'), 'the rejected key is removed');
      await waitFor('rpc-unknown-key to go away', () => withCode(doc.uri, 'rpc-unknown-key').length === 0);
    } finally {
      await revert(doc);
    }
  });
});
