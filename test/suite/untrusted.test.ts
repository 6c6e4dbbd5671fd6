/**
 * Runs only in a window in restricted mode (workspace not trusted): the
 * extension still checks the open documents, but reads nothing else: no
 * sibling files, no other node configs, no certificates.
 */
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { codeOf, diagnostic, lineOf, open, ours, workspaceUri } from './helpers';

describe('untrusted workspace (restricted mode)', () => {
  it('runs in a window that does not trust the workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still checks the open document', async () => {
    const doc = await open('insecure/emqx.conf');
    const d = await diagnostic(doc.uri, 'cookie-default', 60000);
    assert.equal(d.range.start.line, lineOf(doc, 'cookie = "emqxsecretcookie"'));
    await diagnostic(doc.uri, 'rpc-plaintext');
  });

  it('compares nothing with configs that are not open (no cluster findings from files on disk)', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'dist-plaintext');
    // Give a cross-file pass the time it would take in a trusted window, then look.
    await new Promise((r) => setTimeout(r, 2000));
    const crossFile = ours(doc.uri).filter((d) => (codeOf(d) ?? '').startsWith('cluster-'));
    assert.deepEqual(
      crossFile.map((d) => d.message),
      [],
    );
  });

  it('Check Workspace asks for trust and gives files that are not open no problems', async () => {
    const result = await vscode.commands.executeCommand('emqxClusterSecurity.checkWorkspace');
    assert.equal(result, undefined);
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(ours(workspaceUri('closed/emqx.conf')), []);
  });

  it('does not write certificates: the command asks for trust instead', async () => {
    await open('insecure/emqx.conf');
    const before = await vscode.workspace.findFiles('**/*.pem');
    // The command shows a notification and returns; it must not prompt for answers or write files.
    await Promise.race([vscode.commands.executeCommand('emqxClusterSecurity.generateCertificates'), new Promise((r) => setTimeout(r, 3000))]);
    assert.deepEqual(await vscode.workspace.findFiles('**/*.pem'), before);
  });
});
