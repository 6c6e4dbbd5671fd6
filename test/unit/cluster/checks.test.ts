import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { loadCuttlefishConfig } from '../../../server/src/model/cuttlefish';
import { checkCluster as runChecks } from '../../../server/src/cluster/checks';
import { ClusterNodeInput } from '../../../server/src/cluster/nodes';
import { clusterRules } from '../../../server/src/cluster/rules';
import { Finding } from '../../../server/src/rules/types';
import { generateClusterCertificates } from '../../../server/src/certs/generate';
import { messageMatchers } from '../rules/messageTemplates';

/** Every finding the tests below produce, to check its messages at the end. */
const produced: Finding[] = [];

function checkCluster(...args: Parameters<typeof runChecks>): Finding[] {
  const findings = runChecks(...args);
  produced.push(...findings);
  return findings;
}

/**
 * Node configs written as flat `key = value` lines (read by the 4.x reader,
 * which gives real locations); the keys are the 5.x ones the checks read.
 */
function node(uri: string, lines: string[], extra: Partial<ClusterNodeInput> = {}): ClusterNodeInput {
  const text = lines.join('\n') + '\n';
  return { uri, config: loadCuttlefishConfig({ uri, text }).config, dialect: 'hocon', major: 5, ...extra };
}

function at(f: Finding): string {
  return `${f.location.uri}:${f.location.range.start.line + 1}`;
}

const STRONG = 'Zq8v1LmX0pT7rN4wB6yH2kC9dF3gJ5sA';
const OTHER = 'Yt7u2NkW9oS6qM3vA5xG1jB8cE4fH0rD';

