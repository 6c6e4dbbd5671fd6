/**
 * An internal failure never looks like a clean result. A file with 160,000
 * syntax problems (one per line) once overflowed the stack in a spread
 * `push(...problems)`, a catch-all turned that into "no findings", and
 * `check` printed "No problems found" over a default cookie. Now such a file
 * is checked in full; and when part of a check does fail (here: a rule that
 * throws, or a file reader that throws), the CLI exits 2 with one line saying so, and the editor shows
 * an internal-error diagnostic besides whatever was found.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { run as checkRun } from '../../../server/src/cli/check';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { INTERNAL_ERROR_CODE, LanguageService } from '../../../server/src/ide/service';
import { FileReader, memoryReader } from '../../../server/src/io';
import { parseHocon } from '../../../server/src/syntax/parser';
import { certificateRules } from '../../../server/src/rules/certs';
import { Rule } from '../../../server/src/rules/types';

const LINES = 160_000;
const BIG = 'node.cookie = emqxsecretcookie\n' + 'a = }\n'.repeat(LINES);

async function captured(fn: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => (out.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => (err.push(String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await fn();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}

/** A reader over memory files whose every read throws: an internal failure in the middle of a check. */
function throwingReader(): FileReader {
  return {
    readText() {
      throw new RangeError('reader broke');
    },
    exists() {
      throw new RangeError('reader broke');
    },
  };
}

/** Runs `fn` with one more rule registered, one that throws as a bug would. */
function withBrokenRule<T>(fn: () => T): T {
  const broken: Rule = {
    id: 'test-broken',
    defaultSeverity: 'error',
    title: 'throws',
    why: 'throws',
    fix: 'none',
    fixKind: 'none',
    versions: { spans: [] },
    check: () => {
      throw new TypeError('emqxsecretcookie is not a function');
    },
  };
  certificateRules.push(broken);
  const done = () => certificateRules.splice(certificateRules.indexOf(broken), 1);
  try {
    const out = fn();
    if (out instanceof Promise) return out.finally(done) as T;
    done();
    return out;
  } catch (e) {
    done();
    throw e;
  }
}

describe('robustness: no fail-open', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-fail-open-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`a file with ${LINES} syntax problems is checked in full: every problem, and the default cookie`, () => {
    const parsed = parseHocon('{}\n' + 'k = 1\n'.repeat(LINES), 'file:///x.conf');
    assert.equal(parsed.file.root.members.length, LINES, 'fields after the closing root brace are kept');
    const r = analyzeDocument({ uri: '/etc/emqx/emqx.conf', text: BIG, reader: memoryReader({}), trusted: false, settings: {} });
    assert.equal(r.internalErrors, undefined);
    assert.equal(r.findings.filter((f) => f.ruleId === 'hocon-syntax').length, LINES);
    assert.ok(
      r.findings.some((f) => f.ruleId === 'cookie-default'),
      'the default cookie is reported',
    );
  });

  it('check on that file exits 1 with the findings, not 0 with "No problems found"', async () => {
    const file = path.join(dir, 'emqx.conf');
    fs.writeFileSync(file, BIG);
    const r = await captured(() => checkRun([file, '--format', 'json']));
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Array<{ ruleId: string }>;
    assert.ok(findings.some((f) => f.ruleId === 'cookie-default'));
    assert.equal(findings.filter((f) => f.ruleId === 'hocon-syntax').length, LINES);
  });

  it('a failure inside the check is named, never with document text', () => {
    const r = withBrokenRule(() => analyzeDocument({ uri: '/etc/emqx/emqx.conf', text: 'node.cookie = emqxsecretcookie\n', reader: memoryReader({}), trusted: false, settings: {} }));
    assert.deepEqual(r.internalErrors, ['rule test-broken: TypeError']);
    assert.ok(
      r.findings.some((f) => f.ruleId === 'cookie-default'),
      'the other rules still report',
    );
    const reader = analyzeDocument({ uri: '/etc/emqx/emqx.conf', text: 'node.cookie = emqxsecretcookie\n', reader: throwingReader(), trusted: true, settings: {} });
    assert.ok((reader.internalErrors ?? []).length > 0, 'a reader that throws is named too');
    // A certificate file whose reading throws: the certificate rules fail visibly, not "files look fine".
    const certReader: FileReader = {
      readText: (p) => {
        if (p.endsWith('.pem')) throw new RangeError('disk broke');
        return undefined;
      },
      exists: (p) => p.endsWith('.pem'),
    };
    const text = 'rpc {\n  protocol = ssl\n  certfile = "/etc/emqx/certs/cluster/cert.pem"\n  keyfile = "/etc/emqx/certs/cluster/key.pem"\n  cacertfile = "/etc/emqx/certs/cluster/cacert.pem"\n}\n';
    const certs = analyzeDocument({ uri: '/etc/emqx/emqx.conf', text, reader: certReader, trusted: true, settings: {} });
    assert.ok(
      (certs.internalErrors ?? []).some((e) => e.startsWith('rule cert-')),
      String(certs.internalErrors),
    );
  });

  it('check exits 2 with one line when part of the check failed', async () => {
    const file = path.join(dir, 'broken', 'emqx.conf');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'node.cookie = "Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG"\nrpc.protocol = ssl\n');
    const r = await withBrokenRule(() => captured(() => checkRun([file])));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /internal error while checking .*emqx\.conf \(rule test-broken: TypeError\)/);
    assert.doesNotMatch(r.stdout, /No problems found/);
    assert.doesNotMatch(r.stdout + r.stderr, /Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG|at .*:\d+:\d+/);
  });

  it('the editor shows an internal-error diagnostic when part of the check failed, besides the findings', () => {
    const logs: string[] = [];
    const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs, log: (m) => logs.push(m) });
    const settings = { enable: true, emqxVersion: 'auto', docker: false, rules: {}, includeDirs: [], pathMappings: {} };
    const a = withBrokenRule(() => service.analyze({ uri: 'file:///ws/etc/emqx.conf', version: 1, text: 'node.cookie = emqxsecretcookie\n', settings, reader: memoryReader({}), trusted: true }));
    const codes = service.diagnostics(a).map((d) => d.code);
    assert.ok(codes.includes(INTERNAL_ERROR_CODE) && codes.includes('cookie-default'), codes.join());
    assert.ok(logs.some((l) => /incomplete/.test(l)) && !logs.some((l) => l.includes('emqxsecretcookie')), logs.join('\n'));
    const clean = service.analyze({ uri: 'file:///ws/etc/emqx.conf', version: 2, text: 'node.cookie = emqxsecretcookie\n', settings, reader: memoryReader({}), trusted: true });
    assert.ok(!service.diagnostics(clean).some((d) => d.code === INTERNAL_ERROR_CODE));
  });

  it('hovers a seed list of 200,000 node names (their locations were spread into one push)', () => {
    const seeds = Array.from({ length: 200_000 }, (_, i) => `"e${i}@10.0.${(i >> 8) & 255}.${i & 255}"`).join(', ');
    const text = `node.name = "emqx@127.0.0.1"\ncluster.static.seeds = [${seeds}]\n`;
    const logs: string[] = [];
    const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs, log: (m) => logs.push(m) });
    const settings = { enable: true, emqxVersion: 'auto', docker: false, rules: {}, includeDirs: [], pathMappings: {} };
    const a = service.analyze({ uri: 'file:///ws/etc/emqx.conf', version: 1, text, settings, reader: memoryReader({}), trusted: false });
    const h = service.hover(a, { line: 1, character: 30 });
    assert.ok(h, 'a hover');
    assert.deepEqual(logs, []);
  });
});
