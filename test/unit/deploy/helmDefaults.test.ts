/**
 * A Helm values file's nodes run with what the chart deploys, not only what the values
 * file says: the chart's own `emqxConfig` (values.yaml), which Helm merges under the
 * file's key by key, and the discovery variables its ConfigMap adds (helm.ts,
 * helmChart.ts). Without the release, what is built from its name is set, value unknown.
 */
import * as assert from 'node:assert/strict';
import { noFiles } from '../../../server/src/io';
import { readDeployment } from '../../../server/src/deploy/read';
import { DeployNode } from '../../../server/src/deploy/model';
import { Finding } from '../../../server/src/rules/types';
import { checkText } from './harness';

const COOKIE = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';

function values(tag: string, config: string[], repository = 'emqx/emqx'): string {
  return ['replicaCount: 2', 'image:', `  repository: ${repository}`, `  tag: ${tag}`, 'emqxConfig:', `  EMQX_NODE__COOKIE: "${COOKIE}"`, ...config.map((l) => `  ${l}`), ''].join('\n');
}

function firstNode(text: string): DeployNode {
  const r = readDeployment('/h/values.yaml', text, noFiles);
  assert.equal(r.kind, 'deployment');
  if (r.kind !== 'deployment') throw new Error('not read');
  return r.nodes[0];
}

/** The node's variables: name → value (with its line, 1-based), `?` for set-value-unknown. */
function envOf(node: DeployNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of node.env) out[v.name] = `${v.value}@${(v.valueLocation ?? v.location).range.start.line + 1}`;
  for (const n of node.unresolved) out[n] = '?';
  return out;
}

