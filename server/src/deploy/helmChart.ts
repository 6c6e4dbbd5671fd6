/**
 * What EMQX's Helm chart deploys beside the values: its own `emqxConfig`
 * defaults and discovery variables (for every values file), and how it names a
 * release's pods and nodes when the release (name and namespace, which the
 * values do not hold) is known: `ports`/`check --release NAME --namespace NS`.
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
 *   5.8   5.8.1 – 5.10.4 (every 5.x release since): as 5.0, and the StatefulSet's
 *         `env:` sets `EMQX_HOST=$(POD_NAME).<fullname>-headless.<namespace>.svc.cluster.local`,
 *         whatever `clusterDomain` says.
 *   6     6.x (`emqx-enterprise` only): `EMQX_NAME=<fullname>`, dots of the
 *         fullname made dashes, and `EMQX_HOST` under `clusterDomain` from the
 *         releases with emqx/emqx PR #17877 (6.1.4; 6.0.4, 6.2.3 and 6.3.0 from their branches), under
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

/**
 * Whether the chart released with this EMQX version writes `clusterDomain` into the
 * `EMQX_HOST` of its StatefulSet (`templates/StatefulSet.yaml`):
 *
 * - `no-host`: the chart sets no `EMQX_HOST` (before 5.8.1; the entrypoint builds the host
 *   from the discovery variables, which follow `clusterDomain` from 5.0.17), or has no
 *   `clusterDomain` value at all (4.x, the `emqx` chart before 5.0.17);
 * - `ignored`: `svc.cluster.local` written out: every 5.x release from 5.8.1 (both charts,
 *   read up to 5.10.4 and the 5.x branches' heads: no 5.x chart has the fix), and 6.x before
 *   emqx/emqx PR #17877, merged after 6.1.3 and 6.2.2 were tagged: 6.0.0–6.0.3,
 *   6.1.0–6.1.3, 6.2.0–6.2.2 (and 6.3.0-beta.1);
 * - `followed`: 6.1.4 (its release notes list the PR), and from the 6.0, 6.2 and 6.3
 *   branches, whose heads have the fix, 6.0.4, 6.2.3, 6.3.0 and later;
 * - `unknown`: the tag names no release precisely enough (`5.8`, `6.1`, `latest`).
 */
export type HostDomain = 'no-host' | 'ignored' | 'followed' | 'unknown';

export function hostClusterDomain(version: ImageVersion): HostDomain {
  if (version.assumed) return 'unknown';
  const { major, minor, patch } = version.parsed;
  const full = version.version.split('.').length >= 3;
  if (major < 5) return 'no-host';
  if (major === 5) {
    if (minor < 8) return 'no-host';
    if (minor > 8) return 'ignored';
    if (!full) return 'unknown';
    return patch >= 1 ? 'ignored' : 'no-host';
  }
  if (major > 6 || minor >= 3) return 'followed';
  if (!full) return 'unknown';
  return patch >= [4, 4, 3][minor] ? 'followed' : 'ignored';
}

/** The emqxConfig key whose value the ConfigMap template compares (`eq .Values.emqxConfig.<key>`) to add the discovery variables. */
export const STRATEGY_KEY: Readonly<Record<ChartLine, string>> = {
  '4.4': 'EMQX_CLUSTER__DISCOVERY',
  '5.0': 'EMQX_CLUSTER__DISCOVERY_STRATEGY',
  '5.8': 'EMQX_CLUSTER__DISCOVERY_STRATEGY',
  '6': 'EMQX_CLUSTER__DISCOVERY_STRATEGY',
};

