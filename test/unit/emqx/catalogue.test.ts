/**
 * The key catalogue from EMQX's schema: version-correct presence, enum values,
 * and zero false alarms on every config EMQX ships (each checked against the
 * release it comes from).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { configureLocale } from '../../../server/src/l10n';
import { catalogueCovers, childKeys, describe as describeKey, newestRelease, defaultIn, enumValues, isSecretKey, lookup, presence, unknownKey } from '../../../server/src/emqx/catalogue';
import { keyInfo } from '../../../server/src/emqx/keys';
import { parseVersion } from '../../../server/src/emqx/version';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { corpusPath } from '../sharedCorpus';

const v = (s: string) => parseVersion(s)!;

describe('key catalogue (from EMQX schema)', () => {
  it('knows keys per release: added, removed, and not judged between releases read', () => {
    const rec = lookup(['rpc', 'server_port'], v('5.8.0'))!.rec;
    assert.equal(presence(rec, v('5.8.0')), 'known');
    assert.equal(presence(rec, v('5.7.2')), 'unknown');
    const tls = lookup(['rpc', 'tls_versions'], v('5.3.1'))!.rec;
    assert.equal(presence(tls, v('5.3.0')), 'unknown');
    assert.equal(presence(tls, v('5.3.1')), 'known');
    const mcast = lookup(['cluster', 'mcast', 'addr'], v('5.3'))!.rec;
    assert.equal(presence(mcast, v('5.3.2')), 'known');
    assert.equal(presence(mcast, v('5.4.0')), 'unknown');
    // 6.1 and 6.2 have no tags: a key first read in 6.3 is neither known nor unknown there.
    const bind = lookup(['node', 'dist_bind_address'], v('6.3'))!.rec;
    assert.equal(presence(bind, v('6.0.1')), 'unknown');
    assert.equal(presence(bind, v('6.2.0')), 'uncertain');
    assert.equal(presence(bind, v('6.3.0')), 'known');
    assert.equal(catalogueCovers(v('7.0')), false);
  });

  it('has enum values per release and defaults', () => {
    const ds = lookup(['cluster', 'discovery_strategy'], v('5.8'))!.rec;
    assert.deepEqual(enumValues(ds, v('5.3.2'))!.sort(), ['dns', 'etcd', 'k8s', 'manual', 'mcast', 'static']);
    assert.deepEqual(enumValues(ds, v('5.8.9'))!.sort(), ['dns', 'etcd', 'k8s', 'manual', 'singleton', 'static']);
    const pd = lookup(['cluster', 'proto_dist'], v('5.3.0'))!.rec;
    assert.ok(!enumValues(pd, v('5.3.0'))!.includes('inet6_tls'));
    assert.ok(enumValues(pd, v('5.3.1'))!.includes('inet6_tls'));
    const tick = lookup(['node', 'dist_net_ticktime'], v('5.8'))!.rec;
    assert.equal(defaultIn(tick, v('5.8.9')), '2m');
    assert.equal(defaultIn(tick, v('6.3.0')), '60s');
  });

  it('resolves aliases and map names (listeners.ssl.<name>)', () => {
    assert.equal(lookup(['cluster', 'etcd', 'ssl', 'verify'], v('5.8'))?.rec.path, 'cluster.etcd.ssl_options.verify');
    assert.equal(lookup(['listeners', 'ssl', 'default', 'ssl_options', 'verify'], v('5.8'))?.rec.path, 'listeners.ssl.*.ssl_options.verify');
    assert.equal(lookup(['listener', 'ssl', 'external', 'keyfile'], v('4.4'))?.rec.path, 'listener.ssl.*.keyfile');
  });

  it('finds unknown fields under closed structs only', () => {
    assert.deepEqual(unknownKey(['node', 'cokie'], v('5.8'))?.depth, 1);
    assert.ok(unknownKey(['node', 'cokie'], v('5.8'))!.siblings.includes('cookie'));
    assert.equal(unknownKey(['node', 'cookie'], v('5.8')), undefined);
    assert.equal(unknownKey(['mqtt', 'whatever'], v('5.8')), undefined, 'roots the catalogue does not cover');
    assert.equal(unknownKey(['cluster', 'core_nodes'], v('5.7.2')), undefined);
    assert.equal(unknownKey(['cluster', 'core_nodes'], v('5.8.0'))?.other?.path, 'cluster.core_nodes', 'removed in 5.8');
    assert.equal(unknownKey(['cluster', 'links'], v('5.8.0')), undefined, 'injected into cluster by the cluster-link app');
    assert.equal(unknownKey(['listeners', 'ssl', 'default', 'anything'], v('5.8')), undefined, 'authentication adds fields to listeners that are not read');
    assert.equal(unknownKey(['listeners', 'ssl', 'default', 'ssl_options', 'verfy'], v('5.8'))?.depth, 4);
    assert.ok(unknownKey(['listeners', 'ssl', 'default', 'ssl_options', 'verfy'], v('5.8'))!.siblings.includes('verify'));
    assert.equal(unknownKey(['cluster', 'static', 'seeds', '1'], v('5.8')), undefined);
    assert.equal(unknownKey(['cluster', 'mcast', 'addr'], v('5.4.1'))?.depth, 1);
    assert.equal(unknownKey(['cluster', 'mcast', 'addr'], v('5.3.2')), undefined);
    assert.equal(unknownKey(['cluster', 'cokie'], v('5.7.2'))?.depth, 1);
    assert.equal(unknownKey(['cluster', 'cokie'], v('5.8.0'))?.depth, 1, 'the fields injected into cluster are read too');
    assert.equal(unknownKey(['node', 'dist_bind_address'], v('6.0.1'))?.depth, 1);
    assert.equal(unknownKey(['dashboard', 'listeners', 'https', 'depth'], v('5.8')), undefined, 'a converter moves the 5.0 layout into ssl_options');
    assert.equal(unknownKey(['node', 'dist_bind_address'], v('6.3.0')), undefined);
    assert.equal(unknownKey(['node', 'cokie'], v('7.0')), undefined, 'newer than any release read');
    assert.equal(unknownKey(['node', 'cokie'], v('4.4'))?.depth, 1);
    assert.equal(unknownKey(['node', 'name'], v('4.4')), undefined);
  });

  it('offers completion children known in the version, without hidden or deprecated ones', () => {
    const names = childKeys(['rpc'], v('5.7.2')).map((c) => c.name);
    assert.ok(names.includes('tcp_server_port') && !names.includes('server_port'));
    const names58 = childKeys(['rpc'], v('5.8.9')).map((c) => c.name);
    assert.ok(names58.includes('server_port') && !names58.includes('tcp_server_port'));
  });

  it('describes keys in EMQX words, in Chinese when the editor is and EMQX has it', () => {
    const rec = lookup(['cluster', 'proto_dist'], v('5.8'))!.rec;
    try {
      assert.match(describeKey(rec)!, /distribution protocol/i);
      configureLocale('zh-cn');
      assert.match(describeKey(rec)!, /[\u4e00-\u9fff]/);
      assert.ok(!/<[a-z]+>/.test(describeKey(rec)!), 'no HTML');
    } finally {
      configureLocale('en');
    }
  });

  it('treats secret-looking keys as secret', () => {
    for (const k of ['node.cookie', 'dashboard.default_password', 'listeners.ssl.default.ssl_options.password', 'node.tls_stateless_tickets_seed']) assert.ok(isSecretKey(k, v('6.3')), k);
    for (const k of ['node.name', 'rpc.keyfile', 'dashboard.token_expired_time', 'cluster.etcd.node_ttl']) assert.ok(!isSecretKey(k, v('6.3')), k);
  });

  it('keyInfo describes catalogue keys outside the hand-checked list', () => {
    const info = keyInfo('dashboard.token_expired_time', v('5.8'));
    assert.ok(info?.exists);
    assert.ok(info!.description.length > 10);
  });
});

/** The release a shipped file comes from, by its corpus name (`emqx-v5.8.9__…`, `…old-confs__e5.7.2.conf`). */
function releaseOf(name: string): string | undefined {
  const own = /old-confs__[ve](\d+\.\d+\.\d+)\.conf$/.exec(name);
  if (own) return own[1];
  const tag = /^emqx-v(\d+\.\d+\.\d+)__/.exec(name);
  // master's files are checked against the newest release read (the catalogue's HEAD).
  return tag?.[1] ?? (name.startsWith('emqx-master__') ? newestRelease() : undefined);
}

