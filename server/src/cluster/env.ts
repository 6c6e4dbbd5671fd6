/**
 * Readers of the places users keep a node's `EMQX_*` environment variables:
 * `.env` files (`docker run --env-file`, compose `env_file:`), the
 * `environment:` of a docker-compose service (map and list forms) and,
 * optionally, the `env:` of containers in Kubernetes manifests.
 *
 * EMQX reads `EMQX_*` variables over emqx.conf (domain §1.2), so a config's
 * effective values, its port hover and the cluster checks are only right when
 * these are known. Every variable keeps the location where it was written, so
 * a finding or hover can point at the compose file line instead of the config.
 *
 * Pure text in, data out: the callers read the files (through a FileReader).
 */
import { isMap, isScalar, isSeq, newLineCounter, parseAllDocuments, Node as YamlNode } from '../deploy/yamlLib';
import { YamlFile } from '../deploy/yaml';
import { LineIndex } from '../syntax/lineIndex';
import { Location, Range } from '../syntax/position';
import { ComposeVolume, composeVolumeKey, mergeComposeEntries, parseComposeVolume } from '../emqx/container';

/** Where a variable was defined. */
export type EnvSourceKind = 'dotenv' | 'compose' | 'kubernetes' | 'image' | 'cli';

export interface EnvVar {
  readonly name: string;
  readonly value: string;
  /** The whole definition (`KEY=value`, `KEY: value`). */
  readonly location: Location;
  /** The value as written, when it has a place of its own. */
  readonly valueLocation?: Location;
  readonly source: EnvSourceKind;
  /**
   * True when the value could not be known exactly: compose `${VAR}` with no
   * value to substitute, or a Kubernetes `valueFrom` (a Secret or ConfigMap).
   */
  readonly unresolved?: boolean;
}

/** Only the variables EMQX reads (and the legacy names bin/emqx translates). */
export function isEmqxVar(name: string): boolean {
  return /^EMQX_/i.test(name);
}

// ---------------------------------------------------------------------------
// .env files

/**
 * Parses a dotenv file the way Docker Compose does for the common cases:
 * `KEY=value`, optional `export `, `#` comments, single quotes (literal),
 * double quotes (with `\n`, `\"` escapes), inline ` #` comments after
 * unquoted values. Lines that are not assignments are skipped.
 */
export function parseDotEnv(text: string, uri: string, source: EnvSourceKind = 'dotenv'): EnvVar[] {
  const out: EnvVar[] = [];
  const starts = new LineIndex(text);
  const lines = text.split('\n');
  let offset = 0;
  for (const rawLine of lines) {
    const lineOffset = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*/.exec(line);
    if (!m) continue;
    const name = m[3];
    const valueStart = m[0].length;
    let rest = line.slice(valueStart);
    let value: string;
    let valueFrom = valueStart;
    let valueTo: number;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      value = end > 0 ? rest.slice(1, end) : rest.slice(1);
      valueTo = valueStart + (end > 0 ? end + 1 : rest.length);
    } else if (rest.startsWith('"')) {
      let i = 1;
      let v = '';
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\' && i + 1 < rest.length) {
          const c = rest[i + 1];
          v += c === 'n' ? '\n' : c === 't' ? '\t' : c;
          i += 2;
        } else {
          v += rest[i++];
        }
      }
      value = v;
      valueTo = valueStart + Math.min(i + 1, rest.length);
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trimEnd();
      valueTo = valueStart + value.length;
    }
    if (value.length === 0) valueFrom = valueTo = valueStart;
    out.push({
      name,
      value,
      source,
      location: { uri, range: starts.range(lineOffset + m[1].length, lineOffset + line.trimEnd().length) },
      valueLocation: { uri, range: starts.range(lineOffset + valueFrom, lineOffset + valueTo) },
    });
  }
  return out;
}

/**
 * Compose-style interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `$VAR`, `$$` (a literal `$`). Returns undefined for the value's exactness
 * when a variable had no value and no default.
 */
export function interpolate(value: string, vars: ReadonlyMap<string, string>): { value: string; exact: boolean } {
  let exact = true;
  const out = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const v = vars.get(name);
      if (op === ':-') return v !== undefined && v !== '' ? v : (arg ?? '');
      if (op === '-') return v !== undefined ? v : (arg ?? '');
      if (v === undefined) {
        exact = false;
        return '';
      }
      return v;
    },
  );
  return { value: out, exact };
}

// ---------------------------------------------------------------------------
// docker-compose

/** A `volumes:` entry (one parser for every compose reader: `emqx/container.ts`). */
export type { ComposeVolume } from '../emqx/container';

