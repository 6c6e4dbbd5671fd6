/**
 * What the compose reader knows about a service's network (ports:, network_mode:,
 * networks:) and the rule that uses it, compose-cluster-ports-unpublished: the
 * finding's place, message and fix on the YAML, and the controls it must stay
 * silent on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { ComposeNetworking, parseShortPort } from '../../../server/src/deploy/composeNetwork';
import { DeployNode } from '../../../server/src/deploy/model';
import { readDeployment } from '../../../server/src/deploy/read';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { FIXTURES, readFixture } from '../rules/fixtureHarness';
import { CHECK_OPTIONS, DEPLOY_FIXTURES, applyFirstEdit, checkText } from './harness';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const RULE = 'compose-cluster-ports-unpublished';

function nodes(text: string, files: Record<string, string> = {}): DeployNode[] {
  const read = readDeployment('/c/docker-compose.yml', text, memoryReader({ '/c/docker-compose.yml': text, ...files }), true);
  assert.equal(read.kind, 'deployment');
  return read.kind === 'deployment' ? [...read.nodes] : [];
}
const net = (text: string, files?: Record<string, string>): ComposeNetworking => nodes(text, files)[0].network!;

function check(text: string, files: Record<string, string> = {}): Finding[] {
  const file = '/c/docker-compose.yml';
  return checkText(file, text, files).findings.filter((f) => f.ruleId === RULE);
}

/** A one-node compose file of a cluster across hosts, with the given extra service lines. */
function remote(extra: string[], name = 'emqx@192.168.10.11', image = 'emqx/emqx:5.8.6'): string {
  return [
    'services:',
    '  emqx:',
    `    image: ${image}`,
    '    environment:',
    `      EMQX_NODE__NAME: ${name}`,
    '      EMQX_CLUSTER__DISCOVERY_STRATEGY: static',
    `      EMQX_CLUSTER__STATIC__SEEDS: "[${name},emqx@192.168.10.12]"`,
    ...extra,
    '',
  ].join('\n');
}

