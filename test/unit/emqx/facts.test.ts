import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cookieProblems, generateCookie, isKnownDefaultCookie, judgeCookie } from '../../../server/src/emqx/cookies';
import { identifyDemoPem, isDemoCertPath } from '../../../server/src/emqx/demoCerts';
import { envNameToPath, pathToEnvName } from '../../../server/src/emqx/env';
import { isClosedSection, keyInfo, knownKeys } from '../../../server/src/emqx/keys';
import { atLeast, compareVersions, detectVersion, parseVersion, resolveVersion } from '../../../server/src/emqx/version';
import { corpusPath } from '../sharedCorpus';

const v = (s: string) => parseVersion(s)!;

describe('emqx/cookies', () => {
  it('knows the shipped and documented defaults, case-sensitively', () => {
    for (const c of ['emqxsecretcookie', 'emqx50elixir', 'Yzc0NGExM2Rj', 'secret', '<a Secret cookie>', '{{ emqx_default_erlang_cookie }}']) assert.ok(isKnownDefaultCookie(c), c);
    assert.ok(!isKnownDefaultCookie('EmqxSecretCookie'));
    assert.ok(!isKnownDefaultCookie(generateCookie()));
  });

  it('judges strength by length, variety and words', () => {
    assert.deepEqual(judgeCookie('abc').weaknesses, ['short']);
    assert.equal(judgeCookie('abc').severity, 'warning');
    assert.deepEqual(judgeCookie('Xq7pL2mZ9rT4').weaknesses, ['shortish']);
    assert.equal(judgeCookie('Xq7pL2mZ9rT4').severity, 'info');
    assert.ok(judgeCookie('aaaaaaaaaaaaaaaaaaaaaaaa').weaknesses.includes('low-variety'));
    assert.ok(judgeCookie('emqx-production-cluster-2024').weaknesses.includes('dictionary'));
    assert.equal(judgeCookie('Zk3vQ9xLw2Rt7pN4bY8cH6mJ').severity, undefined);
  });

  it('never includes the value in its verdict', () => {
    const secret = 'mysecretpassword1';
    assert.ok(!JSON.stringify(judgeCookie(secret)).includes(secret));
    assert.ok(!JSON.stringify(cookieProblems(secret)).includes(secret));
  });

  it('lists what EMQX cannot carry', () => {
    assert.deepEqual(cookieProblems(''), ['empty']);
    assert.deepEqual(cookieProblems('a b'), ['space']);
    assert.deepEqual(cookieProblems(`a'b"c\\d`), ['single-quote', 'double-quote', 'backslash']);
    assert.deepEqual(cookieProblems('x'.repeat(256)), ['too-long']);
  });

  it('generates strong, safe, distinct cookies', () => {
    const a = generateCookie();
    const b = generateCookie();
    assert.notEqual(a, b);
    assert.equal(a.length, 48);
    assert.match(a, /^[A-Za-z][A-Za-z0-9]{47}$/);
    assert.equal(judgeCookie(a).severity, undefined);
    assert.deepEqual(cookieProblems(a), []);
  });
});

describe('emqx/version', () => {
  it('parses settings and tags', () => {
    assert.deepEqual(parseVersion('5.8.9'), { major: 5, minor: 8, patch: 9, source: 'setting' });
    assert.deepEqual(parseVersion('e5.10.4', 'detected'), { major: 5, minor: 10, patch: 4, source: 'detected' });
    assert.equal(parseVersion('4')!.minor, 4);
    assert.equal(parseVersion('5')!.minor, 8);
    assert.equal(parseVersion('auto'), undefined);
    assert.equal(parseVersion('5.x'), undefined);
    // Without a patch, the last release of the line where it matters: valid 4.4.12+ keys stay valid.
    assert.equal(parseVersion('4.4')!.patch, 19);
    assert.equal(parseVersion('5.3')!.patch, 2);
    assert.equal(parseVersion('5.8')!.patch, 0);
    assert.equal(parseVersion('4.4.0')!.patch, 0);
  });

  it('compares', () => {
    assert.ok(compareVersions(v('5.10'), v('5.8')) > 0);
    assert.ok(atLeast(v('5.3.1'), '5.3.1'));
    assert.ok(!atLeast(v('5.3.0'), '5.3.1'));
    assert.ok(atLeast(v('7'), '6.3'));
  });

  it('detects only from unambiguous clues and defaults to 5.8', () => {
    assert.deepEqual(detectVersion({ dialect: 'cuttlefish', keys: new Set() }), { major: 4, minor: 4, patch: 19, source: 'detected' });
    assert.equal(detectVersion({ dialect: 'hocon', keys: new Set(['rpc.server_port']) })!.minor, 8);
    assert.equal(detectVersion({ dialect: 'hocon', keys: new Set(['node.dist_bind_address']) })!.major, 6);
    assert.equal(detectVersion({ dialect: 'hocon', keys: new Set(['node.cookie']) }), undefined);
    assert.deepEqual(resolveVersion('auto', { dialect: 'hocon', keys: new Set() }), { major: 5, minor: 8, patch: 0, source: 'default' });
    assert.equal(resolveVersion('6.3', { dialect: 'cuttlefish', keys: new Set() }).major, 6);
  });
});