export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  readonly hostname?: string;
  readonly containerName?: string;
  /** The `environment:` entries, in order, `${VAR}` interpolated from the compose `.env`. */
  readonly environment: readonly EnvVar[];
  /** `env_file:` entries as written (relative to the compose file's folder). */
  readonly envFiles: readonly string[];
  readonly volumes: readonly ComposeVolume[];
  /** The service `extends:` another, whose volumes and variables it also gets. */
  readonly extends?: boolean;
  /** The `image:` value's location (the image itself sets variables, see dockerImageEnv). */
  readonly imageLocation?: Location;
  /** The service key's location, for findings about the service as a whole. */
  readonly location: Location;
}

export interface ComposeFile {
  readonly uri: string;
  readonly services: readonly ComposeService[];
}

function scalarString(node: unknown): string | undefined {
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return undefined;
    return typeof v === 'string' ? v : String(v);
  }
  return undefined;
}

function nodeRange(starts: LineIndex, node: unknown): Range | undefined {
  const r = (node as YamlNode | undefined)?.range;
  return r ? starts.range(r[0], r[1]) : undefined;
}

/**
 * Reads the services of a docker-compose file. `interpolation` holds the
 * variables compose substitutes into the file (the `.env` next to it).
 * Merge keys (`<<: *defaults`) and aliases are followed as compose does.
 * A file that is not YAML or has no `services:` gives no services.
 */
export function parseCompose(text: string, uri: string, interpolation: ReadonlyMap<string, string> = new Map()): ComposeFile {
  const starts = new LineIndex(text);
  const services: ComposeService[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: newLineCounter(), uniqueKeys: false });
  } catch {
    return { uri, services };
  }
  const docList = Array.isArray(docs) ? docs : [docs];
  // The deployment readers' view of the tree: merge keys (`<<: *defaults`) and aliases followed.
  const file = new YamlFile(uri, text, docList);
  for (const doc of docList) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const servicesNode = file.get(root, 'services', doc);
    if (!isMap(servicesNode)) continue;
    for (const item of file.pairs(servicesNode, doc)) {
      if (file.exhausted) break;
      const name = item.key;
      const svc = file.resolve(item.value, doc);
      if (!name || !isMap(svc)) continue;
      const field = (key: string): unknown => file.get(svc, key, doc);
      const loc = (n: unknown): Location => ({ uri, range: nodeRange(starts, n) ?? starts.range(0, 0) });
      const interp = (raw: string): { value: string; exact: boolean } => interpolate(raw, interpolation);
      const environment: EnvVar[] = [];
      const envNode = field('environment');
      if (isMap(envNode)) {
        for (const pair of file.pairs(envNode, doc).map((p) => ({ key: p.keyNode, value: file.resolve(p.value, doc) }))) {
          const key = scalarString(pair.key);
          if (!key) continue;
          const raw = scalarString(pair.value);
          // `KEY:` with no value passes the variable through from the host; unknown here.
          const iv = raw === undefined ? { value: '', exact: false } : interp(raw);
          const keyR = nodeRange(starts, pair.key);
          const valR = nodeRange(starts, pair.value);
          environment.push({
            name: key,
            value: iv.value,
            source: 'compose',
            unresolved: iv.exact ? undefined : true,
            location: { uri, range: keyR && valR ? { start: keyR.start, end: valR.end } : (keyR ?? starts.range(0, 0)) },
            valueLocation: valR ? { uri, range: valR } : undefined,
          });
        }
      } else if (isSeq(envNode)) {
        for (const entry of file.items(envNode, doc)) {
          const raw = scalarString(entry);
          if (raw === undefined) continue;
          const eq = raw.indexOf('=');
          const key = eq >= 0 ? raw.slice(0, eq) : raw;
          const iv = eq >= 0 ? interp(raw.slice(eq + 1)) : { value: '', exact: false };
          const r = nodeRange(starts, entry);
          // The value's own range: inside the scalar after `=`, when the scalar is written plainly.
          let valueLocation: Location | undefined;
          const nr = (entry as YamlNode).range;
          if (nr && eq >= 0 && text.slice(nr[0], nr[1]) === raw) {
            valueLocation = { uri, range: starts.range(nr[0] + eq + 1, nr[1]) };
          } else if (nr && eq >= 0 && (text[nr[0]] === '"' || text[nr[0]] === "'")) {
            valueLocation = { uri, range: starts.range(nr[0] + 1 + eq + 1, nr[1] - 1) };
          }
          environment.push({
            name: key.trim(),
            value: iv.value,
            source: 'compose',
            unresolved: iv.exact ? undefined : true,
            location: { uri, range: r ?? starts.range(0, 0) },
            valueLocation,
          });
        }
      }
      const envFiles: string[] = [];
      const envFileNode = field('env_file');
      const pushEnvFile = (n: unknown): void => {
        const s = scalarString(n);
        if (s) envFiles.push(s);
        else if (isMap(n)) {
          const p = scalarString(file.get(n, 'path', doc));
          if (p) envFiles.push(p);
        }
      };
      if (isSeq(envFileNode)) file.items(envFileNode, doc).forEach(pushEnvFile);
      else pushEnvFile(envFileNode);
      const volumes: ComposeVolume[] = [];
      const volNode = field('volumes');
      if (isSeq(volNode)) {
        for (const v of file.items(volNode, doc)) {
          const s = scalarString(v);
          if (s) {
            const parsed = parseComposeVolume(interp(s).value);
            if (parsed) volumes.push(parsed);
          } else if (isMap(v)) {
            const source = scalarString(file.get(v, 'source', doc));
            const target = scalarString(file.get(v, 'target', doc));
            // A target without a source (a tmpfs, an anonymous volume) still hides what the image has there.
            if (target) volumes.push({ source: source === undefined ? '' : interp(source).value, target: interp(target).value });
          }
        }
      }
      const imageNode = field('image');
      const image = scalarString(imageNode);
      services.push({
        name,
        image: image === undefined ? undefined : interp(image).value,
        imageLocation: image === undefined ? undefined : loc(imageNode),
        hostname: scalarString(field('hostname')),
        containerName: scalarString(field('container_name')),
        environment,
        envFiles,
        volumes,
        ...(field('extends') !== undefined ? { extends: true } : {}),
        location: loc(item.keyNode),
      });
    }
  }
  return { uri, services };
}

