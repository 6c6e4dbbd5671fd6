import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { memoryReader, noFiles } from '../../../server/src/io';
import { interpolateCompose } from '../../../server/src/deploy/compose';
import { helmEnvName } from '../../../server/src/deploy/helm';
import { DeployNode } from '../../../server/src/deploy/model';
import { DeployFileRead, readDeployment } from '../../../server/src/deploy/read';
import { EnvVar } from '../../../server/src/cluster/env';

const FIX = path.resolve(__dirname, '..', '..', 'fixtures', 'deploy');
const fixture = (rel: string): { uri: string; text: string } => {
  const uri = path.join(FIX, rel);
  return { uri, text: fs.readFileSync(uri, 'utf8') };
};
/** A reader over the fixture folder (the .env beside a compose file). */
const disk = { readText: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined), exists: (p: string) => fs.existsSync(p) };

function nodesOf(read: DeployFileRead): readonly DeployNode[] {
  assert.equal(read.kind, 'deployment', JSON.stringify(read));
  return read.kind === 'deployment' ? read.nodes : [];
}
const envOf = (n: DeployNode, name: string): EnvVar | undefined => n.env.find((v) => v.name === name);
/** 1-based line of a place, as a user reads it. */
const line = (v: { location: { range: { start: { line: number } } }; valueLocation?: { range: { start: { line: number } } } } | undefined): number =>
  (v?.valueLocation ?? v?.location)!.range.start.line + 1;

