/**
 * Nodes of a deployment alike in everything their analysis reads (the
 * replicas of a Kubernetes Deployment, whose pod names are not known here)
 * share one config id and are analysed once; nodes that differ (a
 * StatefulSet's pods, each with its own name) are not. Findings are those of
 * one replica, once.
 */
import * as assert from 'node:assert/strict';
import { runPipeline } from '../../../server/src/cluster/pipeline';
import { deploymentSources } from '../../../server/src/deploy/sources';
import { memoryReader } from '../../../server/src/io';
import { checkText } from './harness';

function workload(kind: 'Deployment' | 'StatefulSet', replicas: number, named = false): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: emqx',
    'spec:',
    ...(kind === 'StatefulSet' ? ['  serviceName: emqx-headless'] : []),
    `  replicas: ${replicas}`,
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: emqx',
    '          image: emqx/emqx:5.8.6',
    '          env:',
    '            - name: EMQX_NODE__COOKIE',
    '              value: emqxsecretcookie',
    '            - name: EMQX_RPC__PROTOCOL',
    '              value: tpc',
    ...(named
      ? [
          '            - name: POD_NAME',
          '              valueFrom:',
          '                fieldRef:',
          '                  fieldPath: metadata.name',
          '            - name: EMQX_HOST',
          '              value: $(POD_NAME).emqx-headless.default.svc.cluster.local',
        ]
      : []),
    '',
  ].join('\n');
}

const summary = (file: string, text: string): string[] =>
  checkText(file, text)
    .findings.map((f) => `${f.ruleId}@${f.location.uri}:${f.location.range.start.line + 1}:${f.location.range.start.character + 1} ${f.message}`)
    .sort();

describe('deploy: nodes alike are analysed once', () => {
  it("a Deployment's replicas share one config id and one analysis; their findings are one replica's", () => {
    const file = '/k8s/deployment.yaml';
    const text = workload('Deployment', 3);
    const reader = memoryReader({ [file]: text });
    const d = deploymentSources([{ uri: file, text }], reader);
    assert.equal(d.sources.length, 3, 'three nodes');
    assert.deepEqual(
      d.sources.map((s) => s.deployment?.name),
      ['emqx#1', 'emqx#2', 'emqx#3'],
    );
    assert.equal(new Set(d.sources.map((s) => s.uri)).size, 1, 'one config id');
    const r = runPipeline({ sources: d.sources, reader, settings: () => ({}), placement: 'place' });
    assert.equal(r.analyses.length, 3);
    assert.ok(
      r.analyses.every((a) => a.result === r.analyses[0].result),
      'one analysis',
    );
    assert.deepEqual(summary(file, text), summary(file, workload('Deployment', 1)));
    assert.ok(summary(file, text).some((s) => s.startsWith('cookie-default@/k8s/deployment.yaml:14:')));
    assert.ok(summary(file, text).some((s) => s.startsWith('invalid-value@/k8s/deployment.yaml:16:')));
  });

  it("a StatefulSet's pods named by EMQX_HOST keep config ids of their own; unnamed, they are alike", () => {
    const file = '/k8s/statefulset.yaml';
    const named = workload('StatefulSet', 3, true);
    const d = deploymentSources([{ uri: file, text: named }], memoryReader({ [file]: named }));
    assert.deepEqual(
      d.sources.map((s) => s.env.find((v) => v.name === 'EMQX_NODE__NAME')?.value),
      ['emqx@emqx-0.emqx-headless.default.svc.cluster.local', 'emqx@emqx-1.emqx-headless.default.svc.cluster.local', 'emqx@emqx-2.emqx-headless.default.svc.cluster.local'],
    );
    assert.equal(new Set(d.sources.map((s) => s.uri)).size, 3);
    const unnamed = workload('StatefulSet', 3);
    assert.equal(new Set(deploymentSources([{ uri: file, text: unnamed }], memoryReader({ [file]: unnamed })).sources.map((s) => s.uri)).size, 1);
  });
});
