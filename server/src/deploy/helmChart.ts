/**
 * How EMQX's Helm chart names a release's pods and nodes, when the release
 * (name and namespace, which the values do not hold) is known: `ports
 * --release NAME --namespace NS`.
 *
 * Read in emqx/emqx `deploy/charts/emqx` and `emqx-enterprise` at every
 * release tag (`templates/_helpers.tpl`, `StatefulSet.yaml`,
 * `configmap.yaml`/`configmap.env.yaml`); the charts fall in four lines whose
 * naming templates are the same within a line:
 *
 *   4.4   4.4.12 – 4.4.19 (`emqx` chart): ConfigMap `EMQX_NAME=<release>`, the
 *         discovery variables for `EMQX_CLUSTER__DISCOVERY` (chart default
 *         `k8s`) under `svc.cluster.local`; the image's entrypoint builds the
 *         host. `extraEnv`/`extraEnvFrom` may set anything.
 *   5.0   5.0.17 – 5.8.0 (`emqx`; `emqx-enterprise` from 5.0.0): `EMQX_NAME=<release>`,
 *         the discovery variables for `EMQX_CLUSTER__DISCOVERY_STRATEGY` (chart
 *         default `dns`) under `svc.<clusterDomain>`; the entrypoint builds the host.
 *   5.8   5.8.1 – 5.x: as 5.0, and the StatefulSet's `env:` sets
 *         `EMQX_HOST=$(POD_NAME).<fullname>-headless.<namespace>.svc.cluster.local`.
 *   6     6.x (`emqx-enterprise` only): `EMQX_NAME=<fullname>`, dots of the
 *         fullname made dashes, and `EMQX_HOST` under `clusterDomain` from the
 *         releases with emqx/emqx PR #17877 (6.0.4, 6.1.3, 6.2.2, 6.3.0), under
 *         `cluster.local` before.
 *
 * The StatefulSet is `<fullname>` with `serviceName: <fullname>-headless`, its
 * pods `<fullname>-<ordinal>`. The fullname is `fullnameOverride`, else the
 * release when it contains the chart's name (`nameOverride` or the chart's),
 * else `<release>-<name>`; 63 characters at most, one trailing `-` trimmed.
 */
import { ImageRef, ImageVersion } from './image';
import { NameUnknown } from './model';

/** A Helm release: what `helm install NAME -n NAMESPACE` gives the chart beside the values. */
export interface HelmRelease {
  readonly name: string;
  /** `helm install` without `-n` uses the kube context's namespace, usually `default`. */
  readonly namespace: string;
}

export type ChartLine = '4.4' | '5.0' | '5.8' | '6';

/** What the values say that the chart's naming reads. */
export interface ChartValues {
  readonly nameOverride?: string;
  readonly fullnameOverride?: string;
  readonly clusterDomain: string;
  /** The variables emqxConfig gives (the chart's own names), in order. */
  readonly config: ReadonlyArray<{ readonly name: string; readonly key: string; readonly value?: string }>;
  /** `envFromSecret` is set (5.x and later charts): variables from a Secret not known here. */
  readonly envFromSecret: boolean;
  /** `extraEnv` or `extraEnvFrom` is set (4.4 charts): variables not read here. */
  readonly extraEnv: boolean;
}

export interface ReleaseNaming {
  readonly line: ChartLine;
  readonly fullname: string;
  /** The ConfigMap's variables the chart adds (before emqxConfig's), the default discovery strategy included. */
  readonly configMap: ReadonlyArray<readonly [string, string]>;
  /** The StatefulSet's `EMQX_HOST` of a pod (it wins over the ConfigMap), when the chart sets it. */
  readonly host?: (pod: string) => string;
}