describe('deploy/read: formats by content', () => {
  it('leaves YAML of other kinds alone (a CI workflow that mentions a cookie)', () => {
    const f = fixture('other-yaml/ci.yaml');
    assert.deepEqual(readDeployment(f.uri, f.text, noFiles), { kind: 'none' });
    assert.deepEqual(readDeployment('/x/list.yaml', '- a\n- b\n', noFiles), { kind: 'none' });
    assert.deepEqual(readDeployment('/x/empty.yml', '', noFiles), { kind: 'none' });
  });

  it('reports broken YAML once, with its position, when the file is a deployment by name or content', () => {
    const f = fixture('broken/docker-compose.yml');
    const r = readDeployment(f.uri, f.text, noFiles, true);
    assert.equal(r.kind, 'problem');
    if (r.kind !== 'problem') return;
    assert.equal(r.problem.kind, 'syntax');
    assert.match(r.problem.message, /quote/i);
    // An unrelated broken YAML file is someone else's.
    assert.deepEqual(readDeployment('/x/a.yaml', 'a: "b\n', noFiles), { kind: 'none' });
  });

  it('refuses an alias bomb (before expanding it) and a file over the size limit', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'services:',
      '  emqx:',
      '    image: emqx/emqx:5.8.6',
      '    environment: *g',
      '',
    ].join('\n');
    const r = readDeployment('/x/docker-compose.yml', bomb, noFiles, true);
    assert.equal(r.kind, 'problem');
    assert.equal(r.kind === 'problem' && r.problem.kind, 'aliases');
    const big = 'services:\n' + '#'.repeat(9 * 1024 * 1024);
    const r2 = readDeployment('/x/docker-compose.yml', big, noFiles, true);
    assert.equal(r2.kind === 'problem' && r2.problem.kind, 'too-large');
    // Someone else's big YAML file in a folder (an API description) is left alone.
    assert.deepEqual(readDeployment('/x/openapi.yaml', 'openapi: 3.0.0\n' + '#'.repeat(9 * 1024 * 1024), noFiles), { kind: 'none' });
  });

  it('compose: list and map environment, anchors and merge keys, located values', () => {
    const f = fixture('compose-default-cookie/docker-compose.yml');
    const r = readDeployment(f.uri, f.text, noFiles);
    assert.equal(r.kind === 'deployment' && r.format, 'compose');
    const nodes = nodesOf(r);
    // nginx is not a node; both EMQX services get the image through the merge key.
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['emqx1', 'emqx2'],
    );
    assert.ok(nodes.every((n) => n.docker && n.version.version === '5.8.6' && !n.version.assumed));
    const [n1, n2] = nodes;
    assert.equal(line(envOf(n1, 'EMQX_NODE__COOKIE')), 15);
    assert.equal(envOf(n1, 'EMQX_NODE__COOKIE')!.valueLocation!.range.start.character, 26);
    assert.equal(line(envOf(n2, 'EMQX_NODE__COOKIE')), 25);
    // The legacy EMQX_NODE_NAME is the node name, located on its entry.
    assert.equal(envOf(n1, 'EMQX_NODE__NAME')!.value, 'emqx@node1.emqx.io');
    assert.equal(line(envOf(n1, 'EMQX_NODE__NAME')), 12);
    // The image forces manual RPC port discovery, located on the image line (of the anchor).
    assert.equal(envOf(n1, 'EMQX_RPC__PORT_DISCOVERY')!.value, 'manual');
    assert.equal(line(envOf(n1, 'EMQX_RPC__PORT_DISCOVERY')), 4);
    assert.equal(n1.anchor.range.start.line + 1, 11);
    assert.equal(n1.cluster, n2.cluster);
  });

  it('compose: the .env beside the file interpolates; a value from it is located on the .env line', () => {
    const f = fixture('compose-env/docker-compose.yml');
    const [n1, n2, n3] = nodesOf(readDeployment(f.uri, f.text, disk));
    assert.equal(n1.version.version, '5.9.0');
    const cookie = envOf(n1, 'EMQX_NODE__COOKIE')!;
    assert.equal(cookie.valueLocation!.uri, path.join(FIX, 'compose-env', '.env'));
    assert.equal(line(cookie), 1);
    assert.equal(envOf(n1, 'EMQX_NODE__NAME')!.value, 'emqx@emqx1.local');
    assert.equal(envOf(n1, 'EMQX_RPC__PROTOCOL')!.value, 'tcp');
    assert.equal(envOf(n2, 'EMQX_NODE__NAME')!.value, 'emqx@emqx2.local');
    // ${SHELL_ONLY_COOKIE} is in no .env: set by whoever runs compose, value unknown.
    assert.ok(n3.unresolved.includes('EMQX_NODE__COOKIE'));
    assert.equal(envOf(n3, 'EMQX_NODE__COOKIE'), undefined);
  });

  it('compose interpolation follows compose: defaults, required variables, $$', () => {
    const vars = new Map<string, EnvVar>([
      ['A', { name: 'A', value: 'x', source: 'dotenv', location: { uri: '/.env', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } } }],
      ['E', { name: 'E', value: '', source: 'dotenv', location: { uri: '/.env', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } } } }],
    ]);
    assert.deepEqual([interpolateCompose('${A}', vars).value, interpolateCompose('${A}', vars).exact], ['x', true]);
    assert.equal(interpolateCompose('${A}', vars).from?.name, 'A');
    assert.equal(interpolateCompose('${B:-d}', vars).value, 'd');
    assert.equal(interpolateCompose('${E:-d}', vars).value, 'd');
    assert.equal(interpolateCompose('${E-d}', vars).value, '');
    assert.equal(interpolateCompose('${B?need B}', vars).exact, false);
    assert.equal(interpolateCompose('${E:?need E}', vars).exact, false);
    assert.equal(interpolateCompose('$$A-$A', vars).value, '$A-x');
    assert.equal(interpolateCompose('pre-${A}', vars).from, undefined);
  });

  it('compose: CRLF line ends keep the same places', () => {
    const f = fixture('compose-default-cookie/docker-compose.yml');
    const [n1] = nodesOf(readDeployment(f.uri, f.text.replace(/\n/g, '\r\n'), noFiles));
    assert.equal(line(envOf(n1, 'EMQX_NODE__COOKIE')), 15);
    assert.equal(envOf(n1, 'EMQX_NODE__COOKIE')!.value, 'emqxsecretcookie');
  });

  it('Kubernetes: StatefulSet replicas <name>-0..N-1, $(POD_NAME), envFrom a ConfigMap, Secret refs unknown, emqx.conf from a ConfigMap with YAML places', () => {
    const f = fixture('statefulset/emqx.yaml');
    const r = readDeployment(f.uri, f.text, noFiles);
    assert.equal(r.kind === 'deployment' && r.format, 'kubernetes');
    const nodes = nodesOf(r);
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['emqx-0', 'emqx-1', 'emqx-2'],
    );
    assert.deepEqual(
      nodes.map((n) => envOf(n, 'EMQX_NODE__NAME')!.value),
      [0, 1, 2].map((i) => `emqx@emqx-${i}.emqx-headless.default.svc.cluster.local`),
    );
    const n0 = nodes[0];
    // From the envFrom ConfigMap: located on its data entry.
    assert.equal(envOf(n0, 'EMQX_CLUSTER__DISCOVERY_STRATEGY')!.value, 'dns');
    assert.equal(line(envOf(n0, 'EMQX_CLUSTER__DISCOVERY_STRATEGY')), 27);
    assert.ok(n0.unresolved.includes('EMQX_DASHBOARD__DEFAULT_PASSWORD'));
    assert.equal(n0.config.kind, 'embedded');
    if (n0.config.kind !== 'embedded') return;
    const lines = n0.config.text.split('\n');
    // The block starts on line 16 (1-based); line 17 holds the cookie, at the same column.
    assert.equal(n0.config.lineOffset, 15);
    assert.equal(lines[1], f.text.split('\n')[16]);
    assert.match(lines[1], /cookie = "Yzc0NGExM2Rj"/);
    assert.equal(n0.cluster, `${f.uri}#StatefulSet/emqx`);
  });

  it('Kubernetes: templated values are skipped, not misread', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: emqx',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: "emqx/emqx:5.8.6"',
      '          env:',
      '            - name: EMQX_NODE__COOKIE',
      '              value: "{{ .Values.cookie }}"',
      '',
    ].join('\n');
    const nodes = nodesOf(readDeployment('/k/sts.yaml', text, noFiles));
    assert.equal(nodes.length, 2);
    assert.ok(nodes[0].unresolved.includes('EMQX_NODE__COOKIE'));
    assert.equal(envOf(nodes[0], 'EMQX_NODE__COOKIE'), undefined);
  });

  it('a chart template broken only by its actions is left alone, even named; one broken beyond them is reported where it breaks', () => {
    const template = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: {{ include "emqx.fullname" . }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      '            {{- if .Values.tls }}',
      '            - name: EMQX_RPC__PROTOCOL',
      '              value: ssl',
      '            {{- end }}',
      '',
    ];
    assert.deepEqual(readDeployment('/c/templates/sts.yaml', template.join('\n'), noFiles, true), { kind: 'none' });
    assert.deepEqual(readDeployment('/c/templates/sts.yaml', template.join('\r\n'), noFiles, true), { kind: 'none' });
    const broken = [...template.slice(0, 11), '         env: [', ''].join('\n');
    const r = readDeployment('/c/templates/sts.yaml', broken, noFiles, true);
    assert.equal(r.kind, 'problem');
    if (r.kind === 'problem') assert.equal(r.problem.range.start.line, 11);
    // Unclosed actions over megabytes: reported as broken (the scan is linear: test/unit/deploy/fuzz.test.ts measures growth).
    const junk = 'emqx: [\n#' + '{{ x'.repeat(1000000) + '\n';
    assert.equal(readDeployment('/c/junk.yaml', junk, noFiles, true).kind, 'problem');
  });

  it('Operator v2beta1: core and replicant pods, config.data with exact places, the generated cookie only when config.data sets none', () => {
    const f = fixture('operator/emqx.yaml');
    const r = readDeployment(f.uri, f.text, noFiles);
    assert.equal(r.kind === 'deployment' && r.format, 'operator');
    const nodes = nodesOf(r);
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['emqx-core-0', 'emqx-core-1', 'emqx-core-2', 'emqx-replicant-0', 'emqx-replicant-1'],
    );
    assert.equal(envOf(nodes[0], 'EMQX_NODE__NAME')!.value, 'emqx@emqx-core-0.emqx-headless.mqtt.svc.cluster.local');
    assert.equal(envOf(nodes[4], 'EMQX_NODE__ROLE')!.value, 'replicant');
    // config.data sets node.cookie: the controller puts that value in the Secret, nothing unknown.
    assert.ok(!nodes[0].unresolved.includes('EMQX_NODE__COOKIE'));
    const without = f.text.replace('      node.cookie = "emqx50elixir"\n', '');
    const n = nodesOf(readDeployment(f.uri, without, noFiles))[0];
    assert.ok(n.unresolved.includes('EMQX_NODE__COOKIE'));
  });

  it('Operator v1beta4 (EMQX 4.x): the image from repository + version, emqxConfig keys as variables', () => {
    const f = fixture('operator-v1beta4/emqx.yaml');
    const nodes = nodesOf(readDeployment(f.uri, f.text, noFiles));
    assert.equal(nodes.length, 3);
    assert.equal(nodes[0].version.version, '4.4.19');
    assert.equal(envOf(nodes[0], 'EMQX_NODE__COOKIE')!.value, 'emqxsecretcookie');
    assert.equal(line(envOf(nodes[0], 'EMQX_NODE__COOKIE')), 14);
    assert.equal(envOf(nodes[0], 'EMQX_RPC__DRIVER')!.value, 'ssl');
  });

  it('Operator v1beta3/v1beta4 (EMQX 4.x): the pods named as the operator names them, from its emqxConfig defaults', () => {
    const f = fixture('operator-v1beta4/emqx.yaml');
    const nodes = nodesOf(readDeployment(f.uri, f.text, noFiles));
    // StatefulSet <name>, Service <name>-headless, EMQX_NAME = <name>, dns discovery on SRV records of that Service.
    assert.deepEqual(
      nodes.map((n) => envOf(n, 'EMQX_NODE__NAME')?.value),
      ['emqx@emqx-0.emqx-headless.default.svc.cluster.local', 'emqx@emqx-1.emqx-headless.default.svc.cluster.local', 'emqx@emqx-2.emqx-headless.default.svc.cluster.local'],
    );
    assert.equal(envOf(nodes[0], 'EMQX_CLUSTER__DISCOVERY')!.value, 'dns');
    assert.equal(envOf(nodes[0], 'EMQX_CLUSTER__DNS__TYPE')!.value, 'srv');
    const v1beta3 = [
      'apiVersion: apps.emqx.io/v1beta3',
      'kind: EmqxEnterprise',
      'metadata:',
      '  name: broker',
      '  namespace: mqtt',
      'spec:',
      '  replicas: 2',
      '  emqxTemplate:',
      '    image: emqx/emqx-ee:4.4.19',
      '    config:',
      '      name: node',
      '',
    ].join('\n');
    const three = nodesOf(readDeployment('/o/emqx.yaml', v1beta3, noFiles));
    assert.deepEqual(
      three.map((n) => envOf(n, 'EMQX_NODE__NAME')?.value),
      ['node@broker-0.broker-headless.mqtt.svc.cluster.local', 'node@broker-1.broker-headless.mqtt.svc.cluster.local'],
    );
    // v1beta4 spec.clusterDomain (operator 2.2) goes into the DNS name; the container's env: wins over emqxConfig.
    const domain = f.text
      .replace('spec:\n', 'spec:\n  clusterDomain: k8s.internal\n')
      .replace('        emqxConfig:', '        env:\n          - name: EMQX_NAME\n            value: mqtt\n        emqxConfig:');
    assert.equal(envOf(nodesOf(readDeployment(f.uri, domain, noFiles))[1], 'EMQX_NODE__NAME')!.value, 'mqtt@emqx-1.emqx-headless.default.svc.k8s.internal');
    // Blue-green updates name the StatefulSet <name>-<hash>: the pods' names, and so the nodes', are not known.
    const blueGreen = f.text.replace('kind: EmqxBroker', 'kind: EmqxEnterprise').replace('spec:\n', 'spec:\n  emqxBlueGreenUpdate:\n    initialDelaySeconds: 60\n');
    const bg = nodesOf(readDeployment(f.uri, blueGreen, noFiles));
    assert.ok(bg.every((n) => n.unresolved.includes('EMQX_NODE__NAME')));
    // Variables from a Secret not in the file may name the node: not known either.
    const opaque = f.text.replace('        emqxConfig:', '        envFrom:\n          - secretRef:\n              name: emqx-env\n        emqxConfig:');
    assert.ok(nodesOf(readDeployment(f.uri, opaque, noFiles)).every((n) => n.unresolved.includes('EMQX_NODE__NAME')));
  });

  it('Helm values: replicaCount nodes, emqxConfig as the chart renders it, no cookie, the release name unknown', () => {
    assert.equal(helmEnvName('EMQX_CLUSTER__DISCOVERY_STRATEGY'), 'EMQX_CLUSTER__DISCOVERY_STRATEGY');
    assert.equal(helmEnvName('cluster.discovery_strategy'), 'EMQX_CLUSTER__DISCOVERY_STRATEGY');
    assert.equal(helmEnvName('EMQX.node.cookie'), 'EMQX_NODE__COOKIE');
    const f = fixture('helm-values/values.yaml');
    const r = readDeployment(f.uri, f.text, noFiles);
    assert.equal(r.kind === 'deployment' && r.format, 'helm-values');
    const nodes = nodesOf(r);
    assert.equal(nodes.length, 3);
    assert.ok(nodes[0].version.assumed);
    assert.equal(envOf(nodes[0], 'EMQX_NODE__COOKIE'), undefined);
    assert.ok(!nodes[0].unresolved.includes('EMQX_NODE__COOKIE'));
    assert.ok(nodes[0].unresolved.includes('EMQX_NODE__NAME'));
    assert.equal(envOf(nodes[0], 'EMQX_CLUSTER__DNS__RECORD_TYPE')!.value, 'srv');
    assert.equal(line(envOf(nodes[0], 'EMQX_RPC__PROTOCOL')), 11);
    // envFromSecret may hold the cookie: never called missing then.
    const withSecret = nodesOf(readDeployment(f.uri, f.text + 'envFromSecret: emqx-secrets\n', memoryReader({})));
    assert.ok(withSecret[0].unresolved.includes('EMQX_NODE__COOKIE'));
  });
});
