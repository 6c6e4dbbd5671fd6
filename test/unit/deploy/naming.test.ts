import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { entrypointHostOrigin } from '../../../server/src/deploy/image';
import { YamlFile } from '../../../server/src/deploy/yaml';
import { headlessServices } from '../../../server/src/deploy/kubernetes';
import { readYaml } from '../../../server/src/deploy/yaml';
import { Finding } from '../../../server/src/rules/types';
import { CHECK_OPTIONS, DEPLOY_FIXTURES, applyFirstEdit, checkText } from './harness';

const NAME_RULES = ['docker-node-name-from-ip', 'k8s-hostname-without-statefulset', 'k8s-node-name-mismatch'];

/** The node-name findings as `rule@line:col` (1-based), sorted. */
function nameFindings(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => NAME_RULES.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.location.range.start.line + 1}:${f.location.range.start.character + 1}`)
    .sort();
}

const env = (o: Record<string, string | undefined>): Map<string, string | undefined> => new Map(Object.entries(o));

describe('deploy/naming: node names built by the image entrypoint', () => {
  describe('where the host part of the entrypoint name comes from (docker-entrypoint.sh branches)', () => {
    const base = { major: 5, addressStandIn: 'emqx' };
    it('a name or EMQX_HOST set outright; else the container IP, fixed only by a static address', () => {
      assert.deepEqual(entrypointHostOrigin({ ...base, env: env({ EMQX_NODE__NAME: 'emqx@a.b' }) }), { origin: 'set', fixedIp: false });
      assert.deepEqual(entrypointHostOrigin({ ...base, env: env({ EMQX_HOST: 'a.b' }) }), { origin: 'EMQX_HOST', fixedIp: false });
      assert.deepEqual(entrypointHostOrigin({ ...base, env: env({}) }), { origin: 'ip', fixedIp: false });
      assert.deepEqual(entrypointHostOrigin({ ...base, env: env({}), ip: '172.28.0.10' }), { origin: 'ip', fixedIp: true });
    });
    it('4.x: EMQX_NODE__NAME does not stop the entrypoint', () => {
      assert.equal(entrypointHostOrigin({ ...base, major: 4, env: env({ EMQX_NODE__NAME: 'emqx@a.b' }) }).origin, 'ip');
      assert.equal(entrypointHostOrigin({ ...base, major: 4, env: env({ EMQX_NODE_NAME: 'emqx@a.b' }) }).origin, 'set');
    });
    it('k8s dns and hostname need the namespace variable; dns+srv the DNS name; an unknown value decides nothing', () => {
      const k8s = { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__NAMESPACE: 'prod' };
      assert.equal(entrypointHostOrigin({ ...base, env: env({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns' }) }).origin, 'pod-ip-dns');
      assert.equal(entrypointHostOrigin({ ...base, env: env({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname' }) }).origin, 'pod-fqdn');
      assert.equal(entrypointHostOrigin({ ...base, env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns' }) }).origin, 'ip');
      assert.equal(entrypointHostOrigin({ ...base, env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: 'dns', EMQX_CLUSTER__DNS__RECORD_TYPE: 'srv', EMQX_CLUSTER__DNS__NAME: 'x' }) }).origin, 'srv');
      assert.equal(entrypointHostOrigin({ ...base, env: env({ EMQX_CLUSTER__DISCOVERY_STRATEGY: undefined }) }).origin, 'unknown');
    });
  });

  describe('docker-node-name-from-ip (compose)', () => {
    const file = path.join(DEPLOY_FIXTURES, 'node-name-from-ip', 'docker-compose.yml');
    const text = fs.readFileSync(file, 'utf8');
    const r = checkFiles([file], CHECK_OPTIONS);

    it('reports the services named after their IP that break something, on their environment: key; the others stay silent', () => {
      assert.deepEqual(nameFindings(r.findings), ['docker-node-name-from-ip@32:5', 'docker-node-name-from-ip@65:5', 'docker-node-name-from-ip@8:5']);
      const node1 = r.findings.find((f) => f.ruleId === 'docker-node-name-from-ip' && f.location.range.start.line === 7)!;
      assert.equal(node1.severity, 'warning');
      assert.deepEqual(node1.location.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 15 } });
      assert.equal(
        node1.message,
        "The image's entrypoint names this node emqx@<container IP>, after the container's IP address (no node name or EMQX_HOST it takes is set), and that name changes whenever the container is recreated. " +
          'Static discovery cannot list such a name in cluster.static.seeds, so the seeds never match this node. Set EMQX_NODE__NAME=emqx@node1.emqx.io, a name the other nodes resolve.',
      );
    });

    it('says that the mounted node.name is ignored and that the data volume keeps a folder per name; no fix without a dotted name', () => {
      const broker = r.findings.find((f) => f.ruleId === 'docker-node-name-from-ip' && f.location.range.start.line === 31)!;
      assert.match(broker.message, /The node\.name emqx@broker\.emqx\.io in the mounted emqx\.conf is ignored/);
      assert.match(broker.message, /empty mnesia\/<node name> folder in the kept data volume/);
      assert.equal(broker.fixes, undefined);
    });

    it('4.x: EMQX_NODE__NAME is said to be ignored, and the fix sets EMQX_NODE_NAME', () => {
      const legacy = r.findings.find((f) => f.ruleId === 'docker-node-name-from-ip' && f.location.range.start.line === 64)!;
      assert.match(legacy.message, /The 4\.x image ignores EMQX_NODE__NAME/);
      assert.match(legacy.message, /Set EMQX_NODE_NAME=emqx@legacy\.emqx\.io/);
      assert.match(applyFirstEdit(text, legacy).split('\n')[70], /^ {6}- EMQX_NODE_NAME=emqx@legacy\.emqx\.io$/);
    });

    it("the fix adds the name of the service's dotted alias to its list; after it the service is silent", () => {
      const node1 = r.findings.find((f) => f.ruleId === 'docker-node-name-from-ip' && f.location.range.start.line === 7)!;
      assert.equal(node1.fixes![0].title, 'Add EMQX_NODE__NAME=emqx@node1.emqx.io (the other nodes must reach this node by that name)');
      const fixed = applyFirstEdit(text, node1);
      assert.deepEqual(fixed.split('\n').slice(10, 12), ['      - EMQX_NODE__COOKIE=Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE', '      - EMQX_NODE__NAME=emqx@node1.emqx.io']);
      const again = checkText(file, fixed, { [path.join(path.dirname(file), 'emqx.conf')]: fs.readFileSync(path.join(path.dirname(file), 'emqx.conf'), 'utf8') });
      // One line more: the other two findings move down by one.
      assert.deepEqual(nameFindings(again.findings), ['docker-node-name-from-ip@33:5', 'docker-node-name-from-ip@66:5']);
    });

    it('a map environment gets a quoted map entry', () => {
      const f = '/m/docker-compose.yml';
      const t = ['services:', '  emqx:', '    image: emqx/emqx:5.8.6', '    hostname: emqx.mqtt.internal', '    environment:', '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static', ''].join('\n');
      const found = checkText(f, t).findings.find((x) => x.ruleId === 'docker-node-name-from-ip')!;
      assert.equal(applyFirstEdit(t, found), t + '      EMQX_NODE__NAME: "emqx@emqx.mqtt.internal"\n');
      // The name part the node has (EMQX_NAME) is kept: it decides the ports.
      const named = t + '      EMQX_NAME: core1\n';
      const withName = checkText(f, named).findings.find((x) => x.ruleId === 'docker-node-name-from-ip')!;
      assert.match(withName.message, /names this node core1@<container IP>/);
      assert.equal(applyFirstEdit(named, withName), named + '      EMQX_NODE__NAME: "core1@emqx.mqtt.internal"\n');
    });

    it('never judges a name from a variable nobody can see here, a service that is not the official image, one on the host network, nor a tmpfs data folder', () => {
      const f = '/u/docker-compose.yml';
      const t = [
        'services:',
        '  a:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_CLUSTER__DISCOVERY_STRATEGY: ${STRATEGY}',
        '      EMQX_CLUSTER__STATIC__SEEDS: "[emqx@a.b]"',
        '  b:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_NODE__NAME: ${NODE_NAME}',
        '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
        '  c:',
        '    image: bitnami/emqx:5.8.6',
        '    environment:',
        '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
        // On the host's network the address is the host's, kept across recreations.
        '  d:',
        '    image: emqx/emqx:5.8.6',
        '    network_mode: host',
        '    environment:',
        '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
        // A tmpfs on the data folder keeps nothing.
        '  e:',
        '    image: emqx/emqx:5.8.6',
        '    volumes:',
        '      - {type: tmpfs, target: /opt/emqx/data}',
        '',
      ].join('\n');
      assert.deepEqual(nameFindings(checkText(f, t).findings), []);
    });
  });

  describe('Kubernetes', () => {
    const file = path.join(DEPLOY_FIXTURES, 'k8s-node-name', 'emqx.yaml');
    const r = checkFiles([file], CHECK_OPTIONS);

    it('reports hostname discovery on a Deployment, the names discovery cannot match, a Deployment kept on a volume; the correct StatefulSets stay silent', () => {
      assert.deepEqual(nameFindings(r.findings), ['docker-node-name-from-ip@184:11', 'k8s-hostname-without-statefulset@31:22', 'k8s-node-name-mismatch@120:22', 'k8s-node-name-mismatch@61:22']);
      // One finding per workload, not per replica.
      assert.equal(r.findings.filter((f) => f.ruleId === 'k8s-node-name-mismatch').length, 2);
    });

    it('k8s-hostname-without-statefulset: on the address type value, the container exits', () => {
      const f = r.findings.find((x) => x.ruleId === 'k8s-hostname-without-statefulset')!;
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.location.range, { start: { line: 30, character: 21 }, end: { line: 30, character: 29 } });
      assert.match(
        f.message,
        /^k8s discovery with address_type = hostname needs pods with a stable hostname under a headless Service .* The pods of this Deployment have none: the image's entrypoint finds no FQDN/,
      );
    });

    it('k8s-node-name-mismatch: the suffix the entrypoint does not pass on; an FQDN where discovery finds IPs', () => {
      const dns = r.findings.find((x) => x.ruleId === 'k8s-node-name-mismatch' && x.location.range.start.line === 60)!;
      assert.equal(
        dns.message,
        'With k8s discovery (address_type = dns) EMQX names the peers it finds <name>@<a-b-c-d>.default.pod.local, but this node is named <name>@<a-b-c-d>.default.pod.cluster.local: the names never match, so the pods never form a cluster. ' +
          "Set EMQX_CLUSTER__K8S__SUFFIX=pod.cluster.local: the image's entrypoint names the node with that suffix when the variable is not set, but does not pass it on to EMQX, whose own default is pod.local.",
      );
      const ip = r.findings.find((x) => x.ruleId === 'k8s-node-name-mismatch' && x.location.range.start.line === 119)!;
      assert.match(ip.message, /address_type = ip\) EMQX names the peers it finds <name>@<pod IP>, but this node is named <name>@emqx-ip-0\.emqx-headless\.default\.svc\.cluster\.local/);
      // On the EMQX_HOST value that makes the name.
      assert.equal(fs.readFileSync(file, 'utf8').split('\n')[119].slice(ip.location.range.start.character).trim(), '$(POD_NAME).emqx-headless.default.svc.cluster.local');
    });

    it('docker-node-name-from-ip: a Deployment under a headless Service is told to become a StatefulSet', () => {
      const f = r.findings.find((x) => x.ruleId === 'docker-node-name-from-ip')!;
      assert.match(f.message, /names this node emqx@<pod IP>/);
      assert.match(f.message, /even under the headless Service emqx-headless: run EMQX as a StatefulSet with serviceName: emqx-headless/);
      assert.equal(f.fixes, undefined);
    });

    it('variables from a ConfigMap or Secret not in the file may name the node: nothing is claimed', () => {
      const text = fs.readFileSync(file, 'utf8').replace(/(\n {10}env:\n)/g, '\n          envFrom:\n            - secretRef: {name: emqx-env}$1');
      const found = checkText('/k/emqx.yaml', text).findings;
      assert.deepEqual(nameFindings(found), []);
      // The same file without them is not silent (the replacement above did reach every container).
      assert.ok(nameFindings(r.findings).length > 0);
    });

    it('a compose env_file that cannot be read, or extends:, may name the node: nothing is claimed', () => {
      const f = '/e/docker-compose.yml';
      const t = ['services:', '  a:', '    image: emqx/emqx:5.8.6', '    env_file: ./missing.env', '    environment:', '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static', ''].join('\n');
      assert.deepEqual(nameFindings(checkText(f, t).findings), []);
      const readable = checkText(f, t, { '/e/missing.env': 'EMQX_LOG__LEVEL=debug\n' }).findings;
      assert.deepEqual(nameFindings(readable), ['docker-node-name-from-ip@5:5']);
      const extended = t.replace('    env_file: ./missing.env\n', '    extends: {file: base.yml, service: emqx}\n');
      assert.deepEqual(nameFindings(checkText(f, extended).findings), []);
    });

    it('the shipped StatefulSet fixture (dns+srv, EMQX_HOST from the pod name) has no node-name finding', () => {
      assert.deepEqual(nameFindings(checkFiles([path.join(DEPLOY_FIXTURES, 'statefulset', 'emqx.yaml')], CHECK_OPTIONS).findings), []);
    });

    it('a StatefulSet without a name, on a claim template, under its headless Service: told to set EMQX_HOST to the pod FQDN', () => {
      const f = '/k/sts.yaml';
      const t = [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: emqx, namespace: mqtt}',
        'spec:',
        '  serviceName: emqx-headless',
        '  replicas: 3',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: emqx',
        '          image: emqx/emqx:5.8.6',
        '          volumeMounts:',
        '            - {name: data, mountPath: /opt/emqx/data}',
        '  volumeClaimTemplates:',
        '    - metadata: {name: data}',
        '',
      ].join('\n');
      const found = checkText(f, t).findings.filter((x) => x.ruleId === 'docker-node-name-from-ip');
      assert.equal(found.length, 1);
      assert.match(found[0].message, /Set EMQX_HOST=\$\(POD_NAME\)\.emqx-headless\.mqtt\.svc\.cluster\.local/);
      // An emptyDir is not kept: nothing to report then.
      const empty = t.replace('  volumeClaimTemplates:\n    - metadata: {name: data}\n', '      volumes:\n        - {name: data, emptyDir: {}}\n');
      assert.deepEqual(nameFindings(checkText(f, empty).findings), []);
    });
  });

  it('examples/compose-only: emqx3 forgot its name, reported on its environment: key with the fix', () => {
    const file = path.resolve(__dirname, '..', '..', '..', 'examples', 'compose-only', 'docker-compose.yml');
    const r = checkFiles([file], CHECK_OPTIONS);
    assert.deepEqual(nameFindings(r.findings), ['docker-node-name-from-ip@32:5']);
    const f = r.findings.find((x) => x.ruleId === 'docker-node-name-from-ip')!;
    assert.match(f.message, /Set EMQX_NODE__NAME=emqx@emqx3\.mqtt\.internal/);
    assert.equal(f.fixes?.[0].edits[0].newText, '      - EMQX_NODE__NAME=emqx@emqx3.mqtt.internal\n');
  });

  it('examples/kubernetes: the Deployment with hostname discovery is reported, the StatefulSet beside it is not', () => {
    const dir = path.resolve(__dirname, '..', '..', '..', 'examples', 'kubernetes');
    const r = checkFiles([path.join(dir, 'emqx-deployment.yaml'), path.join(dir, 'emqx-statefulset.yaml')], CHECK_OPTIONS);
    assert.deepEqual(
      r.findings.filter((f) => NAME_RULES.includes(f.ruleId)).map((f) => `${path.basename(f.location.uri)}:${f.ruleId}@${f.location.range.start.line + 1}`),
      ['emqx-deployment.yaml:k8s-hostname-without-statefulset@32'],
    );
  });

  describe('helm-cluster-domain-ignored', () => {
    const file = path.join(DEPLOY_FIXTURES, 'helm-cluster-domain', 'values.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const run = (t: string) => checkText('/h/values.yaml', t).findings.filter((f) => f.ruleId === 'helm-cluster-domain-ignored');

    it('on the clusterDomain value, when image.tag is a release whose chart hard-codes svc.cluster.local in EMQX_HOST', () => {
      const found = checkFiles([file], CHECK_OPTIONS).findings.filter((f) => f.ruleId === 'helm-cluster-domain-ignored');
      assert.equal(found.length, 1);
      assert.equal(found[0].severity, 'warning');
      assert.deepEqual(found[0].location.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 26 } });
      assert.match(found[0].message, /^clusterDomain is k8s\.example, but the chart released with EMQX 6\.2\.1 \(image\.tag\) ignores it for EMQX_HOST/);
    });

    it('a release with the fix, a 5.x tag, the default domain: silent; no tag: says which charts are affected', () => {
      assert.deepEqual(run(text.replace('tag: 6.2.1', 'tag: 6.2.2')), []);
      assert.deepEqual(run(text.replace('tag: 6.2.1', 'tag: 6.3.0')), []);
      assert.deepEqual(run(text.replace('tag: 6.2.1', 'tag: 5.8.6')), []);
      assert.deepEqual(run(text.replace('clusterDomain: k8s.example', 'clusterDomain: cluster.local')), []);
      assert.equal(run(text.replace('tag: 6.2.1', 'tag: 6.1.2')).length, 1);
      const untagged = run(text.replace('  tag: 6.2.1\n', ''));
      assert.equal(untagged.length, 1);
      assert.match(untagged[0].message, /^clusterDomain is k8s\.example: charts released before 6\.0\.4, 6\.1\.3, 6\.2\.2 and 6\.3\.0 ignore it/);
    });

    it('the shipped Helm values fixture (clusterDomain: cluster.local) is silent', () => {
      assert.ok(!checkFiles([path.join(DEPLOY_FIXTURES, 'helm-values', 'values.yaml')], CHECK_OPTIONS).findings.some((f) => f.ruleId === 'helm-cluster-domain-ignored'));
    });
  });

  describe('headless Services', () => {
    it('are the Services with clusterIP: None, with their selector; others are not', () => {
      const text = [
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: emqx-headless, namespace: mqtt}',
        'spec: {clusterIP: None, selector: {app: emqx, tier: broker}}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: emqx}',
        'spec: {selector: {app: emqx}}',
        '',
      ].join('\n');
      const file = readYaml(text, '/k/svc.yaml').file as YamlFile;
      const found = headlessServices(file);
      assert.deepEqual(
        found.map((s) => ({ name: s.name, namespace: s.namespace, selector: [...s.selector] })),
        [
          {
            name: 'emqx-headless',
            namespace: 'mqtt',
            selector: [
              ['app', 'emqx'],
              ['tier', 'broker'],
            ],
          },
        ],
      );
    });
  });
});
