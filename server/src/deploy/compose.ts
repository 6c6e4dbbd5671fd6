/**
 * docker-compose files as nodes: every service that runs EMQX (its official
 * image, `EMQX_*` variables, or a mounted emqx.conf) is one node. Compose
 * interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR?err}`, `$VAR`, `$$`) takes its values from the `.env`
 * beside the file; a variable neither there nor defaulted comes from the
 * shell of whoever runs compose, so it is "set, value unknown". A value that
 * is exactly one `${VAR}` from the `.env` is located on the `.env` line.
 */
import * as path from 'path';
import { isMap, isSeq, Document } from './yamlLib';
import { FileReader } from '../io';
import { EnvVar, isEmqxVar, parseDotEnv } from '../cluster/env';
import { Location } from '../syntax/position';
import { composeMounts, composeOverrideOf, ComposeVolume, composeVolumeKey, mergeComposeEntries, mountedConfigOf, parseComposeVolume } from '../emqx/container';
import { imageVersion, parseImage } from './image';
import { DeployNode, EnvBlock, NodeNaming } from './model';
import { nodeEnv } from './node';
import { isTemplated, readYaml, scalarString, scalarStyle, YamlFile } from './yaml';
import { ComposeFileNetworking, ComposeNetworking, fileNetworking, mergeFileNetworking, mergeServiceNetworking, serviceNetworking, topLevelNetworks } from './composeNetwork';

interface Interpolated {
  readonly value: string;
  readonly exact: boolean;
  /** The `.env` variable the whole value came from, when it is exactly one reference. */
  readonly from?: EnvVar;
}

/** Compose's interpolation (see the file header). */
export function interpolateCompose(raw: string, vars: ReadonlyMap<string, EnvVar>): Interpolated {
  let exact = true;
  const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}?$/.exec(raw);
  const value = raw.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (match === '$$') return '$';
      const v = vars.get(braced ?? bare ?? '')?.value;
      if (op === ':-') return v !== undefined && v !== '' ? v : (arg ?? '');
      if (op === '-') return v !== undefined ? v : (arg ?? '');
      if (op === ':?' && (v === undefined || v === '')) exact = false;
      if (v === undefined) exact = false;
      return v ?? '';
    },
  );
  const from = whole ? vars.get(whole[1]) : undefined;
  return { value, exact, from: exact && from && from.value === value ? from : undefined };
}

/** The `.env` compose reads for a file's interpolation: the one in the file's folder (the project folder). */
export function composeDotEnvPath(uri: string): string {
  return path.join(path.dirname(uri), '.env');
}

/** Whether a top-level YAML document is a compose file: `services:` holding service maps, no `kind:`. */
export function looksLikeCompose(file: YamlFile, doc: Document.Parsed): boolean {
  const root = doc.contents;
  if (!isMap(root) || file.get(root, 'kind', doc) !== undefined) return false;
  const services = file.get(root, 'services', doc);
  if (!isMap(services)) return false;
  const pairs = file.pairs(services, doc);
  return (
    pairs.length > 0 &&
    pairs.some((p) => {
      const s = file.resolve(p.value, doc);
      return isMap(s) && ['image', 'build', 'environment', 'command', 'volumes', 'ports'].some((k) => file.get(s, k, doc) !== undefined);
    })
  );
}

function envBlockOf(file: YamlFile, node: unknown, style: EnvBlock['style']): EnvBlock | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  const items = (node as { items?: Array<{ range?: [number, number, number]; key?: { range?: [number, number, number] } }> }).items;
  if (!r || !items || items.length === 0) return undefined;
  // Only block collections (one entry per line) take a new line safely.
  if (file.text[r[0]] === '{' || file.text[r[0]] === '[') return undefined;
  const first = items[0];
  const firstStart = (first.key?.range ?? first.range)?.[0];
  if (firstStart === undefined) return undefined;
  const lineStart = file.text.lastIndexOf('\n', firstStart - 1) + 1;
  let indent = file.text.slice(lineStart, firstStart);
  if (style !== 'map') indent = indent.replace(/-\s*$/, '');
  if (!/^[ ]*$/.test(indent)) return undefined;
  const endOfLast = r[1];
  const nl = file.text.indexOf('\n', Math.max(endOfLast - 1, 0));
  const insertOffset = nl < 0 ? file.text.length : nl + 1;
  return { style, insertOffset, indent };
}

