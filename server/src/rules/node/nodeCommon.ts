/** Helpers shared by the node-name, seed and port rules. */
import { isIP } from 'net';
import { PortDiscovery, rpcPort, rpcPortSetting } from '../../emqx/ports';
import { Location } from '../../syntax/position';
import { RuleContext } from '../types';
import { nodeNameList } from '../../emqx/nodeList';
import { getEntry, isInDocument, linesOf, scalarText, textIn } from '../util';

export interface NamedNode {
  readonly name: string;
  readonly location: Location;
}

/** Each seed of `cluster.static.seeds` with the range where it is written (array or comma string). */
export function seedLocations(ctx: RuleContext): NamedNode[] {
  const entry = getEntry(ctx, 'cluster.static.seeds');
  if (!entry || !isInDocument(ctx, entry.setBy)) return [];
  const seeds = nodeNameList(entry.value);
  const range = entry.setBy.valueLocation.range;
  const l = linesOf(ctx);
  const text = textIn(ctx, range);
  const base = l.offsetAt(range.start);
  const out: NamedNode[] = [];
  let from = 0;
  for (const seed of seeds) {
    const at = text.indexOf(seed, from);
    if (at < 0) continue;
    from = at + seed.length;
    out.push({ name: seed, location: { uri: ctx.document.uri, range: l.range(base + at, base + at + seed.length) } });
  }
  return out;
}

/** The key EMQX reads the discovery strategy from: `cluster.discovery_strategy`, 4.x `cluster.discovery`. */
export function discoveryKey(ctx: RuleContext): string {
  return ctx.document.dialect === 'cuttlefish' ? 'cluster.discovery' : 'cluster.discovery_strategy';
}

/**
 * The discovery strategy as EMQX reads it, trimmed; '' when unset. The other line's key
 * is not read (a 5.x node drops `EMQX_CLUSTER__DISCOVERY`; `discovery-key-mismatch` says so).
 */
export function discoveryStrategy(ctx: RuleContext): string {
  return (scalarText(getEntry(ctx, discoveryKey(ctx))?.value) ?? '').trim();
}

/**
 * Whether Erlang refuses to connect to a node on this host when running with long names
 * (EMQX uses `-name` whenever the node name has an `@`): OTP's `inet_tcp_dist:splitnode/3`
 * shuts the connection down for a host that has no dot and is not an IP address
 * ("System running to use fully qualified hostnames; Hostname … is illegal").
 * Hosts with a variable (`${HOSTNAME}`) are not judged.
 */
export function hostRefusedWithLongNames(host: string): boolean {
  if (host === '' || host.includes('${') || host.includes('{{')) return false;
  return !host.includes('.') && isIP(host) === 0;
}

/** Whether a host is a loopback address or name: 127.0.0.0/8, ::1 (any spelling), `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === 'localhost.') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return /^(0{0,4}:){1,7}0{0,3}1$/.test(h) || /^::(0{0,4}:)*0{0,3}1$/.test(h);
  return false;
}

/**
 * The cluster RPC port a node listens on and how it is chosen: 5370 + offset when
 * `rpc.port_discovery` is stateless (EMQX's default), `rpc.server_port` (5369 unless set)
 * when manual, which the official Docker image forces unless a variable sets it.
 */
export function rpcPortOf(ctx: RuleContext, nodeName: string): { port: number; discovery: PortDiscovery } {
  const { discovery, serverPort } = rpcPortSetting(ctx.config, { docker: ctx.docker, dialect: ctx.document.dialect });
  return { port: rpcPort(nodeName, discovery, serverPort), discovery };
}
