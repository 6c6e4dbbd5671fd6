/**
 * What the official EMQX image does to a node before EMQX reads its config:
 * the version its tag names, and the node name and variables its entrypoint
 * (`deploy/docker/docker-entrypoint.sh`) exports. Read from emqx/emqx at
 * v4.4.19 (4.x line), v5.0.26, v5.8.9, e5.10.4 and e6.0.1 (identical for the
 * 5.x/6.x lines apart from a banner line), master (adds an error exit when no
 * IP address can be found).
 */
import { EmqxVersion, parseVersion } from '../emqx/version';

/** The newest line the checker knows; `latest` and tags without a version mean it. */
export const NEWEST_KNOWN_VERSION = '6.1';

export interface ImageRef {
  /** The repository without registry and tag: `emqx/emqx`, `emqx/emqx-enterprise`, `emqx`. */
  readonly repository: string;
  readonly tag?: string;
  /** EMQX's own image (Docker Hub `emqx/emqx`, `emqx/emqx-enterprise`, the library `emqx`, any registry mirror). */
  readonly official: boolean;
}

export function parseImage(image: string): ImageRef {
  const noDigest = image.trim().replace(/@sha256:[0-9a-f]+$/i, '');
  const m = /^(.*?)(?::([^/:]+))?$/.exec(noDigest);
  const full = m?.[1] ?? noDigest;
  const tag = m?.[2];
  const parts = full.split('/');
  // A first part with a dot or colon, or `localhost`, is a registry.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  const repository = parts.join('/');
  const official = /^emqx\/emqx(-enterprise)?$/i.test(repository) || /^emqx$/i.test(repository);
  return { repository, tag, official };
}

export interface ImageVersion {
  /** `MAJOR.MINOR.PATCH` as the settings take it. */
  readonly version: string;
  readonly parsed: EmqxVersion;
  /** The tag named no version (`latest`, none, a custom tag): the newest known line is assumed. */
  readonly assumed: boolean;
}

/**
 * The EMQX version an image runs: from a tag such as `5.8.6`, `v5.8.6`, `e5.9.0`,
 * `5.8.6-alpine`, `4.4.19-el8`; `latest`, no tag or any other tag means the newest
 * line the checker knows, marked `assumed` so the report can say so.
 */
export function imageVersion(image: ImageRef | undefined): ImageVersion {
  const tag = image?.tag ?? '';
  const m = /^[ve]?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (m) {
    const text = `${m[1]}.${m[2]}${m[3] !== undefined ? `.${m[3]}` : ''}`;
    const parsed = parseVersion(text, 'detected');
    if (parsed) return { version: text, parsed, assumed: false };
  }
  const mm = /^[ve]?(\d+)$/.exec(tag);
  if (mm) {
    const parsed = parseVersion(mm[1], 'detected');
    if (parsed) return { version: mm[1], parsed, assumed: false };
  }
  return { version: NEWEST_KNOWN_VERSION, parsed: parseVersion(NEWEST_KNOWN_VERSION, 'default')!, assumed: true };
}

/** What the entrypoint sees of the container: variables as set (undefined = unknown value), names. */
export interface EntrypointInput {
  readonly major: number;
  /** The variables the deployment sets, by name; a value of undefined means "set, value unknown". */
  readonly env: ReadonlyMap<string, string | undefined>;
  /** The container's `hostname` (compose `hostname:`, the pod name); undefined when Docker makes one up (the container id). */
  readonly hostname?: string;
  /** The container's IP address when the deployment fixes it (compose `ipv4_address`); else unknown. */
  readonly ip?: string;
  /** What stands for the container's address when it is not known (the service or pod name). */
  readonly addressStandIn: string;
}

export interface EntrypointName {
  /** The node name EMQX runs with, or undefined when it cannot be known (a variable from a Secret). */
  readonly name?: string;
  /** The host part is the container's address, which the deployment does not fix (a stand-in is used). */
  readonly hostIsStandIn: boolean;
  /** Where the name comes from, for hovers and tests. */
  readonly from: 'EMQX_NODE_NAME' | 'EMQX_NODE__NAME' | 'entrypoint';
}

const has = (env: ReadonlyMap<string, string | undefined>, name: string): boolean => env.has(name) && env.get(name) !== '';

