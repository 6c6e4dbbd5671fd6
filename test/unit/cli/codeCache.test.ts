/**
 * The CLI's code cache (server/src/cli/start.ts): a run saves the code V8 compiled
 * in the user's cache folder, one file per command, and the next run of the command
 * uses it. The cache never changes what the CLI prints or its exit code: a run with
 * the cache, without it (NODE_DISABLE_COMPILE_CACHE=1), with a cache file of another
 * build or with damaged data, and with a cache folder that cannot be written all give
 * the same output byte for byte. Nothing is written into the working folder.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, tempDir, CLI } from './harness';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runWith(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('CLI: the code cache', function () {
  this.timeout(120000);
  let work: string;
  let cache: string;
  const main = path.join(path.dirname(CLI), 'cli-main.js');
  const sha256 = () => createHash('sha256').update(fs.readFileSync(main)).digest('hex');
  const cacheFile = (command: string) => path.join(cache, 'emqx-cluster-security', `cli-${command}-${sha256().slice(0, 16)}-${process.version}-${process.arch}.v8cache`);
  /** The first line of a cache file: the bundle's SHA-256, its size and its modification time. */
  const bundleKey = () => `${sha256()} ${fs.readFileSync(main, 'utf8').length} ${fs.statSync(main).mtimeMs}\n`;

  before(() => buildCli());

  beforeEach(() => {
    work = tempDir('cache-work');
    cache = tempDir('cache-home');
    // A default cookie (a warning) and a misspelt key EMQX refuses to start with (an error: exit 1).
    fs.writeFileSync(path.join(work, 'emqx.conf'), 'node {\n  name = "emqx@10.0.0.1"\n  cookie = "emqxsecretcookie"\n  cookei = "x"\n}\n');
  });

  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('a check writes its cache in the cache folder, uses it next time, and prints the same either way', () => {
    const env = { XDG_CACHE_HOME: cache, HOME: cache };
    const reference = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(reference.code, 1, reference.stderr);
    assert.match(reference.stdout, /cookie-default/);
    assert.match(reference.stdout, /unknown-key/);
    assert.deepEqual(filesUnder(cache), [], 'NODE_DISABLE_COMPILE_CACHE=1 wrote a cache');

    const first = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env);
    assert.deepEqual(first, reference);
    const written = fs.readFileSync(cacheFile('check'));
    const key = bundleKey();
    assert.equal(written.toString('latin1', 0, Buffer.byteLength(key)), key);
    assert.ok(written.length > 100_000, `${written.length} bytes of cached code`);

    const ino = fs.statSync(cacheFile('check')).ino;
    const second = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env);
    assert.deepEqual(second, reference);
    // Used, not rewritten (a new cache would be renamed into place: another inode).
    assert.equal(fs.statSync(cacheFile('check')).ino, ino);
    assert.ok(fs.readFileSync(cacheFile('check')).equals(written));
    // Other commands keep files of their own; nothing lands in the working folder.
    const version = runWith(['--version'], work, env);
    assert.equal(version.code, 0);
    assert.deepEqual(filesUnder(cache), [path.relative(cache, cacheFile('check')), path.relative(cache, cacheFile('other'))].sort());
    assert.deepEqual(filesUnder(work), ['emqx.conf']);
  });

  it('keeps the parts a check loads on first use (the deployment readers, the YAML parser) in files of their own, and uses them next time', () => {
    const env = { XDG_CACHE_HOME: cache, HOME: cache };
    fs.writeFileSync(
      path.join(work, 'docker-compose.yml'),
      'services:\n  emqx1:\n    image: emqx/emqx:5.8.9\n    hostname: node1.emqx.io\n    environment:\n      EMQX_NODE__NAME: emqx@node1.emqx.io\n      EMQX_NODE__COOKIE: emqxsecretcookie\n',
    );
    const reference = runWith(['check', '.', '--format', 'json'], work, { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(reference.code, 1, reference.stderr);
    // Findings on the compose file's lines: the deployment readers ran.
    assert.ok(
      (JSON.parse(reference.stdout) as Array<{ file: string; ruleId: string }>).some((f) => f.file === 'docker-compose.yml' && f.ruleId === 'cookie-default'),
      reference.stdout,
    );
    assert.deepEqual(filesUnder(cache), [], 'NODE_DISABLE_COMPILE_CACHE=1 wrote a cache');

    assert.deepEqual(runWith(['check', '.', '--format', 'json'], work, env), reference);
    const partFile = (part: string) => cacheFile('check').replace(/cli-check-/, `cli-check.${part}-`);
    const files = [cacheFile('check'), partFile('cli-deploy'), partFile('cli-yaml')];
    assert.deepEqual(filesUnder(cache), files.map((f) => path.relative(cache, f)).sort());
    const part = path.join(path.dirname(CLI), 'cli-deploy.js');
    const partKey = `${sha256()} ${fs.readFileSync(part, 'utf8').length} ${fs.statSync(part).mtimeMs}\n`;
    assert.equal(fs.readFileSync(partFile('cli-deploy')).toString('latin1', 0, Buffer.byteLength(partKey)), partKey);

    const inodes = files.map((f) => fs.statSync(f).ino);
    assert.deepEqual(runWith(['check', '.', '--format', 'json'], work, env), reference);
    // Used, not rewritten.
    assert.deepEqual(
      files.map((f) => fs.statSync(f).ino),
      inodes,
    );
    // Damaged data of a part is replaced, and changes nothing.
    fs.writeFileSync(partFile('cli-deploy'), Buffer.concat([Buffer.from(partKey), Buffer.alloc(4096, 0x5a)]));
    assert.deepEqual(runWith(['check', '.', '--format', 'json'], work, env), reference);
    assert.ok(fs.statSync(partFile('cli-deploy')).size > 10_000);
  });

  it('ignores and replaces a cache file of another build or with damaged data', () => {
    const env = { XDG_CACHE_HOME: cache, HOME: cache };
    const reference = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9', '--format', 'json'], work, { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(reference.code, 1, reference.stderr);
    fs.mkdirSync(path.dirname(cacheFile('check')), { recursive: true });
    const key = bundleKey();

    // Another build's cache: the key differs.
    runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env);
    const valid = fs.readFileSync(cacheFile('check'));
    fs.writeFileSync(cacheFile('check'), Buffer.concat([Buffer.from(`${'0'.repeat(64)} 1 1\n`), valid.subarray(Buffer.byteLength(key))]));
    assert.deepEqual(runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9', '--format', 'json'], work, env), reference);
    assert.equal(fs.readFileSync(cacheFile('check')).toString('latin1', 0, Buffer.byteLength(key)), key);

    // The right key over data V8 rejects.
    fs.writeFileSync(cacheFile('check'), Buffer.concat([Buffer.from(key), Buffer.alloc(4096, 0x5a)]));
    assert.deepEqual(runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9', '--format', 'json'], work, env), reference);
    const rewritten = fs.readFileSync(cacheFile('check'));
    assert.ok(rewritten.length > 100_000 && rewritten.toString('latin1', 0, Buffer.byteLength(key)) === key);
  });

  it('keeps the caches of a few builds per command and removes older ones', () => {
    const env = { XDG_CACHE_HOME: cache, HOME: cache };
    const dir = path.join(cache, 'emqx-cluster-security');
    fs.mkdirSync(dir, { recursive: true });
    // Caches of four earlier builds, written an hour, two, three and four hours ago, and one of `ports`.
    const older = [1, 2, 3, 4].map((h) => {
      const f = `cli-check-${String(h).repeat(16)}-${process.version}-${process.arch}.v8cache`;
      fs.writeFileSync(path.join(dir, f), 'old');
      const when = new Date(Date.now() - h * 3600_000);
      fs.utimesSync(path.join(dir, f), when, when);
      return f;
    });
    const ports = `cli-ports-${'9'.repeat(16)}-${process.version}-${process.arch}.v8cache`;
    fs.writeFileSync(path.join(dir, ports), 'old');
    fs.utimesSync(path.join(dir, ports), new Date(0), new Date(0));
    const r = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(cacheFile('check')), older[0], older[1], ports].sort());
  });

  it('runs as usual, silently, when the cache folder cannot be written', () => {
    const blocked = path.join(cache, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the cache folder would be');
    const env = { XDG_CACHE_HOME: blocked, HOME: blocked };
    const reference = runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(reference.code, 1);
    assert.deepEqual(runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env), reference);
    assert.deepEqual(runWith(['check', 'emqx.conf', '--emqx-version', '5.8.9'], work, env), reference);
    assert.deepEqual(filesUnder(cache), ['not-a-folder']);
    assert.deepEqual(filesUnder(work), ['emqx.conf']);
  });
});
