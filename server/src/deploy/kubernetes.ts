/**
 * Kubernetes manifests and EMQX Operator resources as nodes.
 *
 * Manifests (multi-document): the EMQX container of each StatefulSet,
 * Deployment, DaemonSet or Pod; a StatefulSet's replicas are the pods
 * `<name>-0 … <name>-N-1` (their hostnames, which the 4.x image uses as the
 * node name). `env:` values are read with Kubernetes' `$(VAR)` expansion;
 * `valueFrom`/`envFrom` take ConfigMaps and Secrets of the same file (located
 * on their `data:` entries), and anything else (a Secret not in the file, a
 * field reference other than the pod name) is "set, value unknown". A
 * ConfigMap mounted at /opt/emqx/etc/emqx.conf is the node's config, with
 * exact ranges when it is a block scalar.
 *
 * Operator resources (`apps.emqx.io`): `EMQX` (v2beta1, v2: emqx-operator
 * `apis/apps/v2beta1/emqx_types.go`) runs `coreTemplate.spec.replicas`
 * (default 2) core pods and `replicantTemplate.spec.replicas` replicants, with
 * `spec.config.data` mounted as etc/emqx.conf and the variables the
 * controller adds (`controllers/apps/v2beta1/add_emqx_core.go`): dns/srv
 * discovery under `<name>-headless.<ns>.svc.<clusterDomain>`, `EMQX_HOST =
 * $(POD_NAME).<that name>`, and `EMQX_NODE__COOKIE` from a Secret holding
 * `node.cookie` of config.data or, without one, 64 random characters
 * (`add_bootstrap_resource.go`): a cookie nobody can judge here. `EmqxBroker`
 * and `EmqxEnterprise` (v1beta3, v1beta4: EMQX 4.x) give the image and a map
 * of config keys (`emqxTemplate.config` / `emqxContainer.emqxConfig`).
 */
import { Buffer } from 'buffer';
import { isMap, isSeq, Document } from './yamlLib';
import { EnvVar, isEmqxVar } from '../cluster/env';
import { pathToEnvName } from '../emqx/env';
import { Location } from '../syntax/position';
import { ContainerMount, IMAGE_ETC_DIR, NodeContainer } from '../emqx/container';
import { hasTemplateActions } from './template';
import { imageVersion, parseImage } from './image';
import { DeployNode, EnvBlock, NodeConfig, NodeNaming } from './model';
import { nodeEnv } from './node';
import { isTemplated, scalarString, scalarStyle, YamlFile } from './yaml';

/** At most this many replicas of one workload become nodes (the rest are the same). */
const MAX_REPLICAS = 32;

const WORKLOADS = new Set(['StatefulSet', 'Deployment', 'DaemonSet', 'Pod', 'ReplicaSet']);
const OPERATOR_KINDS = new Set(['EMQX', 'EmqxBroker', 'EmqxEnterprise']);

interface DataEntry {
  readonly value: string;
  readonly keyNode: unknown;
  readonly valueNode: unknown;
}

interface Catalogue {
  readonly configMaps: Map<string, Map<string, DataEntry>>;
  readonly secrets: Map<string, Map<string, DataEntry>>;
}

export function isKubernetesDoc(file: YamlFile, doc: Document.Parsed): 'kubernetes' | 'operator' | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const kind = scalarString(file.get(root, 'kind', doc));
  const api = scalarString(file.get(root, 'apiVersion', doc));
  if (!kind || !api) return undefined;
  if (api.startsWith('apps.emqx.io/') && OPERATOR_KINDS.has(kind)) return 'operator';
  return 'kubernetes';
}

function catalogue(file: YamlFile): Catalogue {
  const configMaps = new Map<string, Map<string, DataEntry>>();
  const secrets = new Map<string, Map<string, DataEntry>>();
  for (const doc of file.documents) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = scalarString(file.get(root, 'kind', doc));
    const name = scalarString(file.get(file.get(root, 'metadata', doc), 'name', doc));
    if (!name || (kind !== 'ConfigMap' && kind !== 'Secret')) continue;
    const data = new Map<string, DataEntry>();
    for (const field of kind === 'Secret' ? ['data', 'stringData'] : ['data']) {
      for (const p of file.pairs(file.get(root, field, doc), doc)) {
        const valueNode = file.resolve(p.value, doc);
        let value = scalarString(valueNode);
        if (value === undefined || isTemplated(value)) continue;
        if (kind === 'Secret' && field === 'data') value = Buffer.from(value, 'base64').toString('utf8');
        data.set(p.key, { value, keyNode: p.keyNode, valueNode });
      }
    }
    (kind === 'Secret' ? secrets : configMaps).set(name, data);
  }
  return { configMaps, secrets };
}