/**
 * The node name the image's entrypoint and bin/emqx produce.
 *
 * 5.x/6.x (v5.8.9 `deploy/docker/docker-entrypoint.sh`, bin/emqx ~lines 511 and 986):
 * `EMQX_NAME` defaults to `emqx`; when neither `EMQX_NODE_NAME` nor `EMQX_NODE__NAME` is
 * set, `EMQX_HOST` defaults to the container's IP (or, for dns+srv discovery, the
 * hostname under `EMQX_CLUSTER__DNS__NAME`; for k8s discovery with address type `dns`,
 * the IP with dashes under `<namespace>.<suffix>` (suffix `pod.cluster.local`), with
 * `hostname`, the pod's FQDN from /etc/hosts) and the name is `EMQX_NAME@EMQX_HOST`.
 * bin/emqx then copies a legacy `EMQX_NODE_NAME` over `EMQX_NODE__NAME`.
 *
 * 4.x (v4.4.19 entrypoint, bin/emqx ~line 563): `EMQX_NAME` defaults to the container's
 * hostname (a container id in plain Docker, the pod name in Kubernetes); `EMQX_HOST` as
 * above with the 4.x variable names (`EMQX_CLUSTER__DISCOVERY`, `EMQX_CLUSTER__DNS__TYPE`);
 * `EMQX_NODE_NAME` defaults to `EMQX_NAME@EMQX_HOST` whatever `EMQX_NODE__NAME` says, and
 * the per-key `EMQX_NODE_NAME` wins over `EMQX_NODE__NAME` in cuttlefish.
 */
export function entrypointNodeName(input: EntrypointInput): EntrypointName {
  const { env } = input;
  if (has(env, 'EMQX_NODE_NAME')) return { name: env.get('EMQX_NODE_NAME'), hostIsStandIn: false, from: 'EMQX_NODE_NAME' };
  if (input.major >= 5 && has(env, 'EMQX_NODE__NAME')) return { name: env.get('EMQX_NODE__NAME'), hostIsStandIn: false, from: 'EMQX_NODE__NAME' };
  let name: string | undefined;
  if (has(env, 'EMQX_NAME')) name = env.get('EMQX_NAME');
  else if (input.major >= 5) name = 'emqx';
  // A hostname with dots (compose `hostname: node1.emqx.io`): whether the container's `hostname` prints it
  // whole depends on the runtime, so the name is not claimed (a wrong "refused" would be worse).
  else name = input.hostname !== undefined && !input.hostname.includes('.') ? input.hostname : undefined;
  // 4.x without a hostname: Docker names the container after its random id, so the name (and the
  // ports its digits choose) cannot be known.
  const host = entrypointHost(input);
  if (name === undefined || host.host === undefined) return { name: undefined, hostIsStandIn: host.standIn, from: 'entrypoint' };
  return { name: `${name}@${host.host}`, hostIsStandIn: host.standIn, from: 'entrypoint' };
}

function entrypointHost(input: EntrypointInput): { host?: string; standIn: boolean } {
  const { env } = input;
  if (env.has('EMQX_HOST')) {
    const v = env.get('EMQX_HOST');
    if (v !== '') return { host: v, standIn: false };
  }
  const v5 = input.major >= 5;
  const strategy = env.get(v5 ? 'EMQX_CLUSTER__DISCOVERY_STRATEGY' : 'EMQX_CLUSTER__DISCOVERY');
  const recordType = env.get(v5 ? 'EMQX_CLUSTER__DNS__RECORD_TYPE' : 'EMQX_CLUSTER__DNS__TYPE');
  const dnsName = env.get('EMQX_CLUSTER__DNS__NAME');
  const ns = env.get('EMQX_CLUSTER__K8S__NAMESPACE');
  const addressType = env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE');
  const ip = input.ip;
  const standIn = input.addressStandIn;
  // dns + srv: the entrypoint uses `<hostname>.<dns name>` when /etc/hosts lists it (a pod of a headless service).
  if (strategy === 'dns' && recordType === 'srv' && dnsName && input.hostname) return { host: `${input.hostname}.${dnsName}`, standIn: false };
  if (strategy === 'k8s' && addressType === 'dns' && ns) {
    const suffix = env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'pod.cluster.local';
    return ip ? { host: `${ip.replace(/\./g, '-')}.${ns}.${suffix}`, standIn: false } : { host: `${standIn}.${ns}.${suffix}`, standIn: true };
  }
  if (strategy === 'k8s' && addressType === 'hostname' && ns && input.hostname) {
    const suffix = env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'svc.cluster.local';
    // The pod's FQDN from /etc/hosts: `<hostname>.<service>.<namespace>.<suffix>` when the stand-in names the service.
    return { host: `${standIn}.${ns}.${suffix}`, standIn: !standIn.startsWith(`${input.hostname}.`) };
  }
  return ip ? { host: ip, standIn: false } : { host: standIn, standIn: true };
}

