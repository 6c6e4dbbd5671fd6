import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { diagnostic, open, positionOf } from './helpers';

describe('completion and outline', () => {
  it('completes cluster keys from EMQX schema inside the cluster block, without word suggestions', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'cookie-default');
    const at = positionOf(doc, 'name = emqxcl');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('discovery_strategy') && labels.includes('proto_dist'), labels.join(', '));
    assert.ok(!labels.includes('emqxsecretcookie'), 'the cookie is offered as a word');
  });

  it('lists the blocks of emqx.conf as the outline', async () => {
    const doc = await open('insecure/emqx.conf');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['node', 'cluster'],
    );
    assert.deepEqual(
      symbols[0].children.map((s) => s.name),
      ['name', 'cookie', 'data_dir'],
    );
  });
});
