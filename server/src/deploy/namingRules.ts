/**
 * Metadata and messages of the node-name rules of deployments (their checks
 * are in naming.ts): the same `RuleMeta` as the other rules; `deployRules`
 * lists them.
 */
import { t } from '../l10n';
import { MessageArg as Arg, RuleMessages, RuleMeta } from '../rules/types';

/** What `docker-node-name-from-ip` says: the finding is `fromIp`, with one or more reasons and one piece of advice. */
export const nodeNameFromIpMessages = {
  fromIp: (name: Arg, reasons: Arg, advice: Arg) =>
    t(
      "The image's entrypoint names this node {0}, after the container's IP address (no node name or EMQX_HOST it takes is set), and that name changes whenever the container is recreated. {1} {2}",
      name,
      reasons,
      advice,
    ),
  configIgnored: (configName: Arg) => t("The node.name {0} in the mounted emqx.conf is ignored: the entrypoint's name wins over it.", configName),
  staticSeeds: () => t('Static discovery cannot list such a name in cluster.static.seeds, so the seeds never match this node.'),
  dataVolume: () => t('Each new name starts an empty mnesia/<node name> folder in the kept data volume, so the node comes back without the data it stored there.'),
  legacyIgnored: () => t('The 4.x image ignores EMQX_NODE__NAME: its entrypoint always exports EMQX_NODE_NAME, which wins.'),
  setName: (variable: Arg, name: Arg) => t('Set {0}={1}, a name the other nodes resolve.', variable, name),
  setNameGeneric: (variable: Arg) => t('Set {0} to name@host with a DNS name (with a dot) that stays the same and that the other nodes resolve.', variable),
  setHost: (host: Arg) => t('Set EMQX_HOST={0} (POD_NAME from the pod name) so each pod keeps the FQDN its headless Service gives it.', host),
  useStatefulSetWith: (kind: Arg, service: Arg) =>
    t("A {0}'s pods have no stable name, even under the headless Service {1}: run EMQX as a StatefulSet with serviceName: {1} and set EMQX_HOST to each pod's FQDN.", kind, service),
  useStatefulSet: (kind: Arg) => t("A {0}'s pods have no stable name: run EMQX as a StatefulSet with a headless Service and set EMQX_HOST to each pod's FQDN.", kind),
} satisfies RuleMessages;

/** What `k8s-hostname-without-statefulset` says. */
export const k8sHostnameMessages = {
  exits: (kind: Arg) =>
    t(
      "k8s discovery with address_type = hostname needs pods with a stable hostname under a headless Service (a StatefulSet whose serviceName names it). The pods of this {0} have none: the image's entrypoint finds no FQDN for the pod in /etc/hosts and the container exits before EMQX starts, and Kubernetes lists no hostname for them in the Service's endpoints. Run EMQX as a StatefulSet with a headless Service, or use address_type = ip.",
      kind,
    ),
  noPeers: (kind: Arg) =>
    t(
      "k8s discovery with address_type = hostname needs pods with a stable hostname under a headless Service (a StatefulSet whose serviceName names it). The pods of this {0} have none, so Kubernetes lists no hostname for them in the Service's endpoints and discovery finds no peers. Run EMQX as a StatefulSet with a headless Service, or use address_type = ip.",
      kind,
    ),
} satisfies RuleMessages;

/** What `k8s-node-name-mismatch` says. */
export const k8sMismatchMessages = {
  mismatch: (addressType: Arg, peers: Arg, own: Arg, advice: Arg) =>
    t(
      'With k8s discovery (address_type = {0}) EMQX names the peers it finds {1}, but this node is named {2}: the names never match, so the pods never form a cluster. {3}',
      addressType,
      peers,
      own,
      advice,
    ),
  setSuffix: (suffix: Arg, emqxDefault: Arg) =>
    t(
      "Set EMQX_CLUSTER__K8S__SUFFIX={0}: the image's entrypoint names the node with that suffix when the variable is not set, but does not pass it on to EMQX, whose own default is {1}.",
      suffix,
      emqxDefault,
    ),
  nameLikePeersIp: () =>
    t('Leave EMQX_NODE__NAME and EMQX_HOST unset (the entrypoint then names the node after the pod IP), or use address_type = hostname with a StatefulSet and its headless Service.'),
  nameLikePeers: () =>
    t(
      'Name the node the way discovery names its peers: leave EMQX_NODE__NAME and EMQX_HOST unset and set EMQX_CLUSTER__K8S__NAMESPACE (and EMQX_CLUSTER__K8S__SUFFIX) for the entrypoint, or change address_type.',
    ),
} satisfies RuleMessages;

