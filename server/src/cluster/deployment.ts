/**
 * Which environment a config file runs with: the `EMQX_*` variables of the
 * docker-compose services that mount it (or are named after its folder), the
 * `env_file:` files of those services, a `.env` file next to the config, and
 * files the user names explicitly. One config mounted into three services
 * (a template plus per-node variables, a common pattern) is three nodes.
 *
 * Everything is read through the FileReader; nothing here lists directories,
 * so compose files are found by their conventional names in the config's
 * folder and its parents.
 */
import * as path from 'path';
import { FileReader } from '../io';
import { ComposeFile, ComposeService, dockerImageEnv, EnvVar, isEmqxVar, isOfficialEmqxImage, mergeComposeOverride, normalizeEmqxEnv, parseCompose, parseDotEnv, parseKubernetes } from './env';
import { COMPOSE_BASE_NAMES, composeMounts, composeOverrideOf, containerPathOf, IMAGE_EMQX_CONF, IMAGE_ETC_DIR, NodeContainer } from '../emqx/container';
import { RUNTIME_ENV } from '../emqx/env';

/** One way a config file is deployed: the variables one node sees. */
export interface NodeDeployment {
  /** The compose service, when the node is one (`docker-compose.yml#emqx1`). */
  readonly service?: { readonly file: string; readonly name: string };
  /** `EMQX_*` variables in effect (legacy names normalised), each with where it was written. */
  readonly env: readonly EnvVar[];
  /** Runs under the official EMQX image. */
  readonly docker: boolean;
  /**
   * Variables that are set but whose value cannot be known here (compose
   * `${VAR}` without a value, a Kubernetes `valueFrom` Secret): not in `env`,
   * but a check must not claim they are missing (e.g. the cookie).
   */
  readonly unresolved: readonly string[];
  /**
   * The container of a compose service that mounts the config: the node reads its
   * ssl_dist.conf there (the image's own or a mounted one), not beside the config.
   */
  readonly container?: NodeContainer;
}

/**
 * 4.x per-key variable names (the emqx cuttlefish fork's `override_env`),
 * which address keys without `__`. Every other variable EMQX maps onto the
 * config has `__` between path segments; the rest (`EMQX_NAME`, `EMQX_HOST`,
 * an `EMQX_COOKIE` meant for compose interpolation) configure scripts or
 * nothing, and would wrongly become root keys if applied to the config.
 * Kept besides: the few bin/emqx reads itself that the rules consult
 * (RUNTIME_ENV); the rules layer never applies those to the config.
 */
const PER_KEY_4X = new Set(['EMQX_CLUSTER_PROTO_DIST', 'EMQX_RPC_PORT_DISCOVERY', 'EMQX_RPC_DRIVER']);

function addressesConfig(name: string): boolean {
  return name.includes('__') || PER_KEY_4X.has(name) || RUNTIME_ENV.has(name.toUpperCase());
}

/** Splits variables into the ones with a known value and the names of the others. */
function finish(vars: readonly EnvVar[], docker: boolean, service?: NodeDeployment['service'], container?: NodeContainer): NodeDeployment {
  const all = normalizeEmqxEnv(vars).filter((v) => addressesConfig(v.name));
  const env = all.filter((v) => !v.unresolved);
  const unresolved = all.filter((v) => v.unresolved).map((v) => v.name);
  const base = service ? { service, env, docker, unresolved } : { env, docker, unresolved };
  return container ? { ...base, container } : base;
}

export interface DeploymentOptions {
  /** Compose files named by the user (absolute paths). */
  readonly composeFiles?: readonly string[];
  /** `.env`-style files named by the user; they apply to every node and win over the others. */
  readonly envFiles?: readonly string[];
  /**
   * Kubernetes manifests named by the user: the `env:` of their EMQX
   * containers applies to every node (a StatefulSet's pods share one spec).
   */
  readonly kubernetesFiles?: readonly string[];
  /** Also look for compose files and a `.env` next to the config (default true). */
  readonly discover?: boolean;
  /** How many parent folders to search for compose files (default 3). */
  readonly parentLevels?: number;
}

