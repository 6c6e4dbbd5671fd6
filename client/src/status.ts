/**
 * The status bar item for EMQX files: the EMQX release the active document is
 * checked against (from the setting, detected from the file, or the default),
 * whether the workspace is trusted, and a click that opens the version setting.
 * The server answers `emqxClusterSecurity/status`; the item is refreshed when
 * the active editor changes, when the server publishes new findings for it, and
 * when trust is granted. Shown only for our languages.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const STATUS_REQUEST = 'emqxClusterSecurity/status';

interface DocumentStatus {
  readonly version?: string;
  readonly versionSource?: 'setting' | 'detected' | 'default';
  readonly dialect: string;
  readonly trusted: boolean;
  readonly enabled: boolean;
}

/** What the item shows, also handed to the integration tests. */
export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly visible: boolean;
}

export class EmqxStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('emqxClusterSecurity.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private view: StatusView = { text: '', tooltip: '', visible: false };
  private generation = 0;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly languages: readonly string[],
  ) {
    this.item.name = vscode.l10n.t('EMQX Cluster Security');
    this.item.command = { title: vscode.l10n.t('Choose the EMQX version'), command: 'workbench.action.openSettings', arguments: ['emqxClusterSecurity.emqxVersion'] };
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) void this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('emqxClusterSecurity')) void this.refresh();
      }),
    );
    void this.refresh();
  }

  current(): StatusView {
    return this.view;
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!doc || !this.languages.includes(doc.languageId) || !client?.isRunning()) return this.show(undefined);
    let status: DocumentStatus | null = null;
    try {
      status = await client.sendRequest<DocumentStatus | null>(STATUS_REQUEST, { textDocument: { uri: doc.uri.toString() } });
    } catch {
      status = null;
    }
    // A newer refresh (another editor, newer findings) has started meanwhile.
    if (generation === this.generation) this.show(status ?? undefined);
  }

  private show(status: DocumentStatus | undefined): void {
    if (!status || !status.enabled) {
      this.view = { text: '', tooltip: '', visible: false };
      this.item.hide();
      return;
    }
    const short = status.version ? status.version.replace(/^(\d+\.\d+)\.\d+$/, '$1') : '?';
    const source =
      status.versionSource === 'setting'
        ? vscode.l10n.t('set by emqxClusterSecurity.emqxVersion')
        : status.versionSource === 'detected'
          ? vscode.l10n.t('detected from the file')
          : vscode.l10n.t('the default: nothing in the file or the settings names a version');
    const trust = status.trusted
      ? vscode.l10n.t('Workspace trusted: included files, certificates and the other nodes are checked too.')
      : vscode.l10n.t('Workspace not trusted: only the open files are checked.');
    const text = `$(shield) EMQX ${short}${status.trusted ? '' : ' $(workspace-untrusted)'}`;
    const tooltip = [vscode.l10n.t('Checked against EMQX {0} ({1}).', status.version ?? '?', source), trust, vscode.l10n.t('Click to choose the EMQX version.')].join('\n');
    this.view = { text, tooltip, visible: true };
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
