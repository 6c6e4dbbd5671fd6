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
  ? readdirSync(suiteDir)
      .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
      .map((f) => `${suiteDir}/${f}`)
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

// The CLI starts for every `check` in CI, so its bundle keeps out what only `certs`
// needs: the X.509 stack (@peculiar/x509, asn1js, reflect-metadata, tsyringe, about
// half of the code) is a bundle of its own, dist/cli-x509.js, required when the
// `certs` command first uses it (the command modules are loaded on demand, see
// server/src/cli/commands.ts). The client and the server bundle it as usual.
const x509Split = {
  name: 'cli-x509-split',
  setup(build) {
    build.onResolve({ filter: /[\\/]x509lib$/ }, (args) => (args.importer.endsWith('x509lib.ts') ? undefined : { path: './cli-x509.js', external: true }));
  },
};
const cliOptions = {
  ...options,
  entryPoints: entries.filter((e) => e.out === 'cli'),
  plugins: [x509Split],
  // Minified in every build: the start-up cost is mostly compiling the bundle, and a
  // minified one compiles faster (stack traces map back through the source map).
  minify: true,
};
const x509Options = {
  ...options,
  entryPoints: [{ in: 'server/src/certs/x509lib.ts', out: 'cli-x509' }],
};
const builds = [
  { ...options, entryPoints: entries.filter((e) => e.out !== 'cli') },
  ...(entries.some((e) => e.out === 'cli') ? [cliOptions, x509Options] : []),
  ...(suiteEntries.length ? [suiteOptions] : []),
];
if (watch) {
  for (const o of builds) await (await esbuild.context(o)).watch();
} else {
  await Promise.all(builds.map((o) => esbuild.build(o)));
}