/** The chart's `trunc 63 | trimSuffix "-"` (Sprig trims one `-`). */
function trunc63(s: string): string {
  const t = s.slice(0, 63);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

/** The chart line of the image's EMQX version (the chart is released with it, `image.tag` defaults to it). */
export function chartLine(image: ImageRef, version: ImageVersion): ChartLine | undefined {
  if (version.assumed) return undefined;
  const { major, minor, patch } = version.parsed;
  const full = version.version.split('.').length >= 3;
  const enterprise = image.repository.endsWith('emqx-enterprise');
  if (major >= 6) return '6';
  if (major === 5) {
    if (minor > 8 || (minor === 8 && full && patch >= 1)) return '5.8';
    if (minor === 8 && !full) return undefined;
    if (minor > 0 || enterprise || (full && patch >= 17)) return '5.0';
    return undefined;
  }
  if (major === 4 && minor === 4 && full && patch >= 12 && !enterprise && !image.repository.endsWith('emqx-ee')) return '4.4';
  return undefined;
}

/** Whether a 6.x chart writes `clusterDomain` into `EMQX_HOST`; undefined without a full version. */
function clusterDomainFixed(version: ImageVersion): boolean | undefined {
  const { major, minor, patch } = version.parsed;
  if (major > 6 || minor >= 3) return true;
  if (version.version.split('.').length < 3) return undefined;
  return patch >= [4, 3, 2][minor];
}

/** How the chart names the release's pods, or why that is not known here. */
export function releaseNaming(release: HelmRelease, image: ImageRef, version: ImageVersion, values: ChartValues): ReleaseNaming | { unknown: NameUnknown } {
  const line = chartLine(image, version);
  if (!line) return { unknown: 'chart-version' };
  if (line === '4.4' ? values.extraEnv : values.envFromSecret) return { unknown: 'values' };
  const chart = line === '6' || image.repository.endsWith('emqx-enterprise') ? 'emqx-enterprise' : 'emqx';
  let fullname: string;
  if (values.fullnameOverride) fullname = trunc63(values.fullnameOverride);
  else {
    const name = values.nameOverride || chart;
    const base = release.name.includes(name) ? release.name : `${release.name}-${name}`;
    fullname = line === '6' ? trunc63(base.slice(0, 63).replace(/\./g, '-')) : trunc63(base);
  }
  const headless = `${fullname}-headless`;
  const ns = release.namespace;
  // The chart's `if eq .Values.emqxConfig.<strategy key>` reads that exact key; the chart's values default it.
  const strategyKey = line === '4.4' ? 'EMQX_CLUSTER__DISCOVERY' : 'EMQX_CLUSTER__DISCOVERY_STRATEGY';
  const strategyVars = values.config.filter((v) => v.name === strategyKey);
  if (strategyVars.some((v) => v.key !== strategyKey || v.value === undefined)) return { unknown: 'values' };
  const strategy = strategyVars.length > 0 ? strategyVars[strategyVars.length - 1].value : line === '4.4' ? 'k8s' : 'dns';
  const configMap: Array<readonly [string, string]> = [['EMQX_NAME', line === '6' ? fullname : release.name]];
  if (strategyVars.length === 0) configMap.push([strategyKey, strategy!]);
  if (line === '4.4') {
    if (strategy === 'k8s') {
      configMap.push(
        ['EMQX_CLUSTER__K8S__APP_NAME', release.name],
        ['EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'],
        ['EMQX_CLUSTER__K8S__SERVICE_NAME', headless],
        ['EMQX_CLUSTER__K8S__NAMESPACE', ns],
        ['EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'],
        ['EMQX_CLUSTER__K8S__SUFFIX', 'svc.cluster.local'],
      );
    } else if (strategy === 'dns') {
      configMap.push(['EMQX_CLUSTER__DNS__APP', release.name], ['EMQX_CLUSTER__DNS__NAME', `${headless}.${ns}.svc.cluster.local`], ['EMQX_CLUSTER__DNS__TYPE', 'srv']);
    }
  } else if (strategy === 'k8s') {
    configMap.push(
      ['EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'],
      ['EMQX_CLUSTER__K8S__SERVICE_NAME', headless],
      ['EMQX_CLUSTER__K8S__NAMESPACE', ns],
      ['EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'],
      ['EMQX_CLUSTER__K8S__SUFFIX', `svc.${values.clusterDomain}`],
    );
  } else if (strategy === 'dns') {
    configMap.push(['EMQX_CLUSTER__DNS__NAME', `${headless}.${ns}.svc.${values.clusterDomain}`], ['EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv']);
  }
  // A variable of emqxConfig that the chart writes too is a duplicate key of the ConfigMap: which one holds is not known.
  if (values.config.some((v) => v.name !== strategyKey && configMap.some(([name]) => name === v.name))) return { unknown: 'values' };
  if (line === '4.4' || line === '5.0') return { line, fullname, configMap };
  let domain = 'cluster.local';
  if (line === '6' && values.clusterDomain !== 'cluster.local') {
    const fixed = clusterDomainFixed(version);
    if (fixed === undefined) return { unknown: 'chart-version' };
    if (fixed) domain = values.clusterDomain;
  }
  return { line, fullname, configMap, host: (pod) => `${pod}.${headless}.${ns}.svc.${domain}` };
}