describe('deploy/compose: ports, network_mode and networks of a service', () => {
  it('short port syntax: host address, host port, ranges, protocol; a malformed entry is no port', () => {
    assert.deepEqual(parseShortPort('4370:4370'), { target: { from: 4370, to: 4370 }, published: { from: 4370, to: 4370 }, protocol: 'tcp', hostIp: undefined });
    assert.deepEqual(parseShortPort('127.0.0.1:5369:5369/tcp'), { target: { from: 5369, to: 5369 }, published: { from: 5369, to: 5369 }, protocol: 'tcp', hostIp: '127.0.0.1' });
    assert.deepEqual(parseShortPort('4370-4380:4370-4380'), { target: { from: 4370, to: 4380 }, published: { from: 4370, to: 4380 }, protocol: 'tcp', hostIp: undefined });
    assert.deepEqual(parseShortPort('1883'), { target: { from: 1883, to: 1883 }, published: undefined, protocol: 'tcp', hostIp: undefined });
    assert.deepEqual(parseShortPort('[::1]:4370:4370'), { target: { from: 4370, to: 4370 }, published: { from: 4370, to: 4370 }, protocol: 'tcp', hostIp: '::1' });
    assert.deepEqual(parseShortPort('0.0.0.0::4370/UDP'), { target: { from: 4370, to: 4370 }, published: undefined, protocol: 'udp', hostIp: '0.0.0.0' });
    // Without brackets, everything before the last two parts is the address (as Docker splits it).
    assert.equal(parseShortPort('::1:4370:4370')?.hostIp, '::1');
    for (const bad of ['', 'abc', '4370:', '70000:70000', '4380-4370', 'a:b:4370', '4370/t-c-p', '[::1:4370']) assert.equal(parseShortPort(bad), undefined, bad);
  });

  it('reads ports: in short and long syntax, numbers and .env values, each on its line; unknown values stay unknown', () => {
    const text = remote([
      '    ports:',
      '      - 1883',
      '      - "${DIST}:${DIST}"',
      '      - "${UNSET}:5369"',
      '      - "{{ .Values.port }}"',
      '      - target: 5369',
      '        published: "5369"',
      '        host_ip: 127.0.0.1',
      '        protocol: udp',
      '      - target: ${UNSET}',
    ]);
    const n = net(text, { '/c/.env': 'DIST=4370\n' });
    assert.equal(n.ports!.key.range.start.line, 7);
    const e = n.ports!.entries;
    assert.deepEqual(
      e.map((x) => [x.unknown, x.target?.from, x.published?.from, x.protocol, x.hostIp, x.location.range.start.line]),
      [
        [false, 1883, undefined, 'tcp', undefined, 8],
        [false, 4370, 4370, 'tcp', undefined, 9],
        [true, undefined, undefined, 'tcp', undefined, 10],
        [true, undefined, undefined, 'tcp', undefined, 11],
        [false, 5369, 5369, 'udp', '127.0.0.1', 12],
        [true, undefined, undefined, 'tcp', undefined, 16],
      ],
    );
    // Mixed entries cannot take a new one without changing the list's look.
    assert.equal(n.ports!.block, undefined);
    const listed = remote(['    ports:', '      - "1883:1883"', '      - "18083:18083"  # dashboard']);
    // After the last entry's line (its comment kept on it).
    assert.deepEqual(net(listed).ports!.block, { insertOffset: listed.length, indent: '      ', quote: '"' });
    assert.equal(net(remote(['    ports: ["1883:1883"]'])).ports!.block, undefined);
    assert.equal(net(remote(['    ports: ${PORTS}'])).ports!.unknown, true);
    assert.deepEqual(net(remote(['    ports:'])).ports!.entries, []);
    assert.equal(net(remote([])).ports, undefined);
  });

  it('reads network_mode (host, bridge, none, service:, container:, unknown) and networks as list or map with their drivers', () => {
    const mode = (v: string) => {
      const m = net(remote([`    network_mode: ${v}`])).networkMode!;
      return [m.kind, m.target];
    };
    assert.deepEqual(mode('host'), ['host', undefined]);
    assert.deepEqual(mode('bridge'), ['bridge', undefined]);
    assert.deepEqual(mode('none'), ['none', undefined]);
    assert.deepEqual(mode('"service:vpn"'), ['service', 'vpn']);
    assert.deepEqual(mode('container:abc123'), ['container', 'abc123']);
    assert.deepEqual(mode('${MODE}'), ['unknown', undefined]);
    assert.deepEqual(net(remote(['    network_mode: host'])).networks, []);

    const top = [
      'networks:',
      '  back: {}',
      '  swarm:',
      '    driver: overlay',
      '  lan:',
      '    driver: macvlan',
      '  shared:',
      '    external: true',
      '  hostnet:',
      '    external: true',
      '    name: host',
      '  tpl:',
      '    driver: "{{ .Values.driver }}"',
    ];
    const drivers = (list: string[]) => net([remote(list), ...top].join('\n')).networks.map((n) => `${n.name}=${n.driver}${n.external ? '(external)' : ''}`);
    assert.deepEqual(drivers(['    networks: [back, swarm, lan, shared, hostnet, tpl, missing]']), [
      'back=bridge',
      'swarm=overlay',
      'lan=macvlan',
      'shared=unknown(external)',
      'hostnet=host(external)',
      'tpl=unknown',
      'missing=unknown',
    ]);
    // Map form: aliases and fixed addresses are names other containers reach it by.
    const m = net(
      [remote(['    container_name: emqx-a', '    hostname: a.local', '    networks:', '      back:', '        aliases: [node1.emqx.io]', '        ipv4_address: 172.20.0.5']), ...top].join('\n'),
    );
    assert.deepEqual(
      m.networks.map((n) => n.name),
      ['back'],
    );
    assert.deepEqual([...m.addresses].sort(), ['172.20.0.5', 'a.local', 'emqx', 'emqx-a', 'node1.emqx.io']);
    // Neither networks: nor network_mode: → the default network, a bridge unless redefined.
    assert.deepEqual(
      net(remote([])).networks.map((n) => `${n.name}=${n.driver}`),
      ['default=bridge'],
    );
    assert.deepEqual(
      net([remote([]), 'networks:', '  default:', '    driver: overlay'].join('\n')).networks.map((n) => `${n.name}=${n.driver}`),
      ['default=overlay'],
    );
  });
});

