/**
 * Values files of EMQX's Helm charts (emqx/emqx `deploy/charts/emqx` and
 * `emqx-enterprise`, read at v5.8.9 and v4.4.19) as nodes.
 *
 * The chart renders `emqxConfig` into a ConfigMap the pods take with
 * `envFrom` (`templates/configmap.yaml`): each key upper-cased, a leading
 * `EMQX_`/`EMQX.` dropped and dots turned into `__`, then `EMQX_` put back;
 * maps and lists become JSON. It adds `EMQX_NAME` = the release name (not in
 * the values: unknown here) and, for `dns` discovery, `EMQX_CLUSTER__DNS__NAME`
 * and record type `srv`; for `k8s`, the API server and address type
 * `hostname`. `templates/StatefulSet.yaml` runs `replicaCount` pods of
 * `image.repository:image.tag` (an empty tag means the chart's appVersion,
 * unknown here) with `EMQX_HOST` = the pod's FQDN, and `envFromSecret` adds
 * a Secret whose variables are unknown here. The chart sets no cookie.
 *
 * The release (name and namespace) is not in the values: when a caller knows it
 * (`ports --release`), the pods are named as the chart names them (helmChart.ts).
 */
import { isMap, isSeq, Document } from './yamlLib';
import { EnvVar } from '../cluster/env';
import { imageVersion, parseImage } from './image';
import { HelmRelease, releaseNaming } from './helmChart';
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
    const vars: EnvVar[] = [];
    let strategy: string | undefined;
    let strategyLocation = imageLocation;
    for (const p of file.pairs(configPair?.value, doc)) {
      const valueNode = file.resolve(p.value, doc);
      const value = scalarString(valueNode);
      const name = helmEnvName(p.key);
      const location = file.location(p.keyNode);
      // Maps and lists are passed as JSON; a template is rendered by Helm: neither is read here.
      if (value === undefined || isTemplated(value)) {
        // An empty value is skipped by the chart (`if $value`).
        if (value === undefined && !isMap(valueNode) && !isSeq(valueNode)) continue;
        vars.push({ name, value: '', source: 'kubernetes', location, unresolved: true });
        continue;
      }
      // The chart skips empty values (`if $value`).
      if (value === '' || value === 'false') continue;
      vars.push({ name, value, source: 'kubernetes', location, valueLocation: file.location(valueNode) });
      if (name === 'EMQX_CLUSTER__DISCOVERY_STRATEGY' || name === 'EMQX_CLUSTER__DISCOVERY') {
        strategy = value;
        strategyLocation = file.location(valueNode);
      }
    }
    const domain = scalarString(file.get(root, 'clusterDomain', doc)) ?? 'cluster.local';
    const chartVars: EnvVar[] = [{ name: 'EMQX_NAME', value: '', source: 'kubernetes', location: imageLocation, unresolved: true }];
    const at = (name: string, value: string): EnvVar => ({ name, value, source: 'kubernetes', location: strategyLocation, valueLocation: strategyLocation });
    if (strategy === 'dns') chartVars.push(at('EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv'));
    if (strategy === 'k8s') {
      chartVars.push(at('EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'), at('EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'), at('EMQX_CLUSTER__K8S__SUFFIX', `svc.${domain}`));
    }
    const secretPair = file.pair(root, 'envFromSecret', doc);
    const secret = scalarString(secretPair?.value);
    const fromSecret: EnvVar[] = secret ? [{ name: 'EMQX_NODE__COOKIE', value: '', source: 'kubernetes', location: file.location(secretPair!.keyNode), unresolved: true }] : [];
    const replicasText = scalarString(file.get(root, 'replicaCount', doc));
    const replicas = replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : 3;
    // With the release known, the pods' names as the chart gives them (helmChart.ts).
    let named: { fullname: string; host?: (pod: string) => EnvVar } | undefined;
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
        // Still unnamed with the chart's variables: a naming variable of the values is not known here, or the entrypoint uses the pod IP.
        const deciders = /^EMQX_(NAME|HOST|NODE_NAME|NODE__NAME|CLUSTER__.*)$/;
        nameUnknown = vars.some((v) => v.unresolved && deciders.test(v.name)) ? 'values' : 'pod-ip';
      }
    }
    for (let i = 0; i < Math.min(Math.max(replicas, 1), MAX_REPLICAS); i++) {
      const pod = `${named?.fullname ?? 'emqx'}-${i}`;
      // The variables of the ConfigMap, then the Secret (envFrom order), the chart's before the
      // user's; the StatefulSet's env: (EMQX_HOST) wins over both.
      const all = [...chartVars, ...vars, ...fromSecret, ...(named?.host ? [named.host(pod)] : [])];
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
        anchor: configPair ? file.location(configPair.keyNode) : imageLocation,
        imageLocation,
        nameUnknown: env.unresolved.includes('EMQX_NODE__NAME') ? nameUnknown : undefined,
      });
    }
  }
  return out;
}
