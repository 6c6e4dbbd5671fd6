/**
 * Destroying files is never the default of a dialog in the client: in every
 * modal warning, the first button (the one Enter takes, and the one VS Code
 * shows as primary) is a message item marked `isCloseAffordance`, the safe
 * choice; a destructive choice ("Replace the CA…", "Overwrite…") comes after
 * it, and replacing a CA is a button of its own. Checked on the source with
 * the TypeScript parser, for every modal dialog the client has.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

interface Modal {
  readonly file: string;
  readonly text: string;
  readonly items: readonly string[];
}

/** Every showWarningMessage/showErrorMessage call with `{ modal: true }`, with the texts of its item arguments. */
function modalDialogs(): { modals: Modal[]; itemDecls: Map<string, string> } {
  const dir = path.join(ROOT, 'client/src');
  const modals: Modal[] = [];
  const itemDecls = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const src = ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) itemDecls.set(`${f}:${node.name.text}`, node.initializer.getText(src));
      if (ts.isCallExpression(node) && /show(Warning|Error)Message$/.test(node.expression.getText(src))) {
        const options = node.arguments[1];
        if (options && ts.isObjectLiteralExpression(options) && /modal:\s*true/.test(options.getText(src))) {
          modals.push({ file: f, text: node.getText(src).slice(0, 120), items: node.arguments.slice(2).map((a) => `${f}:${a.getText(src)}`) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return { modals, itemDecls };
}

describe('client: destructive choices are never the default', () => {
  it('every modal dialog offers the safe choice first, as a close affordance', () => {
    const { modals, itemDecls } = modalDialogs();
    assert.ok(modals.length >= 2, 'the certificate dialogs were found');
    for (const m of modals) {
      assert.ok(m.items.length >= 2, `${m.text}: a safe choice and the action`);
      const first = itemDecls.get(m.items[0]) ?? '';
      assert.match(first, /isCloseAffordance:\s*true/, `${m.text}: the first button must be the safe one`);
      for (const other of m.items.slice(1)) assert.doesNotMatch(itemDecls.get(other) ?? '', /isCloseAffordance/, m.text);
    }
  });

  it('replacing a CA is a choice of its own that says what stops working', () => {
    const src = fs.readFileSync(path.join(ROOT, 'client/src/certs.ts'), 'utf8');
    assert.match(src, /'Replace the CA and every node certificate'/);
    assert.match(src, /nodes that keep certificates of the old CA can no longer connect/);
    assert.match(src, /replaceCa: true/);
  });
});