/** What `helm-cluster-domain-ignored` says. */
export const helmClusterDomainMessages = {
  affected: (domain: Arg, version: Arg) =>
    t(
      'clusterDomain is {0}, but the chart released with EMQX {1} (image.tag) ignores it for EMQX_HOST and names every pod <pod>.<release>-headless.<namespace>.svc.cluster.local: on a cluster whose domain is {0} that name does not resolve, the node does not answer pings even alone and the pods never form a cluster. Upgrade the chart (fixed in 6.0.4, 6.1.4, 6.2.3 and 6.3.0).',
      domain,
      version,
    ),
  affected5: (domain: Arg, version: Arg) =>
    t(
      'clusterDomain is {0}, but the chart released with EMQX {1} (image.tag) ignores it for EMQX_HOST and names every pod <pod>.<release>-headless.<namespace>.svc.cluster.local: on a cluster whose domain is {0} that name does not resolve, the node does not answer pings even alone and the pods never form a cluster. No 5.x chart from 5.8.1 on has the fix, and the values cannot override EMQX_HOST: use a chart released with 6.0.4, 6.1.4, 6.2.3, 6.3.0 or later, or change EMQX_HOST in the rendered StatefulSet.',
      domain,
      version,
    ),
  ifOlder: (domain: Arg) =>
    t(
      'clusterDomain is {0}: the charts of EMQX 5.8.1 to 5.10.x and of 6.x before 6.0.4, 6.1.4, 6.2.3 and 6.3.0 ignore it for EMQX_HOST and name every pod <pod>.<release>-headless.<namespace>.svc.cluster.local, a name that does not resolve on such a cluster, so the pods never form a cluster. Install a chart with the fix, and pin image.tag to its version.',
      domain,
    ),
} satisfies RuleMessages;

