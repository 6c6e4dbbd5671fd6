/** Helpers for the integration suite: they run inside the extension host, against the real VS Code API. */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'emqx-cluster-security.emqx-cluster-security';
export const SOURCE = 'emqx-cluster-security';

/**
 * Waits until `probe` returns a truthy value, checking after every diagnostics
 * change and every 200 ms. The deadline only bounds a failing test (a
 * condition that never comes true); it asserts nothing about speed.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      const sub = vscode.languages.onDidChangeDiagnostics(done);
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder (a copy of test/suite/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function withCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === code);
}

/** Waits for a diagnostic with this rule id on the document and returns it. */
export function diagnostic(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () => withCode(uri, code)[0], timeoutMs);
}

/** The 0-based line of the first line containing `text`. */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`"${text}" not in ${doc.uri.path}`);
}

/** The position of the first character of `text` on its line (plus `offset`). */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const line = lineOf(doc, text);
  return new vscode.Position(line, doc.lineAt(line).text.indexOf(text) + offset);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export async function hoverAt(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hoverText(hovers);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, kind);
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

/** Sets (or with `undefined` removes) a setting in the workspace folder, then lets the server pick it up. */
export async function setSetting(uri: vscode.Uri, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('emqxClusterSecurity', uri).update(key, value, vscode.ConfigurationTarget.WorkspaceFolder);
}

/** Discards unsaved changes of a document (after a test applied a fix to it). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${doc.uri.path} to be reverted`, () => !doc.isDirty);
}

/**
 * Waits for a diagnostic with this rule id on a given line: after an edit or a
 * revert, the diagnostics of the previous text stay until the server has
 * checked the new one, so a test that knows the line waits for it.
 */
export function diagnosticOnLine(uri: vscode.Uri, code: string, line: number): Promise<vscode.Diagnostic> {
  return waitFor(`a ${code} diagnostic on line ${line + 1} of ${uri.path}`, () => withCode(uri, code).find((d) => d.range.start.line === line));
}
