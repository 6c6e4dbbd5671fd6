// Bundles the extension client, the language server and the CLI into dist/,
// and the VS Code integration suite (test/suite) into out/test/suite.
// Type-checking is separate (`npm run typecheck`); esbuild only strips types.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli/main.ts', out: 'cli-main' },
].filter((e) => existsSync(e.in));

// The key catalogue (server/src/emqx/keyCatalogue.json, 120 KB, and EMQX's key
// descriptions, keyDescriptions.json, 230 KB) is not compiled into the CLI and server
// bundles: both ship beside them in dist/, and emqx/catalogue.ts requires each on
// first use (the descriptions only for hovers and completion). Node reads a required
// JSON file with one JSON.parse, several times faster than V8 compiles and runs the
// same data as an object literal in the bundle, and a command that never asks about a
// key (the CLI's --version) reads neither. The .vsix packages both (.vscodeignore); a
// bundle finds them relative to itself, whatever the working folder.
const CATALOGUE_FILES = ['keyCatalogue.json', 'keyDescriptions.json'];
const catalogueBeside = {
  name: 'key-catalogue-beside',
  setup(build) {
    build.onResolve({ filter: /[\\/]key(Catalogue|Descriptions)\.json$/ }, (args) => ({ path: `./${args.path.split(/[\\/]/).pop()}`, external: true }));
  },
};

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
  plugins: [catalogueBeside],
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

// The CLI starts for every `check` in CI, so its bundle keeps out what a check of a
// HOCON config does not run, as bundles of their own required on first use: the
// X.509 stack (@peculiar/x509, asn1js, reflect-metadata, tsyringe, about half of
// the code) in dist/cli-x509.js, for the `certs` command (the command modules are
// loaded on demand, see server/src/cli/commands.ts); the `yaml` package in
// dist/cli-yaml.js, for deployment files and the project file (deploy/yamlLib.ts
// requires it when a YAML text is first read). The client and the server bundle
// both as usual.
const cliSplit = {
  name: 'cli-split',
  setup(build) {
    build.onResolve({ filter: /[\\/]x509lib$/ }, (args) => (args.importer.endsWith('x509lib.ts') ? undefined : { path: './cli-x509.js', external: true }));
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './cli-yaml.js', external: true }));
  },
};
const cliOptions = {
  ...options,
  entryPoints: entries.filter((e) => e.out === 'cli-main'),
  plugins: [catalogueBeside, cliSplit],
  // Minified in every build: the start-up cost is mostly compiling the bundle, and a
  // minified one compiles faster (stack traces map back through the source map).
  minify: true,
};
const x509Options = {
  ...options,
  entryPoints: [{ in: 'server/src/certs/x509lib.ts', out: 'cli-x509' }],
};
const yamlOptions = {
  ...options,
  entryPoints: [{ in: createRequire(import.meta.url).resolve('yaml'), out: 'cli-yaml' }],
  minify: true,
};
// The program file dist/cli.js is server/src/cli/start.ts: it runs dist/cli-main.js (the
// bundle above) with V8's code cache, which it keys by the bundle's SHA-256, written
// into it here once the bundle is built (a watch build keeps the first one; the cache
// key also holds the bundle's size and modification time).
const startOptions = (mainSha256) => ({
  ...options,
  entryPoints: [{ in: 'server/src/cli/start.ts', out: 'cli' }],
  define: { CLI_MAIN_SHA256: JSON.stringify(mainSha256) },
});
const hasCli = entries.some((e) => e.out === 'cli-main');
const builds = [{ ...options, entryPoints: entries.filter((e) => e.out !== 'cli-main') }, ...(hasCli ? [cliOptions, x509Options, yamlOptions] : []), ...(suiteEntries.length ? [suiteOptions] : [])];
mkdirSync('dist', { recursive: true });
for (const f of CATALOGUE_FILES) copyFileSync(`server/src/emqx/${f}`, `dist/${f}`);
const mainSha256 = () => createHash('sha256').update(readFileSync('dist/cli-main.js')).digest('hex');
if (watch) {
  for (const o of builds) await (await esbuild.context(o)).watch();
  if (hasCli) await (await esbuild.context(startOptions(mainSha256()))).watch();
} else {
  await Promise.all(builds.map((o) => esbuild.build(o)));
  if (hasCli) await esbuild.build(startOptions(mainSha256()));
}
