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
 * (`ports --release`), the pods are named as the chart names them (`chartNaming`).
 */
import { isMap, isSeq, Document } from './yamlLib';
import { EnvVar } from '../cluster/env';
import { ImageRef, ImageVersion, imageVersion, parseImage } from './image';
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

/** A Helm release: what `helm install NAME -n NAMESPACE` gives the chart beside the values. */
export interface HelmRelease {
  readonly name: string;
  /** `helm install` without `-n` uses the kube context's namespace, usually `default`. */
  readonly namespace: string;
}

/** The chart's `trunc 63 | trimSuffix "-"` (Sprig trims one `-`). */
function trunc63(s: string): string {
  const t = s.slice(0, 63);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

/**
 * How the chart released with this EMQX version names a release's pods and nodes, or why that is
 * not known here. Read in emqx/emqx `deploy/charts/emqx*` (`templates/_helpers.tpl`,
 * `StatefulSet.yaml`, `configmap.yaml`): from 5.8.1 (and every 5.9, 5.10 enterprise chart) the
 * StatefulSet sets `EMQX_HOST=$(POD_NAME).<fullname>-headless.<namespace>.svc.cluster.local` and the
 * ConfigMap `EMQX_NAME=<release>`; from 6.0 `EMQX_NAME=<fullname>`, dots in the fullname become dashes,
 * and charts with the fix of PR #17877 (6.0.4, 6.1.3, 6.2.2, 6.3.0) use `clusterDomain` in `EMQX_HOST`.
 * The StatefulSet is `<fullname>`, its pods `<fullname>-<ordinal>`. Before 5.8.1 the image's entrypoint
 * chose the host from the discovery settings and the chart's defaults, which this does not follow.
 */
export function chartNaming(
  release: HelmRelease,
  image: ImageRef,
  version: ImageVersion,
  values: { nameOverride?: string; fullnameOverride?: string; clusterDomain: string },
): { fullname: string; emqxName: string; hostDomain: string } | { unknown: NameUnknown } {
  if (version.assumed) return { unknown: 'chart-version' };
  const { major, minor, patch } = version.parsed;
  const full = version.version.split('.').length >= 3;
  const v6 = major >= 6;
  if (major < 5 || (major === 5 && (minor < 8 || (minor === 8 && (!full || patch < 1))))) return { unknown: 'chart-version' };
  let hostDomain = 'cluster.local';
  if (v6 && values.clusterDomain !== 'cluster.local') {
    const fixedFrom = minor < 3 ? [4, 3, 2][minor] : 0;
    if (major === 6 && minor < 3 && !full) return { unknown: 'chart-version' };
    if (major > 6 || minor >= 3 || patch >= fixedFrom) hostDomain = values.clusterDomain;
  }
  // Only the enterprise chart exists from 6.0 on.
  const chart = v6 || image.repository.endsWith('emqx-enterprise') ? 'emqx-enterprise' : 'emqx';
  let fullname: string;
  if (values.fullnameOverride) fullname = trunc63(values.fullnameOverride);
  else {
    const name = values.nameOverride || chart;
    const base = release.name.includes(name) ? release.name : `${release.name}-${name}`;
    fullname = v6 ? trunc63(base.slice(0, 63).replace(/\./g, '-')) : trunc63(base);
  }
  return { fullname, emqxName: v6 ? fullname : release.name, hostDomain };
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
    // With the release known, the pods' names as the chart gives them (see chartNaming).
    let named: { fullname: string; host: (pod: string) => EnvVar } | undefined;
    let nameUnknown: NameUnknown | undefined = release ? undefined : 'release';
    if (release) {
      const override = (key: string): string | undefined => scalarString(file.get(root, key, doc));
      const naming = chartNaming(release, image, version, { nameOverride: override('nameOverride'), fullnameOverride: override('fullnameOverride'), clusterDomain: domain });
      // A name part or node name set in the values, or variables from a Secret, may name the node otherwise.
      const overridden = vars.some((v) => ['EMQX_NAME', 'EMQX_NODE__NAME', 'EMQX_NODE_NAME'].includes(v.name)) || secret !== undefined;
      const templated = [override('nameOverride'), override('fullnameOverride')].some((v) => v !== undefined && isTemplated(v));
      if ('unknown' in naming) nameUnknown = naming.unknown;
      else if (overridden || templated) nameUnknown = 'values';
      else {
        const headless = `${naming.fullname}-headless`;
        chartVars[0] = { name: 'EMQX_NAME', value: naming.emqxName, source: 'kubernetes', location: imageLocation };
        if (strategy === 'dns') chartVars.push(at('EMQX_CLUSTER__DNS__NAME', `${headless}.${release.namespace}.svc.${domain}`));
        if (strategy === 'k8s') chartVars.push(at('EMQX_CLUSTER__K8S__SERVICE_NAME', headless), at('EMQX_CLUSTER__K8S__NAMESPACE', release.namespace));
        named = {
          fullname: naming.fullname,
          host: (pod) => ({ name: 'EMQX_HOST', value: `${pod}.${headless}.${release.namespace}.svc.${naming.hostDomain}`, source: 'kubernetes', location: imageLocation }),
        };
      }
    }
    for (let i = 0; i < Math.min(Math.max(replicas, 1), MAX_REPLICAS); i++) {
      const pod = `${named?.fullname ?? 'emqx'}-${i}`;
      // The variables of the ConfigMap, then the Secret (envFrom order), the chart's before the
      // user's; the StatefulSet's env: (EMQX_HOST) wins over both.
      const all = [...chartVars, ...vars, ...fromSecret, ...(named ? [named.host(pod)] : [])];
      const env = nodeEnv({ vars: all, version, docker: image.official, hostname: pod, addressStandIn: pod, imageLocation });
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
        nameUnknown: env.unresolved.includes('EMQX_NODE__NAME') ? (nameUnknown ?? 'values') : undefined,
      });
    }
  }
  return out;
}
