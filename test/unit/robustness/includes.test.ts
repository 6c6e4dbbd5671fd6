/**
 * Include handling is safe with the real file-system reader
 * (`server/src/nodeReader.ts`) in temporary directories: include cycles are
 * reported and not followed, a huge included file is not read, an untrusted
 * workspace reads nothing at all (not even an include pointing outside the
 * workspace), and symlink loops (file loops, a directory linking to its
 * parent) end instead of recursing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileReader } from '../../../server/src/io';
import { loadConfig } from '../../../server/src/model';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { analyzeDocument } from '../../../server/src/rules/analyze';

/** Wraps a reader and records every path the core asked for. */
function spy(inner: FileReader): FileReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readText: (p) => (asked.push(p), inner.readText(p)),
    exists: (p) => (asked.push(p), inner.exists(p)),
    stat: (p) => (asked.push(p), inner.stat?.(p)),
  };
}

describe('robustness: includes with the real file system', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-inc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  const load = (file: string, reader: FileReader = nodeFileReader()) => loadConfig({ uri: file, text: fs.readFileSync(file, 'utf8'), reader });

  it('an include cycle (a → b → a) is reported at the include, once, and the values on both sides are kept', () => {
    const a = write('etc/emqx.conf', 'a = 1\ninclude "b.conf"\n');
    write('etc/b.conf', 'b = 2\ninclude "emqx.conf"\n');
    const config = load(a);
    assert.equal(config.get('a')?.value, 1);
    assert.equal(config.get('b')?.value, 2);
    const cycles = config.problems.filter((p) => p.code === 'hocon-include-cycle');
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].location.uri, path.join(dir, 'etc/b.conf'));
    assert.equal(cycles[0].location.range.start.line, 1);
  });

  it('a file that includes itself through a file URI (as the server names documents) is a cycle too', () => {
    const a = write('etc/emqx.conf', 'include "emqx.conf"\nx = 1\n');
    const config = loadConfig({ uri: pathToFileURL(a).href, text: fs.readFileSync(a, 'utf8'), reader: nodeFileReader() });
    assert.equal(config.get('x')?.value, 1);
    assert.ok(config.problems.some((p) => p.code === 'hocon-include-cycle'));
  });

  it('an included file larger than the reader allows is not read (and a required one is reported), the rest is resolved', () => {
    const main = write('etc/emqx.conf', 'include required("huge.conf")\ninclude "huge.conf"\nafter = 1\n');
    // 5 MB of valid HOCON: the default reader reads at most 4 MiB per file.
    write('etc/huge.conf', 'k = 1\n'.repeat(900_000));
    const reader = spy(nodeFileReader());
    const config = load(main, reader);
    assert.equal(config.get('after')?.value, 1);
    assert.equal(config.get('k'), undefined, 'the huge file was not read');
    assert.equal(config.problems.filter((p) => p.code === 'hocon-include-missing').length, 1, 'only the required include is reported');
  });

  it('untrusted: nothing is read, not the includes (inside or outside the workspace), not base.hocon, not ssl_dist.conf', () => {
    const outside = write('outside/secret.conf', 'node.cookie = "from-outside-the-workspace"\n');
    write('ws/etc/inside.conf', 'rpc.protocol = ssl\n');
    write('ws/etc/base.hocon', 'node.cookie = "base-cookie-value"\n');
    write('ws/etc/ssl_dist.conf', '[{server, [{verify, verify_none}]}].\n');
    const main = write('ws/etc/emqx.conf', `include "${outside}"\ninclude "inside.conf"\ninclude "../../outside/secret.conf"\ncluster.proto_dist = inet_tls\n`);
    const reader = spy(nodeFileReader());
    const result = analyzeDocument({ uri: pathToFileURL(main).href, text: fs.readFileSync(main, 'utf8'), reader, trusted: false, settings: {} });
    assert.deepEqual(reader.asked, [], 'the untrusted analysis asked the file system for nothing');
    assert.equal(result.config.get('node.cookie'), undefined);
    assert.equal(result.config.get('rpc.protocol'), undefined);
    // Trusted, the same document reads its includes (EMQX would).
    const trusted = spy(nodeFileReader());
    const r2 = analyzeDocument({ uri: pathToFileURL(main).href, text: fs.readFileSync(main, 'utf8'), reader: trusted, trusted: true, settings: {} });
    assert.ok(trusted.asked.length > 0);
    assert.equal(r2.config.get('rpc.protocol')?.value, 'ssl');
  });

  it('symlink loops: a file link loop is unreadable', function () {
    if (process.platform === 'win32') this.skip();
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.symlinkSync(path.join(dir, 'etc/l2.conf'), path.join(dir, 'etc/l1.conf'));
    fs.symlinkSync(path.join(dir, 'etc/l1.conf'), path.join(dir, 'etc/l2.conf'));
    const main = write('etc/emqx.conf', 'include "l1.conf"\ninclude required("l2.conf")\nend = 1\n');
    const config = load(main);
    assert.equal(config.get('end')?.value, 1);
    assert.ok(
      config.problems.some((p) => p.code === 'hocon-include-missing' && p.message.includes('l2.conf')),
      'the required link loop is reported as unreadable',
    );
    const reader = nodeFileReader();
    assert.equal(reader.readText(path.join(dir, 'etc/l1.conf')), undefined);
    assert.equal(reader.exists(path.join(dir, 'etc/l1.conf')), false);
  });

  it('an include bomb (each file includes the next twice, 30 deep: 2^30 expansions) stops at the include budget with one error', () => {
    const files: string[] = [];
    for (let i = 0; i < 30; i++) files.push(write(`etc/f${i}.conf`, `x${i} = ${i}\nk { include "f${i + 1}.conf" }\nj { include "f${i + 1}.conf" }\n`));
    write('etc/f30.conf', 'leaf = 1\n');
    const config = load(files[0]);
    assert.equal(config.get('x0')?.value, 0);
    assert.equal(config.get('k.x1')?.value, 1, 'the includes within the budget are read');
    const limits = config.problems.filter((p) => p.code === 'hocon-include-limit');
    assert.equal(limits.length, 1, 'reported once');
    assert.match(limits[0].message, /Too many includes: more than 1000 files/);
    assert.ok(limits[0].location.uri.endsWith('.conf'));
  });

  it('symlink loops: a directory linked to its parent ends (kernel link limit or include budget) instead of recursing', function () {
    if (process.platform === 'win32') this.skip();
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.symlinkSync(path.join(dir, 'etc'), path.join(dir, 'etc/loop'));
    // Each level includes itself through the loop twice, under a new path each time (loop/loop/…),
    // so the cycle check does not see it: without a limit this is 2^40 files.
    const main = write('etc/emqx.conf', 'n { include "loop/emqx.conf" }\nm { include "loop/emqx.conf" }\nend = 1\n');
    const config = load(main);
    assert.equal(config.get('end')?.value, 1);
    assert.equal(config.get('n.end')?.value, 1, 'the first levels are read');
    assert.equal(config.problems.filter((p) => p.code === 'hocon-include-limit').length, 1);
  });
});
