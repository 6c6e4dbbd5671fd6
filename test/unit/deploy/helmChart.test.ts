/**
 * How the Helm chart names a release (deploy/helmChart.ts), against the chart
 * templates' own rules: the fullname (`_helpers.tpl`), the chart line of each
 * EMQX version, and what keeps the names from being known.
 */
import * as assert from 'node:assert/strict';
import { chartLine, ChartValues, releaseNaming } from '../../../server/src/deploy/helmChart';
import { imageVersion, parseImage } from '../../../server/src/deploy/image';

const values = (over: Partial<ChartValues> = {}): ChartValues => ({ clusterDomain: 'cluster.local', config: [], envFromSecret: false, extraEnv: false, ...over });

function naming(ref: string, release: string, over: Partial<ChartValues> = {}, namespace = 'default') {
  const image = parseImage(ref);
  return releaseNaming({ name: release, namespace }, image, imageVersion(image), values(over));
}

function hostOf(ref: string, release: string, over: Partial<ChartValues> = {}): string | undefined {
  const n = naming(ref, release, over);
  return 'unknown' in n ? n.unknown : n.host?.(`${n.fullname}-0`);
}

describe('deploy/helmChart: the chart names a release', () => {
  it('the chart line of each EMQX version (templates compared at every release tag)', () => {
    const line = (ref: string) => {
      const image = parseImage(ref);
      return chartLine(image, imageVersion(image));
    };
    assert.equal(line('emqx/emqx:4.4.11'), undefined);
    assert.equal(line('emqx/emqx:4.4.12'), '4.4');
    assert.equal(line('emqx/emqx-ee:4.4.19'), undefined);
    assert.equal(line('emqx/emqx:5.0.16'), undefined);
    assert.equal(line('emqx/emqx:5.0.17'), '5.0');
    assert.equal(line('emqx/emqx-enterprise:5.0.4'), '5.0');
    assert.equal(line('emqx/emqx:5.8.0'), '5.0');
    assert.equal(line('emqx/emqx:5.8'), undefined);
    assert.equal(line('emqx/emqx:5.8.1'), '5.8');
    assert.equal(line('emqx/emqx-enterprise:5.10.1'), '5.8');
    assert.equal(line('emqx/emqx-enterprise:6.0.1'), '6');
    assert.equal(line('emqx/emqx:latest'), undefined);
  });

  it('the fullname: the release when it holds the chart name, else <release>-<chart>; overrides; 63 characters, one trailing dash trimmed', () => {
    const full = (ref: string, release: string, over: Partial<ChartValues> = {}) => {
      const n = naming(ref, release, over);
      return 'unknown' in n ? n.unknown : n.fullname;
    };
    assert.equal(full('emqx/emqx:5.8.9', 'my-emqx'), 'my-emqx');
    assert.equal(full('emqx/emqx:5.8.9', 'mq'), 'mq-emqx');
    assert.equal(full('emqx/emqx-enterprise:5.8.9', 'emqx'), 'emqx-emqx-enterprise');
    assert.equal(full('emqx/emqx-enterprise:5.8.9', 'prod-emqx-enterprise'), 'prod-emqx-enterprise');
    assert.equal(full('emqx/emqx:5.8.9', 'mq', { nameOverride: 'broker' }), 'mq-broker');
    assert.equal(full('emqx/emqx:5.8.9', 'mq', { fullnameOverride: 'broker-' }), 'broker');
    // Cut at 63; when the cut ends in '-', that dash goes too.
    assert.equal(full('emqx/emqx-enterprise:5.8.9', 'a'.repeat(50)), `${'a'.repeat(50)}-emqx-enterpr`);
    assert.equal(full('emqx/emqx-enterprise:5.8.9', 'a'.repeat(57)), `${'a'.repeat(57)}-emqx`);
    // 6.x: dots become dashes (not in 5.x).
    assert.equal(full('emqx/emqx-enterprise:6.0.1', 'my.mq'), 'my-mq-emqx-enterprise');
    assert.equal(full('emqx/emqx-enterprise:5.8.9', 'my.mq'), 'my.mq-emqx-enterprise');
  });

  it('EMQX_HOST from 5.8.1: cluster.local until the 6.x releases with the clusterDomain fix', () => {
    assert.equal(hostOf('emqx/emqx:5.8.9', 'mq', { clusterDomain: 'k8s.internal' }), 'mq-emqx-0.mq-emqx-headless.default.svc.cluster.local');
    assert.equal(hostOf('emqx/emqx-enterprise:6.0.3', 'mq', { clusterDomain: 'k8s.internal' }), 'mq-emqx-enterprise-0.mq-emqx-enterprise-headless.default.svc.cluster.local');
    assert.equal(hostOf('emqx/emqx-enterprise:6.1.3', 'mq', { clusterDomain: 'k8s.internal' }), 'mq-emqx-enterprise-0.mq-emqx-enterprise-headless.default.svc.k8s.internal');
    // 6.0 without a patch: with another clusterDomain the chart's choice is not known; with cluster.local it does not matter.
    assert.equal(hostOf('emqx/emqx-enterprise:6.0', 'mq', { clusterDomain: 'k8s.internal' }), 'chart-version');
    assert.equal(hostOf('emqx/emqx-enterprise:6.0', 'mq'), 'mq-emqx-enterprise-0.mq-emqx-enterprise-headless.default.svc.cluster.local');
    // Before 5.8.1 the chart sets no EMQX_HOST.
    assert.equal(hostOf('emqx/emqx:5.7.2', 'mq'), undefined);
  });

  it('the ConfigMap: EMQX_NAME, the default strategy, its discovery variables; a variable written twice or a Secret makes the names unknown', () => {
    const n = naming('emqx/emqx:5.7.2', 'mq', {}, 'iot');
    assert.ok(!('unknown' in n));
    assert.deepEqual(n.configMap, [
      ['EMQX_NAME', 'mq'],
      ['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'dns'],
      ['EMQX_CLUSTER__DNS__NAME', 'mq-emqx-headless.iot.svc.cluster.local'],
      ['EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv'],
    ]);
    const four = naming('emqx/emqx:4.4.19', 'mq');
    assert.ok(!('unknown' in four));
    assert.deepEqual(
      four.configMap.map(([k]) => k),
      [
        'EMQX_NAME',
        'EMQX_CLUSTER__DISCOVERY',
        'EMQX_CLUSTER__K8S__APP_NAME',
        'EMQX_CLUSTER__K8S__APISERVER',
        'EMQX_CLUSTER__K8S__SERVICE_NAME',
        'EMQX_CLUSTER__K8S__NAMESPACE',
        'EMQX_CLUSTER__K8S__ADDRESS_TYPE',
        'EMQX_CLUSTER__K8S__SUFFIX',
      ],
    );
    assert.deepEqual(naming('emqx/emqx:5.8.9', 'mq', { config: [{ name: 'EMQX_NAME', key: 'EMQX_NAME', value: 'x' }] }), { unknown: 'values' });
    assert.deepEqual(naming('emqx/emqx:5.8.9', 'mq', { config: [{ name: 'EMQX_CLUSTER__DISCOVERY_STRATEGY', key: 'cluster.discovery_strategy', value: 'k8s' }] }), { unknown: 'values' });
    assert.deepEqual(naming('emqx/emqx:5.8.9', 'mq', { envFromSecret: true }), { unknown: 'values' });
    // extraEnv is read by the 4.4 chart only.
    assert.deepEqual(naming('emqx/emqx:4.4.19', 'mq', { extraEnv: true }), { unknown: 'values' });
    assert.ok(!('unknown' in naming('emqx/emqx:5.8.9', 'mq', { extraEnv: true })));
  });
});