/** Compose files next to the config and in its parents, nearest first. */
export function discoverComposeFiles(configPath: string, reader: FileReader, levels = 3): string[] {
  const out: string[] = [];
  let dir = path.dirname(configPath);
  for (let i = 0; i <= levels; i++) {
    for (const name of COMPOSE_BASE_NAMES) {
      const p = path.join(dir, name);
      if (reader.exists(p)) out.push(p);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** Reads a compose file with the interpolation variables of the `.env` beside it, and the override compose merges over it. */
export function readCompose(file: string, reader: FileReader): ComposeFile | undefined {
  const text = reader.readText(file);
  if (text === undefined) return undefined;
  const dotenvPath = path.join(path.dirname(file), '.env');
  const dotenvText = reader.readText(dotenvPath);
  const interpolation = new Map<string, string>();
  if (dotenvText !== undefined) for (const v of parseDotEnv(dotenvText, dotenvPath)) interpolation.set(v.name, v.value);
  const compose = parseCompose(text, file, interpolation);
  // The override beside it, as `docker compose` merges it with no `-f` (interpolated from the same `.env`).
  const overridePath = composeOverrideOf(file, (p) => reader.exists(p));
  const overrideText = overridePath !== undefined ? reader.readText(overridePath) : undefined;
  return overridePath !== undefined && overrideText !== undefined ? mergeComposeOverride(compose, parseCompose(overrideText, overridePath, interpolation)) : compose;
}

/**
 * Whether a service runs the config file: mounts it where EMQX reads its config,
 * `/opt/emqx/etc/emqx.conf` (the file itself, or in a folder mounted over etc or above;
 * `mountedConfigOf`, as the deployment reader decides), or mounts it elsewhere in etc under
 * another name (an ssl_dist.conf, a file the config includes), where the node reads it too.
 * A config mounted anywhere else (`/tmp/emqx.conf`) is not read by the node.
 */
export function serviceMounts(service: ComposeService, composeFile: string, configPath: string): boolean {
  const mounts = composeMounts(service.volumes, path.dirname(composeFile));
  const at = containerPathOf(mounts, configPath);
  if (at === undefined) return false;
  if (at === IMAGE_EMQX_CONF) return true;
  return at.startsWith(`${IMAGE_ETC_DIR}/`) && path.posix.basename(at) !== 'emqx.conf';
}

/** A service named after the config's folder (`node1/emqx.conf` ↔ service `node1`). */
function namedLikeFolder(service: ComposeService, configPath: string): boolean {
  const folder = path.basename(path.dirname(configPath)).toLowerCase();
  const names = [service.name, service.hostname, service.containerName].filter((n): n is string => !!n).map((n) => n.toLowerCase());
  return names.some((n) => n === folder || n.split('.')[0] === folder);
}

function readEnvFile(file: string, reader: FileReader): EnvVar[] {
  const text = reader.readText(file);
  return text === undefined ? [] : parseDotEnv(text, file).filter((v) => isEmqxVar(v.name));
}

/**
 * The deployments of one config file. Always at least one: without a matching
 * compose service, the node sees the `.env` next to the config and the
 * explicit env files.
 */
export function deploymentsFor(configPath: string, reader: FileReader, options: DeploymentOptions = {}): NodeDeployment[] {
  const discover = options.discover ?? true;
  const explicit = (options.envFiles ?? []).flatMap((f) => readEnvFile(f, reader));
  let k8sDocker = false;
  const k8s: EnvVar[] = [];
  for (const file of options.kubernetesFiles ?? []) {
    const text = reader.readText(file);
    if (text === undefined) continue;
    const containers = parseKubernetes(text, file);
    // The official image's containers when there are any (sidecars are not EMQX), else any
    // container that sets EMQX_* variables (a custom image built on EMQX).
    const official = containers.filter((c) => c.image !== undefined && isOfficialEmqxImage(c.image));
    const chosen = official.length > 0 ? official : containers.filter((c) => c.env.some((v) => isEmqxVar(v.name)));
    for (const c of chosen) {
      if (official.length > 0) {
        k8sDocker = true;
        if (c.imageLocation) k8s.push(...dockerImageEnv(c.imageLocation, c.env));
      }
      k8s.push(...c.env.filter((v) => isEmqxVar(v.name)));
    }
  }
  const besideConfig = discover ? readEnvFile(path.join(path.dirname(configPath), '.env'), reader) : [];
  const composePaths = [...(options.composeFiles ?? [])];
  if (discover) {
    for (const p of discoverComposeFiles(configPath, reader, options.parentLevels ?? 3)) if (!composePaths.includes(p)) composePaths.push(p);
  }
  const out: NodeDeployment[] = [];
  for (const file of composePaths) {
    const compose = readCompose(file, reader);
    if (!compose) continue;
    let services = compose.services.filter((s) => serviceMounts(s, file, configPath));
    // A service only named like the config's folder does not mount it: what its container holds is not known.
    const mounting = services.length > 0;
    if (!mounting) services = compose.services.filter((s) => namedLikeFolder(s, configPath));
    // The .env beside a compose file is for interpolating the compose file, not the containers'
    // environment; when the config sits in the same folder, that file is not the node's.
    const beside = path.dirname(file) === path.dirname(configPath) ? [] : besideConfig;
    for (const s of services) {
      const fromEnvFiles = s.envFiles.flatMap((f) => readEnvFile(path.resolve(path.dirname(file), f), reader));
      const user = [...beside, ...fromEnvFiles, ...s.environment.filter((v) => isEmqxVar(v.name)), ...k8s, ...explicit];
      const docker = s.image !== undefined && isOfficialEmqxImage(s.image);
      const implied = docker && s.imageLocation ? dockerImageEnv(s.imageLocation, normalizeEmqxEnv(user)) : [];
      const container: NodeContainer | undefined = mounting ? { officialImage: docker, mounts: composeMounts(s.volumes, path.dirname(file)), mountsComplete: !s.extends } : undefined;
      out.push(finish([...implied, ...user], docker, { file, name: s.name }, container));
    }
    // The nearest compose file that knows the config decides; parents are not merged in.
    if (out.length > 0) break;
  }
  if (out.length === 0) out.push(finish([...besideConfig, ...k8s, ...explicit], k8sDocker));
  return out;
}