/**
 * A compose file with its override merged over it (compose's merge, `mergeComposeEntries`):
 * `environment:` by variable name and `volumes:` by container path, `env_file:` appended,
 * `image:`, `hostname:`, `container_name:` replaced; services only in the override are added.
 * Each value keeps the location of the file it was written in.
 */
export function mergeComposeOverride(base: ComposeFile, override: ComposeFile): ComposeFile {
  const services: ComposeService[] = [];
  const overrides = new Map(override.services.map((s) => [s.name, s]));
  for (const b of base.services) {
    const o = overrides.get(b.name);
    overrides.delete(b.name);
    if (!o) {
      services.push(b);
      continue;
    }
    services.push({
      ...b,
      image: o.image ?? b.image,
      imageLocation: o.image !== undefined ? o.imageLocation : b.imageLocation,
      hostname: o.hostname ?? b.hostname,
      containerName: o.containerName ?? b.containerName,
      environment: mergeComposeEntries(b.environment, o.environment, (v) => v.name),
      envFiles: [...b.envFiles, ...o.envFiles],
      volumes: mergeComposeEntries(b.volumes, o.volumes, composeVolumeKey),
      ...(b.extends || o.extends ? { extends: true } : {}),
    });
  }
  services.push(...overrides.values());
  return { uri: base.uri, services };
}

/**
 * Whether an image is EMQX's official one (`emqx/emqx`, `emqx/emqx-enterprise`,
 * `emqx` from Docker Hub's library, with any registry prefix and tag). Its
 * entrypoint forces `EMQX_RPC__PORT_DISCOVERY=manual` unless set (domain §4.3).
 */
export function isOfficialEmqxImage(image: string): boolean {
  const noTag = image.replace(/@sha256:[0-9a-f]+$/i, '').replace(/:[^/:]+$/, '');
  return /(^|\/)emqx\/emqx(-enterprise)?$/i.test(noTag) || /^(docker\.io\/)?(library\/)?emqx$/i.test(noTag);
}

/**
 * The variables the official image's entrypoint sets when the user did not:
 * `EMQX_RPC__PORT_DISCOVERY=manual`, placed on the `image:` line.
 */
export function dockerImageEnv(imageLocation: Location, userVars: readonly EnvVar[]): EnvVar[] {
  const has = (n: string): boolean => userVars.some((v) => v.name.toUpperCase() === n);
  if (has('EMQX_RPC__PORT_DISCOVERY')) return [];
  return [{ name: 'EMQX_RPC__PORT_DISCOVERY', value: 'manual', source: 'image', location: imageLocation }];
}

// ---------------------------------------------------------------------------
// Kubernetes manifests (optional)

