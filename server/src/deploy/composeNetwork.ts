/**
 * How a compose service is reached on the network: the ports it publishes
 * (`ports:`, short and long syntax), `network_mode:`, the networks it joins
 * (`networks:` as a list or a map, with the top-level `networks:` and their
 * `driver`), and the names other containers reach it by. Every value keeps
 * its place in the YAML. A value that cannot be known here (a `${VAR}` the
 * `.env` does not give, a `{{ template }}`, a malformed entry) is marked
 * unknown, never guessed.
 *
 * Compose's rules followed (compose-spec `05-services.md`, `06-networks.md`):
 * a short port entry is `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`,
 * each port a number or a `from-to` range, no host port meaning Docker picks
 * one; a service without `networks:` or `network_mode:` joins the `default`
 * network, a bridge unless the top-level `networks.default` says otherwise;
 * a network without `driver` is a bridge (on one Docker engine); an
 * `external` network's driver is whatever exists, so unknown (the `host` and
 * `bridge` networks of the engine excepted).
 */
import { isMap, isScalar, isSeq, Document } from './yamlLib';
import { Location } from '../syntax/position';
import { isTemplated, scalarString, scalarStyle, YamlFile } from './yaml';

/** An inclusive range of ports (`from === to` for a single port). */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** One entry of a service's `ports:`. */
export interface PublishedPort {
  /** The container port(s). */
  readonly target?: PortRange;
  /** The host port(s); undefined when Docker picks one (`"1883"`, `"127.0.0.1::1883"`). */
  readonly published?: PortRange;
  /** `tcp` unless written otherwise (lower case). */
  readonly protocol: string;
  /** The host address the port is bound to (`127.0.0.1`, `::1`); undefined for every address. */
  readonly hostIp?: string;
  /** What the entry publishes cannot be known here (a variable without value, a template, a malformed entry). */
  readonly unknown: boolean;
  readonly location: Location;
}

/** Where entries can be added to a block `ports:` list of short-syntax entries, keeping its format. */
export interface PortsBlock {
  /** Offset of the start of the line after the last entry. */
  readonly insertOffset: number;
  /** The indentation of the entries' `-`. */
  readonly indent: string;
  /** How the entries are quoted (`"`, `'` or nothing). */
  readonly quote: string;
}

export interface ServicePorts {
  /** The `ports` key. */
  readonly key: Location;
  readonly entries: readonly PublishedPort[];
  /** `ports:` is not a list this reader understands (a template, a merge of unknown shape). */
  readonly unknown: boolean;
  /** Set when entries can be added safely (a block list of short-syntax entries). */
  readonly block?: PortsBlock;
}

/** `network_mode:` as compose reads it; `unknown` when its value cannot be known here. */
export type NetworkModeKind = 'host' | 'bridge' | 'none' | 'service' | 'container' | 'unknown';

export interface ServiceNetwork {
  readonly name: string;
  /** The network's driver: `bridge`, `overlay`, `host`, `macvlan`, `ipvlan`, a plugin's name, or `unknown`. */
  readonly driver: string;
  readonly external: boolean;
  /** A bridge of containers only (`internal: true`). */
  readonly internal: boolean;
}

/** How a compose service is reached (see the file header). */
export interface ComposeNetworking {
  /** The service's key in `services:`. */
  readonly serviceKey: Location;
  readonly ports?: ServicePorts;
  readonly networkMode?: { readonly kind: NetworkModeKind; readonly target?: string; readonly location: Location };
  /** The networks the service joins; empty with `network_mode:`. */
  readonly networks: readonly ServiceNetwork[];
  /** What other containers of a shared network reach it by: service name, `container_name`, `hostname` (with `domainname`), aliases, fixed addresses (lower case). */
  readonly addresses: readonly string[];
  /** A name or alias is a Go template (a swarm stack's `{{.Task.Slot}}`): its containers' names are not known here. */
  readonly templatedAddress: boolean;
  /** The service sets `WITH_EPMD` (4.x bin/emqx then runs EPMD, port 4369, and `node.dist_listen_min..max`). */
  readonly withEpmd: boolean;
}