describe('cluster checks', () => {
  it('finds nothing in a consistent three-node cluster', () => {
    const nodes = [1, 2, 3].map((i) => node(`/c/n${i}/emqx.conf`, [`node.name = emqx${i}@10.0.0.${i}`, `node.cookie = ${STRONG}`, 'rpc.protocol = ssl', 'cluster.proto_dist = inet_tls']));
    assert.deepEqual(checkCluster(nodes), []);
  });

  it('needs two nodes to compare', () => {
    assert.deepEqual(checkCluster([node('/c/a.conf', ['node.name = emqx1@h'])]), []);
  });

  it('reports a cookie mismatch on the minority node without printing either value', () => {
    const nodes = [
      node('/c/n1.conf', ['node.name = emqx1@10.0.0.1', `node.cookie = ${STRONG}`]),
      node('/c/n2.conf', ['node.name = emqx2@10.0.0.2', `node.cookie = ${STRONG}`]),
      node('/c/n3.conf', ['# node three', 'node.name = emqx3@10.0.0.3', `node.cookie = ${OTHER}`]),
    ];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, at(f), f.keyPath]),
      [['cluster-cookie-mismatch', 'error', '/c/n3.conf:3', 'node.cookie']],
    );
    const f = findings[0];
    assert.match(f.message, /emqx3@10\.0\.0\.3/);
    assert.ok(!f.message.includes(STRONG) && !f.message.includes(OTHER));
    assert.deepEqual(
      f.related!.map((r) => `${r.location.uri}:${r.location.range.start.line + 1}`),
      ['/c/n1.conf:2', '/c/n2.conf:2'],
    );
    for (const r of f.related!) assert.ok(!r.message.includes(STRONG));
  });

  it('leaves out a node whose cookie comes from a secret it cannot read', () => {
    const nodes = [node('/c/n1.conf', ['node.name = emqx1@h1', `node.cookie = ${STRONG}`]), node('/c/n2.conf', ['node.name = emqx2@h2'], { cookieUnknown: true })];
    assert.deepEqual(
      checkCluster(nodes).filter((f) => f.ruleId === 'cluster-cookie-mismatch'),
      [],
    );
  });

  it('treats a missing cookie as the build default, equal to an explicit default cookie', () => {
    const nodes = [node('/c/a.conf', ['node.name = emqx1@h1']), node('/c/b.conf', ['node.name = emqx2@h2', 'node.cookie = emqxsecretcookie'])];
    assert.deepEqual(
      checkCluster(nodes).filter((f) => f.ruleId === 'cluster-cookie-mismatch'),
      [],
    );
    const v6 = [node('/c/a.conf', ['node.name = emqx1@h1'], { major: 6 }), node('/c/b.conf', ['node.name = emqx2@h2', 'node.cookie = emqxsecretcookie'], { major: 6 })];
    assert.equal(checkCluster(v6).filter((f) => f.ruleId === 'cluster-cookie-mismatch').length, 2);
  });

  it('reports both sides of a two-node disagreement (no majority)', () => {
    const nodes = [node('/c/a.conf', ['node.name = emqx1@h1', 'rpc.protocol = ssl', 'cluster.proto_dist = inet_tls']), node('/c/b.conf', ['node.name = emqx2@h2', 'rpc.protocol = tcp'])];
    const findings = checkCluster(nodes);
    assert.deepEqual(findings.map((f) => [f.ruleId, at(f), f.keyPath]).sort(), [
      ['cluster-dist-mismatch', '/c/a.conf:3', 'cluster.proto_dist'],
      // b.conf does not set proto_dist: the finding points at its node name, the best anchor there is.
      ['cluster-dist-mismatch', '/c/b.conf:1', 'cluster.proto_dist'],
      ['cluster-rpc-mismatch', '/c/a.conf:2', 'rpc.protocol'],
      ['cluster-rpc-mismatch', '/c/b.conf:2', 'rpc.protocol'],
    ]);
    const rpcA = findings.find((f) => f.ruleId === 'cluster-rpc-mismatch' && f.location.uri === '/c/a.conf')!;
    assert.match(rpcA.message, /"ssl".*"tcp"/);
    assert.equal(rpcA.related![0].location.uri, '/c/b.conf');
  });

  it('applies the Docker image forced manual discovery and compares the manual server port', () => {
    const nodes = [
      node('/c/a.conf', ['node.name = emqx@node1', 'rpc.port_discovery = stateless'], { docker: true }),
      node('/c/b.conf', ['node.name = emqx@node2'], { docker: true }),
      node('/c/c.conf', ['node.name = emqx@node3', 'rpc.server_port = 5370'], { docker: true }),
    ];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, at(f), f.keyPath]),
      [['cluster-rpc-mismatch', '/c/c.conf:2', 'rpc.server_port']],
    );
    assert.match(findings[0].message, /5370.*5369/);
  });

  it('reports a port collision between two nodes on one host', () => {
    const nodes = [
      node('/c/a.conf', ['node.name = emqx1@127.0.0.1']),
      node('/c/b.conf', ['node.name = emqx01@localhost']),
      node('/c/c.conf', ['node.name = emqx2@127.0.0.1']),
      node('/c/d.conf', ['node.name = emqx1@10.0.0.9']),
    ];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, at(f)]),
      [['cluster-port-collision', '/c/b.conf:1']],
    );
    assert.match(findings[0].message, /4371, 5371/);
    assert.equal(findings[0].related![0].location.uri, '/c/a.conf');
  });

  it('sees that manual RPC discovery puts every node on one host on the same port', () => {
    const nodes = [node('/c/a.conf', ['node.name = emqx1@h', 'rpc.port_discovery = manual']), node('/c/b.conf', ['node.name = emqx2@h', 'rpc.port_discovery = manual'])];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['cluster-port-collision'],
    );
    assert.match(findings[0].message, /5369 \(cluster RPC\)/);
  });

  it('reports duplicate node names on every copy', () => {
    const nodes = [node('/c/a.conf', ['node.name = emqx1@h1']), node('/c/b.conf', ['node.name = emqx1@h1'])];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, at(f)]),
      [
        ['cluster-duplicate-node', '/c/a.conf:1'],
        ['cluster-duplicate-node', '/c/b.conf:1'],
      ],
    );
  });

  it('reports static seeds that name no known node', () => {
    const nodes = [
      node('/c/a.conf', ['node.name = emqx1@h1', 'cluster.discovery_strategy = static', 'cluster.static.seeds = emqx1@h1,emqx2@h2,emqx3@h3']),
      node('/c/b.conf', ['node.name = emqx2@h2', 'cluster.discovery_strategy = static', 'cluster.static.seeds = emqx1@h1,emqx2@h2']),
    ];
    const findings = checkCluster(nodes);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, at(f)]),
      [['cluster-unknown-seed', 'warning', '/c/a.conf:3']],
    );
    assert.match(findings[0].message, /emqx3@h3/);
  });

  it('applies severity overrides and off', () => {
    const nodes = [node('/c/a.conf', ['node.name = emqx1@h1']), node('/c/b.conf', ['node.name = emqx1@h1'])];
    assert.deepEqual(checkCluster(nodes, { severities: { 'cluster-duplicate-node': 'off' } }), []);
    assert.deepEqual(
      checkCluster(nodes, { severities: { 'cluster-duplicate-node': 'info' } }).map((f) => f.severity),
      ['info', 'info'],
    );
  });

  describe('certificates', () => {
    let reader = memoryReader({});
    before(async () => {
      // Two independent cluster CAs from the project's own generator: nodes 1 and 2 from A, node 3 from B.
      const a = await generateClusterCertificates({ nodes: ['emqx1@h1', 'emqx2@h2'], caCommonName: 'Cluster CA A', keyType: 'ec' });
      const b = await generateClusterCertificates({ nodes: ['emqx3@h3'], caCommonName: 'Cluster CA B', keyType: 'ec' });
      const caA = { certPem: a.ca.certificatePem };
      const caB = { certPem: b.ca.certificatePem };
      const [leafA1, leafA2] = a.nodes.map((n) => ({ certPem: n.certificatePem }));
      const leafB3 = { certPem: b.nodes[0].certificatePem };
      reader = memoryReader({
        '/pki/a/ca.pem': caA.certPem,
        '/pki/b/ca.pem': caB.certPem,
        '/pki/1.pem': leafA1.certPem,
        '/pki/2.pem': leafA2.certPem,
        '/pki/3.pem': leafB3.certPem,
        '/pki/3-chain.pem': leafB3.certPem + caB.certPem,
      });
    });
    const tlsNode = (i: number, ca: string, cert: string) =>
      node(`/c/n${i}.conf`, [`node.name = emqx${i}@h${i}`, 'rpc.protocol = ssl', `rpc.certfile = ${cert}`, 'rpc.keyfile = /k.pem', `rpc.cacertfile = ${ca}`], { reader });

    it('accepts nodes whose certificates chain to the shared CA', () => {
      assert.deepEqual(checkCluster([tlsNode(1, '/pki/a/ca.pem', '/pki/1.pem'), tlsNode(2, '/pki/a/ca.pem', '/pki/2.pem')]), []);
    });

    it('reports the node whose CA file differs from the others, by content', () => {
      const findings = checkCluster([tlsNode(1, '/pki/a/ca.pem', '/pki/1.pem'), tlsNode(2, '/pki/a/ca.pem', '/pki/2.pem'), tlsNode(3, '/pki/b/ca.pem', '/pki/3-chain.pem')]);
      assert.deepEqual(
        findings.map((f) => [f.ruleId, at(f), f.keyPath]),
        [['cluster-ca-mismatch', '/c/n3.conf:5', 'rpc.cacertfile']],
      );
      assert.equal(findings[0].related!.length, 2);
    });

    it('reports a node certificate that the other nodes CA does not sign, even with the same CA file', () => {
      const findings = checkCluster([tlsNode(1, '/pki/a/ca.pem', '/pki/1.pem'), tlsNode(3, '/pki/a/ca.pem', '/pki/3.pem')]);
      assert.deepEqual(
        findings.map((f) => [f.ruleId, at(f), f.keyPath]),
        [['cluster-ca-mismatch', '/c/n3.conf:3', 'rpc.certfile']],
      );
      assert.match(findings[0].message, /emqx1@h1/);
    });

    it('says nothing about certificates it cannot read', () => {
      const blind = (i: number, ca: string) => node(`/c/n${i}.conf`, [`node.name = emqx${i}@h${i}`, 'rpc.protocol = ssl', `rpc.cacertfile = ${ca}`], { reader: memoryReader({}) });
      assert.deepEqual(checkCluster([blind(1, '/x/ca.pem'), blind(2, '/y/ca.pem')]), []);
    });
  });
});

describe('cluster rule metadata', () => {
  it('documents every rule id the checks can report', () => {
    const ids = clusterRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of clusterRules) {
      assert.match(r.id, /^cluster-[a-z-]+$/);
      assert.ok(r.title.length > 10 && r.why.length > 100 && r.fix.length > 10, r.id);
    }
  });
});

describe('cluster rule messages', () => {
  it("every finding and related message the checks above produced comes from its rule's message functions", () => {
    const matchers = messageMatchers(clusterRules);
    for (const f of produced) {
      const mine = matchers.get(f.ruleId);
      assert.ok(mine, `${f.ruleId} is not a cluster rule`);
      for (const text of [f.message, ...(f.related ?? []).map((r) => r.message)]) assert.ok(mine(text), `${f.ruleId} said "${text}", which none of its messages says`);
    }
    // Every rule fired at least once above.
    assert.deepEqual(new Set(produced.map((f) => f.ruleId)), new Set(clusterRules.map((r) => r.id)));
  });
});
