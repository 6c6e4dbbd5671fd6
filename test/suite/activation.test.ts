import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { diagnostic, diagnosticOnLine, EXTENSION_ID, lineOf, open, ours, revert, waitFor } from './helpers';

describe('activation, languages and commands', () => {
  it('activates when an emqx.conf is opened and starts the language server', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
    const doc = await open('insecure/emqx.conf');
    assert.equal(doc.languageId, 'emqx-conf');
    await waitFor('the extension to activate', () => ext.isActive, 60000);
    // The server is up once its first diagnostic for the open file arrives (the first
    // start of a cold extension host can take a while on a busy machine).
    await diagnostic(doc.uri, 'cookie-default', 60000);
  });

  it('maps file names to the EMQX languages and leaves other .conf files alone', async () => {
    assert.equal((await open('hardened/ssl_dist.conf')).languageId, 'emqx-ssl-dist');
    assert.equal((await open('other/listeners.hocon')).languageId, 'emqx-conf');
    const nginx = await open('other/nginx.conf');
    assert.notEqual(nginx.languageId, 'emqx-conf');
    assert.notEqual(nginx.languageId, 'emqx-ssl-dist');
    assert.deepEqual(ours(nginx.uri), []);
  });

  it('registers the commands of the command palette', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 3);
    for (const id of contributed) assert.ok(registered.has(id), `${id} is contributed but not registered`);
  });

  it('shows the output channel and restarts the server, which then checks again', async () => {
    await vscode.commands.executeCommand('emqxClusterSecurity.showOutput');
    const doc = await open('insecure/emqx.conf');
    const cookieLine = lineOf(doc, 'cookie =');
    await vscode.commands.executeCommand('emqxClusterSecurity.restartServer');
    try {
      // Edit the document after the restart: only a running server can answer with fresh diagnostics.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# restarted\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await diagnosticOnLine(doc.uri, 'cookie-default', cookieLine + 1);
    } finally {
      await revert(doc);
    }
    await diagnosticOnLine(doc.uri, 'cookie-default', cookieLine);
  });
});
