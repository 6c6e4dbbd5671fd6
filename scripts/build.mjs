// Bundles the extension client, the language server and the CLI into dist/,
// and the VS Code integration suite (test/suite) into out/test/suite.
// Type-checking is separate (`npm run typecheck`); esbuild only strips types.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
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

// The CLI starts for every `check` in CI, and most of a start is V8 compiling the bundle, so
// dist/cli-main.js keeps out what a check of HOCON configs does not run, as bundles of their
// own required on first use:
// - the X.509 stack (@peculiar/x509, asn1js, reflect-metadata, tsyringe) in dist/cli-x509.js,
//   and the `yaml` package in dist/cli-yaml.js (deploy/yamlLib.ts requires it when a YAML text
//   is first read): libraries, bundled whole;
// - parts of the CLI itself (CLI_CHUNKS): the commands other than `check` (commands.ts requires
//   a command's module when it runs) and the readers of deployment files (check.ts requires
//   deploy/sources.ts when there is one to read). Such a part's source is required, never
//   imported, by the code in the main bundle; the build maps that require to the part's file.
//   A part shares the main bundle's instances of the modules both use (one message table, one
//   key catalogue, the same classes): the main bundle hands them out by source path
//   (the `cli-host-modules` module of its entry) and the part's bundle takes them from there instead of bundling copies.
//   Modules that only parts use are bundled into each part that uses them.
// - the Chinese message tables (server/l10n/*.zh-cn.json), required from dist/l10n/ by
//   l10n.ts only under a Chinese locale; the server bundles them as usual.
// The client and the server bundle everything as usual.
const CLI_CHUNKS = [
  { entry: 'server/src/cli/certs.ts', out: 'cli-certs' },
  { entry: 'server/src/cli/ports.ts', out: 'cli-ports' },
  { entry: 'server/src/cli/resolve.ts', out: 'cli-resolve' },
  { entry: 'server/src/deploy/sources.ts', out: 'cli-deploy' },
];
const root = process.cwd();
const relPath = (p) => path.relative(root, p).split(path.sep).join('/');
const chunkOf = new Map(CLI_CHUNKS.map((c) => [path.resolve(c.entry), c]));
const L10N_TABLES = readdirSync('server/l10n').filter((f) => f.endsWith('.zh-cn.json'));
// What the CLI reads of package.json (its version; the repository for rule links in SARIF), not the extension's manifest.
const cliPackage = (({ version, repository, homepage }) => ({ version, repository, homepage }))(JSON.parse(readFileSync('package.json', 'utf8')));

/** The global through which a build's main bundle hands its modules to its parts (one key per build of the sources). */
const hostKey = (buildId) => `Symbol.for(${JSON.stringify(`emqx-cluster-security.cli-modules.${buildId}`)})`;

