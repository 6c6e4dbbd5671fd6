/**
 * "EMQX: Check Workspace": asks the server to check every EMQX config of the
 * workspace folders (`emqxClusterSecurity/checkWorkspace`), so the Problems
 * panel lists the files that are not open too, as eslint's lint task does.
 * Untrusted, it says the check needs trust and sends nothing.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const CHECK_WORKSPACE_REQUEST = 'emqxClusterSecurity/checkWorkspace';

/** The server's answer (counts only). */
export interface WorkspaceCheckSummary {
  readonly trusted: boolean;
  readonly files: number;
  readonly filesWithProblems: number;
  readonly problems: number;
  readonly truncated: boolean;
}

/** `quiet`: at start-up (checkWorkspaceOnStart), nothing is shown but the problems. */
export async function checkWorkspaceCommand(client: LanguageClient | undefined, quiet = false): Promise<WorkspaceCheckSummary | undefined> {
  if (quiet) {
    if (!vscode.workspace.isTrusted || !client?.isRunning()) return undefined;
    return client.sendRequest<WorkspaceCheckSummary>(CHECK_WORKSPACE_REQUEST);
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Checking the workspace reads the EMQX files that are not open, which needs a trusted workspace. Trust the workspace, then run the command again.'),
    );
    return undefined;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The EMQX Cluster Security language server is not running.'));
    return undefined;
  }
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking the EMQX files of the workspace') }, () =>
    client.sendRequest<WorkspaceCheckSummary>(CHECK_WORKSPACE_REQUEST),
  );
  if (!summary.trusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Checking the workspace needs a trusted workspace.'));
  } else if (summary.files === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No EMQX config files were found in the workspace folders.'));
  } else {
    const text = vscode.l10n.t('Checked {0} EMQX files: {1} problems in {2} files that are not open (open files show their own).', summary.files, summary.problems, summary.filesWithProblems);
    void vscode.window.showInformationMessage(summary.truncated ? `${text} ${vscode.l10n.t('Only the first {0} files were checked.', summary.files)}` : text);
  }
  return summary;
}
