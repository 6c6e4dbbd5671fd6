import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { diagnostic, EXTENSION_ID, open, setSetting, waitFor } from './helpers';

interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly visible: boolean;
}

function statusView(): StatusView {
  const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { status: () => StatusView };
  return api.status();
}

describe('status bar item', () => {
  after(async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'emqxVersion', undefined);
  });

  it('shows the EMQX version an open config is checked against, and where it comes from', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'cookie-default');
    const view = await waitFor('the status bar item', () => (statusView().visible ? statusView() : undefined));
    assert.match(view.text, /EMQX \d+\.\d+/);
    assert.match(view.tooltip, /Checked against EMQX/);
  });

  it('follows the emqxVersion setting', async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'emqxVersion', '6.1');
    const view = await waitFor('the status bar to show 6.1', () => (/EMQX 6\.1\b/.test(statusView().text) ? statusView() : undefined));
    assert.match(view.tooltip, /emqxClusterSecurity\.emqxVersion/);
  });

  it('is hidden for other files', async () => {
    const other = await vscode.workspace.openTextDocument({ content: 'plain text', language: 'plaintext' });
    await vscode.window.showTextDocument(other, { preview: false });
    await waitFor('the status bar item to hide', () => !statusView().visible);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