/** The libraries and side files every CLI bundle leaves outside itself. */
const cliSideFiles = {
  name: 'cli-side-files',
  setup(build) {
    build.onResolve({ filter: /[\\/]x509lib$/ }, (args) => (args.importer.endsWith('x509lib.ts') ? undefined : { path: './cli-x509.js', external: true }));
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './cli-yaml.js', external: true }));
    build.onResolve({ filter: /[\\/]l10n[\\/][\w-]+\.zh-cn\.json$/ }, (args) => ({ path: `./l10n/${args.path.split(/[\\/]/).pop()}`, external: true }));
    // `import * as fs from 'fs'` in each of a dozen modules would copy every export of the module once per
    // importer at start: they share one namespace instead.
    build.onResolve({ filter: /^(node:)?(fs|path)$/ }, (args) =>
      args.namespace === 'cli-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'cli-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'cli-builtin' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};\n`, loader: 'js' }));
    build.onResolve({ filter: /^(\.\.\/)+package\.json$/ }, () => ({ path: 'package.json', namespace: 'cli-package' }));
    build.onLoad({ filter: /.*/, namespace: 'cli-package' }, () => ({ contents: JSON.stringify(cliPackage), loader: 'json' }));
  },
};

/** Resolves an import as esbuild would, past the plugin that asks. */
const SKIP = Symbol('resolve past cli plugins');
async function resolveOwn(build, args) {
  if (args.pluginData === SKIP || !args.path.startsWith('.')) return undefined;
  const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: SKIP });
  return r.errors.length > 0 || r.external ? undefined : r.path;
}

/** The main bundle: a part's source, required, is the part's file. `host`: the modules it hands out. */
const cliMainSplit = (host, buildId) => ({
  name: 'cli-main-split',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      const resolved = await resolveOwn(build, args);
      const chunk = resolved && chunkOf.get(resolved);
      if (!chunk) return undefined;
      if (args.kind !== 'require-call')
        return { errors: [{ text: `${relPath(args.importer)} imports ${chunk.entry}, which the CLI loads on first use (${chunk.out}.js): require it where it is needed` }] };
      return { path: `./${chunk.out}.js`, external: true };
    });
    // The entry: the modules handed out to the parts, then the CLI itself.
    build.onResolve({ filter: /^cli-entry$/ }, () => ({ path: 'cli-entry', namespace: 'cli-entry' }));
    build.onLoad({ filter: /^cli-entry$/, namespace: 'cli-entry' }, () => ({
      resolveDir: root,
      contents: `import "cli-host-modules";\nimport "./server/src/cli/main.ts";\n`,
    }));
    build.onResolve({ filter: /^cli-host-modules$/ }, () => ({ path: 'cli-host-modules', namespace: 'cli-entry' }));
    build.onLoad({ filter: /^cli-host-modules$/, namespace: 'cli-entry' }, () => ({
      resolveDir: root,
      contents:
        [...host].map((m, i) => `import * as m${i} from ${JSON.stringify(`./${m}`)};\n`).join('') +
        `const modules = {\n${[...host].map((m, i) => `  ${JSON.stringify(m)}: m${i},\n`).join('')}};\n` +
        `globalThis[${hostKey(buildId)}] = (id) => modules[id];\n`,
    }));
  },
});

/** A part: the modules the main bundle has (`main`, source paths) are taken from it; `used` collects those. */
const cliChunkHost = (main, used, buildId) => ({
  name: 'cli-chunk-host',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      const resolved = await resolveOwn(build, args);
      if (!resolved || !main.has(relPath(resolved))) return undefined;
      used.add(relPath(resolved));
      return { path: relPath(resolved), namespace: 'cli-host' };
    });
    build.onLoad({ filter: /.*/, namespace: 'cli-host' }, (args) => ({ contents: `module.exports = globalThis[${hostKey(buildId)}](${JSON.stringify(args.path)});\n`, loader: 'js' }));
  },
});

const cliOptions = {
  ...options,
  entryPoints: [{ in: 'cli-entry', out: 'cli-main' }],
  plugins: [catalogueBeside, cliSideFiles],
  // Minified in every build: the start-up cost is mostly compiling the bundle, and a
  // minified one compiles faster (stack traces map back through the source map).
  minify: true,
};
const chunkOptions = (chunk) => ({ ...cliOptions, entryPoints: [{ in: chunk.entry, out: chunk.out }] });

/**
 * The CLI's bundles: the main bundle's modules first (built without writing), then each part
 * taking what it can from them, then the main bundle handing those out.
 */
async function buildCliBundles() {
  const probe = await esbuild.build({ ...cliOptions, plugins: [...cliOptions.plugins, cliMainSplit(new Set(), '')], write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const main = new Set(Object.keys(probe.metafile.inputs).filter((f) => /^server\/src\//.test(f)));
  const hash = createHash('sha256');
  for (const f of [...main].sort()) hash.update(`${f}\0`).update(readFileSync(f)).update('\0');
  const buildId = hash.digest('hex').slice(0, 16);
  const host = new Set();
  await Promise.all(CLI_CHUNKS.map((c) => esbuild.build({ ...chunkOptions(c), plugins: [...cliOptions.plugins, cliChunkHost(main, host, buildId)] })));
  await esbuild.build({ ...cliOptions, plugins: [...cliOptions.plugins, cliMainSplit([...host].sort(), buildId)] });
}

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
const builds = [{ ...options, entryPoints: entries.filter((e) => e.out !== 'cli-main') }, ...(hasCli ? [x509Options, yamlOptions] : []), ...(suiteEntries.length ? [suiteOptions] : [])];
mkdirSync('dist', { recursive: true });
for (const f of CATALOGUE_FILES) copyFileSync(`server/src/emqx/${f}`, `dist/${f}`);
if (hasCli) {
  mkdirSync('dist/l10n', { recursive: true });
  for (const f of L10N_TABLES) copyFileSync(`server/l10n/${f}`, `dist/l10n/${f}`);
}
const mainSha256 = () => createHash('sha256').update(readFileSync('dist/cli-main.js')).digest('hex');
if (watch) {
  // The CLI's bundles are built in steps (see buildCliBundles), not by one esbuild context: a watch
  // build follows the sources of the main bundle and of each part with contexts that write nothing,
  // and builds the CLI's bundles again after a change that builds without errors.
  let queued = false;
  let cliBuilds = Promise.resolve();
  const cliAgain = {
    name: 'cli-again',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0 || queued) return;
        queued = true;
        cliBuilds = cliBuilds
          .then(() => {
            queued = false;
            return buildCliBundles();
          })
          .catch((e) => console.error(`CLI bundles: ${e.message}`));
      });
    },
  };
  for (const o of builds) await (await esbuild.context(o)).watch();
  if (hasCli) {
    await buildCliBundles();
    await (await esbuild.context(startOptions(mainSha256()))).watch();
    const follow = { write: false, sourcemap: false, logLevel: 'silent' };
    await (await esbuild.context({ ...cliOptions, ...follow, plugins: [...cliOptions.plugins, cliMainSplit(new Set(), ''), cliAgain] })).watch();
    for (const c of CLI_CHUNKS) await (await esbuild.context({ ...chunkOptions(c), ...follow, plugins: [...cliOptions.plugins, cliAgain] })).watch();
  }
} else {
  await Promise.all([...builds.map((o) => esbuild.build(o)), ...(hasCli ? [buildCliBundles()] : [])]);
  if (hasCli) await esbuild.build(startOptions(mainSha256()));
}
