/**
 * What the cluster checks need to know about one node, read from its
 * effective config: the values EMQX would use (defaults applied, the Docker
 * image's forced `rpc.port_discovery = manual` applied) and, for each, the
 * place a finding about it should point at.
 *
 * Values come from `EffectiveConfig`, which already holds the `EMQX_*`
 * environment overrides when the caller passed them to `loadConfig`; an entry
 * set by the environment carries the compose/.env location, so a finding about
 * a cookie set in docker-compose.yml lands on docker-compose.yml.
 */
import type * as Crypto from 'crypto';
import { FileReader } from '../io';
import { ConfigEntry, EffectiveConfig, HoconValue } from '../model/types';
import { Location, range } from '../syntax/position';
import { buildDefaultCookieDescription } from '../emqx/cookies';
import { nodeNameList } from '../emqx/nodeList';
import { PortDiscovery, rpcPortSetting, serverPortKeys } from '../emqx/ports';
import { scalarText } from '../rules/util';

/** One node's config as the cluster checks receive it. */
export interface ClusterNodeInput {
  /** The node's main config file (emqx.conf), as the caller names files. */
  readonly uri: string;
  readonly config: EffectiveConfig;
  readonly dialect?: 'hocon' | 'cuttlefish';
  /** EMQX major version line (for the build-default cookie); 5 when unknown. */
  readonly major?: number;
  /** Runs under the official Docker image: `rpc.port_discovery` is manual unless set by the environment. */
  readonly docker?: boolean;
  /** Reads certificate files (a refusing reader when untrusted). */
  readonly reader?: FileReader;
  /** The cookie is set by a variable whose value is not known here (a Kubernetes Secret, `${VAR}`). */
  readonly cookieUnknown?: boolean;
  /** The node name is set by a variable whose value is not known here (a Secret, an unknown address). */
  readonly nameUnknown?: boolean;
}

/** A value and the place it was set (or the best place to talk about it). */
export interface Located<T> {
  readonly value: T;
  readonly location: Location;
  /** The dotted key the value belongs to. */
  readonly keyPath: string;
  /** Set explicitly (file or environment), not a default. */
  readonly explicit: boolean;
}

export interface ClusterNode {
  readonly input: ClusterNodeInput;
  readonly uri: string;
  readonly name: Located<string>;
  /** SHA-256 of the cookie in effect (never the value). */
  readonly cookieHash: Located<string>;
  readonly rpcProtocol: Located<string>;
  readonly portDiscovery: Located<PortDiscovery>;
  readonly serverPort: Located<number>;
  readonly protoDist: Located<string>;
  readonly cacertfile?: Located<string>;
  readonly certfile?: Located<string>;
  readonly discoveryStrategy: Located<string>;
  /** `cluster.static.seeds`, one string per node name. */
  readonly seeds?: Located<string[]>;
}

/** Where a finding about a node goes when the key is not set anywhere: the top of its file. */
function fileStart(uri: string): Location {
  return { uri, range: range(0, 0, 0, 0) };
}

function firstEntry(config: EffectiveConfig, paths: readonly string[]): ConfigEntry | undefined {
  // Aliases: the entry set last in precedence wins, which EffectiveConfig
  // already decided per path; between aliases prefer an environment setting,
  // then the first name listed (the current key).
  const found = paths.map((p) => config.get(p)).filter((e): e is ConfigEntry => e !== undefined);
  return found.find((e) => e.setBy.origin.kind === 'env') ?? found[0];
}

function located<T>(config: EffectiveConfig, uri: string, paths: readonly string[], parse: (v: HoconValue) => T | undefined, fallback: T, fallbackLocation?: Location): Located<T> {
  const entry = firstEntry(config, paths);
  if (entry) {
    const value = parse(entry.value);
    if (value !== undefined) {
      return { value, location: entry.setBy.valueLocation, keyPath: entry.path.join('.'), explicit: true };
    }
  }
  return { value: fallback, location: fallbackLocation ?? fileStart(uri), keyPath: paths[0], explicit: false };
}

export function hashSecret(value: string): string {
  // Required here, not at the top: loading Node's crypto costs every CLI start several ms.
  return (require('crypto') as typeof Crypto).createHash('sha256').update(value, 'utf8').digest('hex');
}

const str = (v: HoconValue): string | undefined => scalarText(v);

/** Reads what the cluster checks need from one node's effective config. */
export function describeNode(input: ClusterNodeInput): ClusterNode {
  const { config, uri } = input;
  const cuttlefish = input.dialect === 'cuttlefish';
  const name = located(config, uri, ['node.name'], str, 'emqx@127.0.0.1');
  const nameLoc = name.location;
  const cookie = located(config, uri, ['node.cookie'], str, buildDefaultCookieDescription(input.major ?? 5), nameLoc);
  let cookieHash: Located<string> | undefined;
  const rpcProtocol = located(config, uri, cuttlefish ? ['rpc.driver'] : ['rpc.protocol', 'rpc.driver'], (v) => str(v)?.toLowerCase(), 'tcp', nameLoc);
  // How the node picks its RPC port: the one reading shared with hovers and the node rules.
  const rpc = rpcPortSetting(config, { docker: input.docker, dialect: input.dialect });
  const said = rpc.discoveryEntry && /^(manual|stateless)$/i.test(str(rpc.discoveryEntry.value) ?? '') ? rpc.discoveryEntry : undefined;
  const portDiscovery: Located<PortDiscovery> = {
    value: rpc.discovery,
    location: said?.setBy.valueLocation ?? nameLoc,
    keyPath: 'rpc.port_discovery',
    explicit: said !== undefined || rpc.forcedByDocker,
  };
  const serverPort: Located<number> = rpc.serverPortEntry
    ? { value: rpc.serverPort, location: rpc.serverPortEntry.setBy.valueLocation, keyPath: rpc.serverPortEntry.path.join('.'), explicit: true }
    : { value: rpc.serverPort, location: portDiscovery.location, keyPath: serverPortKeys(input.dialect)[0], explicit: false };
  const protoDist = located(config, uri, ['cluster.proto_dist'], (v) => str(v)?.toLowerCase(), 'inet_tcp', nameLoc);
  const fileKey = (key: string): Located<string> | undefined => {
    const l = located(config, uri, [key], str, '', nameLoc);
    return l.explicit && l.value ? l : undefined;
  };
  const discoveryStrategy = located(config, uri, cuttlefish ? ['cluster.discovery'] : ['cluster.discovery_strategy', 'cluster.discovery'], (v) => str(v)?.toLowerCase(), 'manual', nameLoc);
  const seedsEntry = config.get('cluster.static.seeds');
  let seeds: Located<string[]> | undefined;
  if (seedsEntry) {
    seeds = { value: nodeNameList(seedsEntry.value), location: seedsEntry.setBy.valueLocation, keyPath: 'cluster.static.seeds', explicit: true };
  }
  return {
    input,
    uri,
    name,
    // Hashed when a check across nodes first compares cookies, not before: a check of one
    // node then never loads Node's crypto.
    get cookieHash(): Located<string> {
      return (cookieHash ??= { ...cookie, value: hashSecret(cookie.value) });
    },
    rpcProtocol,
    portDiscovery,
    serverPort,
    protoDist,
    cacertfile: fileKey('rpc.cacertfile'),
    certfile: fileKey('rpc.certfile'),
    discoveryStrategy,
    seeds,
  };
}
