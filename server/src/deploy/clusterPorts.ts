/**
 * `compose-cluster-ports-unpublished`: a compose service clustered with nodes
 * outside its compose file, on a Docker bridge network, that does not publish
 * the ports those nodes dial (rule page: deploy/rules.ts).
 *
 * It needs the node's effective config (name, discovery, seeds, RPC port
 * discovery, from mounted files and the environment), so it runs on the node
 * pipeline's analyses. The ports come from `describeNode`, which asks the one
 * port reading (`emqx/ports.ts`: `rpcPortSetting`, the image's forced manual
 * discovery) and `distPort`. Conservative by design: anything not known here
 * (an unset `${VAR}`, a template, a network that is not a known bridge, a seed
 * that may be on the compose network) means no finding.
 */
import { SourceAnalysis } from '../cluster/pipeline';
import { describeNode } from '../cluster/nodes';
import { distPort, rpcPort, splitNodeName } from '../emqx/ports';
import { Finding, Fix } from '../rules/types';
import { ComposeFileNetworking, ComposeNetworking, PortRange, PublishedPort } from './composeNetwork';
import { DeployNode } from './model';
import { clusterPortsMessages, clusterPortsRule } from './rules';
import { YamlFile } from './yaml';

/** Variables whose unknown value leaves the node's name, peers or ports unknown. */
const DECIDING_VARS = [
  'EMQX_NODE__NAME',
  'EMQX_CLUSTER__DISCOVERY_STRATEGY',
  'EMQX_CLUSTER__DISCOVERY',
  'EMQX_CLUSTER__STATIC__SEEDS',
  'EMQX_RPC__PORT_DISCOVERY',
  'EMQX_RPC_PORT_DISCOVERY',
  'EMQX_RPC__SERVER_PORT',
  'EMQX_RPC__TCP_SERVER_PORT',
  'EMQX_RPC__SSL_SERVER_PORT',
];

/** Ports of Erlang with EPMD: the daemon's 4369 and 4.x's `node.dist_listen_min` default range start 6369. */
const EPMD_ERA_PORTS = [4369, 6369];

const covers = (r: PortRange | undefined, p: number): boolean => r !== undefined && r.from <= p && p <= r.to;

function isLoopback(ip: string): boolean {
  const a = ip.toLowerCase().replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\./.test(a);
}

/** The entry lets other hosts reach container port `p` on the same host port. */
function publishes(e: PublishedPort, p: number): boolean {
  if (e.unknown || e.protocol !== 'tcp' || !covers(e.target, p) || (e.hostIp !== undefined && isLoopback(e.hostIp))) return false;
  const t = e.target!;
  const h = e.published;
  if (!h) return false;
  // A range maps port for port; a host range for one container port is one port Docker picks in it.
  return t.from === t.to ? covers(h, p) : h.from === t.from && h.to - h.from === t.to - t.from;
}

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function inCidr(ip: number, cidr: string): boolean {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr.trim());
  const base = m ? ipv4(m[1]) : undefined;
  if (!m || base === undefined) return false;
  const bits = Number(m[2]);
  if (bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (base & mask) >>> 0;
}

/**
 * A seed the node reaches outside the compose network: not a node of the file, its host
 * not a name or fixed address of any service of the file, not loopback, not an address
 * Docker may give a container (a declared subnet, or 172.16.0.0/12, Docker's default pools),
 * not a name `extra_hosts` maps to such an address, and not a name at all when a service's
 * name is a template (a swarm stack's `{{.Task.Slot}}` names containers this file cannot list).
 */
function isOutside(seed: string, fileNodeNames: ReadonlySet<string>, shared: ComposeFileNetworking): boolean {
  if (fileNodeNames.has(seed)) return false;
  const host = splitNodeName(seed).host?.toLowerCase();
  return host !== undefined && isOutsideAddress(host, shared, 0);
}

function isOutsideAddress(host: string, shared: ComposeFileNetworking, depth: number): boolean {
  if (!host || host.includes('$') || host.includes('{') || isLoopback(host) || shared.addresses.has(host)) return false;
  // A name `extra_hosts` maps is where its address is (`host-gateway` is the Docker host: outside).
  const mapped = shared.extraHosts.get(host);
  if (mapped !== undefined) return mapped.toLowerCase() === 'host-gateway' || (depth < 2 && isOutsideAddress(mapped.toLowerCase(), shared, depth + 1));
  const ip = ipv4(host);
  if (ip === undefined) return !shared.templated;
  return !inCidr(ip, '172.16.0.0/12') && !shared.subnets.some((s) => inCidr(ip, s));
}

