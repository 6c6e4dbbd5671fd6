/**
 * The node-name rules of deployments: what name the official image's
 * entrypoint gives a node, and whether that name can work where it runs.
 *
 * - `docker-node-name-from-ip`: no name is set, so the entrypoint names the
 *   node after the container's IP address, which changes when the container
 *   is recreated; reported when that breaks something the deployment shows
 *   (a `node.name` in the mounted config that is silently ignored, static
 *   seeds, a data volume whose `mnesia/<node name>` folder is left behind).
 * - `k8s-hostname-without-statefulset`: k8s discovery with `address_type =
 *   hostname` on pods that have no stable hostname (Deployment, DaemonSet,
 *   ReplicaSet).
 * - `k8s-node-name-mismatch`: the node's name is not of the shape k8s
 *   discovery gives its peers (`<name>@<ip>`, `<name>@<a-b-c-d>.<ns>.<suffix>`,
 *   `<name>@<hostname>.<service>.<ns>.<suffix>`), so nobody ever joins it.
 *
 * Facts (docs/rules/*.md cite them): the entrypoint's branches
 * (`deploy/docker/docker-entrypoint.sh`, image.ts), ekka's k8s strategy
 * (`ekka_cluster_k8s:node_name/6`), EMQX's defaults for `cluster.k8s.*`
 * (`emqx_conf_schema.erl`: address_type `ip`, namespace `default`,
 * service_name `emqx`, suffix `pod.local`). Nothing is claimed when a
 * variable that decides it is set to a value not known here.
 */
import { isIP } from 'net';
import { FileReader } from '../io';
import { t } from '../l10n';
import { loadConfig } from '../model/load';
import { loadCuttlefishConfig } from '../model/cuttlefish';
import { EffectiveConfig } from '../model/types';
import { Finding, Fix } from '../rules/types';
import { Location } from '../syntax/position';
import { entrypointHostOrigin, entrypointNodeName, EntrypointInput } from './image';
import { hostClusterDomain } from './helmChart';
import { DeployNode, NodeNaming } from './model';
import { helmClusterDomainMessages, k8sMismatchMessages, k8sHostnameMessages, nodeNameFromIpMessages } from './namingRules';
import { isTemplated, scalarString, YamlFile } from './yaml';

/** The shipped node name: a config that keeps it did not choose a name. */
const SHIPPED_NAME = 'emqx@127.0.0.1';

/** What a node's own config says about its name and discovery (the file mounted or embedded; not the image's). */
interface ConfigFacts {
  readonly nodeName?: string;
  readonly get: (path: string) => string | undefined;
}

function configFacts(node: DeployNode, reader: FileReader): ConfigFacts | undefined {
  let text: string | undefined;
  let uri: string;
  if (node.config.kind === 'file') {
    uri = node.config.path;
    text = reader.readText(uri);
  } else if (node.config.kind === 'embedded') {
    uri = `${node.file}#${node.label}/emqx.conf`;
    text = node.config.text;
  } else return undefined;
  if (text === undefined) return undefined;
  let config: EffectiveConfig;
  try {
    config = node.version.parsed.major < 5 ? loadCuttlefishConfig({ uri, text }).config : loadConfig({ uri, text, reader });
  } catch {
    return undefined;
  }
  const get = (path: string): string | undefined => {
    const v = config.get(path)?.value;
    return v === undefined || v === null || typeof v === 'object' ? undefined : String(v).trim();
  };
  return { nodeName: get('node.name'), get };
}

/** A variable's place in the YAML (its value, else its entry). */
function varLocation(node: DeployNode, name: string): Location | undefined {
  const v = node.env.find((e) => e.name === name);
  return v ? (v.valueLocation ?? v.location) : undefined;
}

function entrypointInput(node: DeployNode, naming: NodeNaming): EntrypointInput {
  return { major: node.version.parsed.major, env: naming.env, hostname: naming.hostname, ip: naming.ip, addressStandIn: naming.workload?.pod ?? node.label };
}

/** The variable, in the image's line, that names a node outright. */
function nameVariable(major: number): string {
  return major >= 5 ? 'EMQX_NODE__NAME' : 'EMQX_NODE_NAME';
}

// ---------------------------------------------------------------------------
// docker-node-name-from-ip

/** A dotted name the other containers resolve this one by, for the fix: a network alias, else the host name. */
function stableHost(naming: NodeNaming): string | undefined {
  const alias = naming.aliases?.find((a) => a.includes('.'));
  if (alias) return alias;
  return naming.hostname?.includes('.') ? naming.hostname : undefined;
}