/** Kubernetes' `$(VAR)` expansion from the variables defined before; `$$(VAR)` stays literal. */
function expandRefs(value: string, defined: ReadonlyMap<string, string | undefined>): { value: string; exact: boolean } {
  let exact = true;
  const out = value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    if (!defined.has(name!)) return m;
    const v = defined.get(name!);
    if (v === undefined) exact = false;
    return v ?? '';
  });
  return { value: out, exact };
}

interface ContainerEnv {
  readonly vars: EnvVar[];
  /** Variables come from a ConfigMap or Secret not in this file: any variable may be set there. */
  readonly opaque?: boolean;
  readonly envBlock?: EnvBlock;
  readonly envKey?: unknown;
}

/**
 * The variables of a container for one pod (`podName` answers `fieldRef: metadata.name`).
 * `implied` are set before the container's own (the operator's), `defined` collects values
 * for `$(VAR)` references.
 */
function containerEnv(file: YamlFile, doc: Document.Parsed, c: unknown, cat: Catalogue, podName: string | undefined, implied: readonly EnvVar[]): ContainerEnv {
  const vars: EnvVar[] = [...implied];
  const defined = new Map<string, string | undefined>();
  for (const v of implied) defined.set(v.name, v.unresolved ? undefined : v.value);
  const add = (v: EnvVar): void => {
    vars.push(v);
    defined.set(v.name, v.unresolved ? undefined : v.value);
  };
  const fromData = (data: DataEntry, name: string): EnvVar => ({
    name,
    value: data.value,
    source: 'kubernetes',
    location: file.location(data.keyNode),
    valueLocation: file.location(data.valueNode),
  });
  // envFrom first: `env:` entries win over it.
  let opaque = false;
  for (const ef of file.items(file.get(c, 'envFrom', doc), doc)) {
    const prefix = scalarString(file.get(ef, 'prefix', doc)) ?? '';
    const cmRef = scalarString(file.get(file.get(ef, 'configMapRef', doc), 'name', doc));
    const secRef = scalarString(file.get(file.get(ef, 'secretRef', doc), 'name', doc));
    const data = cmRef ? cat.configMaps.get(cmRef) : secRef ? cat.secrets.get(secRef) : undefined;
    if (data) {
      for (const [k, d] of data) if (isEmqxVar(prefix + k)) add(fromData(d, prefix + k));
    } else if (cmRef || secRef) {
      // Variables from an object not in this file: any of them may be set there. The cookie is
      // the one people keep in such a Secret; never call it missing.
      opaque = true;
      add({ name: 'EMQX_NODE__COOKIE', value: '', source: 'kubernetes', location: file.location(ef), unresolved: true });
    }
  }
  const envPair = file.pair(c, 'env', doc);
  for (const e of file.items(envPair?.value, doc)) {
    const name = scalarString(file.get(e, 'name', doc));
    if (!name) continue;
    const loc = file.location(e);
    const valuePair = file.pair(e, 'value', doc);
    const raw = scalarString(valuePair?.value);
    if (raw !== undefined) {
      if (isTemplated(raw)) {
        add({ name, value: '', source: 'kubernetes', location: loc, unresolved: true });
        continue;
      }
      const x = expandRefs(raw, defined);
      add({ name, value: x.value, source: 'kubernetes', location: loc, valueLocation: file.location(valuePair!.value), unresolved: x.exact ? undefined : true });
      continue;
    }
    const from = file.get(e, 'valueFrom', doc);
    const field = scalarString(file.get(file.get(from, 'fieldRef', doc), 'fieldPath', doc));
    const cmKey = file.get(from, 'configMapKeyRef', doc);
    const secKey = file.get(from, 'secretKeyRef', doc);
    let entry: DataEntry | undefined;
    if (cmKey) entry = cat.configMaps.get(scalarString(file.get(cmKey, 'name', doc)) ?? '')?.get(scalarString(file.get(cmKey, 'key', doc)) ?? '');
    if (secKey) entry = cat.secrets.get(scalarString(file.get(secKey, 'name', doc)) ?? '')?.get(scalarString(file.get(secKey, 'key', doc)) ?? '');
    if (entry) add(fromData(entry, name));
    else if (field === 'metadata.name' && podName) add({ name, value: podName, source: 'kubernetes', location: loc });
    else add({ name, value: '', source: 'kubernetes', location: loc, unresolved: true });
  }
  const envNode = envPair?.value;
  return { vars, opaque, envBlock: isSeq(envNode) ? k8sEnvBlock(file, envNode) : undefined, envKey: envPair?.keyNode };
}

