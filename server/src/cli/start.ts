/**
 * The CLI's program file (dist/cli.js, what `node dist/cli.js` and the bin shim
 * run): it runs the bundle of the CLI (dist/cli-main.js) with V8's code cache.
 *
 * Most of a `check`'s own time is V8 compiling the bundle and then each function
 * the first time it runs. After a run, the code V8 compiled is saved in the
 * user's cache folder (one file per command, see cacheFile); the next run of the
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
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

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

/**
 * Where the cached code of this run's command lives: one file per command (a
 * `--version` run must not leave a cache without `check`'s functions in it), per
 * Node version and architecture (several Node versions may run the CLI).
 */
function cacheFile(): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const first = process.argv[2];
  const command = first && COMMANDS.has(first) ? first : 'other';
  return path.join(dir, 'emqx-cluster-security', `cli-${command}-${process.version}-${process.arch}.v8cache`);
}

function run(): void {
  const main = path.join(__dirname, 'cli-main.js');
  const source = fs.readFileSync(main, 'utf8');
  const file = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFile();
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
  const script = new vm.Script(Module.wrap(source), { filename: main, cachedData: cached });
  if (file && (cached === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
        fs.renameSync(tmp, file);
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
