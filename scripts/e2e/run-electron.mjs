// `npm run test:electron`: the same integration suite (out/test/suite, built by
// scripts/build.mjs) in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code. CI uses code-server instead
// (scripts/e2e.sh), because this download is impossible there.
// env: VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 embeds)
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = mkdtempSync(path.join(tmpdir(), 'emqx-suite-'));
cpSync(path.join(root, 'test/suite/fixtures/workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`integration suite failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
