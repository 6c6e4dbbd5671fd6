/**
 * The port arithmetic of ekka (Erlang distribution) and gen_rpc (cluster RPC),
 * exactly as their `offset/1` functions compute it: the decimal digits at the
 * very end of the node name's part before the first `@`, modulo 60000. The
 * host part never contributes. BigInt keeps suffixes longer than 15 digits exact.
 */

/** ekka's `inet_dist_base_port` default: Erlang distribution listens on 4370 + offset. */
export const DIST_BASE_PORT = 4370;
/** gen_rpc's compile-time base for `port_discovery = stateless`: 5370 + offset. */
export const RPC_STATELESS_BASE_PORT = 5370;
/** `rpc.server_port` default, used with `port_discovery = manual` (and in the Docker image). */
export const RPC_DEFAULT_SERVER_PORT = 5369;
const OFFSET_MODULO = 60000n;

export interface NodeNameParts {
  /** Before the first `@` (the whole name when there is none). */
  readonly name: string;
  /** After the first `@`, undefined when there is none. */
  readonly host: string | undefined;
}

export function splitNodeName(nodeName: string): NodeNameParts {
  const at = nodeName.indexOf('@');
  return at >= 0 ? { name: nodeName.slice(0, at), host: nodeName.slice(at + 1) } : { name: nodeName, host: undefined };
}

/** The numeric suffix of the name part and the offset it gives, or undefined when there is none. */
export function nodeSuffix(nodeName: string): { digits: string; offset: number } | undefined {
  const m = /[0-9]+$/.exec(splitNodeName(nodeName).name);
  if (!m) return undefined;
  return { digits: m[0], offset: Number(BigInt(m[0]) % OFFSET_MODULO) };
}

/** ekka/gen_rpc `offset/1`: trailing digits of the name part modulo 60000, else 0. */
export function nodeOffset(nodeName: string): number {
  return nodeSuffix(nodeName)?.offset ?? 0;
}

/** Remote-console nodes (`remsh…`) listen on a random port in 10000–60000 (ekka only). */
export function isRemoteShell(nodeName: string): boolean {
  return nodeName.startsWith('remsh');
}

/** The Erlang distribution port of a node, or 'random' for a remote console. */
export function distPort(nodeName: string): number | 'random' {
  return isRemoteShell(nodeName) ? 'random' : DIST_BASE_PORT + nodeOffset(nodeName);
}

export type PortDiscovery = 'stateless' | 'manual';

/**
 * The cluster RPC port of a node: 5370 + offset when stateless (the default outside Docker),
 * the single `rpc.server_port` (default 5369) when manual (forced by the official Docker image).
 */
export function rpcPort(nodeName: string, discovery: PortDiscovery, serverPort: number = RPC_DEFAULT_SERVER_PORT): number {
  return discovery === 'manual' ? serverPort : RPC_STATELESS_BASE_PORT + nodeOffset(nodeName);
}

/** The name part may only hold ASCII letters, digits, `_` and `-` (bin/emqx refuses others). */
export const NODE_NAME_PART_PATTERN = /^[0-9A-Za-z_-]+$/;