/** One file's definition of a service: the base file's, or the override's merged over it. */
interface ServiceLayer {
  readonly name: string;
  readonly file: YamlFile;
  readonly doc: Document.Parsed;
  readonly keyNode: unknown;
  readonly svc: unknown;
}

/**
 * The services a compose file defines, in order. An override needs only a `services:` map (its
 * services may set nothing but a `hostname:`); a base file must look like compose.
 */
function serviceLayers(file: YamlFile, override = false): ServiceLayer[] {
  const out: ServiceLayer[] = [];
  for (const doc of file.documents) {
    const isOverride = override && isMap(doc.contents) && file.get(doc.contents, 'kind', doc) === undefined && isMap(file.get(doc.contents, 'services', doc));
    if (!isOverride && !looksLikeCompose(file, doc)) continue;
    for (const svc of file.pairs(file.get(doc.contents, 'services', doc), doc)) {
      if (file.exhausted) return out;
      out.push({ name: svc.key, file, doc, keyNode: svc.keyNode, svc: file.resolve(svc.value, doc) });
    }
  }
  return out;
}

/**
 * The nodes of a compose file, with the override `docker compose` merges over it when run
 * without `-f` (`composeOverrideOf`). `related` collects the files read besides it; `overrides`
 * the override file read, whose lines findings and fixes may land on.
 */
export function composeNodes(file: YamlFile, reader: FileReader, related: string[], overrides: YamlFile[] = []): DeployNode[] {
  const dotenvPath = composeDotEnvPath(file.uri);
  const dotenvText = reader.readText(dotenvPath);
  const interpolation = new Map<string, EnvVar>();
  if (dotenvText !== undefined) {
    related.push(dotenvPath);
    for (const v of parseDotEnv(dotenvText, dotenvPath)) interpolation.set(v.name, v);
  }
  const overridePath = composeOverrideOf(file.uri, (p) => reader.exists(p));
  const overrideText = overridePath !== undefined ? reader.readText(overridePath) : undefined;
  let overrideLayers: ServiceLayer[] = [];
  if (overridePath !== undefined && overrideText !== undefined) {
    related.push(overridePath);
    // A broken override is reported by its own reading (yaml-syntax); the base is read as it is.
    const read = readYaml(overrideText, overridePath);
    if (!read.problem) {
      overrideLayers = serviceLayers(read.file, true);
      overrides.push(read.file);
    }
  }
  const out: DeployNode[] = [];
  const fromBase = serviceLayers(file);
  const overByName = new Map<string, ServiceLayer>();
  for (const l of overrideLayers) if (!overByName.has(l.name)) overByName.set(l.name, l);
  const layered: ServiceLayer[][] = fromBase.map((layer) => {
    const over = overByName.get(layer.name);
    return over ? [layer, over] : [layer];
  });
  // Services only the override defines are added.
  const baseNames = new Set(fromBase.map((l) => l.name));
  for (const layer of overByName.values()) if (!baseNames.has(layer.name)) layered.push([layer]);
  // What all services of a document share is read once per document, when it has an EMQX node.
  const shared = new Map<Document.Parsed, ComposeFileNetworking>();
  const sharedOf = (l: ServiceLayer): ComposeFileNetworking => {
    let s = shared.get(l.doc);
    if (!s) {
      s = fileNetworking(l.file, l.doc, (raw) => interpolateCompose(raw, interpolation));
      shared.set(l.doc, s);
    }
    return s;
  };
  for (const layers of layered) {
    if (file.exhausted) return out;
    const first = layers[0];
    const node = composeService(layers, interpolation, reader, related, file.uri);
    if (!node) continue;
    // The base's and the override's services are one project: each reaches the other's by name.
    const other = first.file === file ? overrideLayers[0] : fromBase[0];
    out.push({ ...node, composeNetworking: other ? mergeFileNetworking(sharedOf(first), sharedOf(other)) : sharedOf(first) });
  }
  return out;
}

