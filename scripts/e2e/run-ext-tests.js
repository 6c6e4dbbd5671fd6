#!/usr/bin/env node
// Runs the extension's integration suite (the module at extensionTestsPath, as
// @vscode/test-electron would) inside code-server's Node extension host, and
// exits with the suite's exit code: 0 pass, 1 fail, 2 no result.
//
// How: the web workbench reads `payload` from its URL; the pairs
// extensionDevelopmentPath / extensionTestsPath (vscode-remote:// URIs) make it
// load the extension from its folder and run the tests in the remote extension
// host. When they finish, the workbench calls window.codeAutomationExit(code),
// which Playwright exposes here before the page loads.
//
// usage: scripts/e2e/run-ext-tests.js EXTENSION_DIR TESTS_MODULE WORKSPACE
// env:   CS_URL (default http://127.0.0.1:8765), CHROMIUM (default /usr/bin/chromium),
//        TEST_TIMEOUT_MS (default 600000; bounds a hung run only), VERBOSE=1 (workbench chatter too)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { chromium } = require('playwright-core');

const [extDir, testsModule, workspace] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!extDir || !testsModule || !workspace) {
  console.error('usage: run-ext-tests.js EXTENSION_DIR TESTS_MODULE WORKSPACE');
  process.exit(2);
}
const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 600000);
// Workbench chatter that is not test output (shown with VERBOSE=1).
const NOISE =
  /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Failed to load resource|The web worker|An iframe|Overwriting extension|Ignoring fetching additional builtin)/;

async function main() {
  const authority = new URL(CS_URL).host; // code-server's remote authority is the page's host:port
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extDir)],
    ['extensionTestsPath', remote(testsModule)],
  ];
  const url = `${CS_URL}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    // The extension host's console output (mocha's reporter) reaches the page as
    // console messages from the workbench's log service: print them, formatted.
    page.on('console', async (msg) => {
      let args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => '')));
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2); // drop "%c LEVEL", "color: ..."
      const line = util.format(...args);
      if (!line.trim()) return;
      if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
    });
    let resolveExit;
    const exitCode = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIMEOUT);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`no result from the extension host within ${TIMEOUT} ms`);
      return 2;
    }
    return code;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 2;
  },
);
