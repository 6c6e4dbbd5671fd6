import { strict as assert } from 'assert';
import * as fs from 'fs';
import { memoryReader, noFiles } from '../../../server/src/io';
import { configureLocale } from '../../../server/src/l10n';
import { analyzeDocument, AnalyzeInput, detectDialect } from '../../../server/src/rules/analyze';
import { Finding } from '../../../server/src/rules/types';
import * as fc from 'fast-check';
import { applyEdits, listFixtures } from './fixtureHarness';
import { corpusPath } from '../sharedCorpus';

const corpus = (f: string) => fs.readFileSync(corpusPath('emqx', f), 'utf8');

function run(text: string, over: Partial<AnalyzeInput> = {}) {
  return analyzeDocument({ uri: 'file:///etc/emqx/emqx.conf', text, reader: noFiles, trusted: true, settings: {}, ...over });
}
const summary = (fs_: Finding[]) => fs_.map((f) => `${f.location.range.start.line + 1} ${f.severity} ${f.ruleId}`);

describe('analyzeDocument on the files EMQX ships', () => {
  it('5.8.9 etc/emqx.conf: default cookie, plaintext RPC (with the fallback) and distribution, nothing else', () => {
    const r = run(corpus('emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf'));
    assert.equal(r.dialect, 'hocon');
    assert.deepEqual(r.version, { major: 5, minor: 8, patch: 0, source: 'default' });
    // Line 10 is `node {` (the anchor for absent rpc keys), 12 the cookie template, 16 `cluster {`.
    assert.deepEqual(summary(r.findings), ['10 warning rpc-insecure-fallback', '10 warning rpc-plaintext', '12 warning cookie-default', '16 warning dist-plaintext']);
    const cookie = r.findings.find((f) => f.ruleId === 'cookie-default')!;
    assert.deepEqual(cookie.location.range, { start: { line: 11, character: 11 }, end: { line: 11, character: 45 } });
  });

  it('5.8.9 etc/emqx.conf as a 7.0 config: the default cookie stops the node', () => {
    const r = run(corpus('emqx-v5.8.9__apps__emqx_conf__etc__emqx_conf.conf'), { settings: { emqxVersion: '7.0' } });
    assert.equal(r.findings.find((f) => f.ruleId === 'cookie-default')!.severity, 'error');
  });

  it('4.4.19 etc/emqx.conf through the cuttlefish reader', () => {
    const r = run(corpus('emqx-v4.4.19__etc__emqx.conf'));
    assert.equal(r.dialect, 'cuttlefish');
    assert.equal(r.version.major, 4);
    // Line 337 is the first rpc.* key (the anchor for the absent rpc.driver / rpc.insecure_fallback).
    assert.deepEqual(summary(r.findings), ['20 warning dist-plaintext', '197 warning cookie-default', '337 warning rpc-insecure-fallback', '337 warning rpc-plaintext']);
    // Before 4.4.12 there is no insecure fallback to turn off.
    const old = run(corpus('emqx-v4.4.19__etc__emqx.conf'), { settings: { emqxVersion: '4.4.11' } });
    assert.ok(!old.findings.some((f) => f.ruleId === 'rpc-insecure-fallback'));
  });

  for (const f of ['emqx-v5.8.9__apps__emqx__etc__ssl_dist.conf', 'emqx-v4.4.19__etc__ssl_dist.conf']) {
    it(`${f}: verify_none on both sides and the demo certificates`, () => {
      const r = analyzeDocument({ uri: 'file:///etc/emqx/ssl_dist.conf', text: corpus(f), reader: noFiles, trusted: true, settings: {} });
      assert.equal(r.dialect, 'ssl-dist');
      const ids = r.findings.map((x) => x.ruleId).sort();
      assert.deepEqual(ids, ['ssl-dist-demo-certs', 'ssl-dist-demo-certs', 'ssl-dist-demo-certs', 'ssl-dist-verify-none', 'ssl-dist-verify-none']);
    });
  }

  it('reports no error on any real 5.x config EMQX loads', () => {
    for (const f of fs.readdirSync(corpusPath('emqx')).filter((x) => /emqx-v5.*(old-confs|examples|emqx_conf\.conf|base\.hocon)/.test(x))) {
      const r = run(corpus(f));
      assert.deepEqual(
        r.findings.filter((x) => x.severity === 'error').map((x) => x.ruleId),
        [],
        f,
      );
    }
  });

  it('says nothing about absent keys in fragments that set nothing about the node; 4.4 ships admin/public credentials', () => {
    const expected: Record<string, string[]> = {
      'emqx-v4.4.19__lib-ce__emqx_dashboard__etc__emqx_dashboard.conf': ['18 warning dashboard-default-password'],
      'emqx-v5.8.9__apps__emqx_dashboard__etc__emqx_dashboard.conf': [],
      'emqx-v4.4.19__apps__emqx_management__etc__emqx_management.conf': ['21 warning mgmt-default-secret'],
    };
    for (const [f, findings] of Object.entries(expected)) {
      const r = analyzeDocument({ uri: 'file:///etc/emqx/plugins/emqx_dashboard.conf', text: corpus(f), reader: noFiles, trusted: true, settings: {} });
      assert.deepEqual(summary(r.findings), findings, f);
      // The password itself is never shown.
      for (const x of r.findings) assert.ok(!/\bpublic\b/.test(x.message), x.message);
    }
  });

  it('says nothing about absent keys in base.hocon (emqx.conf above it decides)', () => {
    const r = analyzeDocument({ uri: 'file:///etc/emqx/base.hocon', text: corpus('emqx-v5.8.9__apps__emqx_conf__etc__base.hocon'), reader: noFiles, trusted: true, settings: {} });
    assert.deepEqual(r.findings, []);
  });
});

