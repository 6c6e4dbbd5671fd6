/**
 * The environment a node ends up with: the deployment's variables, then what
 * the image's entrypoint and bin/emqx do with them (the node name, the
 * forced RPC port discovery, legacy names), each located where the user can
 * change it.
 */
import { EnvVar, isEmqxVar } from '../cluster/env';
import { RUNTIME_ENV } from '../emqx/env';
import { Location } from '../syntax/position';
import { entrypointDefaults, entrypointNodeName, ImageVersion } from './image';

export interface NodeEnvInput {
  /** The variables in the order they apply (later wins), `unresolved` when set to an unknown value. */
  readonly vars: readonly EnvVar[];
  readonly version: ImageVersion;
  readonly docker: boolean;
  readonly hostname?: string;
  readonly ip?: string;
  readonly addressStandIn: string;
  /** Where variables the image sets are reported (the `image:` line). */
  readonly imageLocation: Location;
}

/**
 * 4.x per-key names (cuttlefish `override_env`) that address keys without `__`;
 * every other config variable has `__` between path segments (cluster/deployment.ts).
 */
const PER_KEY_4X = new Set(['EMQX_CLUSTER_PROTO_DIST', 'EMQX_RPC_PORT_DISCOVERY', 'EMQX_RPC_DRIVER']);

function addressesConfig(name: string): boolean {
  return name.includes('__') || PER_KEY_4X.has(name) || RUNTIME_ENV.has(name);
}

export interface NodeEnv {
  readonly env: EnvVar[];
  readonly unresolved: string[];
  /** The deployment's variables as the entrypoint sees them (undefined = set, value unknown). */
  readonly known: ReadonlyMap<string, string | undefined>;
}

/** The node's variables as EMQX reads them (see the file header). */
export function nodeEnv(input: NodeEnvInput): NodeEnv {
  const byName = new Map<string, EnvVar>();
  for (const v of input.vars) {
    if (!isEmqxVar(v.name)) continue;
    const name = v.name.toUpperCase();
    byName.set(name, { ...v, name });
  }
  // bin/emqx (5.x) copies a legacy EMQX_NODE_COOKIE over EMQX_NODE__COOKIE; in 4.x the
  // per-key form wins in cuttlefish. Either way the legacy name wins.
  const legacyCookie = byName.get('EMQX_NODE_COOKIE');
  if (legacyCookie) byName.set('EMQX_NODE__COOKIE', { ...legacyCookie, name: 'EMQX_NODE__COOKIE' });
  byName.delete('EMQX_NODE_COOKIE');

  const known = new Map<string, string | undefined>();
  for (const [name, v] of byName) known.set(name, v.unresolved ? undefined : v.value);
  if (input.docker) {
    for (const d of entrypointDefaults(known)) byName.set(d.name, { name: d.name, value: d.value, source: 'image', location: input.imageLocation });
    const major = input.version.parsed.major;
    const name = entrypointNodeName({ major, env: known, hostname: input.hostname, ip: input.ip, addressStandIn: input.addressStandIn });
    // The variable that decided the name is where to change it.
    const decider = name.from !== 'entrypoint' ? byName.get(name.from) : (byName.get('EMQX_HOST') ?? byName.get('EMQX_NAME'));
    const location = decider?.valueLocation ?? decider?.location ?? input.imageLocation;
    // Rules judge the host part (an IP literal for DNS discovery on A/AAAA records, a dotted name or an
    // address for long names); a stand-in for the container's address must not be judged, so the name
    // counts as unknown then.
    const unknownName = name.name === undefined || name.hostIsStandIn;
    for (const n of ['EMQX_NODE_NAME', 'EMQX_NODE__NAME', 'EMQX_NAME', 'EMQX_HOST']) byName.delete(n);
    byName.set('EMQX_NODE__NAME', {
      name: 'EMQX_NODE__NAME',
      value: unknownName ? '' : (name.name ?? ''),
      source: decider ? decider.source : 'image',
      location,
      valueLocation: location,
      unresolved: unknownName ? true : undefined,
    });
  } else {
    // Without the entrypoint only bin/emqx acts: EMQX_NODE_NAME (legacy) over EMQX_NODE__NAME.
    const legacy = byName.get('EMQX_NODE_NAME');
    if (legacy) byName.set('EMQX_NODE__NAME', { ...legacy, name: 'EMQX_NODE__NAME' });
    byName.delete('EMQX_NODE_NAME');
  }
  const env: EnvVar[] = [];
  const unresolved: string[] = [];
  for (const [name, v] of byName) {
    if (!addressesConfig(name)) continue;
    if (v.unresolved) unresolved.push(name);
    else env.push(v);
  }
  return { env, unresolved, known };
}
