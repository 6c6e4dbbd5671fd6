// Deployment files (`npm run bench`, section "deploy"): `check` of a generated
// 200-service docker-compose file and of a 1 MB Kubernetes manifest (ConfigMaps
// with an emqx.conf each, StatefulSets mounting them), through the node
// pipeline as the CLI runs it, in memory. Prints the median of a few runs and
// its ratio to a floor measured in the same run: the `yaml` library's parse of
// the same text (every document, with source ranges), which any reading of the
// file costs at least.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { loadBundle, time } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.bench');
fs.mkdirSync(outDir, { recursive: true });
const m = await loadBundle(path.join(root, 'bench/deploy-entry.ts'), outDir, 'deploy');
const options = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true };

function compose(services) {
  const out = ['x-emqx: &emqx', '  image: emqx/emqx:5.8.6', '  restart: unless-stopped', 'services:'];
  for (let i = 0; i < services; i++) {
    out.push(
      `  emqx${i}:`,
      '    <<: *emqx',
      `    hostname: node${i}.emqx.io`,
      '    environment:',
      `      - EMQX_NODE__NAME=emqx${i}@node${i}.emqx.io`,
      '      - EMQX_NODE__COOKIE=${EMQX_COOKIE:-emqxsecretcookie}',
      '      - EMQX_CLUSTER__DISCOVERY_STRATEGY=static',
    );
  }
  return out.join('\n') + '\n';
}

function manifest(bytes) {
  const docs = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const doc = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      `  name: conf-${i}`,
      'data:',
      '  emqx.conf: |',
      ...Array.from({ length: 40 }, (_, k) => `    listeners.tcp.l${k}.bind = "0.0.0.0:${10000 + k}"`),
      '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      `  name: emqx-${i}`,
      'spec:',
      '  serviceName: emqx-headless',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      '            - name: POD_NAME',
      '              valueFrom:',
      '                fieldRef:',
      '                  fieldPath: metadata.name',
      `            - name: EMQX_HOST`,
      `              value: $(POD_NAME).emqx-headless.ns${i}.svc.cluster.local`,
      '          volumeMounts:',
      '            - name: conf',
      '              mountPath: /opt/emqx/etc/emqx.conf',
      '              subPath: emqx.conf',
      '      volumes:',
      '        - name: conf',
      '          configMap:',
      `            name: conf-${i}`,
    ].join('\n');
    docs.push(doc);
    n += doc.length;
  }
  return docs.join('\n---\n') + '\n';
}

const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
for (const [name, file, text] of [
  ['docker-compose, 200 services', '/bench/docker-compose.yml', compose(200)],
  ['Kubernetes manifest, 1 MB', '/bench/emqx.yaml', manifest(1024 * 1024)],
]) {
  const reader = m.memoryReader({ [file]: text, '/bench/.env': 'EMQX_COOKIE=emqxsecretcookie\n' });
  time(() => m.checkFiles([file], options, reader), 1);
  // The options deploy/yaml.ts reads deployment files with.
  const parseOnly = () => parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  time(parseOnly, 1);
  const floor = time(parseOnly, 5);
  const r = time(() => m.checkFiles([file], options, reader), 5);
  console.log(
    `check ${name.padEnd(30)} ${fmt(r.ms)}  ${(r.ms / floor.ms).toFixed(1)}x floor (YAML parse alone ${floor.ms.toFixed(1)} ms; ` +
      `${(text.length / 1e6).toFixed(2)} MB, ${r.result.findings.length} findings, median of 5)`,
  );
}