function k8sEnvBlock(file: YamlFile, seq: unknown): EnvBlock | undefined {
  const items = (seq as { items?: Array<{ range?: [number, number, number] }> }).items ?? [];
  const r = (seq as { range?: [number, number, number] }).range;
  if (!r || items.length === 0 || file.text[r[0]] === '[') return undefined;
  const first = items[0].range?.[0];
  if (first === undefined) return undefined;
  const lineStart = file.text.lastIndexOf('\n', first - 1) + 1;
  const dash = file.text.lastIndexOf('-', first);
  const indent = file.text.slice(lineStart, dash >= lineStart ? dash : first);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const nl = file.text.indexOf('\n', Math.max(r[1] - 1, 0));
  return { style: 'k8s', insertOffset: nl < 0 ? file.text.length : nl + 1, indent };
}

/**
 * HOCON inside a block scalar: the block's lines as written (indentation is white space to
 * HOCON, so columns are the YAML's) and the YAML line of its first line. Undefined when the
 * scalar is not a block (a quoted string has escapes and folded lines).
 */
export function embeddedHocon(file: YamlFile, valueNode: unknown): NodeConfig | undefined {
  if (scalarStyle(valueNode) !== 'block') return undefined;
  const r = (valueNode as { range?: [number, number, number] }).range;
  if (!r) return undefined;
  // The content starts on the line after the `|` indicator.
  const headerEnd = file.text.indexOf('\n', r[0]);
  if (headerEnd < 0 || headerEnd >= r[1]) return { kind: 'embedded', text: '', lineOffset: file.position(r[0]).line };
  const from = headerEnd + 1;
  const startLine = file.position(from).line;
  const body = file.text.slice(from, r[1]);
  return { kind: 'embedded', text: body, lineOffset: startLine };
}

/**
 * The files a ConfigMap volume holds, by path in the volume, with the key each one shows: with
 * `items`, only the listed keys, each at its `path`; without, every key under its own name.
 * Undefined when an item is not known here.
 */
