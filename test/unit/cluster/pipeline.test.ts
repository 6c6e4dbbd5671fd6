/**
 * The node pipeline on node sources that are not config files on disk, as
 * deployment readers (Kubernetes, Helm, the EMQX Operator) produce them: a
 * node configured by `EMQX_*` entries of a manifest alone, one with HOCON
 * embedded in a manifest, next to a config file with its compose deployment.
 * Each source is analysed once; findings about a variable point at its line
 * in the manifest; nodes of one deployment file are one cluster.
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument, AnalyzeInput } from '../../../server/src/rules/analyze';
import { isNodeSource, NodeSource, runPipeline, sourcesForFile } from '../../../server/src/cluster/pipeline';
import { range } from '../../../server/src/syntax/position';

const MANIFEST = '/deploy/emqx-statefulset.yaml';
const COOKIE_A = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const at = (line: number, from: number, to: number) => ({ uri: MANIFEST, range: range(line, from, line, to) });

/** Two pods of one StatefulSet: pod 0 from env entries alone, pod 1 from embedded HOCON plus env. */
function manifestSources(): NodeSource[] {
  const deployment = { file: MANIFEST, name: 'StatefulSet/emqx' };
  return [
    {
      uri: `${MANIFEST}#emqx-0`,
      text: '',
      isNode: true,
      docker: true,
      emqxVersion: '5.8',
      deployment,
      env: [
        { name: 'EMQX_NODE__NAME', value: 'emqx@emqx-0.emqx-headless', location: at(10, 17, 42) },
        { name: 'EMQX_NODE__COOKIE', value: 'emqxsecretcookie', location: at(12, 17, 33) },
      ],
      unresolved: [],
    },
    {
      uri: `${MANIFEST}#emqx-1`,
      text: `node {\n  name = "emqx@emqx-1.emqx-headless"\n  cookie = "${COOKIE_A}"\n}\n`,
      isNode: true,
      docker: true,
      deployment,
      env: [],
      unresolved: ['EMQX_DASHBOARD__DEFAULT_PASSWORD'],
    },
  ];
}

describe('node pipeline: sources from deployment readers', () => {
  it('env-only and embedded-HOCON nodes of one manifest are compared; variable findings point into the manifest', () => {
    let analyses = 0;
    const analyze = (input: AnalyzeInput) => {
      analyses++;
      return analyzeDocument(input);
    };
    const result = runPipeline({ sources: manifestSources(), reader: memoryReader({}), settings: () => ({}), placement: 'place', analyze });
    assert.equal(analyses, 2);
    assert.deepEqual(
      result.analyses.map((a) => a.node),
      [true, true],
    );
    const inManifest = (result.byFile.get(MANIFEST) ?? []).map((f) => [f.ruleId, f.location.range.start.line]);
    // The default cookie of pod 0, as a rule finding and as the odd one out of the cluster.
    assert.deepEqual(inManifest.sort(), [
      ['cluster-cookie-mismatch', 12],
      ['cookie-default', 12],
    ]);
    // No finding claims a secret value; the message names the nodes.
    const mismatch = result.findings.find((f) => f.ruleId === 'cluster-cookie-mismatch')!;
    assert.match(mismatch.message, /emqx@emqx-0\.emqx-headless/);
    assert.ok(!result.findings.some((f) => f.message.includes(COOKIE_A)));
  });

  it('the editor placement moves a variable finding onto the node it configures, naming the line', () => {
    const result = runPipeline({ sources: manifestSources(), reader: memoryReader({}), settings: () => ({}), placement: 'include' });
    const moved = (result.byFile.get(`${MANIFEST}#emqx-0`) ?? []).filter((f) => f.ruleId === 'cookie-default');
    assert.equal(moved.length, 1);
    assert.match(moved[0].message, /^In emqx-statefulset\.yaml \(deploys this file\), line 13: The Erlang cookie is a default/);
    assert.deepEqual(moved[0].related?.[0].location, at(12, 17, 33));
  });

  it('which files are nodes: one rule for check and the editor', () => {
    const files: Record<string, string> = {
      '/c/emqx.conf': 'rpc.protocol = ssl\n',
      '/c/node1-emqx.conf': 'rpc.protocol = ssl\n',
      '/c/extra.hocon': 'rpc.protocol = ssl\n',
      '/c/named.hocon': 'node.name = "emqx9@10.0.0.9"\n',
      // A layer is no node, even one that names a node.
      '/d/base.hocon': 'node.name = "emqx8@10.0.0.8"\n',
      '/c/ssl_dist.conf': '[{server, [{verify, verify_peer}]}].\n',
    };
    const reader = memoryReader(files);
    const sources = Object.keys(files).flatMap((p) => sourcesForFile(p, reader));
    const result = runPipeline({ sources, reader, settings: () => ({}), placement: 'place' });
    const nodes = result.analyses
      .filter((a) => isNodeSource(a.source, a.result))
      .map((a) => a.source.uri)
      .sort();
    assert.deepEqual(nodes, ['/c/emqx.conf', '/c/named.hocon', '/c/node1-emqx.conf']);
    assert.deepEqual(result.unreadable, []);
  });
});
