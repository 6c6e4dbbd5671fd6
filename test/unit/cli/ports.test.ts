import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { buildCli, runCli, ROOT } from './harness';

describe('CLI ports (built dist/cli.js as a process)', function () {
  this.timeout(60000);
  before(() => buildCli());

  it('prints offsets, ports and firewall openings for a three-node cluster', () => {
    const r = runCli(['ports', 'emqx1@10.0.0.1', 'emqx2@10.0.0.2', 'emqx3@10.0.0.3'], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.deepEqual(
      lines.slice(0, 4).map((l) => l.split(/\s+/)),
      [
        ['node', 'offset', 'distribution', 'RPC'],
        ['emqx1@10.0.0.1', '1', '4371', '5371'],
        ['emqx2@10.0.0.2', '2', '4372', '5372'],
        ['emqx3@10.0.0.3', '3', '4373', '5373'],
      ],
    );
    assert.ok(lines.includes('  allow tcp 4371 and 5371 from the other nodes to emqx1@10.0.0.1'));
    assert.ok(lines.includes('  iptables -A INPUT -p tcp -s 10.0.0.2 -m multiport --dports 4371,5371 -j ACCEPT'));
    assert.ok(lines.includes('  ufw allow proto tcp from 10.0.0.3 to 10.0.0.1 port 4371,5371'));
    // EPMD's 4369 is never opened.
    assert.ok(!lines.some((l) => /allow|ACCEPT/.test(l) && /\b4369\b/.test(l)));
  });

  it('uses the manual RPC port under Docker and --server-port', () => {
    const docker = JSON.parse(runCli(['ports', '--docker', '--format', 'json', 'emqx@node1.emqx.io', 'emqx@node2.emqx.io'], ROOT).stdout);
    assert.equal(docker.discovery, 'manual');
    assert.deepEqual(
      docker.nodes.map((n: { distPort: number; rpcPort: number }) => [n.distPort, n.rpcPort]),
      [
        [4370, 5369],
        [4370, 5369],
      ],
    );
    assert.deepEqual(docker.collisions, []);
    const manual = JSON.parse(runCli(['ports', '--port-discovery', 'manual', '--server-port', '6000', '--format', 'json', 'emqx7@h1'], ROOT).stdout);
    assert.equal(manual.nodes[0].rpcPort, 6000);
    assert.equal(manual.nodes[0].distPort, 4377);
  });

  it('exits 1 on a collision or a name EMQX refuses, and says why', () => {
    const r = runCli(['ports', 'emqx1@127.0.0.1', 'emqx01@localhost'], ROOT);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Collision: emqx1@127\.0\.0\.1, emqx01@localhost on host 127\.0\.0\.1 all need Erlang distribution port 4371/);
    const bad = runCli(['ports', 'emqx.1@h'], ROOT);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Warning: node name emqx\.1@h would be refused by EMQX/);
  });

  it('runs through the package bin shim too', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'emqx-cluster-security.js'), 'ports', 'emqx5@h'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /emqx5@h\s+5\s+4375\s+5375/);
  });

  it('usage errors exit 2', () => {
    for (const args of [['ports'], ['ports', 'a@b', '--server-port', '70000'], ['ports', 'a@b', '--port-discovery', 'auto'], ['ports', '--format', 'xml', 'a@b']]) {
      const r = runCli(args, ROOT);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^emqx-cluster-security ports: /);
    }
  });
});