function addNameFix(node: DeployNode, file: YamlFile | undefined, variable: string, value: string): Fix | undefined {
  const block = node.envBlock;
  if (!block || !file || node.format !== 'compose') return undefined;
  const line = block.style === 'map' ? `${block.indent}${variable}: "${value}"` : block.style === 'list' ? `${block.indent}- ${variable}=${value}` : undefined;
  if (line === undefined) return undefined;
  const atEnd = block.insertOffset >= file.text.length && !file.text.endsWith('\n');
  const p = file.position(block.insertOffset);
  return {
    title: t('Add {0}={1} (the other nodes must reach this node by that name)', variable, value),
    edits: [{ uri: node.file, range: { start: p, end: p }, newText: atEnd ? `\n${line}` : `${line}\n` }],
    isPreferred: true,
  };
}

function fromIpFinding(node: DeployNode, naming: NodeNaming, reader: FileReader, yamlFiles: ReadonlyMap<string, YamlFile>): Finding | undefined {
  const input = entrypointInput(node, naming);
  const { origin, fixedIp } = entrypointHostOrigin(input);
  // A container on the host's (or another container's) network has that address, not one of its own.
  if (fixedIp || naming.sharedNetwork || (origin !== 'ip' && origin !== 'pod-ip-dns')) return undefined;
  const major = node.version.parsed.major;
  const env = naming.env;
  // The name part: EMQX_NAME, else `emqx` (5.x+) or the container's hostname (4.x).
  // (4.x: a container without `hostname:` is named after its id; a dotted hostname is refused as a name part.)
  const namePart = env.has('EMQX_NAME') && env.get('EMQX_NAME') !== '' ? env.get('EMQX_NAME') : major >= 5 ? 'emqx' : (naming.hostname ?? '<container id>');
  if (namePart === undefined || (major < 5 && namePart.includes('.'))) return undefined;
  const ns = env.get('EMQX_CLUSTER__K8S__NAMESPACE');
  const suffix = env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'pod.cluster.local';
  const name = origin === 'ip' ? `${namePart}@${node.format === 'kubernetes' ? '<pod IP>' : '<container IP>'}` : `${namePart}@<pod IP with dashes>.${ns}.${suffix}`;

  const facts = configFacts(node, reader);
  const reasons: string[] = [];
  if (major < 5 && env.has('EMQX_NODE__NAME')) reasons.push(nodeNameFromIpMessages.legacyIgnored());
  const configName = facts?.nodeName;
  if (configName !== undefined && configName !== SHIPPED_NAME && configName !== name) reasons.push(nodeNameFromIpMessages.configIgnored(configName));
  const strategyVar = major >= 5 ? 'EMQX_CLUSTER__DISCOVERY_STRATEGY' : 'EMQX_CLUSTER__DISCOVERY';
  const strategy = env.has(strategyVar) ? env.get(strategyVar) : facts?.get(major >= 5 ? 'cluster.discovery_strategy' : 'cluster.discovery');
  if (strategy === 'static') reasons.push(nodeNameFromIpMessages.staticSeeds());
  if (naming.dataVolume) reasons.push(nodeNameFromIpMessages.dataVolume());
  if (reasons.length === 0) return undefined;

  const variable = nameVariable(major);
  const host = node.format === 'compose' ? stableHost(naming) : undefined;
  // The suggested name keeps the name part the node has (the part before `@` decides its ports).
  const suggested = `${/^[0-9A-Za-z_-]+$/.test(namePart) ? namePart : 'emqx'}@${host}`;
  const w = naming.workload;
  let advice: string;
  if (host) advice = nodeNameFromIpMessages.setName(variable, suggested);
  else if (w && w.kind === 'StatefulSet' && w.subdomain) advice = nodeNameFromIpMessages.setHost(`$(POD_NAME).${w.subdomain}.${w.namespace ?? '<namespace>'}.svc.cluster.local`);
  else if (w && w.kind !== 'StatefulSet' && w.kind !== 'Pod')
    advice = w.headless.length > 0 ? nodeNameFromIpMessages.useStatefulSetWith(w.kind, w.headless[0]) : nodeNameFromIpMessages.useStatefulSet(w.kind);
  else advice = nodeNameFromIpMessages.setNameGeneric(variable);
  const message = nodeNameFromIpMessages.fromIp(name, reasons.join(' '), advice);
  const fix = host ? addNameFix(node, yamlFiles.get(node.file), variable, suggested) : undefined;
  return { ruleId: 'docker-node-name-from-ip', severity: 'warning', message, location: node.anchor, fixes: fix ? [fix] : undefined };
}