describe('analyzeDocument: settings, layers, environment, trust', () => {
  const weak = 'node {\n  name = "emqx@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\nrpc.protocol = tcp\n';

  it('applies severity overrides and "off"', () => {
    const r = run(weak, { settings: { rules: { 'cookie-default': 'error', 'rpc-plaintext': 'off' } } });
    assert.equal(r.findings.find((f) => f.ruleId === 'cookie-default')!.severity, 'error');
    assert.ok(!r.findings.some((f) => f.ruleId === 'rpc-plaintext'));
  });

  it('sorts findings by position', () => {
    const r = run(weak);
    const starts = r.findings.map((f) => f.location.range.start.line * 1000 + f.location.range.start.character);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
  });

  it('an EMQX_NODE__COOKIE variable wins over the file (and the legacy name too)', () => {
    for (const name of ['EMQX_NODE__COOKIE', 'EMQX_NODE_COOKIE']) {
      const r = run(weak, { env: [{ name, value: 'Hk3vQ9xLw2Rt7pN4bY8cZ6mJqT5sWe1U' }] });
      assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cookie-')), name);
    }
    const missing = run('node.name = "emqx@10.0.0.1"\n', { env: [{ name: 'EMQX_NODE__COOKIE', value: 'Hk3vQ9xLw2Rt7pN4bY8cZ6mJqT5sWe1U' }] });
    assert.ok(!missing.findings.some((f) => f.ruleId === 'cookie-missing'));
  });

  it('a weak cookie from a variable defined elsewhere: at the top of this file, pointing at the variable (editor), or at the variable (CLI)', () => {
    const at = { uri: 'file:///deploy/compose.yaml', range: { start: { line: 3, character: 6 }, end: { line: 3, character: 40 } } };
    const env = [{ name: 'EMQX_NODE__COOKIE', value: 'emqxsecretcookie', location: at }];
    const editor = run('node.name = "emqx@10.0.0.1"\n', { env }).findings.filter((f) => f.ruleId.startsWith('cookie-'));
    assert.deepEqual(
      editor.map((f) => [f.ruleId, f.location.range.start, f.related?.[0].location, f.related?.[0].message, f.fixes]),
      [['cookie-default', { line: 0, character: 0 }, at, 'Set here (compose.yaml)', undefined]],
    );
    const cli = run('node.name = "emqx@10.0.0.1"\n', { env, includedFindingsAt: 'place' }).findings.filter((f) => f.ruleId.startsWith('cookie-'));
    assert.deepEqual(
      cli.map((f) => [f.ruleId, f.location, f.fixes]),
      [['cookie-default', at, undefined]],
    );
    // A suppression comment in the file that sets the variable silences it there.
    const line4 = { uri: at.uri, range: { start: { line: 4, character: 27 }, end: { line: 4, character: 43 } } };
    const silenced = run('node.name = "emqx@10.0.0.1"\n', {
      env: [{ ...env[0], location: line4 }],
      reader: memoryReader({
        '/deploy/compose.yaml': 'services:\n  emqx:\n    environment:\n      # emqx-security-disable-next-line cookie-default -- lab only\n      - EMQX_NODE__COOKIE=emqxsecretcookie\n',
      }),
    });
    assert.ok(!silenced.findings.some((f) => f.ruleId === 'cookie-default'));
    assert.ok(run('node.name = "emqx@10.0.0.1"\n', { env: [{ ...env[0], location: line4 }] }).findings.some((f) => f.ruleId === 'cookie-default'));
  });

  it('reads etc/base.hocon beneath emqx.conf in a trusted workspace only', () => {
    const reader = memoryReader({ '/etc/emqx/base.hocon': 'node.cookie = "Hk3vQ9xLw2Rt7pN4bY8cZ6mJqT5sWe1U"\n' });
    const text = 'node.name = "emqx@10.0.0.1"\n';
    assert.ok(!run(text, { reader }).findings.some((f) => f.ruleId === 'cookie-missing'));
    assert.ok(run(text, { reader, trusted: false }).findings.some((f) => f.ruleId === 'cookie-missing'));
  });

  it('EMQX_SSL_DIST_OPTFILE names the options file instead of etc/ssl_dist.conf: no "none next to this config", and no config key', () => {
    const text = 'node.name = "emqx@10.0.0.1"\ncluster.proto_dist = inet_tls\n';
    const bare = run(text).findings.filter((f) => f.ruleId === 'dist-tls-without-ssl-dist');
    assert.deepEqual(
      bare.map((f) => f.location.range.start),
      [{ line: 1, character: 21 }],
    );
    const set = run(text, { env: [{ name: 'EMQX_SSL_DIST_OPTFILE', value: '/opt/emqx/etc/certs/ssl_dist.conf' }] });
    assert.ok(!set.findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
    // bin/emqx reads the variable; EMQX's config has no such key, so the effective config does not either.
    assert.equal(set.config.get('ssl_dist_optfile'), undefined);
    assert.deepEqual(Object.keys(set.config.root).sort(), ['cluster', 'node']);
    // Set from a Secret or an unset ${VAR}: the file is named, its name unknown.
    const unknown = run(text, { env: [{ name: 'EMQX_SSL_DIST_OPTFILE', value: '', unresolved: true }] });
    assert.ok(!unknown.findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
  });

  it('looks for ssl_dist.conf only when trusted', () => {
    const text = 'cluster.proto_dist = inet_tls\n';
    assert.ok(run(text).findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
    assert.ok(!run(text, { reader: memoryReader({ '/etc/emqx/ssl_dist.conf': '[].' }) }).findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
    assert.ok(!run(text, { trusted: false }).findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
  });

  it('reads 4.4 node.ssl_dist_optfile for the options file', () => {
    const text = 'cluster.proto_dist = inet_tls\nnode.ssl_dist_optfile = /opt/tls/dist.conf\n';
    const r = run(text, { settings: { emqxVersion: '4.4' }, reader: memoryReader({ '/opt/tls/dist.conf': '[].' }) });
    assert.ok(!r.findings.some((f) => f.ruleId === 'dist-tls-without-ssl-dist'));
  });

  it('picks the dialect by name, setting and content', () => {
    assert.equal(detectDialect('file:///x/ssl_dist.conf', ''), 'ssl-dist');
    assert.equal(detectDialect('file:///x/emqx.conf', 'node.name = emqx@h\n', '4.4'), 'cuttlefish');
    assert.equal(detectDialect('file:///x/emqx.conf', 'listener.tcp.external = 0.0.0.0:1883\n'), 'cuttlefish');
    assert.equal(detectDialect('file:///x/emqx.conf', 'node.name = "emqx@h"\nrpc.protocol = ssl\n'), 'hocon');
    assert.equal(detectDialect('file:///x/emqx.conf', 'node { name = "emqx@h" }\n', '4.4'), 'cuttlefish');
  });

  it('never throws on junk', () => {
    for (const junk of ['\u0000\u0001{{{{', '}'.repeat(1000), 'node.cookie = "', '[{server,', '%%']) {
      for (const uri of ['file:///a/emqx.conf', 'file:///a/ssl_dist.conf']) analyzeDocument({ uri, text: junk, reader: noFiles, trusted: true, settings: {} });
    }
  });

  it('seed: an rpc ssl block without files → rpc-tls-files-missing (error) whose fix works', () => {
    const text = 'rpc {\n  protocol = ssl\n}\n';
    const f = run(text).findings.find((x) => x.ruleId === 'rpc-tls-files-missing')!;
    assert.equal(f.severity, 'error');
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.equal(
      fixed,
      'rpc {\n  protocol = ssl\n  certfile = "/etc/emqx/certs/cluster/node.pem"\n  keyfile = "/etc/emqx/certs/cluster/node.key"\n  cacertfile = "/etc/emqx/certs/cluster/ca.pem"\n}\n',
    );
    const after = run(fixed);
    assert.ok(!after.findings.some((x) => x.ruleId === 'rpc-tls-files-missing' || x.ruleId === 'hocon-syntax'));
    assert.equal(after.config.get('rpc.keyfile')!.value, '/etc/emqx/certs/cluster/node.key');
    assert.deepEqual(f.fixes![1].command, { id: 'emqxClusterSecurity.generateCertificates', arguments: ['file:///etc/emqx/emqx.conf'] });
  });

  it("seed: the docs' verify = verify_peer → rpc-unknown-key error with a safe delete", () => {
    const text = 'rpc {\n  driver = ssl\n  certfile = "/c.pem"\n  keyfile = "/k.pem"\n  cacertfile = "/ca.pem"\n  verify = verify_peer\n}\n';
    const f = run(text).findings.find((x) => x.ruleId === 'rpc-unknown-key')!;
    assert.equal(f.severity, 'error');
    assert.match(f.message, /docs/);
    const del = f.fixes!.find((x) => x.safe)!;
    assert.equal(applyEdits(text, del.edits), 'rpc {\n  driver = ssl\n  certfile = "/c.pem"\n  keyfile = "/k.pem"\n  cacertfile = "/ca.pem"\n}\n');
  });

  it('the cookie fix writes a fresh, strong, quoted cookie and never names it', () => {
    const f = run(weak).findings.find((x) => x.ruleId === 'cookie-default')!;
    const fix = f.fixes![0];
    const fixed = applyEdits(weak, fix.edits);
    const cookie = run(fixed).config.get('node.cookie')!.value as string;
    assert.match(cookie, /^[A-Za-z][A-Za-z0-9]{47}$/);
    assert.ok(!fix.title.includes(cookie));
    assert.ok(!run(fixed).findings.some((x) => x.ruleId.startsWith('cookie-')));
    const again = applyEdits(weak, run(weak).findings.find((x) => x.ruleId === 'cookie-default')!.fixes![0].edits);
    assert.notEqual(run(again).config.get('node.cookie')!.value, cookie);
  });
});

describe('rpc-insecure-fallback: "(the default)" only when no line sets the key', () => {
  const TLS = 'rpc {\n  protocol = ssl\n  certfile = "/c/node.pem"\n  keyfile = "/c/node.key"\n  cacertfile = "/c/ca.pem"\n';
  const fallback = (text: string) => run(text).findings.filter((f) => f.ruleId === 'rpc-insecure-fallback');

  const cases: Array<{ name: string; text: string; severity: string; line: number; message: string; zh: string }> = [
    {
      name: 'absent, plain TCP',
      text: 'rpc.port_discovery = stateless\n',
      severity: 'warning',
      line: 0,
      message:
        'rpc.insecure_fallback is on (the default) and RPC is not encrypted: a failed handshake is retried with the legacy one, which sends the Erlang cookie in clear text. Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
      zh: 'rpc.insecure_fallback 处于开启状态（默认值）且 RPC 未加密',
    },
    {
      name: 'set to true, plain TCP',
      text: 'rpc.insecure_fallback = true\n',
      severity: 'warning',
      line: 0,
      message:
        'rpc.insecure_fallback is on and RPC is not encrypted: a failed handshake is retried with the legacy one, which sends the Erlang cookie in clear text. Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
      zh: 'rpc.insecure_fallback 处于开启状态且 RPC 未加密',
    },
    {
      name: 'absent, TLS',
      text: TLS + '}\n',
      severity: 'info',
      line: 0,
      message:
        'rpc.insecure_fallback is on (the default): nodes still accept the legacy RPC handshake, which sends the cookie itself (inside TLS here). Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
      zh: 'rpc.insecure_fallback 处于开启状态（默认值）：节点仍接受旧版 RPC 握手',
    },
    {
      name: 'set to true, TLS',
      text: TLS + '  insecure_fallback = true\n}\n',
      severity: 'info',
      line: 5,
      message:
        'rpc.insecure_fallback is on: nodes still accept the legacy RPC handshake, which sends the cookie itself (inside TLS here). Set it to false once every node runs EMQX 5.0.10 / 4.4.12 or later.',
      zh: 'rpc.insecure_fallback 处于开启状态：节点仍接受旧版 RPC 握手',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.message.slice(0, 40)}…`, () => {
      const found = fallback(c.text);
      assert.deepEqual(
        found.map((f) => [f.severity, f.location.range.start.line, f.message]),
        [[c.severity, c.line, c.message]],
      );
      try {
        configureLocale('zh-cn');
        const zh = fallback(c.text);
        assert.equal(zh.length, 1);
        assert.ok(zh[0].message.startsWith(c.zh), zh[0].message);
      } finally {
        configureLocale('en');
      }
    });
  }
});

describe('analyzeDocument: robustness (property tests)', () => {
  const seeds = listFixtures().map((f) => ({ text: f.text, name: f.file.endsWith('ssl_dist.conf') ? 'ssl_dist.conf' : 'emqx.conf' }));

  function checkRanges(text: string, findings: Finding[]): void {
    const lines = text.split(/\r\n|\n|\r/);
    for (const f of findings) {
      const r = f.location.range;
      assert.equal(r.start.line, r.end.line, f.ruleId);
      assert.ok(r.start.line < lines.length, f.ruleId);
      assert.ok(r.start.character <= r.end.character && r.end.character <= lines[r.start.line].length, `${f.ruleId} ${JSON.stringify(r)}`);
    }
  }

  it('never throws and keeps single-line ranges inside the document, on mutated fixtures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), ({ text, name }, a, b, insert) => {
        const i = a % (text.length + 1);
        const j = Math.min(text.length, i + (b % 12));
        const mutated = text.slice(0, i) + insert + text.slice(j);
        for (const version of [undefined, '4.4', '5.3.0', '7.0']) {
          const r = analyzeDocument({ uri: `file:///m/${name}`, text: mutated, reader: noFiles, trusted: true, settings: { emqxVersion: version } });
          checkRanges(mutated, r.findings);
        }
      }),
      { numRuns: 150 },
    );
  });
});
