/**
 * `ports` on Helm values (the release given with --release/--namespace) and on
 * EMQX Operator v1beta3/v1beta4 resources (EMQX 4.x), as a user runs it: the
 * built CLI as a process. The node names are the ones the chart or the
 * operator gives the pods; without what names them, stderr says what to pass.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, runCli, tempDir, ROOT } from './harness';

const DEPLOY = path.join(ROOT, 'test', 'fixtures', 'deploy');

/** A folder holding one values file. */
function values(lines: string[]): string {
  const dir = tempDir('helm-ports');
  fs.writeFileSync(path.join(dir, 'values.yaml'), lines.join('\n') + '\n');
  return dir;
}

interface PortsJson {
  nodes: Array<{ name: string; offset: number; distPort: number; rpcPort: number }>;
}

const names = (stdout: string) => (JSON.parse(stdout) as PortsJson).nodes.map((n) => n.name);

describe('CLI ports on Helm values and 4.x Operator resources (built dist/cli.js as a process)', function () {
  this.timeout(120000);
  before(() => buildCli());

  it('Helm values of a 5.8 chart: without --release stderr says to pass it; with it, the nodes as the chart names them', () => {
    const dir = values(['replicaCount: 3', 'image:', '  repository: emqx/emqx', '  tag: 5.8.9', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "dns"']);
    const bare = runCli(['ports', 'values.yaml'], dir);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.match(
      bare.stderr,
      /^emqx-cluster-security ports: values\.yaml is a Helm values file: the chart names its nodes after the release, which the values do not say\. Pass --release NAME \(and --namespace NS\) to name them; they are left out\.$/m,
    );
    // Said once for the file, not once per replica.
    assert.equal(bare.stderr.match(/Pass --release/g)!.length, 1);

    // Release prod-2 in namespace mqtt: EMQX_NAME is the release, so its digits move the distribution port.
    const json = runCli(['ports', 'values.yaml', '--release', 'prod-2', '--namespace', 'mqtt', '--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, '');
    const plan = JSON.parse(json.stdout) as PortsJson;
    assert.deepEqual(
      plan.nodes.map((n) => `${n.name} ${n.offset} ${n.distPort} ${n.rpcPort}`),
      [0, 1, 2].map((i) => `prod-2@prod-2-emqx-${i}.prod-2-emqx-headless.mqtt.svc.cluster.local 2 4372 5369`),
    );

    // A release whose name holds the chart's is the fullname itself; the namespace defaults to default, and stderr says so.
    const text = runCli(['ports', 'values.yaml', '--release', 'emqx'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^emqx@emqx-0\.emqx-headless\.default\.svc\.cluster\.local +0 +4370 +5369$/m);
    assert.match(text.stderr, /values\.yaml: the release is taken to be in the namespace default \(pass --namespace NS if it is installed elsewhere\)\./);
  });

  it('the enterprise and 6.x charts: the chart name in the fullname, EMQX_NAME = fullname from 6.0, clusterDomain once the chart uses it', () => {
    const ee = values(['replicaCount: 2', 'image:', '  repository: emqx/emqx-enterprise', '  tag: 5.8.9', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "dns"']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'emqx', '--format', 'json'], ee).stdout), [
      'emqx@emqx-emqx-enterprise-0.emqx-emqx-enterprise-headless.default.svc.cluster.local',
      'emqx@emqx-emqx-enterprise-1.emqx-emqx-enterprise-headless.default.svc.cluster.local',
    ]);
    const six = (tag: string) =>
      values(['replicaCount: 1', 'clusterDomain: k8s.internal', 'image:', '  repository: emqx/emqx-enterprise', `  tag: ${tag}`, 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "dns"']);
    // 6.0.4 has the clusterDomain fix; dots of the release become dashes in the fullname.
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'my.mq', '--namespace', 'iot', '--format', 'json'], six('6.0.4')).stdout), [
      'my-mq-emqx-enterprise@my-mq-emqx-enterprise-0.my-mq-emqx-enterprise-headless.iot.svc.k8s.internal',
    ]);
    // 6.0.1 still writes cluster.local into EMQX_HOST.
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'mq', '--namespace', 'iot', '--format', 'json'], six('6.0.1')).stdout), [
      'mq-emqx-enterprise@mq-emqx-enterprise-0.mq-emqx-enterprise-headless.iot.svc.cluster.local',
    ]);
    // fullnameOverride names everything.
    const override = values(['fullnameOverride: broker', 'replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.8.6', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "dns"']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'prod', '--format', 'json'], override).stdout), ['prod@broker-0.broker-headless.default.svc.cluster.local']);
  });

  it('charts before 5.8.1 leave the host to the entrypoint: dns (the 5.x default) and k8s (the 4.4 default) discovery give the pod FQDN', () => {
    // 5.7.2 without a strategy in the values: the chart's default dns, SRV records of <fullname>-headless.
    const five = values(['replicaCount: 2', 'image:', '  repository: emqx/emqx', '  tag: 5.7.2', 'emqxConfig:', '  EMQX_DASHBOARD__DEFAULT_PASSWORD: "s3cret-Passw0rd"']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'mq1', '--namespace', 'iot', '--format', 'json'], five).stdout), [
      'mq1@mq1-emqx-0.mq1-emqx-headless.iot.svc.cluster.local',
      'mq1@mq1-emqx-1.mq1-emqx-headless.iot.svc.cluster.local',
    ]);
    // k8s discovery with another clusterDomain: the suffix follows it.
    const k8s = values(['replicaCount: 1', 'clusterDomain: k8s.internal', 'image:', '  repository: emqx/emqx-enterprise', '  tag: 5.6.1', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "k8s"']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'mq', '--namespace', 'iot', '--format', 'json'], k8s).stdout), [
      'mq@mq-emqx-enterprise-0.mq-emqx-enterprise-headless.iot.svc.k8s.internal',
    ]);
    // The 4.4 chart: k8s discovery by default, the 4.x variable names.
    const four = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 4.4.19']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'broker', '--format', 'json'], four).stdout), ['broker@broker-emqx-0.broker-emqx-headless.default.svc.cluster.local']);
  });

  it('what --release cannot name is said on stderr: no image.tag, an older chart, the pod IP, a variable the chart writes too; a bad release name is a usage error', () => {
    const dir = tempDir('helm-latest');
    fs.copyFileSync(path.join(DEPLOY, 'helm-values', 'values.yaml'), path.join(dir, 'values.yaml'));
    const noTag = runCli(['ports', 'values.yaml', '--release', 'emqx'], dir);
    assert.equal(noTag.code, 2);
    assert.match(
      noTag.stderr,
      /values\.yaml: the nodes of this Helm release cannot be named: the charts whose naming is read here are those of EMQX 4\.4\.12 to 4\.4\.x and 5\.0\.17 on, and image\.tag names no version\. Pin image\.tag/,
    );
    const old = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.0.10']);
    assert.match(runCli(['ports', 'values.yaml', '--release', 'emqx'], old).stderr, /and image\.tag names 5\.0\.10\./);
    const ip = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.7.2', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "static"']);
    assert.match(
      runCli(['ports', 'values.yaml', '--release', 'emqx'], ip).stderr,
      /the chart of EMQX 5\.7\.2 leaves the node name to the image's entrypoint, which names each node after its pod's IP address/,
    );
    const twice = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.8.9', 'emqxConfig:', '  EMQX_NAME: "broker"']);
    assert.match(runCli(['ports', 'values.yaml', '--release', 'emqx'], twice).stderr, /emqxConfig sets a variable the chart writes too \(EMQX_NAME, a discovery variable\)/);
    const own = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.8.9', 'envFromSecret: emqx-env', 'emqxConfig:', '  EMQX_CLUSTER__DISCOVERY_STRATEGY: "dns"']);
    assert.match(runCli(['ports', 'values.yaml', '--release', 'emqx'], own).stderr, /or variables come from envFromSecret or extraEnv, which may name the node/);
    // A node name set in the values is the name, release or not.
    const set = values(['replicaCount: 1', 'image:', '  repository: emqx/emqx', '  tag: 5.8.9', 'emqxConfig:', '  EMQX_NODE__NAME: "emqx@mq.example.com"']);
    assert.deepEqual(names(runCli(['ports', 'values.yaml', '--release', 'emqx', '--format', 'json'], set).stdout), ['emqx@mq.example.com']);
    const bad = runCli(['ports', 'values.yaml', '--release', 'Prod_1'], own);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--release must be a Helm release name/);
    assert.match(runCli(['ports', 'values.yaml', '--release', 'emqx', '--namespace', 'a.b'], own).stderr, /--namespace must be a Kubernetes namespace/);
  });

  it('an EMQX Operator v1beta4 resource (EMQX 4.x): the pods named as the operator names them', () => {
    const dir = tempDir('operator-4');
    fs.copyFileSync(path.join(DEPLOY, 'operator-v1beta4', 'emqx.yaml'), path.join(dir, 'emqx.yaml'));
    const r = runCli(['ports', 'emqx.yaml', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      names(r.stdout),
      [0, 1, 2].map((i) => `emqx@emqx-${i}.emqx-headless.default.svc.cluster.local`),
    );
  });
});