const DEFAULT_5X: ReadonlyArray<readonly [string, string]> = [
  ['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'dns'],
  ['EMQX_DASHBOARD__DEFAULT_USERNAME', 'admin'],
  ['EMQX_DASHBOARD__DEFAULT_PASSWORD', 'public'],
];

/**
 * The chart's own `emqxConfig` in `values.yaml`, the same in every release of a line
 * (4.4.12–4.4.19; 5.0.0–5.10.4 and 6.0.0–6.0.1 of both charts, and the 6.x branches up to 6.3).
 * Helm merges the values file's `emqxConfig` over it key by key, so these reach the
 * ConfigMap unless the values file has the same key (a `null` deletes it, an empty value
 * is skipped by the template).
 */
export const CHART_DEFAULT_CONFIG: Readonly<Record<ChartLine, ReadonlyArray<readonly [string, string]>>> = {
  '4.4': [
    ['EMQX_CLUSTER__DISCOVERY', 'k8s'],
    ['EMQX_MANAGEMENT__DEFAULT_APPLICATION__ID', 'admin'],
    ['EMQX_MANAGEMENT__DEFAULT_APPLICATION__SECRET', 'public'],
  ],
  '5.0': DEFAULT_5X,
  '5.8': DEFAULT_5X,
  '6': DEFAULT_5X,
};

function defaultOf(line: ChartLine, key: string): string | undefined {
  return CHART_DEFAULT_CONFIG[line].find(([k]) => k === key)?.[1];
}

/**
 * The chart line a values file is read by: the image's release's; for a tag without a
 * version, the line of the version the checks assume (the newest they know).
 */
export function defaultsLine(image: ImageRef, version: ImageVersion): ChartLine | undefined {
  const line = chartLine(image, version);
  if (line || !version.assumed) return line;
  return version.parsed.major >= 6 ? '6' : version.parsed.major === 5 ? '5.8' : undefined;
}

/** Whether the chart's StatefulSet sets `EMQX_HOST` in `env:` (from 5.8.1), which wins over the ConfigMap. */
export function chartSetsHost(line: ChartLine): boolean {
  return line === '5.8' || line === '6';
}

/**
 * The discovery variables the ConfigMap adds for a strategy (`templates/configmap.yaml`,
 * 4.4: `configmap.env.yaml`). Without the release, a value built from its name or
 * namespace is undefined: set, value unknown.
 */
export function discoveryVars(
  line: ChartLine,
  strategy: string | undefined,
  clusterDomain: string,
  named?: { readonly release: HelmRelease; readonly headless: string },
): Array<readonly [string, string | undefined]> {
  const rel = named?.release.name;
  const ns = named?.release.namespace;
  const headless = named?.headless;
  const under = (domain: string) => (named ? `${headless}.${ns}.svc.${domain}` : undefined);
  if (line === '4.4') {
    if (strategy === 'k8s') {
      return [
        ['EMQX_CLUSTER__K8S__APP_NAME', rel],
        ['EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'],
        ['EMQX_CLUSTER__K8S__SERVICE_NAME', headless],
        ['EMQX_CLUSTER__K8S__NAMESPACE', ns],
        ['EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'],
        ['EMQX_CLUSTER__K8S__SUFFIX', 'svc.cluster.local'],
      ];
    }
    if (strategy === 'dns')
      return [
        ['EMQX_CLUSTER__DNS__APP', rel],
        ['EMQX_CLUSTER__DNS__NAME', under('cluster.local')],
        ['EMQX_CLUSTER__DNS__TYPE', 'srv'],
      ];
    return [];
  }
  if (strategy === 'k8s') {
    return [
      ['EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'],
      ['EMQX_CLUSTER__K8S__SERVICE_NAME', headless],
      ['EMQX_CLUSTER__K8S__NAMESPACE', ns],
      ['EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'hostname'],
      ['EMQX_CLUSTER__K8S__SUFFIX', `svc.${clusterDomain}`],
    ];
  }
  if (strategy === 'dns')
    return [
      ['EMQX_CLUSTER__DNS__NAME', under(clusterDomain)],
      ['EMQX_CLUSTER__DNS__RECORD_TYPE', 'srv'],
    ];
  return [];
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
  const strategyKey = STRATEGY_KEY[line];
  const strategyVars = values.config.filter((v) => v.name === strategyKey);
  if (strategyVars.some((v) => v.key !== strategyKey || v.value === undefined)) return { unknown: 'values' };
  const strategy = strategyVars.length > 0 ? strategyVars[strategyVars.length - 1].value : defaultOf(line, strategyKey);
  const configMap: Array<readonly [string, string]> = [['EMQX_NAME', line === '6' ? fullname : release.name]];
  if (strategyVars.length === 0) configMap.push([strategyKey, strategy!]);
  for (const [name, value] of discoveryVars(line, strategy, values.clusterDomain, { release, headless })) configMap.push([name, value!]);
  // A variable of emqxConfig that the chart writes too is a duplicate key of the ConfigMap: which one holds is not known.
  if (values.config.some((v) => v.name !== strategyKey && configMap.some(([name]) => name === v.name))) return { unknown: 'values' };
  if (line === '4.4' || line === '5.0') return { line, fullname, configMap };
  let domain = 'cluster.local';
  if (line === '6' && values.clusterDomain !== 'cluster.local') {
    const host = hostClusterDomain(version);
    if (host === 'unknown') return { unknown: 'chart-version' };
    if (host === 'followed') domain = values.clusterDomain;
  }
  return { line, fullname, configMap, host: (pod) => `${pod}.${headless}.${ns}.svc.${domain}` };
}