/** A layer's `env_file:` variables and `environment:` entries, located in the layer's file. */
function layerEnv(layer: ServiceLayer, interp: (raw: string) => Interpolated, reader: FileReader, related: string[]): { fromFiles: EnvVar[]; environment: EnvVar[] } {
  const { file, doc, svc } = layer;
  const uri = file.uri;
  const fromFiles: EnvVar[] = [];
  const vars: EnvVar[] = [];

  // env_file entries: `environment:` wins over them.
  const envFileNode = file.get(svc, 'env_file', doc);
  const envFiles = isSeq(envFileNode) ? file.items(envFileNode, doc) : envFileNode !== undefined ? [envFileNode] : [];
  for (const e of envFiles) {
    const p = scalarString(e) ?? (isMap(e) ? scalarString(file.get(e, 'path', doc)) : undefined);
    if (!p) continue;
    const abs = path.resolve(path.dirname(uri), interp(p).value);
    const text = reader.readText(abs);
    if (text === undefined) continue;
    related.push(abs);
    fromFiles.push(...parseDotEnv(text, abs).filter((v) => isEmqxVar(v.name)));
  }

  const envNode = file.pair(svc, 'environment', doc)?.value;
  const pushValue = (key: string, raw: string | undefined, keyLoc: Location, valueLoc: Location | undefined): void => {
    if (raw === undefined) {
      // `KEY` alone passes the variable from the shell running compose: set, value unknown.
      vars.push({ name: key, value: '', source: 'compose', location: keyLoc, unresolved: true });
      return;
    }
    const iv = interp(raw);
    const located = iv.from?.valueLocation ?? valueLoc;
    vars.push({ name: key, value: iv.value, source: iv.from ? 'dotenv' : 'compose', location: keyLoc, valueLocation: located, unresolved: iv.exact ? undefined : true });
  };
  if (isMap(envNode)) {
    for (const p of file.pairs(envNode, doc)) {
      const value = file.resolve(p.value, doc);
      const raw = scalarString(value);
      const keyLoc = file.location(p.keyNode);
      const valueLoc = raw !== undefined ? file.location(value) : undefined;
      pushValue(p.key, raw, { uri, range: { start: keyLoc.range.start, end: (valueLoc ?? keyLoc).range.end } }, valueLoc);
    }
  } else if (isSeq(envNode)) {
    for (const entry of file.items(envNode, doc)) {
      const raw = scalarString(entry);
      if (raw === undefined) continue;
      const eq = raw.indexOf('=');
      const key = (eq >= 0 ? raw.slice(0, eq) : raw).trim();
      const loc = file.location(entry);
      let valueLoc: Location | undefined;
      const r = (entry as { range?: [number, number, number] }).range;
      if (r && eq >= 0) {
        const style = scalarStyle(entry);
        const written = file.text.slice(r[0], r[1]);
        if (style === 'plain' && written === raw) valueLoc = { uri, range: file.rangeOf(r[0] + eq + 1, r[1]) };
        else if (style === 'quoted' && written.slice(1, -1) === raw) valueLoc = { uri, range: file.rangeOf(r[0] + 1 + eq + 1, r[1] - 1) };
        else valueLoc = loc;
      }
      pushValue(key, eq >= 0 ? raw.slice(eq + 1) : undefined, loc, valueLoc);
    }
  }
  return { fromFiles, environment: vars };
}

/** A layer's `volumes:` entries. */
function layerVolumes(layer: ServiceLayer, interp: (raw: string) => Interpolated): ComposeVolume[] {
  const { file, doc, svc } = layer;
  const volumes: ComposeVolume[] = [];
  for (const v of file.items(file.get(svc, 'volumes', doc), doc)) {
    const s = scalarString(v);
    const parsed = s !== undefined ? parseComposeVolume(interp(s).value) : undefined;
    if (parsed) volumes.push(parsed);
    else if (isMap(v)) {
      const source = scalarString(file.get(v, 'source', doc));
      const target = scalarString(file.get(v, 'target', doc));
      if (target) volumes.push({ source: source === undefined ? '' : interp(source).value, target: interp(target).value });
    }
  }
  return volumes;
}

