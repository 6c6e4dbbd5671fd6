/**
 * The port arithmetic of ekka (Erlang distribution) and gen_rpc (cluster RPC),
 * exactly as their `offset/1` functions compute it: the decimal digits at the
 * very end of the node name's part before the first `@`, modulo 60000. The
 * host part never contributes. BigInt keeps suffixes longer than 15 digits exact.
 * `rpcPortSetting` reads how a node chooses its RPC port from its config, and
 * `rpcPort` gives the port: hovers, the cluster checks, the node rules and the
 * `ports` command all go through these two.
 */
import { ConfigEntry, EffectiveConfig, HoconValue } from '../model/types';

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

/** How a node chooses its cluster RPC port, as read from its effective config. */
export interface RpcPortSetting {
  readonly discovery: PortDiscovery;
  /** The entry that sets `rpc.port_discovery` (file or environment), if any. */
  readonly discoveryEntry?: ConfigEntry;
  /** Manual because the official Docker image's entrypoint sets it (no environment setting says otherwise). */
  readonly forcedByDocker: boolean;
  /** `rpc.server_port` (the port of every node with manual discovery), default 5369. */
  readonly serverPort: number;
  /** The entry that sets the server port (or one of its aliases), if any. */
  readonly serverPortEntry?: ConfigEntry;
}

/** The keys that set the manual-discovery port: `rpc.server_port` and its older aliases (4.x: `rpc.tcp_server_port`). */
export function serverPortKeys(dialect?: string): readonly string[] {
  return dialect === 'cuttlefish' ? ['rpc.tcp_server_port'] : ['rpc.server_port', 'rpc.tcp_server_port', 'rpc.ssl_server_port'];
}

function textOf(v: HoconValue | undefined): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).trim() : undefined;
}

/**
 * `rpc.port_discovery` and the server port a node runs with: stateless unless
 * set to manual; with the official Docker image manual unless the environment
 * sets it (the image's entrypoint exports `EMQX_RPC__PORT_DISCOVERY=manual`
 * when the deployment did not, so a file's `stateless` does not survive).
 * Between aliases of the server port an environment setting wins, then the
 * first key listed.
 */
export function rpcPortSetting(config: EffectiveConfig, options: { readonly docker?: boolean; readonly dialect?: string } = {}): RpcPortSetting {
  const discoveryEntry = config.get('rpc.port_discovery');
  const said = textOf(discoveryEntry?.value)?.toLowerCase();
  let discovery: PortDiscovery = said === 'manual' ? 'manual' : 'stateless';
  let forcedByDocker = false;
  if (options.docker && discovery !== 'manual' && discoveryEntry?.setBy.origin.kind !== 'env') {
    discovery = 'manual';
    forcedByDocker = true;
  }
  const found = serverPortKeys(options.dialect)
    .map((k) => config.get(k))
    .filter((e): e is ConfigEntry => e !== undefined);
  const serverPortEntry = found.find((e) => e.setBy.origin.kind === 'env') ?? found[0];
  const text = textOf(serverPortEntry?.value);
  const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  const serverPort = n !== undefined && n > 0 ? n : RPC_DEFAULT_SERVER_PORT;
  return { discovery, discoveryEntry, forcedByDocker, serverPort, serverPortEntry: n !== undefined && n > 0 ? serverPortEntry : undefined };
}