function volumeFiles(file: YamlFile, doc: Document.Parsed, cmNode: unknown, data: Map<string, DataEntry>): Map<string, string> | undefined {
  const files = new Map<string, string>();
  const items = file.items(file.get(cmNode, 'items', doc), doc);
  for (const it of items) {
    const key = scalarString(file.get(it, 'key', doc));
    const at = scalarString(file.get(it, 'path', doc));
    // An item whose key or path is not a plain string may put any key anywhere: not known here.
    if (key === undefined || at === undefined || isTemplated(key) || isTemplated(at)) return undefined;
    files.set(at.replace(/^\.\//, ''), key);
  }
  if (items.length === 0) for (const key of data.keys()) files.set(key, key);
  return files;
}

/** The config a pod reads from a ConfigMap mounted at etc/emqx.conf or etc/ (through `items` when given). */
function mountedConfig(file: YamlFile, doc: Document.Parsed, podSpec: unknown, c: unknown, cat: Catalogue): NodeConfig | undefined {
  for (const m of file.items(file.get(c, 'volumeMounts', doc), doc)) {
    const mountPath = scalarString(file.get(m, 'mountPath', doc))?.replace(/\/+$/, '');
    const subPath = scalarString(file.get(m, 'subPath', doc));
    const volName = scalarString(file.get(m, 'name', doc));
    if (!mountPath || !volName) continue;
    let key: string | undefined;
    if (mountPath === `${IMAGE_ETC_DIR}/emqx.conf`) key = subPath ?? 'emqx.conf';
    else if (mountPath === IMAGE_ETC_DIR && !subPath) key = 'emqx.conf';
    if (!key) continue;
    const vol = file.items(file.get(podSpec, 'volumes', doc), doc).find((v) => scalarString(file.get(v, 'name', doc)) === volName);
    const cmNode = file.get(vol, 'configMap', doc);
    const cmName = scalarString(file.get(cmNode, 'name', doc));
    const data = cmName ? cat.configMaps.get(cmName) : undefined;
    const cmKey = data ? volumeFiles(file, doc, cmNode, data)?.get(key.replace(/^\.\//, '')) : undefined;
    const entry = cmKey !== undefined ? data?.get(cmKey) : undefined;
    if (entry) return embeddedHocon(file, entry.valueNode);
  }
  return undefined;
}

/**
 * What a container's `volumeMounts` put where, from the pod's `volumes` (`volumes` and
 * `mounts` are the pod spec's and the container's lists, or an Operator template's
 * `extraVolumes` and `extraVolumeMounts`). A key of a ConfigMap of this file, mounted as a
 * file (`subPath`, through `items` when given) or inside a folder, is content the file holds
 * when it is written as a block; every other source (a Secret, a ConfigMap not in the file,
 * an emptyDir, a hostPath, a claim, a projected volume) is a mount whose content is not known
 * here. `complete` is false when a mount path is templated or not a path.
 */
function podMounts(file: YamlFile, doc: Document.Parsed, volumes: unknown, mounts: unknown, cat: Catalogue): { mounts: ContainerMount[]; complete: boolean } {
  const out: ContainerMount[] = [];
  let complete = true;
  const list = file.items(volumes, doc);
  for (const m of file.items(mounts, doc)) {
    const mountPath = scalarString(file.get(m, 'mountPath', doc));
    if (mountPath === undefined || isTemplated(mountPath) || !mountPath.startsWith('/')) {
      complete = false;
      continue;
    }
    const target = mountPath.length > 1 ? mountPath.replace(/\/+$/, '') : mountPath;
    const volName = scalarString(file.get(m, 'name', doc));
    const vol = list.find((v) => scalarString(file.get(v, 'name', doc)) === volName);
    const cmNode = file.get(vol, 'configMap', doc);
    const cmName = scalarString(file.get(cmNode, 'name', doc));
    const data = cmName !== undefined ? cat.configMaps.get(cmName) : undefined;
    const subPath = scalarString(file.get(m, 'subPath', doc));
    // `subPathExpr` picks a file by the pod's variables: not known here.
    if (!data || file.get(m, 'subPathExpr', doc) !== undefined) {
      out.push({ target });
      continue;
    }
    // The files the ConfigMap volume holds: `items` (key → path) when given, else every key by its name.
    const files = volumeFiles(file, doc, cmNode, data);
    if (!files) {
      out.push({ target });
      continue;
    }
    const content = (key: string | undefined, name: string): ContainerMount['content'] => {
      const entry = key !== undefined ? data.get(key) : undefined;
      const block = entry ? embeddedHocon(file, entry.valueNode) : undefined;
      return block?.kind === 'embedded' ? { uri: file.uri, text: block.text, lineOffset: block.lineOffset, name: `ConfigMap/${cmName}/${name}` } : undefined;
    };
    if (subPath !== undefined) {
      const c = content(files.get(subPath.replace(/^\.\//, '')), subPath);
      out.push(c ? { target, content: c } : { target });
      continue;
    }
    // A folder: what is not among its files is absent, which is not judged here.
    out.push({ target });
    for (const [at, key] of files) {
      const c = content(key, key);
      if (c && !at.includes('..')) out.push({ target: `${target === '/' ? '' : target}/${at}`, content: c });
    }
  }
  return { mounts: out, complete };
}

function workloadNodes(file: YamlFile, doc: Document.Parsed, cat: Catalogue, templated: boolean): DeployNode[] {
  const root = doc.contents;
  const kind = scalarString(file.get(root, 'kind', doc)) ?? '';
  if (!WORKLOADS.has(kind)) return [];
  const name = scalarString(file.get(file.get(root, 'metadata', doc), 'name', doc)) ?? kind.toLowerCase();
  if (isTemplated(name)) return [];
  const spec = file.get(root, 'spec', doc);
  const podSpec = kind === 'Pod' ? spec : file.get(file.get(spec, 'template', doc), 'spec', doc);
  const replicasText = scalarString(file.get(spec, 'replicas', doc));
  const replicas = kind === 'Pod' ? 1 : replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : 1;
  const serviceName = scalarString(file.get(spec, 'serviceName', doc));
  const out: DeployNode[] = [];
  const shape = workloadShape(file, doc, kind, serviceName, podSpec);
  for (const c of file.items(file.get(podSpec, 'containers', doc), doc)) {
    if (file.exhausted) return out;
    const imagePair = file.pair(c, 'image', doc);
    const imageRaw = scalarString(imagePair?.value);
    const image = imageRaw !== undefined && !isTemplated(imageRaw) ? parseImage(imageRaw) : undefined;
    const docker = image?.official ?? false;
    const config = mountedConfig(file, doc, podSpec, c, cat);
    const pm = podMounts(file, doc, file.get(podSpec, 'volumes', doc), file.get(c, 'volumeMounts', doc), cat);
    const probe = containerEnv(file, doc, c, cat, undefined, []);
    // A chart template's actions may add mounts this reading does not see, and variables from an
    // object not in the file may name another options file (EMQX_SSL_DIST_OPTFILE).
    const container: NodeContainer = { officialImage: docker, mounts: pm.mounts, mountsComplete: pm.complete && !templated && !probe.opaque };
    if (!docker && !config && !probe.vars.some((v) => isEmqxVar(v.name))) continue;
    const version = imageVersion(image);
    const imageLocation = imagePair ? file.location(imagePair.value) : file.location(c);
    const unit = `${kind}/${name}`;
    const count = Math.min(Math.max(replicas, 1), MAX_REPLICAS);
    for (let i = 0; i < count; i++) {
      // StatefulSet pods are named <name>-<ordinal>, which is also their hostname.
      const pod = kind === 'StatefulSet' ? `${name}-${i}` : kind === 'Pod' ? name : undefined;
      const label = pod ?? (count > 1 ? `${name}#${i + 1}` : name);
      const ce = containerEnv(file, doc, c, cat, pod, []);
      const env = nodeEnv({ vars: ce.vars, version, docker, hostname: pod, addressStandIn: serviceName && pod ? `${pod}.${serviceName}` : label, imageLocation });
      const naming = docker && !ce.opaque ? { ...shape, env: env.known, hostname: pod, workload: { ...shape.workload, pod } } : undefined;
      out.push({
        format: 'kubernetes',
        file: file.uri,
        unit,
        label,
        cluster: `${file.uri}#${unit}`,
        image,
        version,
        docker,
        env: env.env,
        unresolved: env.unresolved,
        naming,
        config: config ?? { kind: 'image' },
        container,
        anchor: ce.envKey ? file.location(ce.envKey) : imageLocation,
        imageLocation: imagePair ? imageLocation : undefined,
        envBlock: ce.envBlock,
      });
    }
  }
  return out;
}

function implied(name: string, value: string, location: Location, unresolved?: boolean): EnvVar {
  return { name, value, source: 'kubernetes', location, valueLocation: location, unresolved };
}

function operatorNodes(file: YamlFile, doc: Document.Parsed, cat: Catalogue, templated: boolean): DeployNode[] {
  const root = doc.contents;
  const kind = scalarString(file.get(root, 'kind', doc)) ?? '';
  const metaName = scalarString(file.get(file.get(root, 'metadata', doc), 'name', doc)) ?? 'emqx';
  const ns = scalarString(file.get(file.get(root, 'metadata', doc), 'namespace', doc)) ?? 'default';
  const spec = file.get(root, 'spec', doc);
  const kindLocation = file.location(file.pair(root, 'kind', doc)?.value);
  const out: DeployNode[] = [];
  if (kind === 'EMQX') {
    const imagePair = file.pair(spec, 'image', doc);
    const imageRaw = scalarString(imagePair?.value);
    const image = imageRaw && !isTemplated(imageRaw) ? parseImage(imageRaw) : undefined;
    const version = imageVersion(image);
    const imageLocation = imagePair ? file.location(imagePair.value) : kindLocation;
    const domain = scalarString(file.get(spec, 'clusterDomain', doc)) ?? 'cluster.local';
    const configData = file.pair(file.get(spec, 'config', doc), 'data', doc);
    const config = configData ? (embeddedHocon(file, configData.value) ?? { kind: 'image' as const }) : { kind: 'image' as const };
    const dataText = scalarString(configData?.value) ?? '';
    // The controller reads node.cookie from config.data into the Secret; the same value is then in effect.
    const cookieInData = /(^|\n)\s*node\s*(\.\s*cookie|\{[^}]*\bcookie)\s*[=:{]?/.test(dataText);
    const dnsName = `${metaName}-headless.${ns}.svc.${domain}`;
    const where = configData ? file.location(configData.keyNode) : kindLocation;
    for (const role of ['core', 'replicant'] as const) {
      const tplPair = file.pair(spec, role === 'core' ? 'coreTemplate' : 'replicantTemplate', doc);
      if (role === 'replicant' && !tplPair) continue;
      const tplSpec = file.get(tplPair?.value, 'spec', doc);
      const replicasText = scalarString(file.get(tplSpec, 'replicas', doc));
      const replicas = replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : role === 'core' ? 2 : 0;
      const base: EnvVar[] = [
        implied('EMQX_CLUSTER__DISCOVERY_STRATEGY', 'dns', kindLocation),
        implied('EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv', kindLocation),
        implied('EMQX_CLUSTER__DNS__NAME', dnsName, kindLocation),
        implied('EMQX_NODE__ROLE', role, kindLocation),
        ...(cookieInData ? [] : [implied('EMQX_NODE__COOKIE', '', where, true)]),
      ];
      // emqx-operator's controller (add_emqx_core.go, add_emqx_repl.go) mounts the config at
      // etc/emqx.conf, the bootstrap API key, log and data folders, then the template's extra mounts.
      const extra = podMounts(file, doc, file.get(tplSpec, 'extraVolumes', doc), file.get(tplSpec, 'extraVolumeMounts', doc), cat);
      const container: NodeContainer = {
        officialImage: image?.official ?? false,
        mounts: [{ target: `${IMAGE_ETC_DIR}/emqx.conf` }, { target: '/opt/emqx/data' }, { target: '/opt/emqx/log' }, ...extra.mounts],
        mountsComplete: extra.complete && !templated && !containerEnv(file, doc, tplSpec, cat, undefined, []).opaque,
      };
      // Where what the role's pods lack goes: the template's env: key, else the template's key.
      const envKey = file.pair(tplSpec, 'env', doc)?.keyNode;
      const anchor = envKey ? file.location(envKey) : tplPair ? file.location(tplPair.keyNode) : where;
      for (let i = 0; i < Math.min(replicas, MAX_REPLICAS); i++) {
        const pod = `${metaName}-${role}-${i}`;
        // The controller names the pods of each template; a finding about a pod that falls back on
        // its name's place (a setting the others have and it lacks) lands on its template.
        const withHost = [...base, implied('EMQX_HOST', `${pod}.${dnsName}`, anchor)];
        const ce = containerEnv(file, doc, tplSpec, cat, pod, withHost);
        const env = nodeEnv({ vars: ce.vars, version, docker: image?.official ?? true, hostname: pod, addressStandIn: pod, imageLocation });
        out.push({
          format: 'operator',
          file: file.uri,
          unit: `EMQX/${metaName}`,
          label: pod,
          cluster: `${file.uri}#EMQX/${metaName}`,
          image,
          version,
          docker: image?.official ?? true,
          env: env.env,
          unresolved: env.unresolved,
          config,
          container,
          anchor,
          imageLocation: imagePair ? imageLocation : undefined,
          envBlock: ce.envBlock,
        });
      }
    }
    return out;
  }
  // v1beta3 (spec.emqxTemplate) and v1beta4 (spec.template.spec.emqxContainer): EMQX 4.x.
  const v3 = file.get(spec, 'emqxTemplate', doc);
  const container = v3 ?? file.get(file.get(file.get(spec, 'template', doc), 'spec', doc), 'emqxContainer', doc);
  const imagePair = file.pair(container, 'image', doc);
  let imageText = scalarString(imagePair?.value);
  if (imageText === undefined && isMap(imagePair?.value)) {
    const repo = scalarString(file.get(imagePair!.value, 'repository', doc)) ?? 'emqx/emqx';
    const tag = scalarString(file.get(imagePair!.value, 'version', doc));
    imageText = tag ? `${repo}:${tag}` : repo;
  }
  const image = imageText && !isTemplated(imageText) ? parseImage(imageText) : undefined;
  const version = imageVersion(image ?? { repository: 'emqx/emqx', tag: '4.4', official: true });
  const imageLocation = imagePair ? file.location(imagePair.value) : kindLocation;
  const configPair = file.pair(container, v3 ? 'config' : 'emqxConfig', doc);
  const config: EnvVar[] = [];
  for (const p of file.pairs(configPair?.value, doc)) {
    const valueNode = file.resolve(p.value, doc);
    const value = scalarString(valueNode);
    if (value === undefined) continue;
    config.push({
      name: pathToEnvName(p.key),
      value,
      source: 'kubernetes',
      location: file.location(p.keyNode),
      valueLocation: file.location(valueNode),
      unresolved: isTemplated(value) ? true : undefined,
    });
  }
  // The webhook fills in the keys emqxConfig lacks (v1beta3 `config_type.go`, v1beta4
  // `emqxbroker_webhook.go`): the node's name part is the resource's name, and discovery is dns
  // on the SRV records of `<name>-headless`, under `spec.clusterDomain` (v1beta4 from operator
  // 2.2; `cluster.local` before, and always in v1beta3).
  const headless = `${metaName}-headless`;
  const domain = (v3 ? undefined : scalarString(file.get(spec, 'clusterDomain', doc))) ?? 'cluster.local';
  const defaults: ReadonlyArray<[string, string]> = [
    ['EMQX_NAME', metaName],
    ['EMQX_CLUSTER__DISCOVERY', 'dns'],
    ['EMQX_CLUSTER__DNS__TYPE', 'srv'],
    ['EMQX_CLUSTER__DNS__APP', metaName],
    ['EMQX_CLUSTER__DNS__NAME', `${headless}.${ns}.svc.${domain}`],
  ];
  const vars: EnvVar[] = defaults.filter(([name]) => !config.some((v) => v.name === name)).map(([name, value]) => implied(name, value, kindLocation));
  vars.push(...config);
  if (!vars.some((v) => v.name === 'EMQX_NODE__COOKIE')) vars.unshift(implied('EMQX_NODE__COOKIE', '', kindLocation, true));
  // The container's own variables win over emqxConfig (the controller's `mergeEnvAndConfig`):
  // `spec.env` in v1beta3, the container's `env:`/`envFrom:` in v1beta4.
  const envHolder = v3 ? spec : container;
  // With blue-green updates (EmqxEnterprise v1beta4) the StatefulSet is `<name>-<hash>`: the pods' names are not known.
  const blueGreen = kind === 'EmqxEnterprise' && file.get(spec, 'emqxBlueGreenUpdate', doc) !== undefined;
  const replicasText = scalarString(file.get(spec, 'replicas', doc));
  const replicas = replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : 3;
  for (let i = 0; i < Math.min(replicas, MAX_REPLICAS); i++) {
    const pod = `${metaName}-${i}`;
    const ce = containerEnv(file, doc, envHolder, cat, blueGreen ? undefined : pod, vars);
    // Variables from an object not in the file (or a pod not known) may decide the name: unknown then.
    const own = ce.opaque || blueGreen ? [...ce.vars, implied('EMQX_NODE_NAME', '', kindLocation, true)] : ce.vars;
    const env = nodeEnv({ vars: own, version, docker: true, hostname: blueGreen ? undefined : pod, addressStandIn: `${pod}.${headless}`, imageLocation });
    out.push({
      format: 'operator',
      file: file.uri,
      unit: `${kind}/${metaName}`,
      label: pod,
      cluster: `${file.uri}#${kind}/${metaName}`,
      image,
      version,
      docker: true,
      env: env.env,
      unresolved: env.unresolved,
      config: { kind: 'image' },
      anchor: configPair ? file.location(configPair.keyNode) : imageLocation,
      imageLocation: imagePair ? imageLocation : undefined,
      envBlock: ce.envBlock,
    });
  }
  return out;
}

/** The nodes of a manifest or Operator resource file (every document). */
export function kubernetesNodes(file: YamlFile): DeployNode[] {
  const cat = catalogue(file);
  const templated = hasTemplateActions(file.text);
  const out: DeployNode[] = [];
  for (const doc of file.documents) {
    const which = isKubernetesDoc(file, doc);
    if (which === 'operator') out.push(...operatorNodes(file, doc, cat, templated));
    else if (which === 'kubernetes') out.push(...workloadNodes(file, doc, cat, templated));
    if (file.exhausted) break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Stable names: headless Services and the pod's place

interface HeadlessService {
  readonly name: string;
  readonly namespace?: string;
  readonly selector: ReadonlyMap<string, string>;
}

/** The Services of the file with `clusterIP: None` (the ones that give pods DNS names of their own). */
export function headlessServices(file: YamlFile): HeadlessService[] {
  const out: HeadlessService[] = [];
  for (const doc of file.documents) {
    const root = doc.contents;
    if (!isMap(root) || scalarString(file.get(root, 'kind', doc)) !== 'Service') continue;
    const meta = file.get(root, 'metadata', doc);
    const name = scalarString(file.get(meta, 'name', doc));
    const spec = file.get(root, 'spec', doc);
    if (!name || isTemplated(name) || scalarString(file.get(spec, 'clusterIP', doc)) !== 'None') continue;
    const selector = new Map<string, string>();
    for (const p of file.pairs(file.get(spec, 'selector', doc), doc)) {
      const v = scalarString(file.resolve(p.value, doc));
      if (v !== undefined) selector.set(p.key, v);
    }
    out.push({ name, namespace: scalarString(file.get(meta, 'namespace', doc)), selector });
  }
  return out;
}

/**
 * A workload's pods as the node-name rules need them: the pod template's labels matched
 * against the headless Services (a Service with an empty selector selects nothing here:
 * its endpoints are managed by hand), the subdomain that gives each pod an FQDN (a
 * StatefulSet's `serviceName`, or the template's `subdomain`), the namespace, a volume
 * on the data folder.
 */
function workloadShape(
  file: YamlFile,
  doc: Document.Parsed,
  kind: string,
  serviceName: string | undefined,
  podSpec: unknown,
): Omit<NodeNaming, 'env'> & { workload: NonNullable<NodeNaming['workload']> } {
  const root = doc.contents;
  const namespace = scalarString(file.get(file.get(root, 'metadata', doc), 'namespace', doc));
  const template = kind === 'Pod' ? root : file.get(file.get(root, 'spec', doc), 'template', doc);
  const labels = new Map<string, string>();
  for (const p of file.pairs(file.get(file.get(template, 'metadata', doc), 'labels', doc), doc)) {
    const v = scalarString(file.resolve(p.value, doc));
    if (v !== undefined) labels.set(p.key, v);
  }
  const headless = headlessServices(file)
    .filter((svc) => (svc.namespace ?? 'default') === (namespace ?? 'default') && svc.selector.size > 0 && [...svc.selector].every(([k, v]) => labels.get(k) === v))
    .map((svc) => svc.name);
  const subdomain = kind === 'StatefulSet' ? serviceName : scalarString(file.get(podSpec, 'subdomain', doc));
  let dataVolume: Location | undefined;
  for (const c of file.items(file.get(podSpec, 'containers', doc), doc)) {
    for (const m of file.items(file.get(c, 'volumeMounts', doc), doc)) {
      const mountPath = scalarString(file.get(m, 'mountPath', doc));
      if (mountPath === undefined || !/^\/opt\/emqx\/data(\/mnesia)?\/*$/.test(mountPath)) continue;
      // Kept across pod restarts: a claim (or a claim template), a host path; not an emptyDir.
      const volName = scalarString(file.get(m, 'name', doc));
      const vol = file.items(file.get(podSpec, 'volumes', doc), doc).find((v) => scalarString(file.get(v, 'name', doc)) === volName);
      const claimed = file.items(file.get(file.get(root, 'spec', doc), 'volumeClaimTemplates', doc), doc).some((t) => scalarString(file.get(file.get(t, 'metadata', doc), 'name', doc)) === volName);
      if (claimed || (vol !== undefined && file.get(vol, 'emptyDir', doc) === undefined)) dataVolume = file.location(m);
    }
  }
  const sharedNetwork = scalarString(file.get(podSpec, 'hostNetwork', doc)) === 'true';
  return { dataVolume, sharedNetwork, workload: { kind, subdomain, namespace, headless } };
}