const ENTRYPOINT_REFS = [
  { repo: 'emqx/emqx', file: 'deploy/docker/docker-entrypoint.sh', release: 'v5.8.9' },
  { repo: 'emqx/emqx', file: 'deploy/docker/docker-entrypoint.sh', release: 'v4.4.19' },
  { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' },
];

export const nodeNameRules: readonly RuleMeta[] = [
  {
    id: 'helm-cluster-domain-ignored',
    defaultSeverity: 'warning',
    title: "The Helm chart ignores clusterDomain in the pods' node names",
    messages: helmClusterDomainMessages,
    why:
      "Reports a values file of EMQX's Helm chart that sets `clusterDomain` to something other than `cluster.local`, when `image.tag` names a release whose chart writes `cluster.local` into the pods' node names. " +
      "The charts use `clusterDomain` (added in 5.0.17) for discovery (`EMQX_CLUSTER__DNS__NAME`, `EMQX_CLUSTER__K8S__SUFFIX` in `templates/configmap.yaml`). From 5.8.1 their `templates/StatefulSet.yaml` also sets each pod's `EMQX_HOST`, as `$(POD_NAME).<fullname>-headless.<namespace>.svc.cluster.local`: in every 5.x release of the `emqx` and `emqx-enterprise` charts from 5.8.1 (read at v5.8.1, v5.8.9, e5.8.11, e5.9.3 and e5.10.4; no 5.x chart has the fix), and in 6.x until emqx/emqx PR #17877 (issue #17876) made it `svc.<clusterDomain>`. The PR was merged after 6.1.3 and 6.2.2 had been tagged (both still write `cluster.local`, as do 6.0.3 and 6.3.0-beta.1): the first release with the fix is 6.1.4, whose release notes list it; the heads of the 6.0, 6.2 and 6.3 branches have it too, so their next releases (6.0.4, 6.2.3, 6.3.0) do. " +
      'On a cluster whose DNS domain is not `cluster.local` that name has no DNS record: the node cannot reach itself by its own name (`not responding to pings`, even with one pod) and discovery finds peers under the real domain while the nodes are named under `cluster.local`, so no cluster forms. ' +
      'The values cannot override it (the chart sets `EMQX_HOST` in `env:`, which wins over the ConfigMap). ' +
      'Charts before 5.8.1 set no `EMQX_HOST` (the entrypoint builds the host from the discovery variables, which follow `clusterDomain`) and are not reported; nor are 4.x charts and the `emqx` chart before 5.0.17, which have no `clusterDomain` value. ' +
      'When `image.tag` names no release precisely enough (`5.8`, `6.1`, `latest`) the message says which chart releases are affected.',
    fix: 'Install a chart released with the fix (6.0.4, 6.1.4, 6.2.3, 6.3.0 or later) and pin `image.tag` to that version; with a 5.x chart from 5.8.1, render the chart (`helm template`) and change `EMQX_HOST` in the StatefulSet, or use the cluster domain `cluster.local`.',
    fixKind: 'none',
    versions: {
      spans: [
        { from: '5.8.1', to: '5.10.4' },
        { from: '6.0.0', to: '6.0.3' },
        { from: '6.1.0', to: '6.1.3' },
        { from: '6.2.0', to: '6.2.2' },
      ],
      note: 'The chart version is the EMQX version of `image.tag` (the chart is released with EMQX and defaults `image.tag` to its appVersion). Every 5.x chart from 5.8.1 is affected (5.10.4 is the newest 5.x release read); 6.x is fixed in 6.1.4 and, from their branches, 6.0.4, 6.2.3 and 6.3.0 (emqx/emqx PR #17877; the 6.1.3 and 6.2.2 tags predate it).',
    },
    references: [
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx/templates/StatefulSet.yaml', release: 'v5.8.0' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx/templates/StatefulSet.yaml', release: 'v5.8.1' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx/templates/StatefulSet.yaml', release: 'v5.8.9' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx-enterprise/templates/StatefulSet.yaml', release: 'e5.10.4' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx/values.yaml', release: 'v5.0.17' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx-enterprise/templates/StatefulSet.yaml', release: '6.2.2' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx-enterprise/templates/StatefulSet.yaml', release: '6.1.4' },
      { repo: 'emqx/emqx', file: 'changes/6.1.4.en.md', release: '6.1.4' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx-enterprise/templates/configmap.yaml', release: 'e6.0.1' },
    ],
  },
  {
    id: 'docker-node-name-from-ip',
    defaultSeverity: 'warning',
    title: "The image's entrypoint names the node after the container's IP address",
    messages: nodeNameFromIpMessages,
    why:
      'Reports a docker-compose service or Kubernetes container of the official EMQX image that sets no node name: no `EMQX_NODE__NAME` or `EMQX_NODE_NAME` (4.x: no `EMQX_NODE_NAME`; `EMQX_NODE__NAME` does not count there) and no `EMQX_HOST`. ' +
      "The image's entrypoint then exports `EMQX_NODE_NAME=<EMQX_NAME>@<container IP>` (`EMQX_NAME` is `emqx` in 5.x and later, the container's hostname in 4.x; with k8s discovery on `dns` addresses, the IP with dashes under the namespace), and that variable wins over `node.name` in a mounted `emqx.conf`. " +
      'The address changes when the container or pod is recreated, and so does the name. It is reported when the deployment shows that this breaks something: a `node.name` in the mounted config that is silently ignored, `static` discovery (the seeds can never name the node), or a data volume kept across recreations (each name starts a new, empty `mnesia/<node name>` folder, and the old name stays in the cluster as a stopped node). ' +
      "A container with a fixed address (compose `ipv4_address`) or on the host's network keeps its name and is not reported, nor is a node whose variables may come from where the file does not show (`envFrom` an object outside the manifest, an `env_file` that cannot be read, `extends:`).",
    fix:
      'Set `EMQX_NODE__NAME=emqx@<DNS name>` (4.x: `EMQX_NODE_NAME`) with a dotted name the other nodes resolve: in compose a network alias such as `node1.emqx.io`; in Kubernetes a StatefulSet with a headless Service and `EMQX_HOST=$(POD_NAME).<service>.<namespace>.svc.cluster.local`. ' +
      'The quick fix adds the variable to a compose service that has a dotted network alias or `hostname:`; review it, since a node with a new name starts with an empty `mnesia` folder.',
    fixKind: 'unsafe',
    versions: {
      spans: [],
      note: "5.x and later: `EMQX_NODE_NAME` or `EMQX_NODE__NAME` stops the entrypoint. 4.x: only `EMQX_NODE_NAME` (or `EMQX_HOST`) does; the entrypoint sets `EMQX_NODE_NAME` whatever `EMQX_NODE__NAME` says, and the name part defaults to the container's hostname.",
    },
    references: [...ENTRYPOINT_REFS, { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  },
  {
    id: 'k8s-hostname-without-statefulset',
    defaultSeverity: 'error',
    title: 'k8s discovery with address_type = hostname on pods without a stable hostname',
    messages: k8sHostnameMessages,
    why:
      'Reports `EMQX_CLUSTER__DISCOVERY_STRATEGY=k8s` (4.x: `EMQX_CLUSTER__DISCOVERY`) with `EMQX_CLUSTER__K8S__ADDRESS_TYPE=hostname` on a Deployment, DaemonSet or ReplicaSet. ' +
      "ekka's k8s strategy names each peer `<name>@<hostname>.<service_name>.<namespace>.<suffix>` from the `hostname` of the Service's endpoints, which Kubernetes fills in only for pods with a `hostname` and a `subdomain` naming that Service: a StatefulSet's pods (its `serviceName`), not a Deployment's. " +
      'Without a node name set, the image\'s entrypoint looks for the pod\'s FQDN (`<hostname>.*.<namespace>.<suffix>`) in `/etc/hosts` to build `EMQX_HOST`; such pods have none there, so the entrypoint exits ("Failed to determine EMQX node host" in newer images; a silent exit under `set -e` in older ones) and the container restarts in a loop.',
    fix: 'Run EMQX as a StatefulSet whose `serviceName` is a headless Service (`clusterIP: None`) selecting its pods, with `EMQX_CLUSTER__K8S__SERVICE_NAME` naming that Service; or use `address_type = ip` (or `dns`), which works with any pod.',
    fixKind: 'none',
    versions: { spans: [] },
    references: [
      ...ENTRYPOINT_REFS,
      { repo: 'emqx/ekka', file: 'src/ekka_cluster_k8s.erl', release: '0.23.2' },
      { repo: 'emqx/emqx', file: 'deploy/charts/emqx/templates/StatefulSet.yaml', release: 'v5.8.9' },
    ],
  },
  {
    id: 'k8s-node-name-mismatch',
    defaultSeverity: 'error',
    title: 'The node name is not the name k8s discovery gives the peers',
    messages: k8sMismatchMessages,
    why:
      "With `cluster.discovery_strategy = k8s`, ekka reads the Service's endpoints and names each peer `<name part>@<host>`: the pod IP for `address_type = ip`, `<a-b-c-d>.<namespace>.<suffix>` (the IP with dashes) for `dns`, `<hostname>.<service_name>.<namespace>.<suffix>` for `hostname` (no suffix part when `suffix` is empty). " +
      "A node whose own name has another host (an IP where a DNS name is expected, another namespace, suffix or Service, an FQDN where the IP is expected) is never the node the others try to join, so the pods never cluster. EMQX's own defaults are `address_type = ip`, `namespace = default`, `service_name = emqx`, `suffix = pod.local`. " +
      "A frequent cause: the image's entrypoint builds the node name with the suffix `pod.cluster.local` (dns) or `svc.cluster.local` (hostname) when `EMQX_CLUSTER__K8S__SUFFIX` is not set, but does not export that default, so EMQX discovers peers under `pod.local`. Reported for 5.x and later, on the variable that sets the name or the address type.",
    fix: 'Set `EMQX_CLUSTER__K8S__SUFFIX` (and `EMQX_CLUSTER__K8S__NAMESPACE`) explicitly, leave the node name to the entrypoint, or write the node name in the shape the message shows.',
    fixKind: 'none',
    versions: { spans: [{ from: '5.0' }], note: 'Names are compared for 5.x and later; 4.x takes the name part and suffix from other settings (`cluster.k8s.app_name`, an empty default suffix).' },
    references: [
      ...ENTRYPOINT_REFS,
      { repo: 'emqx/ekka', file: 'src/ekka_cluster_k8s.erl', release: '0.23.2' },
      { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    ],
  },
];
