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
 * Where the cached code of this run's command lives: one file per command (a
 * `--version` run must not leave a cache without `check`'s functions in it), per
 * build of the bundle (two installed versions, a global and a project one, must
 * not replace each other's cache at every run), per Node version and architecture.
 */
function cacheFile(): { readonly dir: string; readonly prefix: string; readonly name: string } | undefined {
  const root = cacheDir();
  if (!root) return undefined;
  const first = process.argv[2];
  const prefix = `cli-${first && COMMANDS.has(first) ? first : 'other'}-`;
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

function run(): void {
  const main = path.join(__dirname, 'cli-main.js');
  const source = fs.readFileSync(main, 'utf8');
  const where = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFile();
  const file = where && path.join(where.dir, where.name);
  let key = '';
  let cached: Buffer | undefined;
  if (file) {
    try {
      key = `${CLI_MAIN_SHA256} ${source.length} ${fs.statSync(main).mtimeMs}\n`;
      const data = fs.readFileSync(file);
      const head = Buffer.byteLength(key);
      if (data.length > head && data.toString('latin1', 0, head) === key) cached = data.subarray(head);
    } catch {
      // No cache yet, or it cannot be read: compile from the source.
    }
  }
  const script = new vm.Script(wrap(source), { filename: main, cachedData: cached });
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
  // The bundle runs as this module, so `require.main === module` holds when it is the
  // program, and it requires the files beside it (cli-x509.js, keyCatalogue.json) as
  // this module does: from this folder.
  const wrapper = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, require, module, main, __dirname);
}

run();
