import * as assert from 'node:assert/strict';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';

const COMPOSE = ['services:', '  emqx:', '    image: emqx/emqx:5.8.6', '    environment:', '      EMQX_NODE__COOKIE: emqxsecretcookie', ''].join('\n');

describe('deploy: the editor on YAML documents', () => {
  const service = new LanguageService({ engine: defaultEngine });
  const analyze = (uri: string, path: string, text: string, languageId: string, files: Record<string, string> = {}) =>
    service.analyze({ uri, path, version: 1, text, languageId, settings: DEFAULT_SETTINGS, reader: memoryReader({ [path]: text, ...files }), trusted: true });

  it('a docker-compose document shows the findings check reports in it, with the YAML fix', () => {
    const a = analyze('file:///w/docker-compose.yml', '/w/docker-compose.yml', COMPOSE, 'dockercompose');
    const cookie = service.diagnostics(a).find((d) => d.code === 'cookie-default');
    assert.ok(
      cookie,
      service
        .diagnostics(a)
        .map((d) => d.code)
        .join(),
    );
    assert.equal(cookie.range.start.line, 4);
    assert.equal(cookie.range.start.character, 25);
    assert.ok(!service.diagnostics(a).some((d) => d.code === 'hocon-syntax'));
    const fix = a.findings.find((f) => f.ruleId === 'cookie-default')!.fixes![0];
    assert.equal(fix.edits[0].uri, 'file:///w/docker-compose.yml');
    assert.match(fix.edits[0].newText, /^[A-Za-z][A-Za-z0-9]{47}$/);
  });

  it('a compose override document shows the findings of the base nodes that land in it, with a fix editing it', () => {
    const base = [
      'services:',
      '  emqx1:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_NODE__NAME: emqx@emqx1.example.net',
      '      EMQX_NODE__COOKIE: Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE',
      '',
    ].join('\n');
    const override = ['services:', '  emqx1:', '    environment:', '      - EMQX_NODE__COOKIE=emqxsecretcookie', ''].join('\n');
    const a = analyze('file:///w/compose.override.yaml', '/w/compose.override.yaml', override, 'dockercompose', { '/w/compose.yaml': base });
    const cookie = a.findings.find((f) => f.ruleId === 'cookie-default');
    assert.ok(cookie, a.findings.map((f) => f.ruleId).join());
    assert.deepEqual(cookie.location, { uri: 'file:///w/compose.override.yaml', range: { start: { line: 3, character: 26 }, end: { line: 3, character: 42 } } });
    assert.equal(cookie.fixes![0].edits[0].uri, 'file:///w/compose.override.yaml');
    // The base document: its strong cookie is overridden, nothing about the cookie there.
    const b = analyze('file:///w/compose.yaml', '/w/compose.yaml', base, 'dockercompose', { '/w/compose.override.yaml': override });
    assert.ok(!b.findings.some((f) => f.ruleId === 'cookie-default' || f.ruleId === 'cookie-weak'), b.findings.map((f) => f.ruleId).join());
    // The same override with no base beside it is a compose file of its own, its service a node.
    const alone = analyze('file:///v/compose.override.yaml', '/v/compose.override.yaml', override, 'dockercompose');
    assert.deepEqual(
      alone.findings.filter((f) => f.ruleId === 'cookie-default').map((f) => f.location.range.start),
      [{ line: 3, character: 26 }],
    );
    assert.ok(alone.findings.some((f) => f.ruleId === 'rpc-plaintext' && f.location.range.start.line === 2));
    assert.ok(!a.findings.some((f) => f.ruleId === 'rpc-plaintext'), 'merged, emqx1 is the base service: its environment is in the base file');
  });

  it('YAML that is no deployment file gets nothing, whatever it says', () => {
    const text = 'name: ci\njobs:\n  a:\n    steps:\n      - run: echo "node.cookie = emqxsecretcookie"\n';
    const a = analyze('file:///w/.github/ci.yml', '/w/.github/ci.yml', text, 'yaml');
    assert.deepEqual(service.diagnostics(a), []);
    const broken = analyze('file:///w/other.yaml', '/w/other.yaml', 'a: "b\n', 'yaml');
    assert.deepEqual(service.diagnostics(broken), []);
  });

  it('a broken compose file shows one yaml-syntax diagnostic', () => {
    const a = analyze('file:///w/compose.yaml', '/w/compose.yaml', 'services:\n  emqx:\n    image: "emqx/emqx:5.8.6\n', 'dockercompose');
    assert.deepEqual(
      service.diagnostics(a).map((d) => d.code),
      ['yaml-syntax'],
    );
  });

  it('hovering a node name in a compose file shows its ports as the image runs it', () => {
    const text = [
      'services:',
      '  emqx:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      EMQX_NODE__NAME: emqx3@node3.example',
      '      EMQX_NODE__COOKIE: Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE',
      '',
    ].join('\n');
    const a = analyze('file:///w/docker-compose.yml', '/w/docker-compose.yml', text, 'dockercompose');
    const h = service.hover(a, { line: 4, character: 24 });
    assert.ok(h);
    const value = (h.contents as { value: string }).value;
    assert.match(value, /emqx3@node3\.example/);
    assert.match(value, /4373/);
    // The official image forces manual RPC port discovery: rpc.server_port, 5369.
    assert.match(value, /5369/);
    assert.ok(!value.includes('Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE'));
    assert.equal(service.hover(a, { line: 0, character: 2 }), undefined);
  });

  it('a compose service named after its IP: the diagnostic on its environment: key, the quick fix adding the name, a suppression comment honoured', () => {
    const text = [
      'services:',
      '  emqx1:',
      '    image: emqx/emqx:5.8.6',
      '    hostname: emqx1.mqtt.internal',
      '    environment:',
      '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
      '      EMQX_CLUSTER__STATIC__SEEDS: "[emqx@emqx1.mqtt.internal]"',
      '      EMQX_NODE__COOKIE: Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE',
      '',
    ].join('\n');
    const a = analyze('file:///w/docker-compose.yml', '/w/docker-compose.yml', text, 'dockercompose');
    const d = service.diagnostics(a).find((x) => x.code === 'docker-node-name-from-ip')!;
    assert.ok(
      d,
      service
        .diagnostics(a)
        .map((x) => x.code)
        .join(),
    );
    assert.deepEqual(d.range.start, { line: 4, character: 4 });
    assert.match(d.message, /names this node emqx@<container IP>/);
    const fix = a.findings.find((f) => f.ruleId === 'docker-node-name-from-ip')!.fixes![0];
    assert.deepEqual(fix.edits, [
      { uri: 'file:///w/docker-compose.yml', range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '      EMQX_NODE__NAME: "emqx@emqx1.mqtt.internal"\n' },
    ]);
    const suppressed = text.replace('    environment:', '    # emqx-security-disable-next-line docker-node-name-from-ip -- the name is set by the orchestrator\n    environment:');
    const b = analyze('file:///w/docker-compose.yml', '/w/docker-compose.yml', suppressed, 'dockercompose');
    assert.ok(
      !service.diagnostics(b).some((x) => x.code === 'docker-node-name-from-ip' || x.code === 'suppression-unknown-rule'),
      service
        .diagnostics(b)
        .map((x) => x.code)
        .join(),
    );
  });
  it('a manifest whose ConfigMap holds the ssl_dist.conf mounted into the pods: its findings on the ConfigMap lines, with the fix kept inside the block', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: emqx-conf',
      'data:',
      '  emqx.conf: |',
      '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
      '    cluster.proto_dist = inet_tls',
      '  ssl_dist.conf: |',
      '    [{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},',
      '     {client, [{verify, verify_none}]}].',
      '---',
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
      '          image: emqx/emqx:5.8.6',
      '          volumeMounts:',
      '            - { name: conf, mountPath: /opt/emqx/etc/emqx.conf, subPath: emqx.conf }',
      '            - { name: conf, mountPath: /opt/emqx/etc/ssl_dist.conf, subPath: ssl_dist.conf }',
      '      volumes:',
      '        - { name: conf, configMap: { name: emqx-conf } }',
      '',
    ].join('\n');
    const a = analyze('file:///w/emqx.yaml', '/w/emqx.yaml', text, 'yaml');
    const codes = service.diagnostics(a).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
    assert.ok(codes.includes('ssl-dist-verify-none@10:24'), codes.join());
    assert.ok(!codes.some((c) => c.startsWith('dist-tls-without-ssl-dist')), codes.join());
    const f = a.findings.find((x) => x.ruleId === 'ssl-dist-verify-none')!;
    const edits = (f.fixes ?? []).flatMap((x) => x.edits);
    assert.ok(edits.length > 0);
    for (const e of edits) {
      assert.equal(e.uri, 'file:///w/emqx.yaml');
      assert.equal(e.range.start.line, 10);
    }
  });
  describe('ConfigMap volumes with items (only the listed keys, each at its path)', () => {
    const manifest = (data: string[], mounts: string[], volume: string) =>
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: emqx-conf',
        'data:',
        ...data,
        '---',
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
        '          image: emqx/emqx:5.8.6',
        '          volumeMounts:',
        ...mounts,
        '      volumes:',
        volume,
        '',
      ].join('\n');
    const findings = (text: string) => {
      const a = analyze('file:///w/emqx.yaml', '/w/emqx.yaml', text, 'yaml');
      return service.diagnostics(a).map((d) => ({ code: String(d.code), line: d.range.start.line, character: d.range.start.character, message: d.message }));
    };
    const SSL_DIST = ['  node-ssl-dist: |', '    [{server, [{verify, verify_peer}, {fail_if_no_peer_cert, true}]},', '     {client, [{verify, verify_none}]}].'];

    it('a key renamed to emqx.conf is the node config: its default cookie is reported on the ConfigMap data line', () => {
      const text = manifest(
        ['  node.conf: |', '    node.cookie = emqxsecretcookie'],
        ['            - { name: conf, mountPath: /opt/emqx/etc }'],
        '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: node.conf, path: emqx.conf }] } }',
      );
      const all = findings(text);
      const cookie = all.find((d) => d.code === 'cookie-default');
      assert.ok(cookie, JSON.stringify(all));
      assert.equal(cookie.line, 6);
      assert.equal(cookie.character, 18);
      assert.match(cookie.message, /cookie/i);
      // Without the rename, no emqx.conf is mounted from the ConfigMap and its key is not read.
      const unrenamed = findings(text.replace('items: [{ key: node.conf, path: emqx.conf }]', 'items: [{ key: node.conf, path: other.conf }]'));
      assert.ok(!unrenamed.some((d) => d.code === 'cookie-default' && d.line === 6), JSON.stringify(unrenamed));
    });

    it('a key renamed to ssl_dist.conf, mounted by subPath, is the ssl_dist.conf the node reads', () => {
      const text = manifest(
        ['  node.conf: |', '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"', '    cluster.proto_dist = inet_tls', ...SSL_DIST],
        ['            - { name: conf, mountPath: /opt/emqx/etc/emqx.conf, subPath: emqx.conf }', '            - { name: conf, mountPath: /opt/emqx/etc/ssl_dist.conf, subPath: ssl_dist.conf }'],
        '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: node.conf, path: emqx.conf }, { key: node-ssl-dist, path: ssl_dist.conf }] } }',
      );
      const all = findings(text);
      const codes = all.map((d) => `${d.code}@${d.line}:${d.character}`);
      assert.ok(codes.includes('ssl-dist-verify-none@10:24'), codes.join());
      assert.ok(!codes.some((c) => c.startsWith('dist-tls-without-ssl-dist')), codes.join());
    });

    it('a key renamed to ssl_dist.conf inside a folder mount is read as that file', () => {
      const text = manifest(
        ['  node.conf: |', '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"', '    cluster.proto_dist = inet_tls', ...SSL_DIST],
        ['            - { name: conf, mountPath: /opt/emqx/etc }'],
        '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: node.conf, path: emqx.conf }, { key: node-ssl-dist, path: ssl_dist.conf }] } }',
      );
      const codes = findings(text).map((d) => `${d.code}@${d.line}:${d.character}`);
      assert.ok(codes.includes('ssl-dist-verify-none@10:24'), codes.join());
    });

    it('an item whose path is templated is not known: neither its options nor a missing file are judged', () => {
      const text = manifest(
        ['  node.conf: |', '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"', '    cluster.proto_dist = inet_tls', ...SSL_DIST],
        ['            - { name: conf, mountPath: /opt/emqx/etc/emqx.conf, subPath: emqx.conf }', '            - { name: conf, mountPath: /opt/emqx/etc/ssl_dist.conf, subPath: ssl_dist.conf }'],
        '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: node.conf, path: emqx.conf }, { key: node-ssl-dist, path: "{{ .Values.distFile }}" }] } }',
      );
      const codes = findings(text).map((d) => `${d.code}@${d.line}:${d.character}`);
      assert.ok(!codes.some((c) => c.startsWith('ssl-dist-verify-none') || c.startsWith('dist-tls-without-ssl-dist')), codes.join());
      // The same manifest with the path written out is judged.
      const known = findings(text.replace('"{{ .Values.distFile }}"', 'ssl_dist.conf')).map((d) => `${d.code}@${d.line}:${d.character}`);
      assert.ok(known.includes('ssl-dist-verify-none@10:24'), known.join());
    });

    it('items that leave ssl_dist.conf out: that key is not in the container (the image file applies where etc/ is not replaced)', () => {
      const text = manifest(
        ['  emqx.conf: |', '    node.cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"', '    cluster.proto_dist = inet_tls', ...SSL_DIST.map((l) => l.replace('node-ssl-dist', 'ssl_dist.conf'))],
        ['            - { name: conf, mountPath: /opt/emqx/etc }'],
        '        - { name: conf, configMap: { name: emqx-conf, items: [{ key: emqx.conf, path: emqx.conf }] } }',
      );
      // The volume over etc/ hides the image's files and holds only emqx.conf: what the node then
      // lacks is not judged, and the unlisted key's options are not the node's.
      const omitted = findings(text);
      assert.ok(!omitted.some((d) => d.code === 'ssl-dist-verify-none' || d.code === 'dist-tls-without-ssl-dist'), JSON.stringify(omitted));
      assert.ok(
        omitted.some((d) => d.code === 'rpc-plaintext' && d.line === 6),
        JSON.stringify(omitted),
      );
      // emqx.conf alone by subPath keeps the image's etc/: its shipped ssl_dist.conf applies.
      const bySubPath = findings(text.replace('- { name: conf, mountPath: /opt/emqx/etc }', '- { name: conf, mountPath: /opt/emqx/etc/emqx.conf, subPath: emqx.conf }'));
      assert.ok(!bySubPath.some((d) => d.code === 'ssl-dist-verify-none'), JSON.stringify(bySubPath));
      const missing = bySubPath.find((d) => d.code === 'dist-tls-without-ssl-dist');
      assert.ok(missing, JSON.stringify(omitted));
      assert.deepEqual([missing.line, missing.character], [7, 25]);
      assert.match(missing.message, /no ssl_dist\.conf of the node's own is mounted at \/opt\/emqx\/etc\/ssl_dist\.conf: the node uses the one its image ships/);
      // Listing the key as well mounts it: then its own options are judged instead.
      const listed = findings(text.replace('items: [{ key: emqx.conf, path: emqx.conf }]', 'items: [{ key: emqx.conf, path: emqx.conf }, { key: ssl_dist.conf, path: ssl_dist.conf }]'));
      const codes = listed.map((d) => `${d.code}@${d.line}:${d.character}`);
      assert.ok(codes.includes('ssl-dist-verify-none@10:24'), codes.join());
      assert.ok(!codes.some((c) => c.startsWith('dist-tls-without-ssl-dist')), codes.join());
    });
  });
});