/**
 * The variables the entrypoint exports besides the node name: `EMQX_RPC__PORT_DISCOVERY=manual`
 * unless set (all lines, domain §4.3), so the RPC port is `rpc.server_port` (5369).
 */
export function entrypointDefaults(env: ReadonlyMap<string, string | undefined>): Array<{ name: string; value: string }> {
  return env.has('EMQX_RPC__PORT_DISCOVERY') ? [] : [{ name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual' }];
}

/**
 * The config the image ships in `etc/emqx.conf`, with the keys that matter for these checks.
 * 5.x/6.x: v5.8.9 `apps/emqx_conf/etc/emqx_conf.conf` sets node.name, node.cookie (the
 * build default), node.data_dir, cluster.name and discovery_strategy = manual. The cookie
 * line is left out: it is the value bin/emqx falls back to without one, and the finding
 * then says what to do (no cookie is set) instead of pointing at a line nobody can see.
 * 4.x: v4.4.19 `etc/emqx.conf` sets the same keys in cuttlefish form.
 */
export function imageDefaultConfig(major: number): string {
  if (major < 5) {
    return ['## etc/emqx.conf of the official image (4.x), the keys these checks read', 'node.name = emqx@127.0.0.1', 'cluster.name = emqxcl', 'cluster.discovery = manual', ''].join('\n');
  }
  return [
    '## etc/emqx.conf of the official image, the keys these checks read',
    'node {',
    '  name = "emqx@127.0.0.1"',
    '  data_dir = "data"',
    '}',
    'cluster {',
    '  name = emqxcl',
    '  discovery_strategy = manual',
    '}',
    '',
  ].join('\n');
}

/**
 * Where the host part of the name the entrypoint builds comes from, following the
 * branches of `entrypointNodeName`: a name set outright (`set`), `EMQX_HOST`, the
 * pod's FQDN for dns+srv (`srv`) or k8s `hostname` discovery, the pod IP with dashes
 * for k8s `dns` discovery (`pod-ip-dns`), else the container's IP (`ip`), which the
 * deployment fixes only with a static address (`fixedIp`). `unknown` when a variable
 * that chooses the branch is set to a value not known here.
 */
export type HostOrigin = 'set' | 'EMQX_HOST' | 'srv' | 'pod-fqdn' | 'pod-ip-dns' | 'ip' | 'unknown';

export function entrypointHostOrigin(input: EntrypointInput): { origin: HostOrigin; fixedIp: boolean } {
  const { env } = input;
  const fixedIp = input.ip !== undefined;
  if (has(env, 'EMQX_NODE_NAME') || (input.major >= 5 && has(env, 'EMQX_NODE__NAME'))) return { origin: 'set', fixedIp };
  if (env.has('EMQX_HOST') && env.get('EMQX_HOST') !== '') return { origin: 'EMQX_HOST', fixedIp };
  const v5 = input.major >= 5;
  const strategy = env.get(v5 ? 'EMQX_CLUSTER__DISCOVERY_STRATEGY' : 'EMQX_CLUSTER__DISCOVERY');
  const recordType = env.get(v5 ? 'EMQX_CLUSTER__DNS__RECORD_TYPE' : 'EMQX_CLUSTER__DNS__TYPE');
  const addressType = env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE');
  const ns = env.get('EMQX_CLUSTER__K8S__NAMESPACE');
  const deciders = [
    v5 ? 'EMQX_CLUSTER__DISCOVERY_STRATEGY' : 'EMQX_CLUSTER__DISCOVERY',
    v5 ? 'EMQX_CLUSTER__DNS__RECORD_TYPE' : 'EMQX_CLUSTER__DNS__TYPE',
    'EMQX_CLUSTER__DNS__NAME',
    'EMQX_CLUSTER__K8S__ADDRESS_TYPE',
    'EMQX_CLUSTER__K8S__NAMESPACE',
  ];
  if (deciders.some((n) => env.has(n) && env.get(n) === undefined)) return { origin: 'unknown', fixedIp };
  if (strategy === 'dns' && recordType === 'srv' && env.get('EMQX_CLUSTER__DNS__NAME')) return { origin: 'srv', fixedIp };
  if (strategy === 'k8s' && addressType === 'dns' && ns) return { origin: 'pod-ip-dns', fixedIp };
  if (strategy === 'k8s' && addressType === 'hostname' && ns) return { origin: 'pod-fqdn', fixedIp };
  return { origin: 'ip', fixedIp };
}
