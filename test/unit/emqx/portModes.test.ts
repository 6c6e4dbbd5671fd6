/**
 * One RPC port for a node, wherever it is shown: the node-name hover, the
 * `ports` command's plan, the `node-port-collision` rule and the cluster
 * check `cluster-port-collision` agree in every way a node can choose its
 * RPC port (stateless, manual in the file, a manual server port, forced by
 * the official Docker image, overridden by the environment, 4.x). Two nodes
 * on one host collide on it exactly when discovery is manual.
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument, AnalyzeEnvVar } from '../../../server/src/rules/analyze';
import { checkCluster } from '../../../server/src/cluster/checks';
import { portPlan } from '../../../server/src/cluster/portPlan';
import { hover } from '../../../server/src/ide/hover';
import { rpcPortSetting } from '../../../server/src/emqx/ports';

interface Mode {
  readonly label: string;
  /** Config lines besides node.name and the seeds. */
  readonly lines: readonly string[];
  readonly docker?: boolean;
  readonly env?: readonly AnalyzeEnvVar[];
  readonly version?: string;
  /** What EMQX does: the discovery and the RPC port of emqx1 and emqx2. */
  readonly discovery: 'stateless' | 'manual';
  readonly ports: readonly [number, number];
}

const MODES: readonly Mode[] = [
  { label: 'stateless (the default)', lines: [], discovery: 'stateless', ports: [5371, 5372] },
  { label: 'manual in the file', lines: ['rpc.port_discovery = manual'], discovery: 'manual', ports: [5369, 5369] },
  { label: 'manual with rpc.server_port', lines: ['rpc.port_discovery = manual', 'rpc.server_port = 5400'], discovery: 'manual', ports: [5400, 5400] },
  { label: 'stateless in the file, ignored by the Docker image', lines: ['rpc.port_discovery = stateless'], docker: true, discovery: 'manual', ports: [5369, 5369] },
  { label: 'the Docker image without a setting', lines: [], docker: true, discovery: 'manual', ports: [5369, 5369] },
  {
    label: 'the Docker image with EMQX_RPC__PORT_DISCOVERY=stateless',
    lines: [],
    docker: true,
    env: [{ name: 'EMQX_RPC__PORT_DISCOVERY', value: 'stateless' }],
    discovery: 'stateless',
    ports: [5371, 5372],
  },
  { label: 'EMQX_RPC__PORT_DISCOVERY=manual', lines: [], env: [{ name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual' }], discovery: 'manual', ports: [5369, 5369] },
  { label: '4.4 with manual discovery and rpc.tcp_server_port', lines: ['rpc.port_discovery = manual', 'rpc.tcp_server_port = 5380'], version: '4.4', discovery: 'manual', ports: [5380, 5380] },
];

function configText(mode: Mode, name: string, cuttlefish: boolean): string {
  const seeds = cuttlefish ? 'cluster.static.seeds = emqx1@127.0.0.1,emqx2@127.0.0.1' : 'cluster.static.seeds = ["emqx1@127.0.0.1", "emqx2@127.0.0.1"]';
  return [`node.name = ${cuttlefish ? name : `"${name}"`}`, 'cluster.discovery_strategy = static', seeds, ...mode.lines, ''].join('\n');
}

function analyze(mode: Mode, name: string) {
  const uri = `/hosts/${name.split('@')[0]}/emqx.conf`;
  const text = configText(mode, name, mode.version === '4.4');
  const result = analyzeDocument({ uri, text, reader: memoryReader({}), trusted: true, settings: { docker: mode.docker, emqxVersion: mode.version }, env: mode.env });
  return { uri, text, result };
}

describe('one RPC port for hover, ports, node-port-collision and cluster-port-collision', () => {
  for (const mode of MODES) {
    it(mode.label, () => {
      const nodes = ['emqx1@127.0.0.1', 'emqx2@127.0.0.1'].map((name) => ({ name, ...analyze(mode, name) }));
      const setting = rpcPortSetting(nodes[0].result.config, { docker: mode.docker, dialect: nodes[0].result.dialect });
      assert.equal(setting.discovery, mode.discovery);

      // The hover on node.name.
      nodes.forEach((n, i) => {
        const h = hover({ uri: n.uri, text: n.text, position: { line: 0, character: 15 }, config: n.result.config, version: n.result.version, docker: mode.docker ?? false });
        assert.ok(h, 'a hover on node.name');
        assert.match(h.contents.value, new RegExp(`Cluster RPC port: \`${mode.ports[i]}\``), h.contents.value);
      });

      // The `ports` command's plan with the same choice.
      const plan = portPlan(
        nodes.map((n) => n.name),
        { discovery: setting.discovery, serverPort: setting.serverPort },
      );
      assert.deepEqual(
        plan.nodes.map((n) => n.rpcPort),
        mode.ports,
      );
      const manual = mode.discovery === 'manual';
      assert.deepEqual(
        plan.collisions.map((c) => [c.kind, c.port]),
        manual ? [['rpc', mode.ports[0]]] : [],
      );

      // The node rule on the seeds of the first node's config.
      const rule = nodes[0].result.findings.filter((f) => f.ruleId === 'node-port-collision');
      assert.equal(rule.length, manual ? 1 : 0, JSON.stringify(rule.map((f) => f.message)));
      if (manual) {
        assert.match(rule[0].message, new RegExp(`both listen for cluster RPC on port ${mode.ports[0]}\\b`));
        assert.deepEqual(rule[0].location.range.start.line, 2);
      }

      // The cluster check over both nodes' configs.
      const cluster = checkCluster(
        nodes.map((n) => ({ uri: n.uri, config: n.result.config, dialect: n.result.dialect === 'cuttlefish' ? 'cuttlefish' : 'hocon', major: n.result.version.major, docker: mode.docker })),
      ).filter((f) => f.ruleId === 'cluster-port-collision');
      assert.equal(cluster.length, manual ? 1 : 0, JSON.stringify(cluster.map((f) => f.message)));
      if (manual) assert.match(cluster[0].message, new RegExp(`both need port\\(s\\) ${mode.ports[0]} \\(cluster RPC\\)`));
    });
  }
});