export interface KubernetesContainer {
  /** `Kind/name` of the workload, e.g. `StatefulSet/emqx`. */
  readonly workload: string;
  readonly container: string;
  readonly image?: string;
  readonly imageLocation?: Location;
  readonly env: readonly EnvVar[];
}

/**
 * The containers of Pods, Deployments, StatefulSets, DaemonSets and Jobs in a
 * (multi-document) manifest, with their `env:` entries. `valueFrom` entries
 * (Secrets, ConfigMaps) are kept as unresolved: the variable is set, its value
 * is not known here.
 */
export function parseKubernetes(text: string, uri: string): KubernetesContainer[] {
  const starts = new LineIndex(text);
  const out: KubernetesContainer[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return out;
  }
  const docList = Array.isArray(docs) ? docs : [docs];
  for (const doc of docList) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = scalarString(root.get('kind', true));
    const meta = root.get('metadata', true);
    const workloadName = isMap(meta) ? scalarString(meta.get('name', true)) : undefined;
    if (!kind) continue;
    let podSpec: unknown;
    if (kind === 'Pod') podSpec = root.get('spec', true);
    else {
      const spec = root.get('spec', true);
      const template = isMap(spec) ? spec.get('template', true) : undefined;
      podSpec = isMap(template) ? template.get('spec', true) : undefined;
    }
    if (!isMap(podSpec)) continue;
    for (const field of ['initContainers', 'containers']) {
      const containers = podSpec.get(field, true);
      if (!isSeq(containers)) continue;
      for (const c of containers.items) {
        if (!isMap(c)) continue;
        const env: EnvVar[] = [];
        const envNode = c.get('env', true);
        if (isSeq(envNode)) {
          for (const e of envNode.items) {
            if (!isMap(e)) continue;
            const name = scalarString(e.get('name', true));
            if (!name) continue;
            const valueNode = e.get('value', true);
            const value = scalarString(valueNode);
            const r = nodeRange(starts, e);
            const vr = nodeRange(starts, valueNode);
            env.push({
              name,
              value: value ?? '',
              source: 'kubernetes',
              unresolved: value === undefined ? true : undefined,
              location: { uri, range: r ?? starts.range(0, 0) },
              valueLocation: vr ? { uri, range: vr } : undefined,
            });
          }
        }
        const imageNode = c.get('image', true);
        const image = scalarString(imageNode);
        const ir = nodeRange(starts, imageNode);
        out.push({
          workload: `${kind}/${workloadName ?? ''}`,
          container: scalarString(c.get('name', true)) ?? '',
          image,
          imageLocation: ir ? { uri, range: ir } : undefined,
          env,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Merging

/**
 * Applies what bin/emqx does to legacy names before reading the config
 * (domain §1.2, §2.1): `EMQX_NODE_COOKIE` becomes `EMQX_NODE__COOKIE` and
 * `EMQX_NODE_NAME` becomes `EMQX_NODE__NAME` unless the new name is set;
 * `EMQX_NAME` + `EMQX_HOST` (the Docker image's variables) make the node name
 * when neither is set. Later entries win over earlier ones with the same name
 * (compose `environment:` after `env_file:`), like the container runtime does.
 */
export function normalizeEmqxEnv(vars: readonly EnvVar[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const v of vars) {
    if (!isEmqxVar(v.name)) continue;
    byName.set(v.name.toUpperCase(), v);
  }
  const alias = (legacy: string, current: string): void => {
    const old = byName.get(legacy);
    if (old && !byName.has(current)) byName.set(current, { ...old, name: current });
    byName.delete(legacy);
  };
  alias('EMQX_NODE_COOKIE', 'EMQX_NODE__COOKIE');
  alias('EMQX_NODE_NAME', 'EMQX_NODE__NAME');
  const name = byName.get('EMQX_NAME');
  const host = byName.get('EMQX_HOST');
  if (name && host && !byName.has('EMQX_NODE__NAME') && !name.unresolved && !host.unresolved) {
    byName.set('EMQX_NODE__NAME', { ...name, name: 'EMQX_NODE__NAME', value: `${name.value}@${host.value}` });
  }
  return [...byName.values()];
}

/** `EMQX_RPC__PORT_DISCOVERY` → `rpc.port_discovery` (hocon lower-cases and splits on `__`). */
export function envNameToKeyPath(name: string): string | undefined {
  const m = /^EMQX_(.+)$/i.exec(name);
  // Only `__`-separated names address config keys; EMQX_NAME, EMQX_HOST etc. are read by scripts.
  if (!m || !m[1].includes('__')) return undefined;
  return m[1].toLowerCase().split('__').join('.');
}
