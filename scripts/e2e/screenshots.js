#!/usr/bin/env node
// Takes the README's screenshots from a real VS Code (code-server) running the
// packaged extension on a copy of examples/: one picture per feature.
//   diagnostics.png   insecure/etc/emqx.conf with its findings in the Problems panel
//   port-hover.png    the hover on a node name: offset, distribution and RPC ports, firewall rule
//   quick-fix.png     Ctrl+. on the default cookie: the fixes offered
//   cluster.png       a three-node cluster where node 3 disagrees (cross-file findings)
//   certificates.png  "EMQX: Generate Cluster Certificates" asking its first question
// Run through scripts/e2e/screenshots.sh (npm run screenshots), which starts code-server.
// env: CS_URL, WORKSPACE (the examples copy), OUT_DIR (default docs/images), CHROMIUM
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WORKSPACE = path.resolve(process.env.WORKSPACE || 'examples');
const OUT_DIR = path.resolve(process.env.OUT_DIR || 'docs/images');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const W = 1280;
const H = 760;

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: W, height: H },
    deviceScaleFactor: 1,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(45000);
  const written = [];
  const shot = async (name, clip) => {
    const file = path.join(OUT_DIR, name);
    await page.waitForTimeout(400); // let fade-in animations finish, so the picture is not half transparent
    await page.screenshot({ path: file, clip });
    written.push(file);
  };
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const openFile = async (rel, marker) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(rel);
    // Wait for the search result itself (its row shows the folder), not a recently opened file.
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.dirname(rel) }).first();
    await row.waitFor();
    await row.click();
    await editor.locator('.view-lines', { hasText: marker }).waitFor();
  };
  const token = (lineText, tokenText) => editor.locator('.view-line', { hasText: lineText }).first().locator('span span', { hasText: tokenText }).last();

  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'insecure' }).waitFor();
    await page.locator('.monaco-workbench').click({ position: { x: W / 2, y: H / 2 } });

    // 1. Findings in the editor and the Problems panel.
    await openFile('insecure/etc/emqx.conf', 'emqxsecretcookie');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'cookie-default' }).first().waitFor();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'rpc-unknown-key' }).first().waitFor();
    await shot('diagnostics.png');

    // 2. Port hover on the node name.
    const name = token('emqx1@10.0.1.1', 'emqx1@10.0.1.1');
    const box = await name.boundingBox();
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.mouse.move(box.x + 16, box.y + box.height / 2);
    await page.locator('.monaco-hover-content', { hasText: '4371' }).first().waitFor();
    await shot('port-hover.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // 3. Quick fixes for the default cookie.
    await token('emqxsecretcookie', 'emqxsecretcookie').click();
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row:not(.group-header)').first().waitFor();
    await shot('quick-fix.png');
    await page.keyboard.press('Escape');

    // Each example is a deployment of its own; the cluster checks compare the open
    // configs, so close one example before opening the next.
    const closeAll = async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+W');
      await page
        .locator('.editor-instance .monaco-editor')
        .waitFor({ state: 'detached' })
        .catch(() => {});
    };

    // 4. A cluster: node 3 disagrees with the other two.
    await closeAll();
    await openFile('cluster/node3/emqx.conf', 'template');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: /cluster-/ })
      .first()
      .waitFor()
      .catch(() => {});
    await shot('cluster.png');

    // 5. Certificate generation from the command palette.
    await closeAll();
    await openFile('hardened/etc/emqx.conf', 'proto_dist');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>EMQX: Generate Cluster Certificates');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Generate Cluster Certificates' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: /certificates/i }).waitFor();
    await page.waitForTimeout(500);
    await shot('certificates.png');
    await page.keyboard.press('Escape');
  } catch (err) {
    await page.screenshot({ path: path.join(OUT_DIR, 'failure.png') }).catch(() => {});
    throw err;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return written;
}

main().then(
  (files) => {
    for (const f of files) console.log(`wrote ${path.relative(process.cwd(), f)}`);
  },
  (err) => {
    console.error(`screenshots failed: ${(err && err.message) || err}`);
    process.exitCode = 1;
  },
);