/** What every service of one compose file shares: the names and subnets that stay on its networks. */
export interface ComposeFileNetworking {
  /** Every service's addresses (all services, EMQX or not), lower case. */
  readonly addresses: ReadonlySet<string>;
  /** `ipam.config[].subnet` of the top-level networks (CIDR as written). */
  readonly subnets: readonly string[];
  /** `extra_hosts` of every service: name (lower case) → the address written for it. */
  readonly extraHosts: ReadonlyMap<string, string>;
  /** Some service's name or alias is a template: any host name may be one of them. */
  readonly templated: boolean;
}

type Interp = (raw: string) => { value: string; exact: boolean };

/** A string value as compose reads it, or undefined when it cannot be known here. */
function known(node: unknown, interp: Interp): string | undefined {
  const raw = scalarString(node);
  if (raw === undefined || isTemplated(raw)) return undefined;
  const v = interp(raw);
  return v.exact ? v.value : undefined;
}

function portRange(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  if (from < 1 || to > 65535 || to < from) return undefined;
  return { from, to };
}

/** Parses a short-syntax entry (already interpolated); undefined when it is malformed. */
export function parseShortPort(text: string): Omit<PublishedPort, 'location' | 'unknown'> | undefined {
  let spec = text.trim();
  let protocol = 'tcp';
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    protocol = spec.slice(slash + 1).toLowerCase();
    spec = spec.slice(0, slash);
    if (!/^[a-z]+$/.test(protocol)) return undefined;
  }
  let hostIp: string | undefined;
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']:');
    if (close < 0) return undefined;
    hostIp = spec.slice(1, close);
    spec = spec.slice(close + 2);
  }
  const parts = spec.split(':');
  let hostPort: string | undefined;
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0];
  else if (parts.length === 2) [hostPort, containerPort] = parts;
  else if (hostIp === undefined) {
    containerPort = parts[parts.length - 1];
    hostPort = parts[parts.length - 2];
    hostIp = parts.slice(0, -2).join(':');
  } else return undefined;
  const target = portRange(containerPort);
  if (!target) return undefined;
  let published: PortRange | undefined;
  if (hostPort !== undefined && hostPort !== '') {
    published = portRange(hostPort);
    if (!published) return undefined;
  }
  return { target, published, protocol, hostIp: hostIp === '' ? undefined : hostIp };
}

function readPort(file: YamlFile, doc: Document.Parsed, entry: unknown, interp: Interp): PublishedPort {
  const location = file.location(entry);
  const unknown: PublishedPort = { protocol: 'tcp', unknown: true, location };
  if (isMap(entry)) {
    const field = (k: string): { present: boolean; value?: string } => {
      const n = file.get(entry, k, doc);
      return n === undefined || scalarString(n) === undefined ? { present: false } : { present: true, value: known(n, interp) };
    };
    const target = field('target');
    const published = field('published');
    const protocol = field('protocol');
    const hostIp = field('host_ip');
    if (!target.present || [target, published, protocol, hostIp].some((f) => f.present && f.value === undefined)) return unknown;
    const t = portRange(target.value!);
    const p = published.value !== undefined ? portRange(published.value) : undefined;
    if (!t || (published.value !== undefined && !p)) return unknown;
    return { target: t, published: p, protocol: (protocol.value ?? 'tcp').toLowerCase(), hostIp: hostIp.value || undefined, unknown: false, location };
  }
  const text = known(entry, interp);
  if (text === undefined) return unknown;
  const parsed = parseShortPort(text);
  return parsed ? { ...parsed, unknown: false, location } : unknown;
}