const at = (findings: readonly Finding[], rule: string) =>
  findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.range.start.line + 1}:${f.location.range.start.character + 1} ${f.message}`);

describe('deploy/helm: the chart deploys its own emqxConfig and discovery variables', () => {
  it('5.x: discovery dns with record type srv, the DNS name built from the release (unknown), the dashboard admin/public, all on the emqxConfig: key', () => {
    const env = envOf(firstNode(values('5.8.9', [])));
    assert.equal(env.EMQX_CLUSTER__DISCOVERY_STRATEGY, 'dns@5');
    assert.equal(env.EMQX_CLUSTER__DNS__RECORD_TYPE, 'srv@5');
    assert.equal(env.EMQX_CLUSTER__DNS__NAME, '?');
    assert.equal(env.EMQX_DASHBOARD__DEFAULT_USERNAME, 'admin@5');
    assert.equal(env.EMQX_DASHBOARD__DEFAULT_PASSWORD, 'public@5');
    // EMQX_NAME (the release) and, from 5.8.1, EMQX_HOST: the node name is not known.
    assert.equal(env.EMQX_NODE__NAME, '?');
    assert.equal(env.EMQX_NODE__COOKIE, `${COOKIE}@6`);
  });

  it("the values' own keys replace the chart's: a strategy of their own (no discovery variables for static), null deletes, an empty value is skipped", () => {
    const own = envOf(firstNode(values('5.8.9', ['EMQX_CLUSTER__DISCOVERY_STRATEGY: "static"', 'EMQX_DASHBOARD__DEFAULT_PASSWORD: "m7Rk2Tq9VxL4pZs8"'])));
    assert.equal(own.EMQX_CLUSTER__DISCOVERY_STRATEGY, 'static@7');
    assert.equal(own.EMQX_CLUSTER__DNS__NAME, undefined);
    assert.equal(own.EMQX_CLUSTER__DNS__RECORD_TYPE, undefined);
    assert.equal(own.EMQX_DASHBOARD__DEFAULT_PASSWORD, 'm7Rk2Tq9VxL4pZs8@8');
    const k8s = envOf(firstNode(values('5.8.9', ['EMQX_CLUSTER__DISCOVERY_STRATEGY: "k8s"'], 'emqx/emqx').replace('emqxConfig:', 'clusterDomain: k8s.example\nemqxConfig:')));
    assert.equal(k8s.EMQX_CLUSTER__K8S__ADDRESS_TYPE, 'hostname@8');
    assert.equal(k8s.EMQX_CLUSTER__K8S__SUFFIX, 'svc.k8s.example@8');
    assert.equal(k8s.EMQX_CLUSTER__K8S__NAMESPACE, '?');
    assert.equal(k8s.EMQX_CLUSTER__K8S__SERVICE_NAME, '?');
    const deleted = envOf(firstNode(values('5.8.9', ['EMQX_CLUSTER__DISCOVERY_STRATEGY: null', 'EMQX_DASHBOARD__DEFAULT_PASSWORD: ""'])));
    assert.equal(deleted.EMQX_CLUSTER__DISCOVERY_STRATEGY, undefined);
    assert.equal(deleted.EMQX_CLUSTER__DNS__RECORD_TYPE, undefined);
    assert.equal(deleted.EMQX_DASHBOARD__DEFAULT_PASSWORD, undefined);
  });

  it('the chart skips a value a Go template counts as empty (false, 0) but passes the string "false"', () => {
    const env = envOf(firstNode(values('5.8.9', ['EMQX_LOG__CONSOLE__ENABLE: "false"', 'EMQX_LOG__FILE__ENABLE: false', 'EMQX_RPC__TCP_CLIENT_NUM: 0', "EMQX_RPC__PORT_DISCOVERY: 'manual'"])));
    assert.equal(env.EMQX_LOG__CONSOLE__ENABLE, 'false@7');
    assert.equal(env.EMQX_LOG__FILE__ENABLE, undefined);
    assert.equal(env.EMQX_RPC__TCP_CLIENT_NUM, undefined);
    assert.equal(env.EMQX_RPC__PORT_DISCOVERY, 'manual@10');
  });

  it('a variable the ConfigMap gets twice (another spelling of a key the chart writes) is set, value unknown, unless both say the same', () => {
    const twice = envOf(firstNode(values('5.8.9', ['cluster.discovery_strategy: "k8s"', 'EMQX_CLUSTER__DNS__RECORD_TYPE: "a"'])));
    assert.equal(twice.EMQX_CLUSTER__DISCOVERY_STRATEGY, '?');
    assert.equal(twice.EMQX_CLUSTER__DNS__RECORD_TYPE, '?');
    const same = envOf(firstNode(values('5.8.9', ['EMQX_CLUSTER__DNS__RECORD_TYPE: "srv"'])));
    assert.equal(same.EMQX_CLUSTER__DNS__RECORD_TYPE, 'srv@7');
  });

  it('4.4 charts: discovery k8s with the hostname address type under svc.cluster.local, the REST API application admin/public', () => {
    const env = envOf(firstNode(values('4.4.19', [])));
    assert.equal(env.EMQX_CLUSTER__DISCOVERY, 'k8s@5');
    assert.equal(env.EMQX_CLUSTER__K8S__ADDRESS_TYPE, 'hostname@5');
    assert.equal(env.EMQX_CLUSTER__K8S__SUFFIX, 'svc.cluster.local@5');
    assert.equal(env.EMQX_CLUSTER__K8S__APISERVER, 'https://kubernetes.default.svc:443@5');
    for (const n of ['EMQX_CLUSTER__K8S__NAMESPACE', 'EMQX_CLUSTER__K8S__SERVICE_NAME', 'EMQX_CLUSTER__K8S__APP_NAME']) assert.equal(env[n], '?', n);
    assert.equal(env.EMQX_MANAGEMENT__DEFAULT_APPLICATION__SECRET, 'public@5');
  });

  it('a chart whose templates are not read here (the emqx chart before 5.0.17) gets nothing from the chart, as before', () => {
    const env = envOf(firstNode(values('5.0.16', [])));
    assert.equal(env.EMQX_CLUSTER__DISCOVERY_STRATEGY, undefined);
    assert.equal(env.EMQX_DASHBOARD__DEFAULT_PASSWORD, undefined);
  });

  it('findings: the dashboard password the chart sets (5.x) and the REST API secret (4.4) are reported on emqxConfig:, not when the values replace them', () => {
    const pw = at(checkText('/h/values.yaml', values('5.8.9', [])).findings, 'dashboard-default-password');
    assert.equal(pw.length, 1);
    assert.match(pw[0], /^5:1 dashboard\.default_password is the shipped default password/);
    assert.deepEqual(at(checkText('/h/values.yaml', values('5.8.9', ['EMQX_DASHBOARD__DEFAULT_PASSWORD: "m7Rk2Tq9VxL4pZs8"'])).findings, 'dashboard-default-password'), []);
    const mgmt = at(checkText('/h/values.yaml', values('4.4.19', [])).findings, 'mgmt-default-secret');
    assert.equal(mgmt.length, 1);
    assert.match(mgmt[0], /^5:1 management\.default_application\.secret is the shipped default secret of the REST API application admin/);
    assert.deepEqual(at(checkText('/h/values.yaml', values('4.4.19', ['EMQX_MANAGEMENT__DEFAULT_APPLICATION__SECRET: "m7Rk2Tq9VxL4pZs8"'])).findings, 'mgmt-default-secret'), []);
  });

  it('findings that read discovery judge the strategy the chart deploys (dns), not the image default (manual)', () => {
    const text = values('5.8.9', ['EMQX_NODE__NAME: "emqx1@emqx.example.com"', 'EMQX_CLUSTER__DISCOVERY: "k8s"']);
    const r = checkText('/h/values.yaml', text);
    assert.deepEqual(at(r.findings, 'discovery-key-mismatch'), [
      '8:28 EMQX 5.x does not know EMQX_CLUSTER__DISCOVERY: it drops the variable with an "unknown_env_vars" warning and keeps discovery strategy dns. Use EMQX_CLUSTER__DISCOVERY_STRATEGY.',
    ]);
    // A numbered name with dns discovery: node-name-suffix-discovery, and node-port-offset stays silent (it leaves dns/k8s to that rule).
    assert.equal(at(r.findings, 'node-name-suffix-discovery').length, 1);
    assert.deepEqual(at(r.findings, 'node-port-offset'), []);
  });
});