/**
 * One service as a node: its definition in the base file (or in the override, for a service only
 * the override has), with the override's merged over it as compose does (`mergeComposeEntries`):
 * `env_file:` appended, `environment:` by name, `volumes:` by container path, `image:` and
 * `hostname:` replaced. Every value keeps the location of the file that wrote it.
 */
function composeService(defined: readonly ServiceLayer[], interpolation: ReadonlyMap<string, EnvVar>, reader: FileReader, related: string[], cluster: string): DeployNode | undefined {
  if (!isMap(defined[0].svc)) return undefined;
  // An override that names the service with nothing under it changes nothing.
  const layers = defined.filter((l) => isMap(l.svc));
  const { file, doc, svc, keyNode, name } = layers[0];
  const uri = file.uri;
  const interp = (raw: string): Interpolated => interpolateCompose(raw, interpolation);
  const fromFiles: EnvVar[] = [];
  let environment: EnvVar[] = [];
  let volumes: ComposeVolume[] = [];
  for (const layer of layers) {
    const env = layerEnv(layer, interp, reader, related);
    fromFiles.push(...env.fromFiles);
    environment = mergeComposeEntries(environment, env.environment, (v) => v.name);
    volumes = mergeComposeEntries(volumes, layerVolumes(layer, interp), composeVolumeKey);
  }
  const vars = [...fromFiles, ...environment];
  /** The last layer's value of a scalar key, with the layer that wrote it. */
  const lastPair = (key: string): { layer: ServiceLayer; pair: NonNullable<ReturnType<YamlFile['pair']>> } | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const pair = layers[i].file.pair(layers[i].svc, key, layers[i].doc);
      if (pair) return { layer: layers[i], pair };
    }
    return undefined;
  };
  const envPair = file.pair(svc, 'environment', doc);
  // Fixes add entries to the block of the node's own file only.
  const envNode = envPair?.value;
  const envBlock = isMap(envNode) ? envBlockOf(file, envNode, 'map') : isSeq(envNode) ? envBlockOf(file, envNode, 'list') : undefined;

  // Every volume: the node's config is the host file they put at /opt/emqx/etc/emqx.conf
  // (mountedConfigOf), and what else the node reads in its container (ssl_dist.conf) is there too.
  const mounts = composeMounts(volumes, path.dirname(uri));
  const mountedConfig = mountedConfigOf(mounts);
  const configPath = mountedConfig !== undefined && reader.readText(mountedConfig) !== undefined ? mountedConfig : undefined;

  const imageSet = lastPair('image');
  const imagePair = imageSet?.pair;
  const imageRaw = scalarString(imagePair?.value);
  const imageText = imageRaw !== undefined && !isTemplated(imageRaw) ? interp(imageRaw).value : undefined;
  const image = imageText ? parseImage(imageText) : undefined;
  const docker = image?.official ?? false;
  const runsEmqx = docker || configPath !== undefined || vars.some((v) => isEmqxVar(v.name));
  if (!runsEmqx) return undefined;
  const version = imageVersion(image);
  const imageLocation = imageSet ? imageSet.layer.file.location(imageSet.pair.value) : file.location(keyNode);
  const baseNetworks = topLevelNetworks(file, doc, interp);
  let network = serviceNetworking(file, doc, name, keyNode, svc, baseNetworks, interp);
  for (const l of layers.slice(1)) {
    // The override's services may join networks the base file defines.
    const nets = new Map([...baseNetworks, ...topLevelNetworks(l.file, l.doc, interp)]);
    const has = (layer: ServiceLayer, key: string): boolean => layer.file.pair(layer.svc, key, layer.doc) !== undefined;
    network = mergeServiceNetworking(network, serviceNetworking(l.file, l.doc, name, l.keyNode, l.svc, nets, interp), {
      ports: has(l, 'ports'),
      networkMode: has(l, 'network_mode'),
      networks: has(l, 'networks'),
      baseNetworks: has(layers[0], 'networks'),
    });
  }
  const hostname = scalarString(lastPair('hostname')?.pair.value);
  // A fixed address on a network (`networks: {net: {ipv4_address: …}}`) is the container's IP.
  let ip: string | undefined;
  for (const n of file.pairs(file.get(svc, 'networks', doc), doc)) {
    const a = scalarString(file.get(file.resolve(n.value, doc), 'ipv4_address', doc));
    if (a) ip = interp(a).value;
  }
  const env = nodeEnv({ vars, version, docker, hostname: hostname ? interp(hostname).value : undefined, ip, addressStandIn: name, imageLocation });
  if (configPath) related.push(configPath);
  const naming = docker ? composeNaming(layers, interp, reader, env.known, hostname ? interp(hostname).value : undefined, ip, network) : undefined;
  return {
    format: 'compose',
    file: uri,
    unit: name,
    label: name,
    cluster,
    image,
    version,
    docker,
    env: env.env,
    unresolved: env.unresolved,
    naming,
    config: configPath ? { kind: 'file', path: configPath } : { kind: 'image' },
    container: { officialImage: docker, mounts, mountsComplete: layers.every((l) => l.file.get(l.svc, 'extends', l.doc) === undefined) },
    anchor: envPair ? file.location(envPair.keyNode) : imageLocation,
    imageLocation: imagePair ? imageLocation : undefined,
    envBlock,
    network,
  };
}