function portsBlock(file: YamlFile, seq: unknown, entries: readonly unknown[]): PortsBlock | undefined {
  const r = (seq as { range?: [number, number, number] }).range;
  if (!r || entries.length === 0 || file.text[r[0]] === '[') return undefined;
  // Only lists of short-syntax scalars, written the same way, take a new entry without changing their look.
  const styles = new Set(
    entries.map((e) => {
      const start = (e as { range?: [number, number, number] }).range?.[0];
      const style = scalarStyle(e);
      return style === 'quoted' && start !== undefined ? file.text[start] : style === 'plain' ? '' : 'other';
    }),
  );
  if (styles.size !== 1 || styles.has('other')) return undefined;
  const first = (entries[0] as { range?: [number, number, number] }).range;
  const last = (entries[entries.length - 1] as { range?: [number, number, number] }).range;
  if (!first || !last) return undefined;
  const lineStart = file.text.lastIndexOf('\n', first[0] - 1) + 1;
  const before = file.text.slice(lineStart, first[0]);
  const m = /^( *)- +$/.exec(before);
  if (!m) return undefined;
  const nl = file.text.indexOf('\n', Math.max(last[1] - 1, 0));
  return { insertOffset: nl < 0 ? file.text.length : nl + 1, indent: m[1], quote: [...styles][0] };
}

/** The top-level networks of a compose document: name → driver, external, internal, subnets. */
export function topLevelNetworks(file: YamlFile, doc: Document.Parsed, interp: Interp): Map<string, ServiceNetwork & { subnets: string[] }> {
  const out = new Map<string, ServiceNetwork & { subnets: string[] }>();
  for (const p of file.pairs(file.get(doc.contents, 'networks', doc), doc)) {
    const def = file.resolve(p.value, doc);
    const external = isMap(def) && ['true', 'yes'].includes((known(file.get(def, 'external', doc), interp) ?? '').toLowerCase());
    const externalMap = isMap(def) && isMap(file.get(def, 'external', doc));
    const internal = isMap(def) && (known(file.get(def, 'internal', doc), interp) ?? '').toLowerCase() === 'true';
    const driverNode = isMap(def) ? file.get(def, 'driver', doc) : undefined;
    let driver = driverNode === undefined ? 'bridge' : (known(driverNode, interp)?.toLowerCase() ?? 'unknown');
    if (external || externalMap) {
      // An existing network: only the engine's own `host` and `bridge` networks are known by name.
      const name = isMap(def) ? known(file.get(def, 'name', doc), interp) : undefined;
      const engine = (name ?? p.key).toLowerCase();
      driver = engine === 'host' || engine === 'bridge' ? engine : 'unknown';
    } else if (def !== null && def !== undefined && !isMap(def) && scalarString(def) !== undefined) driver = 'unknown';
    const subnets: string[] = [];
    if (isMap(def)) {
      for (const c of file.items(file.get(file.get(def, 'ipam', doc), 'config', doc), doc)) {
        const s = known(file.get(c, 'subnet', doc), interp);
        if (s) subnets.push(s);
      }
    }
    out.set(p.key, { name: p.key, driver, external: external || externalMap, internal, subnets });
  }
  return out;
}

