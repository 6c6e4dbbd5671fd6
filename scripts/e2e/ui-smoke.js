#!/usr/bin/env node
// UI smoke test of the packaged extension in a real VS Code (code-server),
// driven like a user would with Playwright in Debian's Chromium:
//   1. open insecure/emqx.conf with Quick Open; the Problems panel lists the
//      cookie-default, rpc-plaintext and dist-plaintext findings;
//   2. hovering the node name shows its ports (4372 / 5372);
//   3. Ctrl+. on the cookie offers the quick fix; applying it removes the
//      default cookie from the editor and the finding from the Problems panel;
//   4. the EMQX commands are in the command palette, and "EMQX: Show Output"
//      opens the extension's output channel.
// On failure it saves a screenshot and prints its path. With SHOTS_ALL=1 it
// also saves one per step (scripts/e2e/screenshots.sh uses that for the README).
// Prints a JSON summary; exit 0 on success, 1 on failure.
//
// env: CS_URL (default http://127.0.0.1:8765), WORKSPACE (a copy of
//      test/suite/fixtures/workspace), SHOTS_DIR (default .e2e/shots),
//      CHROMIUM (default /usr/bin/chromium), SHOTS_ALL, VIEWPORT (WxH, default 1280x800)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WORKSPACE = path.resolve(process.env.WORKSPACE || 'test/suite/fixtures/workspace');
const SHOTS_DIR = path.resolve(process.env.SHOTS_DIR || '.e2e/shots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS_ALL = process.env.SHOTS_ALL === '1';
const [VW, VH] = (process.env.VIEWPORT || '1280x800').split('x').map(Number);
const T0 = Date.now();
const timings = {};
const results = {};
const shots = [];
const mark = (name) => {
  timings[name] = Date.now() - T0;
};
const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function main() {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  // A fresh, throw-away browser profile (Playwright wants it as userDataDir, not as an argument).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: VW, height: VH },
    deviceScaleFactor: 1,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(45000);
  const shot = async (name) => {
    const file = path.join(SHOTS_DIR, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const stepShot = (name) => (SHOTS_ALL ? shot(name) : Promise.resolve());

  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'insecure' }).waitFor();
    mark('workbench_ready_ms');

    // 1. Open the file through Quick Open (Ctrl+P), as a user would.
    await page.locator('.monaco-workbench').click({ position: { x: Math.round(VW / 2), y: Math.round(VH / 2) } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('insecure/emqx.conf');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'emqx.conf' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'emqxsecretcookie' }).waitFor();
    mark('file_open_ms');

    // Problems panel (Ctrl+Shift+M): our findings, read from the DOM.
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    for (const code of ['cookie-default', 'rpc-plaintext', 'dist-plaintext']) {
      await panel.locator('.monaco-list-row', { hasText: code }).first().waitFor();
    }
    results.problems = (await panel.locator('.monaco-list-row').allInnerTexts()).map(squash).filter(Boolean);
    mark('problems_shown_ms');
    await stepShot('problems');

    // 2. Hover the node name: its Erlang distribution and RPC ports.
    const nameLine = editor.locator('.view-line', { hasText: 'emqx2@10.0.0.2' }).first();
    const nameToken = nameLine.locator('span span', { hasText: 'emqx2@10.0.0.2' }).last();
    const box = await nameToken.boundingBox();
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.mouse.move(box.x + 14, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: '4372' }).first();
    await hover.waitFor();
    results.hover = squash(await hover.innerText());
    if (!results.hover.includes('5372')) throw new Error(`the hover shows no RPC port 5372: ${results.hover}`);
    mark('hover_shown_ms');
    await stepShot('hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // 3. Quick fix: cursor on the cookie, Ctrl+. (editor.action.quickFix), pick the fix.
    await editor.locator('.view-line', { hasText: 'emqxsecretcookie' }).first().locator('span span', { hasText: 'emqxsecretcookie' }).last().click();
    await page.keyboard.press('Control+.');
    // The action widget lists group headers ("Quick Fix") and actions; the first action has focus.
    const rows = page.locator('.action-widget .monaco-list-row:not(.group-header)');
    await rows.first().waitFor();
    const titles = (await rows.allInnerTexts()).map(squash);
    results.quickFixes = titles;
    await stepShot('quickfix');
    const index = titles.findIndex((t) => t && !/disable|suppress|documentation|learn more|show/i.test(t));
    if (index < 0) throw new Error(`no quick fix to apply among: ${titles.join(' | ')}`);
    results.quickFixApplied = titles[index];
    // Choose it with the keyboard, as a user does (the widget blocks pointer events on the editor).
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.editor-instance .view-lines')?.textContent.includes('emqxsecretcookie'));
    await panel.locator('.monaco-list-row', { hasText: 'rpc-plaintext' }).first().waitFor();
    await page.waitForFunction(() => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.textContent.includes('cookie-default')));
    mark('quick_fix_applied_ms');
    await stepShot('fixed');

    // 4. Command palette (F1): the EMQX commands; run "EMQX: Show Output".
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>EMQX:');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'EMQX: Show Output' }).first().waitFor();
    results.commands = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map(squash);
    for (const title of ['EMQX: Restart Language Server', 'EMQX: Show Output']) {
      if (!results.commands.some((c) => c.includes(title))) throw new Error(`"${title}" is not in the command palette`);
    }
    await stepShot('commands');
    await page.locator('.quick-input-widget input').fill('>EMQX: Show Output');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'EMQX: Show Output' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The output view's channel picker shows the channel's name once it is selected.
    await page
      .locator('.panel select.monaco-select-box, .panel .monaco-select-box', { hasText: 'EMQX Cluster Security' })
      .first()
      .waitFor({ state: 'attached' })
      .catch(async () => {
        await page.locator('.panel', { hasText: 'EMQX Cluster Security' }).first().waitFor();
      });
    results.outputShown = true;
    mark('command_ran_ms');
  } catch (err) {
    await shot('failure').catch(() => {});
    throw err;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    mark('total_ms');
  }
}

main().then(
  () => {
    console.log(JSON.stringify({ ok: true, results, timings, screenshots: shots }, null, 2));
  },
  (err) => {
    console.log(JSON.stringify({ ok: false, error: String((err && err.message) || err), results, timings }, null, 2));
    for (const s of shots) console.log(`screenshot: ${s}`);
    process.exitCode = 1;
  },
);