/**
 * What decides a service's node name besides its variables: its host name, dotted network
 * aliases, a kept data folder. Undefined when variables may come from where this file does not
 * show (an env_file that cannot be read, `extends:` another service).
 */
function composeNaming(
  layers: readonly ServiceLayer[],
  interp: (raw: string) => Interpolated,
  reader: FileReader,
  known: ReadonlyMap<string, string | undefined>,
  hostname: string | undefined,
  ip: string | undefined,
  network: ComposeNetworking,
): NodeNaming | undefined {
  const aliases: string[] = [];
  // The volumes at the data folder by container path (the override's replace the base's), kept or not.
  const data = new Map<string, Location | undefined>();
  for (const { file, doc, svc } of layers) {
    if (file.get(svc, 'extends', doc) !== undefined) return undefined;
    const envFileNode = file.get(svc, 'env_file', doc);
    for (const e of isSeq(envFileNode) ? file.items(envFileNode, doc) : envFileNode !== undefined ? [envFileNode] : []) {
      const p = scalarString(e) ?? (isMap(e) ? scalarString(file.get(e, 'path', doc)) : undefined);
      if (p === undefined || reader.readText(path.resolve(path.dirname(file.uri), interp(p).value)) === undefined) return undefined;
    }
    for (const n of file.pairs(file.get(svc, 'networks', doc), doc)) {
      for (const a of file.items(file.get(file.resolve(n.value, doc), 'aliases', doc), doc)) {
        const v = scalarString(a);
        if (v !== undefined && !isTemplated(v) && interp(v).exact && interp(v).value.includes('.')) aliases.push(interp(v).value);
      }
    }
    for (const v of file.items(file.get(svc, 'volumes', doc), doc)) {
      const s = scalarString(v);
      const short = s !== undefined ? parseComposeVolume(interp(s).value) : undefined;
      const target = s !== undefined ? short?.target : isMap(v) ? scalarString(file.get(v, 'target', doc)) : undefined;
      // A tmpfs or an anonymous volume is not kept across recreations.
      const kept = s !== undefined ? Boolean(short?.source) : isMap(v) && scalarString(file.get(v, 'type', doc)) !== 'tmpfs';
      if (target !== undefined && /^\/opt\/emqx\/data(\/mnesia)?\/*$/.test(target)) data.set(target.replace(/\/+$/, ''), kept ? file.location(v) : undefined);
    }
  }
  const dataVolume = [...data.values()].filter((l): l is Location => l !== undefined).pop();
  // `network_mode:` other than bridge (host, another container's, unknown): its address is not the container's own.
  const sharedNetwork = network.networkMode !== undefined && network.networkMode.kind !== 'bridge';
  return { env: known, hostname, ip, aliases, dataVolume, sharedNetwork };
}