/** The networking of one service (`svc` a map), see the file header. */
export function serviceNetworking(
  file: YamlFile,
  doc: Document.Parsed,
  name: string,
  keyNode: unknown,
  svc: unknown,
  networks: ReadonlyMap<string, ServiceNetwork>,
  interp: Interp,
): ComposeNetworking {
  const addresses = new Set<string>([name.toLowerCase()]);
  for (const k of ['container_name', 'hostname']) {
    const v = known(file.get(svc, k, doc), interp);
    if (v) addresses.add(v.toLowerCase());
  }
  // `hostname` + `domainname` is the container's full name.
  const hostname = known(file.get(svc, 'hostname', doc), interp);
  const domain = known(file.get(svc, 'domainname', doc), interp);
  if (hostname && domain) addresses.add(`${hostname}.${domain}`.toLowerCase());
  // A swarm template (`emqx-{{.Task.Slot}}`) names containers this reader cannot list.
  const templated = ['container_name', 'hostname', 'domainname'].some((k) => isTemplated(scalarString(file.get(svc, k, doc)) ?? ''));
  for (const l of file.items(file.get(svc, 'links', doc), doc)) {
    // `service:alias`: the alias reaches the linked service, from this one.
    const v = known(l, interp);
    if (v) for (const part of v.split(':')) addresses.add(part.toLowerCase());
  }

  let ports: ServicePorts | undefined;
  const portsPair = file.pair(svc, 'ports', doc);
  if (portsPair) {
    const key = file.location(portsPair.keyNode);
    if (isSeq(portsPair.value)) {
      const raw = file.items(portsPair.value, doc);
      // A list merged in from an anchor (`<<: *defaults`) is shared by other services: no entry is added there.
      const own = isMap(svc) && svc.items.some((i) => i.key === portsPair.keyNode);
      ports = { key, entries: raw.map((e) => readPort(file, doc, e, interp)), unknown: false, block: own ? portsBlock(file, portsPair.value, raw) : undefined };
    } else {
      // `ports:` with nothing after it publishes nothing; any other shape is not read.
      const v = portsPair.value;
      const empty = v === null || v === undefined || (isScalar(v) && v.value === null);
      ports = { key, entries: [], unknown: !empty };
    }
  }

  let networkMode: ComposeNetworking['networkMode'];
  const modePair = file.pair(svc, 'network_mode', doc);
  if (modePair) {
    const v = known(modePair.value, interp)?.trim();
    const location = file.location(modePair.value);
    const m = v === undefined ? undefined : /^(service|container):(.+)$/.exec(v);
    if (m) networkMode = { kind: m[1] as 'service' | 'container', target: m[2], location };
    else if (v === 'host' || v === 'bridge' || v === 'none') networkMode = { kind: v, location };
    else networkMode = { kind: 'unknown', location };
  }

  const joined: ServiceNetwork[] = [];
  let aliasTemplated = false;
  const netsNode = file.get(svc, 'networks', doc);
  const lookup = (n: string): ServiceNetwork =>
    networks.get(n) ?? (n === 'default' ? { name: n, driver: 'bridge', external: false, internal: false } : { name: n, driver: 'unknown', external: false, internal: false });
  if (isSeq(netsNode)) {
    for (const n of file.items(netsNode, doc)) {
      const v = known(n, interp);
      joined.push(v ? lookup(v) : { name: '', driver: 'unknown', external: false, internal: false });
    }
  } else if (isMap(netsNode)) {
    for (const p of file.pairs(netsNode, doc)) {
      joined.push(lookup(p.key));
      const def = file.resolve(p.value, doc);
      for (const a of file.items(file.get(def, 'aliases', doc), doc)) {
        const v = known(a, interp);
        if (v) addresses.add(v.toLowerCase());
        else if (isTemplated(scalarString(a) ?? '')) aliasTemplated = true;
      }
      for (const k of ['ipv4_address', 'ipv6_address']) {
        const v = known(file.get(def, k, doc), interp);
        if (v) addresses.add(v.toLowerCase());
      }
    }
  } else if (netsNode !== undefined && netsNode !== null) {
    joined.push({ name: '', driver: 'unknown', external: false, internal: false });
  } else if (!modePair) {
    joined.push(lookup('default'));
  }

  // WITH_EPMD, in `environment:` as a map or a list (its value does not matter to bin/emqx, only that it is set).
  const env = file.get(svc, 'environment', doc);
  const withEpmd = isMap(env) ? file.pairs(env, doc).some((p) => p.key === 'WITH_EPMD') : file.items(env, doc).some((e) => /^WITH_EPMD(=|$)/.test(scalarString(e) ?? ''));

  return { serviceKey: file.location(keyNode), ports, networkMode, networks: joined, addresses: [...addresses], templatedAddress: templated || aliasTemplated, withEpmd };
}