describe('emqx/env', () => {
  it('maps variables to key paths and back', () => {
    assert.deepEqual(envNameToPath('EMQX_NODE__COOKIE'), ['node', 'cookie']);
    assert.deepEqual(envNameToPath('emqx_rpc__port_discovery'), ['rpc', 'port_discovery']);
    assert.deepEqual(envNameToPath('EMQX_NODE_COOKIE'), ['node', 'cookie']);
    assert.equal(envNameToPath('EMQX_LOG_DIR'), undefined);
    assert.equal(envNameToPath('PATH'), undefined);
    assert.equal(pathToEnvName(['cluster', 'proto_dist']), 'EMQX_CLUSTER__PROTO_DIST');
    assert.equal(pathToEnvName('rpc.protocol'), 'EMQX_RPC__PROTOCOL');
  });
});

describe('emqx/keys', () => {
  it('describes known keys with defaults and enums per version', () => {
    const pd = keyInfo('cluster.proto_dist', v('5.8'))!;
    assert.equal(pd.default, 'inet_tcp');
    assert.deepEqual(pd.allowed, ['inet_tcp', 'inet6_tcp', 'inet_tls', 'inet6_tls']);
    assert.deepEqual(keyInfo('cluster.proto_dist', v('5.3.0'))!.allowed, ['inet_tcp', 'inet6_tcp', 'inet_tls']);
    assert.deepEqual(keyInfo('cluster.proto_dist', v('4.4'))!.allowed, ['inet_tcp', 'inet6_tcp', 'inet_tls']);
    assert.ok(keyInfo(['node', 'cookie'], v('5.8'))!.description.length > 20);
  });

  it('resolves aliases', () => {
    const d = keyInfo('rpc.driver', v('5.8'))!;
    assert.equal(d.path, 'rpc.protocol');
    assert.equal(d.alias, 'rpc.driver');
    assert.ok(d.exists);
    assert.equal(keyInfo('rpc.tcp_server_port', v('5.8'))!.path, 'rpc.server_port');
    assert.equal(keyInfo('rpc.tcp_server_port', v('5.7'))!.path, 'rpc.tcp_server_port');
  });

  it('knows the keys that stop EMQX 5 from starting', () => {
    for (const k of ['rpc.verify', 'rpc.fail_if_no_peer_cert', 'rpc.enable_ssl', 'rpc.default_client_driver', 'rpc.tcp_server_ip', 'cluster.discovery']) {
      const info = keyInfo(k, v('5.8'))!;
      assert.equal(info.exists, false, k);
      assert.ok(info.note, k);
    }
    assert.equal(keyInfo('rpc.server_port', v('5.7'))!.exists, false);
    assert.equal(keyInfo('rpc.tls_versions', v('5.3.0'))!.exists, false);
    assert.equal(keyInfo('rpc.tls_versions', v('5.3.1'))!.exists, true);
    assert.equal(keyInfo('rpc.enable_ssl', v('4.4'))!.exists, true);
    assert.equal(keyInfo('rpc.driver', v('4.3'))!.exists, false);
    assert.equal(keyInfo('listeners.tcp.default.bind', v('5.8'))?.path, 'listeners.tcp.*.bind', 'listener keys come from the schema catalogue');
    assert.ok(isClosedSection('rpc', v('5.8')));
    assert.ok(knownKeys(v('5.8'), 'rpc.').includes('rpc.protocol'));
  });

  it('says from 6.3 that rpc.insecure_fallback is ignored', () => {
    assert.ok(keyInfo('rpc.insecure_fallback', v('6.3'))!.note);
    assert.equal(keyInfo('rpc.insecure_fallback', v('5.8'))!.note, undefined);
  });
});

describe('emqx/demoCerts', () => {
  it('recognises every shipped demo certificate by content', function () {
    const dir = corpusPath('emqx-demo-certs');
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.pem'))) {
      assert.ok(identifyDemoPem(fs.readFileSync(path.join(dir, f), 'utf8')), f);
    }
  });

  it('does not flag other certificates or junk', () => {
    assert.equal(identifyDemoPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), undefined);
    assert.equal(identifyDemoPem('not a pem'), undefined);
    assert.equal(identifyDemoPem('-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----'), undefined);
  });

  it('recognises demo paths', () => {
    for (const p of ['{{ platform_etc_dir }}/certs/cert.pem', '${EMQX_ETC_DIR}/certs/key.pem', '/opt/emqx/etc/certs/cacert.pem', '/etc/emqx/certs/client-cert.pem', 'etc/certs/client-key.pem'])
      assert.ok(isDemoCertPath(p), p);
    for (const p of ['/etc/emqx/certs/cluster/node.pem', '/srv/tls/cert.pem', '/etc/emqx/certs/ca.pem']) assert.ok(!isDemoCertPath(p), p);
  });
});
