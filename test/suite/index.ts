/**
 * Entry point of the integration suite, loaded by a real VS Code extension
 * host: code-server's (scripts/e2e/run-ext-tests.js, CI) or desktop VS Code's
 * (@vscode/test-electron, `npm run test:electron`). VS Code calls run() and
 * turns a resolved promise into exit code 0, a rejected one into 1. It must
 * not call process.exit(): a server extension host blocks it.
 *
 * scripts/build.mjs bundles this file and every *.test.ts beside it to
 * out/test/suite/*.js; mocha comes from node_modules at run time.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec' });
  const grep = process.env.EMQX_SUITE_GREP;
  if (grep) mocha.grep(grep);
  // A restricted-mode window (scripts/e2e.sh starts one with workspace trust on) runs
  // the untrusted suite only; a trusted window runs everything else.
  const untrusted = !vscode.workspace.isTrusted;
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (f === 'untrusted.test.js') === untrusted);
  for (const f of files.sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      const summary = `integration suite: ${passes} passed, ${failures} failed, ${pending} skipped`;
      console.log(summary);
      if (failures) reject(new Error(summary));
      else resolve();
    });
  });
}
