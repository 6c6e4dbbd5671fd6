/**
 * Values files of EMQX's Helm charts (emqx/emqx `deploy/charts/emqx` and
 * `emqx-enterprise`, read at every release tag; helmChart.ts) as nodes.
 *
 * Helm merges the values file's `emqxConfig` over the chart's own (values.yaml:
 * discovery `dns` and the dashboard's `admin`/`public` in 5.x and 6.x; 4.4:
 * discovery `k8s` and the REST API application `admin`/`public`) key by key.
 * The chart renders the result into a ConfigMap the pods take with `envFrom`
 * (`templates/configmap.yaml`): each key upper-cased, a leading `EMQX_`/`EMQX.`
 * dropped and dots turned into `__`, then `EMQX_` put back; maps and lists
 * become JSON. It adds `EMQX_NAME` = the release name and the discovery
 * variables of the strategy (the DNS name or the k8s Service and namespace,
 * built from the release). `templates/StatefulSet.yaml` runs `replicaCount`
 * pods of `image.repository:image.tag` (an empty tag means the chart's
 * appVersion, unknown here), from 5.8.1 with `EMQX_HOST` = the pod's FQDN, and
 * `envFromSecret` adds a Secret whose variables are unknown here. The chart
 * sets no cookie and no RPC settings.
 *
 * So a node's variables are: the chart's (its defaults the values leave in
 * place, found on the `emqxConfig:` key like a missing setting), then the
 * values' own, then the Secret's and `EMQX_HOST`. The release (name and
 * namespace) is not in the values: without it, what is built from it is set,
 * value unknown; when a caller knows it (`ports --release`), the pods are
 * named as the chart names them.
 */
import { isMap, isSeq, Document } from './yamlLib';
import { EnvVar } from '../cluster/env';
import { imageVersion, parseImage } from './image';
import { CHART_DEFAULT_CONFIG, chartSetsHost, defaultsLine, discoveryVars, HelmRelease, releaseNaming, STRATEGY_KEY } from './helmChart';
import { DeployNode, NameUnknown } from './model';
import { nodeEnv } from './node';
import { isTemplated, scalarString, YamlFile } from './yaml';

const MAX_REPLICAS = 32;

/** A values file of the chart: `emqxConfig:` as a map, or an EMQX image under `image.repository` with `replicaCount`. */
export function looksLikeHelmValues(file: YamlFile, doc: Document.Parsed): boolean {
  const root = doc.contents;
  if (!isMap(root) || file.get(root, 'kind', doc) !== undefined || file.get(root, 'services', doc) !== undefined) return false;
  if (isMap(file.get(root, 'emqxConfig', doc))) return true;
  const repo = scalarString(file.get(file.get(root, 'image', doc), 'repository', doc));
  return repo !== undefined && parseImage(repo).official && file.get(root, 'replicaCount', doc) !== undefined;
}

/** The chart's variable name for an emqxConfig key (templates/configmap.yaml). */
export function helmEnvName(key: string): string {
  return (
    'EMQX_' +
    key
      .trim()
      .toUpperCase()
      .replace(/^EMQX[_.]/, '')
      .replace(/\./g, '__')
  );
}