// ---------------------------------------------------------------------------
// Kubernetes discovery

const NO_STABLE_HOSTNAME = new Set(['Deployment', 'DaemonSet', 'ReplicaSet']);

/** A k8s discovery setting: the variable when set (undefined: set, value unknown), else the config, else EMQX's default. */
function k8sSetting(naming: NodeNaming, facts: ConfigFacts | undefined, key: string, fallback: string): { value?: string; fromEnv: boolean } {
  const name = `EMQX_CLUSTER__K8S__${key.toUpperCase()}`;
  if (naming.env.has(name)) return { value: naming.env.get(name), fromEnv: true };
  return { value: facts?.get(`cluster.k8s.${key}`) ?? fallback, fromEnv: false };
}

function hostnameWithoutStatefulSet(node: DeployNode, naming: NodeNaming): Finding | undefined {
  const w = naming.workload;
  // A pod template with a `subdomain` (and perhaps a `hostname`) is a deliberate setup this does not judge.
  if (!w || !NO_STABLE_HOSTNAME.has(w.kind) || w.subdomain) return undefined;
  const major = node.version.parsed.major;
  const strategy = naming.env.get(major >= 5 ? 'EMQX_CLUSTER__DISCOVERY_STRATEGY' : 'EMQX_CLUSTER__DISCOVERY');
  if (strategy !== 'k8s' || naming.env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE') !== 'hostname') return undefined;
  const origin = entrypointHostOrigin(entrypointInput(node, naming)).origin;
  // 4.x: only the entrypoint's exit is claimed (its ekka's reading of the endpoints is not).
  if (major < 5 && origin !== 'pod-fqdn') return undefined;
  const message = origin === 'pod-fqdn' ? k8sHostnameMessages.exits(w.kind) : k8sHostnameMessages.noPeers(w.kind);
  const location = varLocation(node, 'EMQX_CLUSTER__K8S__ADDRESS_TYPE') ?? node.anchor;
  return { ruleId: 'k8s-hostname-without-statefulset', severity: 'error', message, location };
}

function nameMismatch(node: DeployNode, naming: NodeNaming, reader: FileReader): Finding | undefined {
  const major = node.version.parsed.major;
  if (major < 5) return undefined;
  const w = naming.workload;
  if (!w) return undefined;
  const envStrategy = naming.env.has('EMQX_CLUSTER__DISCOVERY_STRATEGY');
  const facts = configFacts(node, reader);
  const strategy = envStrategy ? naming.env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY') : facts?.get('cluster.discovery_strategy');
  if (strategy !== 'k8s') return undefined;
  const addressType = k8sSetting(naming, facts, 'address_type', 'ip');
  const ns = k8sSetting(naming, facts, 'namespace', 'default');
  const suffix = k8sSetting(naming, facts, 'suffix', 'pod.local');
  const service = k8sSetting(naming, facts, 'service_name', 'emqx');
  if ([addressType, ns, suffix, service].some((s) => s.value === undefined)) return undefined;
  const type = addressType.value!;
  const input = entrypointInput(node, naming);
  const { origin } = entrypointHostOrigin(input);
  // The host part of this node's name, as far as it is known: `ip` = the pod's IP.
  let host: string | undefined;
  let hostIsIp = false;
  if (origin === 'ip') hostIsIp = true;
  else if (origin === 'set' || origin === 'EMQX_HOST') {
    const n = entrypointNodeName(input);
    if (n.name === undefined || n.hostIsStandIn) return undefined;
    const at = n.name.indexOf('@');
    if (at < 0) return undefined;
    host = n.name.slice(at + 1);
    hostIsIp = isIP(host) !== 0;
  } else if (origin === 'pod-ip-dns') {
    host = `<a-b-c-d>.${naming.env.get('EMQX_CLUSTER__K8S__NAMESPACE')}.${naming.env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'pod.cluster.local'}`;
  } else if (origin === 'pod-fqdn') {
    if (!w.pod || !w.subdomain) return undefined;
    host = `${w.pod}.${w.subdomain}.${naming.env.get('EMQX_CLUSTER__K8S__NAMESPACE')}.${naming.env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'svc.cluster.local'}`;
  } else return undefined;
  const tail = suffix.value ? `.${ns.value}.${suffix.value}` : '';
  let expected: string;
  let matches: boolean;
  if (type === 'ip') {
    expected = '<pod IP>';
    // An address written out cannot be compared with the pod's; only a name is surely wrong.
    matches = hostIsIp || host === undefined;
  } else if (type === 'dns') {
    expected = `<a-b-c-d>${tail}`;
    if (hostIsIp) matches = false;
    else if (host!.startsWith('<a-b-c-d>')) matches = host === expected;
    else {
      const m = /^\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(.*)$/.exec(host!);
      matches = m !== null && m[1] === tail;
    }
  } else if (type === 'hostname') {
    // Only a pod with a hostname has one in the Service's endpoints (the other rule covers those without).
    if (!w.pod) return undefined;
    expected = `${w.pod}.${service.value}${tail}`;
    matches = !hostIsIp && host === expected;
  } else return undefined;
  if (matches) return undefined;
  const own = hostIsIp && host === undefined ? '<pod IP>' : host!;
  // The entrypoint's defaults for the suffix are not exported to EMQX, whose own default is pod.local.
  const advice =
    !suffix.fromEnv && (origin === 'pod-ip-dns' || origin === 'pod-fqdn') && own.endsWith(origin === 'pod-ip-dns' ? '.pod.cluster.local' : '.svc.cluster.local')
      ? k8sMismatchMessages.setSuffix(origin === 'pod-ip-dns' ? 'pod.cluster.local' : 'svc.cluster.local', suffix.value!)
      : type === 'ip'
        ? k8sMismatchMessages.nameLikePeersIp()
        : k8sMismatchMessages.nameLikePeers();
  const location =
    origin === 'set' || origin === 'EMQX_HOST'
      ? (varLocation(node, 'EMQX_NODE__NAME') ?? node.anchor)
      : (varLocation(node, 'EMQX_CLUSTER__K8S__ADDRESS_TYPE') ?? varLocation(node, 'EMQX_CLUSTER__DISCOVERY_STRATEGY') ?? node.anchor);
  return { ruleId: 'k8s-node-name-mismatch', severity: 'error', message: k8sMismatchMessages.mismatch(type, `<name>@${expected}`, `<name>@${own}`, advice), location };
}

// ---------------------------------------------------------------------------
// helm-cluster-domain-ignored

function clusterDomainFinding(node: DeployNode, yamlFiles: ReadonlyMap<string, YamlFile>): Finding | undefined {
  const file = yamlFiles.get(node.file);
  if (!file || !node.docker) return undefined;
  // What the chart released with the image's version writes into EMQX_HOST (helmChart.ts).
  const host = hostClusterDomain(node.version);
  if (host === 'followed' || host === 'no-host') return undefined;
  for (const doc of file.documents) {
    const pair = file.pair(doc.contents, 'clusterDomain', doc);
    const domain = pair ? scalarString(pair.value) : undefined;
    if (domain === undefined || isTemplated(domain) || domain === 'cluster.local' || domain === '') continue;
    const message =
      host === 'unknown'
        ? helmClusterDomainMessages.ifOlder(domain)
        : node.version.parsed.major === 5
          ? helmClusterDomainMessages.affected5(domain, node.version.version)
          : helmClusterDomainMessages.affected(domain, node.version.version);
    return { ruleId: 'helm-cluster-domain-ignored', severity: 'warning', message, location: file.location(pair!.value) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------

/** The node-name findings of the deployment nodes: at most one of each rule per workload or service. */
export function nodeNameFindings(nodes: readonly DeployNode[], reader: FileReader, yamlFiles: ReadonlyMap<string, YamlFile>): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (node.format === 'helm-values') {
      let f: Finding | undefined;
      try {
        f = clusterDomainFinding(node, yamlFiles);
      } catch {
        f = undefined;
      }
      const key = `helm|${node.file}`;
      if (f && !seen.has(key)) out.push(f);
      seen.add(key);
      continue;
    }
    const naming = node.naming;
    if (!naming || !node.docker) continue;
    for (const check of [() => fromIpFinding(node, naming, reader, yamlFiles), () => hostnameWithoutStatefulSet(node, naming), () => nameMismatch(node, naming, reader)]) {
      let f: Finding | undefined;
      try {
        f = check();
      } catch {
        // The checks do not throw by design; should one do so, claim nothing about the node.
        f = undefined;
      }
      if (!f) continue;
      const key = `${f.ruleId}|${node.file}|${node.unit}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}
