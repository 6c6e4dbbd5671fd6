import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { diagnostic, withCode, workspaceUri } from './helpers';

interface WorkspaceCheckSummary {
  readonly trusted: boolean;
  readonly files: number;
  readonly filesWithProblems: number;
  readonly problems: number;
}

describe('EMQX: Check Workspace', () => {
  it('lists the problems of a config that is not open in the Problems panel', async () => {
    const closed = workspaceUri('closed/emqx.conf');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'the fixture is not open');
    assert.deepEqual(withCode(closed, 'cookie-default'), []);
    const summary = (await vscode.commands.executeCommand('emqxClusterSecurity.checkWorkspace')) as WorkspaceCheckSummary | undefined;
    assert.ok(summary?.trusted, 'the suite runs in a trusted workspace');
    assert.ok(summary.files >= 1 && summary.filesWithProblems >= 1);
    const found = await diagnostic(closed, 'cookie-default');
    assert.equal(found.range.start.line, 3);
    assert.ok(!found.message.includes('emqxsecretcookie'));
  });
});