export function helmNodes(file: YamlFile, release?: HelmRelease): DeployNode[] {
  const out: DeployNode[] = [];
  for (const doc of file.documents) {
    if (!looksLikeHelmValues(file, doc)) continue;
    const root = doc.contents;
    const imageNode = file.get(root, 'image', doc);
    const repoPair = file.pair(imageNode, 'repository', doc);
    const tagPair = file.pair(imageNode, 'tag', doc);
    const repo = scalarString(repoPair?.value) ?? 'emqx/emqx';
    const tag = scalarString(tagPair?.value);
    const image = parseImage(tag && !isTemplated(tag) ? `${repo}:${tag}` : repo);
    const version = imageVersion(image);
    const imagePlace = tagPair ?? repoPair;
    const imageLocation = imagePlace ? file.location(imagePlace.value) : file.location(root);
    const configPair = file.pair(root, 'emqxConfig', doc);
    const anchor = configPair ? file.location(configPair.keyNode) : imageLocation;
    // The chart line whose templates and default values apply (helmChart.ts); undefined: a chart not read here.
    const line = defaultsLine(image, version);
    const strategyKey = line ? STRATEGY_KEY[line] : undefined;
    const vars: EnvVar[] = [];
    // The values' own keys, as written (Helm merges emqxConfig over the chart's key by key).
    const keys = new Set<string>();
    let strategy: string | undefined;
    let strategyLocation = imageLocation;
    for (const p of file.pairs(configPair?.value, doc)) {
      const valueNode = file.resolve(p.value, doc);
      const value = scalarString(valueNode);
      const name = helmEnvName(p.key);
      keys.add(p.key.trim());
      const location = file.location(p.keyNode);
      // Maps and lists are passed as JSON; a template is rendered by Helm: neither is read here.
      if (value === undefined || isTemplated(value)) {
        // An empty value is skipped by the chart (`if $value`).
        if (value === undefined && !isMap(valueNode) && !isSeq(valueNode)) continue;
        vars.push({ name, value: '', source: 'kubernetes', location, unresolved: true });
        continue;
      }
      // The chart skips what a Go template counts as empty (`if $value`): "", false and 0, not the string "false".
      const raw = (valueNode as { value?: unknown }).value;
      if (value === '' || raw === false || raw === 0) continue;
      vars.push({ name, value, source: 'kubernetes', location, valueLocation: file.location(valueNode) });
      if (strategyKey ? p.key.trim() === strategyKey : name === 'EMQX_CLUSTER__DISCOVERY_STRATEGY' || name === 'EMQX_CLUSTER__DISCOVERY') {
        strategy = value;
        strategyLocation = file.location(valueNode);
      }
    }
    const domain = scalarString(file.get(root, 'clusterDomain', doc)) ?? 'cluster.local';
    // The ConfigMap's own variables, before emqxConfig's: EMQX_NAME (the release), the discovery variables.
    const chartVars: EnvVar[] = [{ name: 'EMQX_NAME', value: '', source: 'kubernetes', location: imageLocation, unresolved: true }];
    const at = (name: string, value: string | undefined, location = strategyLocation): EnvVar =>
      value === undefined ? { name, value: '', source: 'kubernetes', location, unresolved: true } : { name, value, source: 'kubernetes', location, valueLocation: location };
    // The chart's default emqxConfig that the values leave in place: set by the chart, so found where a missing setting is.
    const defaults: EnvVar[] = [];
    if (line && strategyKey) {
      for (const [key, value] of CHART_DEFAULT_CONFIG[line]) if (!keys.has(key)) defaults.push(at(key, value, anchor));
      if (!keys.has(strategyKey)) strategy = CHART_DEFAULT_CONFIG[line].find(([k]) => k === strategyKey)?.[1];
      const strategyAt = keys.has(strategyKey) ? strategyLocation : anchor;
      for (const [name, value] of discoveryVars(line, strategy, domain)) chartVars.push(at(name, value, strategyAt));
    } else {
      if (strategy === 'dns') chartVars.push(at('EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv'));
      if (strategy === 'k8s') {
        chartVars.push(at('EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'), at('EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'), at('EMQX_CLUSTER__K8S__SUFFIX', `svc.${domain}`));
      }
    }
    const secretPair = file.pair(root, 'envFromSecret', doc);
    const secret = scalarString(secretPair?.value);
    const fromSecret: EnvVar[] = secret ? [{ name: 'EMQX_NODE__COOKIE', value: '', source: 'kubernetes', location: file.location(secretPair!.keyNode), unresolved: true }] : [];
    const replicasText = scalarString(file.get(root, 'replicaCount', doc));
    const replicas = replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : 3;
    // With the release known, the pods' names as the chart gives them (helmChart.ts); without it, the
    // StatefulSet's EMQX_HOST (from 5.8.1) is set to a name not known here.
    let named: { fullname: string; host?: (pod: string) => EnvVar } | undefined;
    let unknownHost: EnvVar | undefined = line && chartSetsHost(line) ? { name: 'EMQX_HOST', value: '', source: 'kubernetes', location: imageLocation, unresolved: true } : undefined;
    let nameUnknown: NameUnknown | undefined = release ? undefined : 'release';
    if (release) {
      const text = (key: string): string | undefined => scalarString(file.get(root, key, doc));
      const overrides = [text('nameOverride'), text('fullnameOverride')];
      const config = file.pairs(configPair?.value, doc).map((p) => ({ name: helmEnvName(p.key), key: p.key.trim(), value: scalarString(file.resolve(p.value, doc)) }));
      const naming = releaseNaming(release, image, version, {
        nameOverride: overrides[0],
        fullnameOverride: overrides[1],
        clusterDomain: domain,
        config,
        envFromSecret: secret !== undefined,
        extraEnv: file.get(root, 'extraEnv', doc) !== undefined || file.get(root, 'extraEnvFrom', doc) !== undefined,
      });
      if ('unknown' in naming) nameUnknown = naming.unknown;
      else if (overrides.some((v) => v !== undefined && isTemplated(v))) nameUnknown = 'values';
      else {
        // The ConfigMap's variables come before emqxConfig's; the chart's own discovery variables replace the ones set without the release.
        chartVars.length = 0;
        for (const [name, value] of naming.configMap) chartVars.push({ name, value, source: 'kubernetes', location: imageLocation });
        const host = naming.host;
        named = { fullname: naming.fullname, host: host && ((pod) => ({ name: 'EMQX_HOST', value: host(pod), source: 'kubernetes', location: imageLocation })) };
        unknownHost = undefined;
        // Still unnamed with the chart's variables: a naming variable of the values is not known here, or the entrypoint uses the pod IP.
        const deciders = /^EMQX_(NAME|HOST|NODE_NAME|NODE__NAME|CLUSTER__.*)$/;
        nameUnknown = vars.some((v) => v.unresolved && deciders.test(v.name)) ? 'values' : 'pod-ip';
      }
    }
    // A variable the ConfigMap gets twice (the chart writes it and emqxConfig has it under another key):
    // which one Kubernetes keeps is not known here, unless both say the same.
    const written = new Map([...chartVars, ...defaults].map((v) => [v.name, v.unresolved ? undefined : v.value]));
    const differs = (v: EnvVar): boolean => written.has(v.name) && (v.unresolved || written.get(v.name) !== v.value);
    const twice = new Set(vars.filter((v) => differs(v) && !(v.name === strategyKey && keys.has(strategyKey))).map((v) => v.name));
    const layer = [...chartVars, ...defaults].filter((v) => !twice.has(v.name));
    const own = vars.map((v): EnvVar => (twice.has(v.name) ? { name: v.name, value: '', source: v.source, location: v.location, unresolved: true } : v));
    for (let i = 0; i < Math.min(Math.max(replicas, 1), MAX_REPLICAS); i++) {
      const pod = `${named?.fullname ?? 'emqx'}-${i}`;
      // The variables of the ConfigMap, then the Secret (envFrom order), the chart's before the
      // user's; the StatefulSet's env: (EMQX_HOST) wins over both.
      const host = named?.host ? named.host(pod) : unknownHost;
      const all = [...layer, ...own, ...fromSecret, ...(host ? [host] : [])];
      const standIn = named ? `${pod}.${named.fullname}-headless` : pod;
      const env = nodeEnv({ vars: all, version, docker: image.official, hostname: pod, addressStandIn: standIn, imageLocation });
      out.push({
        format: 'helm-values',
        file: file.uri,
        unit: 'release',
        label: pod,
        cluster: `${file.uri}#release`,
        image,
        version,
        docker: image.official,
        env: env.env,
        unresolved: env.unresolved,
        config: { kind: 'image' },
        anchor,
        imageLocation,
        nameUnknown: env.unresolved.includes('EMQX_NODE__NAME') ? nameUnknown : undefined,
      });
    }
  }
  return out;
}
