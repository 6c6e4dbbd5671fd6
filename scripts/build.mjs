// Bundles the extension client, the language server and the CLI into dist/,
// and the VS Code integration suite (test/suite) into out/test/suite.
// Type-checking is separate (`npm run typecheck`); esbuild only strips types.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli/main.ts', out: 'cli' },
].filter((e) => existsSync(e.in));

const options = {
  entryPoints: entries,
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// The integration suite runs inside a VS Code extension host (code-server in CI,
// @vscode/test-electron elsewhere), which loads plain JS: one bundle per test
// file plus index.js, whose run() hands the files to mocha. mocha itself stays
// external and is required from node_modules at run time.
const suiteDir = 'test/suite';
const suiteEntries = existsSync(suiteDir)
  ? readdirSync(suiteDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => `${suiteDir}/${f}`)
  : [];
const suiteOptions = {
  entryPoints: suiteEntries,
  bundle: true,
  outdir: 'out/test/suite',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
};

const builds = [options, ...(suiteEntries.length ? [suiteOptions] : [])];
if (watch) {
  for (const o of builds) await (await esbuild.context(o)).watch();
} else {
  await Promise.all(builds.map((o) => esbuild.build(o)));
}