describe('compose-cluster-ports-unpublished', () => {
  it('a node clustered with other hosts that publishes neither port: on ports:, with the exact entries and a fix that keeps the list as written', () => {
    const file = path.join(DEPLOY_FIXTURES, 'compose-ports-remote', 'docker-compose.yml');
    const text = fs.readFileSync(file, 'utf8');
    const r = checkFiles([file], CHECK_OPTIONS).findings.filter((f) => f.ruleId === RULE);
    assert.equal(r.length, 1);
    const f = r[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.location.uri, file);
    assert.deepEqual(f.location.range, { start: { line: 13, character: 4 }, end: { line: 13, character: 9 } });
    assert.equal(
      f.message,
      'Service emqx runs node emqx@192.168.10.11 on a Docker bridge network and is clustered with emqx@192.168.10.12, a node outside this compose file, but does not publish TCP 4370, 5369. ' +
        'The other nodes dial it on TCP 4370 (Erlang distribution) and 5369 (cluster RPC), and on a bridge network only published ports reach the container, so the cluster does not form. ' +
        'Add "4370:4370", "5369:5369" under ports: and allow them only from the other cluster hosts, or run the service with network_mode: host.',
    );
    // The fix opens ports on the host: offered, never applied by fix-all.
    assert.equal(f.fixes!.length, 1);
    assert.ok(!f.fixes![0].safe && !f.fixes![0].isPreferred);
    const fixed = applyFirstEdit(text, f);
    assert.ok(fixed.endsWith('      - "18083:18083"\n      - "4370:4370"\n      - "5369:5369"\n'), fixed);
    assert.deepEqual(check(fixed), []);
  });

  it('reports on the service key when there is no ports:, without a fix; the numbered name and stateless RPC move the ports', () => {
    const r = check(remote([], 'emqx7@192.168.10.11'));
    assert.equal(r.length, 1);
    assert.deepEqual(r[0].location.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
    assert.match(r[0].message, /does not publish TCP 4377, 5369\. The other nodes dial it on TCP 4377 \(Erlang distribution\) and 5369 \(cluster RPC\)/);
    assert.equal(r[0].fixes, undefined);
    const stateless = check(remote(['      EMQX_RPC__PORT_DISCOVERY: stateless', '    ports:', '      - "4377:4377"'], 'emqx7@192.168.10.11'));
    assert.match(stateless[0].message, /does not publish TCP 5377\. .* Add "5377:5377" under ports:/);
    // rpc.server_port from the environment is the port of manual discovery.
    const serverPort = check(remote(['      EMQX_RPC__SERVER_PORT: "5400"', '    ports:', '      - "4370:4370"']));
    assert.match(serverPort[0].message, /does not publish TCP 5400\./);
  });

  it('seeds from a mounted emqx.conf; ports merged from an anchor are read but get no fix (other services share them)', () => {
    const text = [
      'x-emqx: &emqx',
      '  image: emqx/emqx:5.8.6',
      '  ports:',
      '    - "1883:1883"',
      'services:',
      '  emqx:',
      '    <<: *emqx',
      // Without a name in the environment the entrypoint names the node after the container's IP, whatever the file says.
      '    environment: [EMQX_NODE__NAME=emqx@mqtt-1.example.com]',
      '    volumes:',
      '      - ./emqx.conf:/opt/emqx/etc/emqx.conf',
      '',
    ].join('\n');
    const conf = 'cluster {\n  discovery_strategy = static\n  static.seeds = ["emqx@mqtt-1.example.com", "emqx@mqtt-2.example.com"]\n}\n';
    const r = check(text, { '/c/emqx.conf': conf });
    assert.equal(r.length, 1);
    assert.equal(r[0].location.range.start.line, 2);
    assert.match(r[0].message, /runs node emqx@mqtt-1\.example\.com .* clustered with emqx@mqtt-2\.example\.com/);
    assert.equal(r[0].fixes, undefined);
  });

  it("publishing only the EPMD-era 4369/6369 says so; the fix adds the right entries in the list's own style", () => {
    const file = path.join(DEPLOY_FIXTURES, 'compose-ports-epmd', 'docker-compose.yml');
    const text = fs.readFileSync(file, 'utf8');
    const [f] = checkFiles([file], CHECK_OPTIONS).findings.filter((x) => x.ruleId === RULE);
    assert.equal(f.location.range.start.line, 11);
    assert.match(f.message, /^Service emqx2 runs node emqx2@mqtt-2\.example\.com .* clustered with emqx1@mqtt-1\.example\.com, .* but publishes 4369, 6369: ports of EPMD-era Erlang/);
    assert.match(f.message, /dial it on TCP 4372 \(Erlang distribution\) and 5369 \(cluster RPC\)/);
    const fixed = applyFirstEdit(text, f);
    assert.ok(fixed.endsWith('      - 6369-6379:6369-6379\n      - 4372:4372\n      - 5369:5369\n'), fixed);
    assert.deepEqual(check(fixed), []);
  });

  it('a port bound to loopback, a UDP port, a different host port or a host-chosen port does not count', () => {
    for (const entry of ['"127.0.0.1:4370:4370"', '"4370:4370/udp"', '"14370:4370"', '"4370"']) {
      const r = check(remote(['    ports:', `      - ${entry}`, '      - "5369:5369"']));
      assert.equal(r.length, 1, entry);
      assert.match(r[0].message, /does not publish TCP 4370\./, entry);
    }
    // An existing entry for host port 4370 (on loopback) would clash with a new one: no fix.
    assert.equal(check(remote(['    ports:', '      - "127.0.0.1:4370:4370"', '      - "5369:5369"']))[0].fixes, undefined);
  });

  it('4.x image: reported unless WITH_EPMD is set', () => {
    const v4 = (extra: string[]) =>
      check(
        [
          'services:',
          '  emqx:',
          '    image: emqx/emqx:4.4.19',
          '    environment:',
          '      - EMQX_NODE_NAME=emqx@192.168.10.11',
          '      - EMQX_CLUSTER__DISCOVERY=static',
          '      - EMQX_CLUSTER__STATIC__SEEDS=emqx@192.168.10.11,emqx@192.168.10.12',
          ...extra,
          '',
        ].join('\n'),
      );
    const r = v4(['    ports:', '      - "1883:1883"']);
    assert.equal(r.length, 1);
    assert.match(r[0].message, /TCP 4370 \(Erlang distribution\) and 5369 \(cluster RPC\)/);
    assert.deepEqual(v4(['      - WITH_EPMD=1', '    ports:', '      - "4369:4369"']), []);
  });

  it('controls: a cluster inside one compose network, host networking, everything published (short, long, .env), nothing reported', () => {
    for (const dir of ['compose-ports-one-network', 'compose-ports-host', 'compose-ports-published']) {
      const file = path.join(DEPLOY_FIXTURES, dir, 'docker-compose.yml');
      const all = checkFiles([file], CHECK_OPTIONS).findings;
      assert.deepEqual(
        all.filter((f) => f.ruleId === RULE),
        [],
        dir,
      );
      // The controls are read as deployments (not vacuous): their nodes are checked.
      assert.ok(all.length > 0 || dir === 'compose-ports-published', dir);
    }
    const published = nodes(fs.readFileSync(path.join(DEPLOY_FIXTURES, 'compose-ports-published', 'docker-compose.yml'), 'utf8'), {
      '/c/.env': fs.readFileSync(path.join(DEPLOY_FIXTURES, 'compose-ports-published', '.env'), 'utf8'),
    });
    assert.deepEqual(
      published[0].network!.ports!.entries.map((e) => e.published?.from),
      [1883, 4373, 5369],
    );
  });

  it('controls: nothing is said when the network, a port, the name or the peers cannot be known, or the peers are on the compose network', () => {
    const quiet: Array<[string, string]> = [
      ['overlay network', [remote(['    networks: [mesh]']), 'networks:', '  mesh:', '    driver: overlay'].join('\n')],
      ['macvlan network', [remote(['    networks: [lan]']), 'networks:', '  lan:', '    driver: macvlan'].join('\n')],
      ['external network', [remote(['    networks: [shared]']), 'networks:', '  shared:', '    external: true'].join('\n')],
      ['network_mode service:', remote(['    network_mode: "service:vpn"'])],
      ['network_mode unknown', remote(['    network_mode: ${MODE}'])],
      ['a port from an unset variable', remote(['    ports:', '      - "${DIST_PORT}:4370"'])],
      ['ports: unknown', remote(['    ports: ${PORTS}'])],
      ['node name unknown', remote([], '${NODE_NAME}')],
      ['seeds from an unset variable', remote([]).replace(/EMQX_CLUSTER__STATIC__SEEDS: .*/, 'EMQX_CLUSTER__STATIC__SEEDS: ${SEEDS}')],
      ['dns discovery', remote([]).replace('EMQX_CLUSTER__DISCOVERY_STRATEGY: static', 'EMQX_CLUSTER__DISCOVERY_STRATEGY: dns')],
      ['only itself as seed', remote([]).replace(',emqx@192.168.10.12', '')],
      ['a peer on a Docker subnet', remote([]).replace('emqx@192.168.10.12', 'emqx@172.18.0.3')],
      ['a peer that is a service of the file', [remote([]).replace('emqx@192.168.10.12', 'emqx@other'), '  other:', '    image: busybox'].join('\n')],
      ['a peer mapped by extra_hosts to a container address', remote(['    extra_hosts:', '      - "emqx2.local:172.20.0.3"']).replace('emqx@192.168.10.12', 'emqx@emqx2.local')],
      [
        'a peer mapped by extra_hosts (map form) to a declared subnet',
        [
          remote(['    extra_hosts: {emqx2.local: 10.9.0.3}', '    networks: [n]']).replace('emqx@192.168.10.12', 'emqx@emqx2.local'),
          'networks:',
          '  n:',
          '    ipam:',
          '      config:',
          '        - subnet: 10.9.0.0/24',
        ].join('\n'),
      ],
      [
        'a peer named hostname.domainname of a service',
        [remote([]).replace('emqx@192.168.10.12', 'emqx@b.emqx.io'), '  b:', '    image: busybox', '    hostname: b', '    domainname: emqx.io'].join('\n'),
      ],
      ['a swarm stack whose host names are templates', remote(['    hostname: "emqx-{{.Task.Slot}}"'], 'emqx@emqx-1').replace('emqx@192.168.10.12', 'emqx@emqx-2')],
      ['a node name that is a template', remote([], 'emqx@emqx-{{.Task.Slot}}')],
      ['a non-official image without the port discovery set', remote([], 'emqx@192.168.10.11', 'example/custom-emqx:1')],
    ];
    for (const [what, text] of quiet) assert.deepEqual(check(text), [], what);
    // extra_hosts naming another host (or the Docker host itself) is outside: reported.
    assert.equal(check(remote(['    extra_hosts: ["emqx2.local=192.168.10.12"]']).replace('emqx@192.168.10.12', 'emqx@emqx2.local')).length, 1);
    assert.equal(check(remote(['    extra_hosts: ["emqx2.local:host-gateway"]']).replace('emqx@192.168.10.12', 'emqx@emqx2.local')).length, 1);
  });

  it('the suppression comment and the severity setting apply', () => {
    const text = remote(['    # emqx-security-disable-next-line compose-cluster-ports-unpublished -- published by the host firewall NAT', '    ports:', '      - "1883:1883"']);
    assert.deepEqual(check(text), []);
    const file = '/c/docker-compose.yml';
    const off = checkFiles([file], { ...CHECK_OPTIONS, severities: { [RULE]: 'off' } }, memoryReader({ [file]: remote([]) }));
    assert.ok(!off.findings.some((f) => f.ruleId === RULE));
    const err = checkFiles([file], { ...CHECK_OPTIONS, severities: { [RULE]: 'error' } }, memoryReader({ [file]: remote([]) }));
    assert.equal(err.findings.find((f) => f.ruleId === RULE)!.severity, 'error');
  });

  it('the rule page fixtures (test/fixtures/rules/compose-cluster-ports-unpublished/*.yml): exactly the findings annotated', () => {
    const dir = path.join(FIXTURES, RULE);
    const yml = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
    assert.ok(yml.some((f) => f.startsWith('reported')) && yml.some((f) => f.startsWith('valid')));
    for (const f of yml) {
      const fx = readFixture(RULE, f);
      const file = path.join(dir, f);
      const found = checkFiles([file], CHECK_OPTIONS, undefined, new Set([file]))
        .findings.filter((x) => x.ruleId === RULE)
        .map((x) => `${x.location.range.start.line + 1}:${x.location.range.start.character}-${x.location.range.end.character} ${x.severity} ${x.ruleId}`);
      assert.deepEqual(found, fx.expected, f);
    }
  });

  it('the editor shows it on the compose document with its fix, as check does', () => {
    const service = new LanguageService({ engine: defaultEngine });
    const text = remote(['    ports:', '      - 1883:1883']);
    const a = service.analyze({
      uri: 'file:///w/docker-compose.yml',
      path: '/w/docker-compose.yml',
      version: 1,
      text,
      languageId: 'dockercompose',
      settings: DEFAULT_SETTINGS,
      reader: memoryReader({ '/w/docker-compose.yml': text }),
      trusted: true,
    });
    const d = service.diagnostics(a).find((x) => x.code === RULE)!;
    assert.ok(d);
    assert.equal(d.range.start.line, 7);
    const f = a.findings.find((x) => x.ruleId === RULE)!;
    assert.equal(f.fixes![0].edits[0].uri, 'file:///w/docker-compose.yml');
    assert.ok(applyFirstEdit(text, f).endsWith('      - 1883:1883\n      - 4370:4370\n      - 5369:5369\n'));
  });

  it('examples/: shown in compose-hosts (the EPMD-era 4369 published), nowhere else', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ya?ml|conf)$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const r = checkFiles(files(EXAMPLES), CHECK_OPTIONS);
    const found = r.findings.filter((f) => f.ruleId === RULE);
    assert.deepEqual(
      found.map((f) => `${path.relative(EXAMPLES, f.location.uri)}:${f.location.range.start.line + 1}`),
      [path.join('compose-hosts', 'docker-compose.yml') + ':16'],
    );
    assert.match(found[0].message, /but publishes 4369: ports of EPMD-era Erlang/);
    assert.match(found[0].message, /Add "4370:4370", "5369:5369" under ports:/);
    assert.ok(found[0].fixes?.length === 1);
  });
});