describe('catalogue rules on the configs EMQX ships', () => {
  it('reports no unknown key or invalid value in any shipped emqx.conf / *.example / old conf', function () {
    const dir = corpusPath('emqx');
    this.timeout(60000);
    const files = fs.readdirSync(dir).filter((f) => /(\.conf|\.example|\.hocon)$/.test(f) && !/ssl_dist|vm\.args/.test(f) && releaseOf(f));
    assert.ok(files.length >= 25, `${files.length} files`);
    const alarms: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const uri = `file:///corpus/${f}`;
      const result = analyzeDocument({ uri, text, reader: memoryReader({}), trusted: true, settings: { emqxVersion: releaseOf(f) } });
      for (const x of result.findings) if (x.ruleId === 'unknown-key' || x.ruleId === 'invalid-value' || x.ruleId === 'rpc-unknown-key') alarms.push(`${f}: ${x.message}`);
    }
    assert.deepEqual(alarms, []);
  });
});

describe('keyInfo: hand-written text over the facts of EMQX schema', () => {
  it('takes defaults, enum values and absence per release from the schema', () => {
    assert.equal(keyInfo('node.global_gc_interval', v('5.8.9'))!.default, 'disabled');
    assert.deepEqual([...keyInfo('cluster.dns.record_type', v('5.3.2'))!.allowed!].sort(), ['a', 'srv']);
    assert.deepEqual([...keyInfo('cluster.dns.record_type', v('5.6.1'))!.allowed!].sort(), ['a', 'aaaa', 'srv']);
    assert.equal(keyInfo('rpc.client_num', v('5.3.2'))!.exists, false, '5.3 has only tcp_client_num');
    assert.equal(keyInfo('rpc.client_num', v('5.8.0'))!.exists, true);
    assert.equal(keyInfo('cluster.core_nodes', v('5.7.2'))!.exists, true);
    assert.equal(keyInfo('cluster.core_nodes', v('5.8.9'))!.exists, false, 'removed from the schema in 5.8');
  });
});

describe('invalid-value fixes', () => {
  const fixOf = (text: string) =>
    analyzeDocument({ uri: 'file:///x/emqx.conf', text, reader: memoryReader({}), trusted: true, settings: {} }).findings.find((f) => f.ruleId === 'invalid-value')!.fixes![0];
  it('lets fix-all correct a one-letter typo, never into a value that turns a protection off', () => {
    assert.deepEqual([fixOf('cluster.discovery_strategy = statc\n').title, fixOf('cluster.discovery_strategy = statc\n').safe], ['Change to static', true]);
    const weaker = fixOf('cluster.etcd.ssl_options.verify = verify_nope\n');
    assert.equal(weaker.title, 'Change to verify_none');
    assert.equal(weaker.safe, false);
  });
});
