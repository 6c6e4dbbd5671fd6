/**
 * The status bar item for EMQX files: the EMQX version the active file is
 * checked against (set, detected or the default) and whether the workspace is
 * trusted (untrusted: only open files are read). A click opens the version
 * setting. The facts come from the server (`emqxClusterSecurity/documentStatus`).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentStatus, statusLabel } from './statusText';
import { SECTION } from './settings';

const LANGUAGES = new Set(['emqx-conf', 'emqx-ssl-dist']);
const REQUEST = 'emqxClusterSecurity/documentStatus';

export function registerStatusBar(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const item = vscode.window.createStatusBarItem(`${SECTION}.status`, vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('EMQX Cluster Security');
  item.command = { title: vscode.l10n.t('Set the target EMQX version'), command: 'workbench.action.openSettings', arguments: [`${SECTION}.emqxVersion`] };
  context.subscriptions.push(item);
  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    const editor = vscode.window.activeTextEditor;
    const running = client();
    if (!editor || !LANGUAGES.has(editor.document.languageId) || !running?.isRunning()) {
      item.hide();
      return;
    }
    let status: DocumentStatus | null = null;
    try {
      status = await running.sendRequest<DocumentStatus | null>(REQUEST, { textDocument: { uri: editor.document.uri.toString() } });
    } catch {
      status = null;
    }
    if (mine !== generation) return;
    if (!status || !status.enabled) {
      item.hide();
      return;
    }
    const label = statusLabel(status, vscode.workspace.isTrusted);
    item.text = label.text;
    const source =
      status.versionSource === 'setting'
        ? vscode.l10n.t('from the emqxClusterSecurity.emqxVersion setting')
        : status.versionSource === 'detected'
          ? vscode.l10n.t('detected from the file')
          : vscode.l10n.t('the default: set emqxClusterSecurity.emqxVersion to your release');
    const trust = vscode.workspace.isTrusted
      ? vscode.l10n.t('Workspace trusted: included files, ssl_dist.conf and certificates are checked too.')
      : vscode.l10n.t('Restricted mode: only the open files are checked.');
    item.tooltip = `${vscode.l10n.t('Checked against EMQX {0} ({1}).', label.version, source)}\n${trust}\n${vscode.l10n.t('Click to set the target EMQX version.')}`;
    item.show();
  };
  const schedule = () => void update();
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) schedule();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) schedule();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(schedule),
  );
  schedule();
}
