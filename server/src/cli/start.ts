/**
 * The CLI's program file (dist/cli.js, what `node dist/cli.js` and the bin shim
 * run): it runs the bundle of the CLI (dist/cli-main.js) with V8's code cache.
 *
 * Most of a `check`'s own time is V8 compiling the bundle and then each function
 * the first time it runs. After a run, the code V8 compiled is saved in the
 * user's cache folder (one file per command and build, see cacheFile); the next run of the
 * command hands it back to V8 with the source and skips that work. This is
 * Node's module compile cache (`module.enableCompileCache`, Node 22.1 and later)
 * done with `vm.Script`, which Node 20 has, and it saves also the functions
 * compiled while the command ran, not only the top level.
 *
 * The cache is an optimisation that never changes a result: a file is used only
 * when its first line names this very bundle (a hash of its text taken at build
 * time, its size and its modification time), V8 checks the rest (its own version,
 * its flags) and compiles from the source when the data does not fit. Nothing is
 * written outside the cache folder, and any failure to read or write it is
 * silent. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 *
 * The parts of the CLI the main bundle requires on first use (dist/cli-deploy.js,
 * cli-yaml.js, cli-certs.js, cli-x509.js, …: see scripts/build.mjs) go through the
 * same cache, each in a file of its own for the command.
 */
// Plain requires: a namespace import would copy every export of each module into an object of its own at start.
import fs = require('fs');
import path = require('path');
import vm = require('vm');

/** Set by scripts/build.mjs: the SHA-256 of dist/cli-main.js, as built with this file. */
declare const CLI_MAIN_SHA256: string;

const COMMANDS = new Set(['check', 'resolve', 'certs', 'ports']);

/** The folder for caches the OS gives a user: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
function cacheDir(): string | undefined {
  const env = process.env;
  if (process.platform === 'win32') return env.LOCALAPPDATA || undefined;
  if (process.platform === 'darwin') return env.HOME ? path.join(env.HOME, 'Library', 'Caches') : undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  return env.HOME ? path.join(env.HOME, '.cache') : undefined;
}

/** How many cache files of one command are kept: this build's and those of a few other installed builds. */
const KEEP_PER_COMMAND = 3;

/**
 * Where the cached code of a bundle for this run's command lives: one file per command (a
 * `--version` run must not leave a cache without `check`'s functions in it), per
 * build of the bundle (two installed versions, a global and a project one, must
 * not replace each other's cache at every run), per Node version and architecture.
 * A part the main bundle loads on first use (`cli-deploy`) has a file of its own beside
 * the command's (`cli-check.cli-deploy-…`), kept and pruned as the command's is.
 */
function cacheFile(bundle: string): { readonly dir: string; readonly prefix: string; readonly name: string } | undefined {
  const root = cacheDir();
  if (!root) return undefined;
  const first = process.argv[2];
  const command = `cli-${first && COMMANDS.has(first) ? first : 'other'}`;
  const prefix = bundle === 'cli-main' ? `${command}-` : `${command}.${bundle}-`;
  return { dir: path.join(root, 'emqx-cluster-security'), prefix, name: `${prefix}${CLI_MAIN_SHA256.slice(0, 16)}-${process.version}-${process.arch}.v8cache` };
}

/** Removes the oldest cache files of the command beyond KEEP_PER_COMMAND (builds since replaced). */
function prune(dir: string, prefix: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.v8cache'))
    .map((f) => ({ f, mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of files.slice(KEEP_PER_COMMAND)) fs.rmSync(path.join(dir, f), { force: true });
}

/**
 * The bundle's text as a CommonJS module function, as Node's `Module.wrap` makes it
 * (the same text, so that stack positions match): written out here because requiring
 * `module` for it alone loads Node's module loader API (about half a millisecond per run).
 */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

type ModuleFunction = (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void;

/**
 * Compiles one of the CLI's bundles beside this file (`cli-main`, or a part it loads on
 * first use) with its cached code when there is a cache that fits, and arranges for the
 * cache to be written at exit when there was none or V8 rejected it.
 */
function compile(bundle: string): { readonly filename: string; readonly fn: ModuleFunction } {
  const filename = path.join(__dirname, `${bundle}.js`);
  const source = fs.readFileSync(filename, 'utf8');
  const where = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFile(bundle);
  const file = where && path.join(where.dir, where.name);
  let key = '';
  let cached: Buffer | undefined;
  if (file) {
    try {
      key = `${CLI_MAIN_SHA256} ${source.length} ${fs.statSync(filename).mtimeMs}\n`;
      const data = fs.readFileSync(file);
      const head = Buffer.byteLength(key);
      if (data.length > head && data.toString('latin1', 0, head) === key) cached = data.subarray(head);
    } catch {
      // No cache yet, or it cannot be read: compile from the source.
    }
  }
  const script = new vm.Script(wrap(source), { filename, cachedData: cached });
  if (where && file && (cached === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(where.dir, { recursive: true });
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
        fs.renameSync(tmp, file);
        prune(where.dir, where.prefix);
      } catch {
        // A read-only or full cache folder: the next run compiles from the source again.
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // Nothing written.
        }
      }
    });
  }
  return { filename, fn: script.runInThisContext() as ModuleFunction };
}

/** A part of the CLI the bundles require by its file name (`./cli-deploy.js`, `./cli-yaml.js`); not this file or the main bundle. */
const PART = /^\.\/(cli-[a-z0-9-]+)\.js$/;

/**
 * The `require` the bundles run with: Node's own, relative to this folder, except for the
 * CLI's parts, which are compiled through the code cache as the main bundle is, and
 * registered as modules of their own (in `require.cache`, loaded once).
 */
function bundleRequire(): NodeJS.Require {
  const own = ((id: string): unknown => {
    const part = PART.exec(id)?.[1];
    if (!part || part === 'cli-main') return require(id);
    const filename = path.join(__dirname, `${part}.js`);
    const known = require.cache[filename];
    if (known) return known.exports;
    // Required only here: a check of config files alone loads no part, and no `module` either.
    const { Module } = require('module') as { Module: new (id: string, parent: NodeJS.Module) => NodeJS.Module };
    const mod = new Module(filename, module);
    mod.filename = filename;
    require.cache[filename] = mod;
    try {
      const { fn } = compile(part);
      fn.call(mod.exports, mod.exports, own, mod, filename, __dirname);
    } catch (e) {
      delete require.cache[filename];
      throw e;
    }
    mod.loaded = true;
    return mod.exports;
  }) as NodeJS.Require;
  own.main = require.main;
  own.cache = require.cache;
  own.resolve = require.resolve;
  own.extensions = require.extensions;
  return own;
}

function run(): void {
  const { filename, fn } = compile('cli-main');
  // The bundle runs as this module, so `require.main === module` holds when it is the
  // program, and it requires the files beside it (cli-deploy.js, keyCatalogue.json) as
  // this module does: from this folder.
  fn.call(module.exports, module.exports, bundleRequire(), module, filename, __dirname);
}

run();