/** Only bridge networks this reader knows: no host mode, overlay, macvlan, external or internal network. */
function onKnownBridge(net: ComposeNetworking): boolean {
  if (net.networkMode) return net.networkMode.kind === 'bridge';
  return net.networks.length > 0 && net.networks.every((n) => n.driver === 'bridge' && !n.internal);
}

function addEntriesFix(node: DeployNode, file: YamlFile | undefined, missing: readonly number[]): Fix | undefined {
  const ports = node.network?.ports;
  const block = ports?.block;
  if (!ports || !block || !file) return undefined;
  // A host port already taken by another entry (another address, another container port) would clash.
  if (missing.some((p) => ports.entries.some((e) => covers(e.published, p)))) return undefined;
  const lines = missing.map((p) => `${block.indent}- ${block.quote}${p}:${p}${block.quote}`).join('\n');
  const atEnd = block.insertOffset >= file.text.length && !file.text.endsWith('\n');
  const at = file.position(block.insertOffset);
  return {
    title: clusterPortsMessages.fixTitle(missing.map((p) => `${p}:${p}`).join(', ')),
    edits: [{ uri: node.file, range: { start: at, end: at }, newText: atEnd ? `\n${lines}` : `${lines}\n` }],
  };
}

/** The findings of the rule over the nodes of the deployment files and their analyses (see the file header). */
export function clusterPortFindings(analyses: readonly SourceAnalysis[], nodeOf: (a: SourceAnalysis) => DeployNode | undefined, yamlFiles: ReadonlyMap<string, YamlFile>): Finding[] {
  const compose = analyses.flatMap((a) => {
    const node = nodeOf(a);
    return node && node.format === 'compose' && node.network && node.composeNetworking && a.result.dialect !== 'ssl-dist' ? [{ a, node, network: node.network, shared: node.composeNetworking }] : [];
  });
  // The node names of each compose project (a file with the override merged over it), to tell its own nodes from peers elsewhere.
  const namesByFile = new Map<string, Set<string>>();
  for (const c of compose) {
    const name = describeNode({ uri: c.a.source.uri, config: c.a.result.config }).name.value;
    namesByFile.set(c.node.cluster, (namesByFile.get(c.node.cluster) ?? new Set<string>()).add(name));
  }
  const out: Finding[] = [];
  for (const { a, node, network, shared } of compose) {
    if (DECIDING_VARS.some((v) => a.source.unresolved.includes(v))) continue;
    if (network.withEpmd && a.result.version.major < 5) continue;
    if (!onKnownBridge(network)) continue;
    const ports = network.ports;
    if (ports && (ports.unknown || ports.entries.some((e) => e.unknown))) continue;
    const described = describeNode({
      uri: a.source.uri,
      config: a.result.config,
      dialect: a.result.dialect === 'cuttlefish' ? 'cuttlefish' : 'hocon',
      major: a.result.version.major,
      docker: a.source.docker,
    });
    // Outside the official image the port discovery in effect is only known when the environment sets it.
    const discoveryEntry = a.result.config.get('rpc.port_discovery');
    if (!a.source.docker && discoveryEntry?.setBy.origin.kind !== 'env') continue;
    if (described.discoveryStrategy.value !== 'static' || !described.seeds) continue;
    const own = described.name.value;
    const dist = distPort(own);
    if (dist === 'random' || !own.includes('@') || /[{$]/.test(own)) continue;
    const fileNodes = namesByFile.get(node.cluster) ?? new Set<string>();
    const peer = described.seeds.value.find((s) => s !== own && isOutside(s, fileNodes, shared));
    if (!peer) continue;
    const rpc = rpcPort(own, described.portDiscovery.value, described.serverPort.value);
    const entries = ports?.entries ?? [];
    const missing = [...new Set([dist, rpc])].filter((p) => !entries.some((e) => publishes(e, p)));
    if (missing.length === 0) continue;
    const old = EPMD_ERA_PORTS.filter((p) => entries.some((e) => !e.unknown && (covers(e.target, p) || covers(e.published, p))));
    const wanted = missing.map((p) => `"${p}:${p}"`).join(', ');
    const message =
      old.length > 0 && missing.includes(dist)
        ? clusterPortsMessages.epmd(node.unit, own, peer, old.join(', '), dist, rpc, wanted)
        : clusterPortsMessages.missing(node.unit, own, peer, missing.join(', '), dist, rpc, wanted);
    const fix = addEntriesFix(node, yamlFiles.get(node.file), missing);
    out.push({
      ruleId: clusterPortsRule.id,
      severity: clusterPortsRule.defaultSeverity,
      message,
      location: ports?.key ?? network.serviceKey,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
  return out;
}