/** The names and subnets of a compose document every one of its services is reached by (see ComposeFileNetworking). */
export function fileNetworking(file: YamlFile, doc: Document.Parsed, interp: Interp): ComposeFileNetworking {
  const addresses = new Set<string>();
  const extraHosts = new Map<string, string>();
  let templated = false;
  const services = file.get(doc.contents, 'services', doc);
  const networks = topLevelNetworks(file, doc, interp);
  for (const p of file.pairs(services, doc)) {
    const svc = file.resolve(p.value, doc);
    if (!isMap(svc)) continue;
    const n = serviceNetworking(file, doc, p.key, p.keyNode, svc, networks, interp);
    for (const a of n.addresses) addresses.add(a);
    templated ||= n.templatedAddress;
    // `extra_hosts` as a list (`name:ip`, `name=ip`) or a map (`name: ip`).
    const extra = file.get(svc, 'extra_hosts', doc);
    const entries: Array<[string, string | undefined]> = isMap(extra)
      ? file.pairs(extra, doc).map((e) => [e.key, known(file.resolve(e.value, doc), interp)])
      : file.items(extra, doc).flatMap((e) => {
          const v = known(e, interp);
          const m = v === undefined ? null : /^([^:=\s]+)[:=](.+)$/.exec(v.trim());
          return m ? [[m[1], m[2]] as [string, string]] : [];
        });
    for (const [name, ip] of entries) if (ip !== undefined) extraHosts.set(name.toLowerCase(), ip.trim().replace(/^\[|\]$/g, ''));
  }
  return { addresses, subnets: [...networks.values()].flatMap((n) => n.subnets), extraHosts, templated };
}

/** Which networking keys a compose override's definition of a service writes. */
export interface NetworkingKeysSet {
  readonly ports: boolean;
  readonly networkMode: boolean;
  readonly networks: boolean;
  /** Whether the base's definition writes `networks:` (without it the service joins `default`). */
  readonly baseNetworks: boolean;
}

/**
 * A service's networking with an override's definition merged over the base's, as compose merges
 * them: `ports:` appended (the base's entries kept; entries are added by a fix only to a list the
 * node's own file holds), `network_mode:` replaced, `networks:` joined by name, every address of
 * either definition kept.
 */
export function mergeServiceNetworking(base: ComposeNetworking, over: ComposeNetworking, set: NetworkingKeysSet): ComposeNetworking {
  let ports = base.ports;
  if (set.ports && over.ports) {
    ports = base.ports
      ? { key: base.ports.key, entries: [...base.ports.entries, ...over.ports.entries], unknown: base.ports.unknown || over.ports.unknown, block: base.ports.block }
      : { key: over.ports.key, entries: over.ports.entries, unknown: over.ports.unknown };
  }
  const networkMode = set.networkMode ? over.networkMode : base.networkMode;
  let networks = base.networks;
  if (set.networks) {
    // The `default` network the base joins for want of `networks:` is not joined once the override names some.
    const named = set.baseNetworks ? base.networks : [];
    networks = [...named, ...over.networks.filter((o) => !named.some((n) => n.name === o.name))];
  } else if (set.networkMode && networkMode) networks = [];
  return {
    serviceKey: base.serviceKey,
    ports,
    networkMode,
    networks,
    addresses: [...new Set([...base.addresses, ...over.addresses])],
    templatedAddress: base.templatedAddress || over.templatedAddress,
    withEpmd: base.withEpmd || over.withEpmd,
  };
}

/** What the services of a compose file and of its override share, together. */
export function mergeFileNetworking(base: ComposeFileNetworking, over: ComposeFileNetworking): ComposeFileNetworking {
  return {
    addresses: new Set([...base.addresses, ...over.addresses]),
    subnets: [...base.subnets, ...over.subnets],
    extraHosts: new Map([...base.extraHosts, ...over.extraHosts]),
    templated: base.templated || over.templated,
  };
}
