/**
 * The node model of a deployment file: each compose service, each
 * StatefulSet replica, each Operator core or replicant pod, each replica of
 * the Helm chart becomes a `DeployNode` with the config it reads and the
 * `EMQX_*` variables it runs with, every variable located where it is
 * written (or, when the image or the operator sets it, on the line that
 * makes it do so).
 */
import { EnvVar } from '../cluster/env';
import { NodeContainer } from '../emqx/container';
import { Location } from '../syntax/position';
import { ComposeFileNetworking, ComposeNetworking } from './composeNetwork';
import { ImageRef, ImageVersion } from './image';

export type DeployFormat = 'compose' | 'kubernetes' | 'operator' | 'helm-values' | 'dockerfile';

/** The config file a node reads as its etc/emqx.conf. */
export type NodeConfig =
  /** A file on disk mounted into the container (compose volume); findings land in it. */
  | { readonly kind: 'file'; readonly path: string }
  /**
   * HOCON written inside the YAML (an Operator's `spec.config.data`, a ConfigMap's
   * `emqx.conf`): `text` is the block's lines as written (indentation kept, so columns
   * are the YAML's), its line 0 being line `lineOffset` of the YAML file.
   */
  | { readonly kind: 'embedded'; readonly text: string; readonly lineOffset: number }
  /** The image's own etc/emqx.conf (nothing mounted). */
  | { readonly kind: 'image' };

/** Where a quick fix can add a variable: the `environment:`/`env:` block of the node. */
export interface EnvBlock {
  /** `map` (`KEY: value`), `list` (`- KEY=value`, compose) or `k8s` (`- name: KEY` + `value:`). */
  readonly style: 'map' | 'list' | 'k8s';
  /** Offset in the YAML text where a new line is inserted (the start of the line after the block's last entry). */
  readonly insertOffset: number;
  /** The indentation of the block's entries. */
  readonly indent: string;
}

/**
 * What decides the name the image's entrypoint gives a node, for the node-name rules
 * (naming.ts): the variables as the entrypoint sees them and the container's place.
 */
export interface NodeNaming {
  /** The deployment's `EMQX_*` variables by upper-cased name; undefined = set, value unknown. */
  readonly env: ReadonlyMap<string, string | undefined>;
  readonly hostname?: string;
  /** A static container address (compose `ipv4_address`). */
  readonly ip?: string;
  /** The container uses the host's or another container's network (`network_mode`, `hostNetwork`): its address is not its own. */
  readonly sharedNetwork?: boolean;
  /** Dotted names the other containers resolve this one by (compose network aliases). */
  readonly aliases?: readonly string[];
  /** EMQX's data folder (`/opt/emqx/data`, where `mnesia/<node name>` lives) is kept on a volume. */
  readonly dataVolume?: Location;
  /** The Kubernetes workload that runs the pod. */
  readonly workload?: {
    readonly kind: string;
    /** The pod's name when it is stable (a StatefulSet's `<name>-<ordinal>`, a Pod). */
    readonly pod?: string;
    /** A StatefulSet's `serviceName`, or the pod template's `subdomain`. */
    readonly subdomain?: string;
    /** `metadata.namespace`, when written. */
    readonly namespace?: string;
    /** Headless Services (`clusterIP: None`) of the file whose selector matches the pod labels. */
    readonly headless: readonly string[];
  };
}

export interface DeployNode {
  readonly format: DeployFormat;
  /** The YAML file (as the caller names files). */
  readonly file: string;
  /** The unit inside the file: a compose service, `StatefulSet/emqx`, `EMQX/emqx core`. */
  readonly unit: string;
  /** This node among the unit's replicas: `emqx-0`; the unit itself when it has one node. */
  readonly label: string;
  /** Nodes with the same key form one cluster (one compose file, one StatefulSet, one Operator resource). */
  readonly cluster: string;
  readonly image?: ImageRef;
  readonly version: ImageVersion;
  /** Runs EMQX's official image (its entrypoint's variables apply). */
  readonly docker: boolean;
  /** Variables with a known value, in the order they apply (later wins). */
  readonly env: readonly EnvVar[];
  /** Names of variables set to a value that cannot be known here (a Secret, an unset `${VAR}`, a template). */
  readonly unresolved: readonly string[];
  /** What decides the name the image's entrypoint builds (official images only). */
  readonly naming?: NodeNaming;
  readonly config: NodeConfig;
  /**
   * The node's container as the deployment file shows it (compose `volumes:`): where the
   * node's ssl_dist.conf is. Absent: not read (the node's etc folder is treated as unknown).
   */
  readonly container?: NodeContainer;
  /** Where findings about what the node lacks go: its `environment:`/`env:` key, else its `image:` line. */
  readonly anchor: Location;
  /** The image line (for the version note). */
  readonly imageLocation?: Location;
  readonly envBlock?: EnvBlock;
  /** A compose service's ports, network mode and networks. */
  readonly network?: ComposeNetworking;
  /** What the services of the node's compose file share (their names, the networks' subnets). */
  readonly composeNetworking?: ComposeFileNetworking;
  /** Helm values: why the node's name is not known (for `ports`, which can take the release). */
  readonly nameUnknown?: NameUnknown;
}

/**
 * Why a Helm release's node names are not known: the release is not given, the chart of the
 * image's EMQX version is not one whose naming is read (helmChart.ts), the values may name the
 * node otherwise (a variable the chart writes too, variables from a Secret), or the chart leaves
 * the name to the image's entrypoint, which names the node after the pod IP (`pod-ip`).
 */
export type NameUnknown = 'release' | 'chart-version' | 'values' | 'pod-ip';

/** Reading one deployment file: its nodes, or the problem that stopped the reading. */
export interface DeployRead {
  readonly format?: DeployFormat;
  readonly nodes: readonly DeployNode[];
  /** Files the nodes read besides the YAML (a `.env`, env_file entries, mounted configs). */
  readonly related: readonly string[];
}

/** Variables are matched by upper-cased name, the last definition winning, as the container runtime does. */
export function envMap(vars: readonly EnvVar[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const v of vars) out.set(v.name.toUpperCase(), v.unresolved ? undefined : v.value);
  return out;
}
