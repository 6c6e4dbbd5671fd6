/**
 * The ports a set of nodes listens on and the firewall openings they need
 * between each other, from the node names alone (domain §2.2, §3, §4.2, §10):
 * Erlang distribution on 4370 + offset (EPMD is not used), cluster RPC on
 * 5370 + offset (stateless discovery) or on the single `rpc.server_port`
 * (manual discovery, forced by the official Docker image, default 5369).
 * Pure; the `ports` CLI command and tests print and check it.
 */
import { distPort, isRemoteShell, nodeOffset, NODE_NAME_PART_PATTERN, PortDiscovery, rpcPort, splitNodeName } from '../emqx/ports';

export interface PortPlanOptions {
  readonly discovery: PortDiscovery;
  /** `rpc.server_port` for manual discovery (default 5369). */
  readonly serverPort: number;
}

export interface NodePorts {
  readonly name: string;
  readonly host: string | undefined;
  readonly offset: number;
  /** Erlang distribution listener; 'random' for a remote-console node. */
  readonly distPort: number | 'random';
  /** Cluster RPC listener (undefined for a remote console, which serves no RPC). */
  readonly rpcPort: number | undefined;
  /** Why the name would be refused by bin/emqx or the schema, if it would. */
  readonly nameProblem?: string;
}

export interface FirewallOpening {
  /** The node whose listeners must be reachable. */
  readonly node: string;
  readonly host: string | undefined;
  readonly ports: readonly number[];
  /** The hosts of the other nodes, which dial these ports. */
  readonly from: readonly string[];
}

export interface PortCollision {
  readonly host: string;
  readonly port: number;
  readonly kind: 'dist' | 'rpc';
  readonly nodes: readonly string[];
}

export interface PortPlan {
  readonly discovery: PortDiscovery;
  readonly serverPort: number;
  readonly nodes: readonly NodePorts[];
  readonly firewall: readonly FirewallOpening[];
  readonly collisions: readonly PortCollision[];
}

function nameProblem(name: string): string | undefined {
  const parts = name.split('@');
  if (parts.length !== 2) return 'must be name@host with exactly one @';
  if (!NODE_NAME_PART_PATTERN.test(parts[0])) return 'the part before @ may only hold letters, digits, _ and -';
  if (parts[1].length === 0) return 'the host part is empty';
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Hosts compared case-insensitively, every loopback name being one host. */
function hostKey(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  return LOOPBACK.has(host.toLowerCase()) ? '127.0.0.1' : host.toLowerCase();
}

export function portPlan(names: readonly string[], options: PortPlanOptions): PortPlan {
  const nodes: NodePorts[] = names.map((name) => {
    const remsh = isRemoteShell(name);
    return {
      name,
      host: splitNodeName(name).host,
      offset: nodeOffset(name),
      distPort: distPort(name),
      rpcPort: remsh ? undefined : rpcPort(name, options.discovery, options.serverPort),
      nameProblem: nameProblem(name),
    };
  });
  const firewall: FirewallOpening[] = nodes
    .filter((n) => n.distPort !== 'random')
    .map((n) => {
      const ports = [n.distPort as number, ...(n.rpcPort !== undefined ? [n.rpcPort] : [])];
      // Nodes on the same host talk over loopback and need no opening.
      const from = [...new Set(nodes.filter((o) => o.host !== undefined && hostKey(o.host) !== hostKey(n.host)).map((o) => o.host as string))];
      return { node: n.name, host: n.host, ports: [...new Set(ports)], from };
    });
  const collisions: PortCollision[] = [];
  const byHost = new Map<string, NodePorts[]>();
  for (const n of nodes) {
    if (n.host === undefined) continue;
    const key = hostKey(n.host) as string;
    byHost.set(key, [...(byHost.get(key) ?? []), n]);
  }
  for (const [host, group] of byHost) {
    const unique = group.filter((n, i) => group.findIndex((o) => o.name === n.name) === i);
    for (const kind of ['dist', 'rpc'] as const) {
      const byPort = new Map<number, string[]>();
      for (const n of unique) {
        const p = kind === 'dist' ? n.distPort : n.rpcPort;
        if (typeof p !== 'number') continue;
        byPort.set(p, [...(byPort.get(p) ?? []), n.name]);
      }
      for (const [port, names2] of byPort) if (names2.length > 1) collisions.push({ host, port, kind, nodes: names2 });
    }
  }
  return { discovery: options.discovery, serverPort: options.serverPort, nodes, firewall, collisions };
}
