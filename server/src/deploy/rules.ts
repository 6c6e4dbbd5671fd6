/**
 * Metadata of the findings about deployment files themselves (the YAML
 * could not be read; the image names no version), the same `RuleMeta` as the
 * other rules (id, default severity, title, why, fix, versions, messages)
 * minus `check`: the deployment reader (sources.ts) reports them. The SARIF
 * output, the severity settings and the generated rule docs list them from
 * `deployRules`.
 */
import { t } from '../l10n';
import { MessageArg as Arg, RuleMessages, RuleMeta } from '../rules/types';
import { nodeNameRules } from './namingRules';

export type DeployRuleInfo = RuleMeta;

/** What `yaml-syntax` says, one function per kind of message. */
export const yamlSyntaxMessages = {
  tooLarge: (mib: Arg, max: Arg) => t('This file is too large to read as a deployment file ({0} MiB; at most {1} MiB are read). Nothing in it is checked.', mib, max),
  aliases: () => t('This file uses YAML aliases that expand beyond reason (a "billion laughs" file), so it is not read. Nothing in it is checked.'),
  invalid: (problem: Arg) => t('This file is not valid YAML: {0}. Nothing else in it is checked until the syntax is fixed.', problem),
} satisfies RuleMessages;

/** What `image-version-assumed` says. */
export const imageVersionMessages = {
  noVersion: (image: Arg, version: Arg, repository: Arg) =>
    t(
      'The image {0} names no EMQX version, so the checks assume EMQX {1}, the newest line they know. Pin the version (e.g. {2}:5.8.6) so the checks and every restart use the one you run.',
      image,
      version,
      repository,
    ),
} satisfies RuleMessages;

// ---------------------------------------------------------------------------
// compose-cluster-ports-unpublished (reported by clusterPorts.ts)

/** What `compose-cluster-ports-unpublished` says. */
export const clusterPortsMessages = {
  missing: (service: Arg, node: Arg, peer: Arg, missing: Arg, dist: Arg, rpc: Arg, entries: Arg) =>
    t(
      'Service {0} runs node {1} on a Docker bridge network and is clustered with {2}, a node outside this compose file, but does not publish TCP {3}. The other nodes dial it on TCP {4} (Erlang distribution) and {5} (cluster RPC), and on a bridge network only published ports reach the container, so the cluster does not form. Add {6} under ports: and allow them only from the other cluster hosts, or run the service with network_mode: host.',
      service,
      node,
      peer,
      missing,
      dist,
      rpc,
      entries,
    ),
  epmd: (service: Arg, node: Arg, peer: Arg, old: Arg, dist: Arg, rpc: Arg, entries: Arg) =>
    t(
      'Service {0} runs node {1} on a Docker bridge network and is clustered with {2}, a node outside this compose file, but publishes {3}: ports of EPMD-era Erlang, which EMQX does not use since 4.0 (no EPMD; each node listens on 4370 + the digits at the end of its name). The other nodes dial it on TCP {4} (Erlang distribution) and {5} (cluster RPC), so the cluster does not form. Add {6} under ports: and allow them only from the other cluster hosts, or run the service with network_mode: host.',
      service,
      node,
      peer,
      old,
      dist,
      rpc,
      entries,
    ),
  fixTitle: (entries: Arg) => t('Publish {0} (then allow these ports only from the other cluster hosts)', entries),
} satisfies RuleMessages;

export const clusterPortsRule: DeployRuleInfo = {
  id: 'compose-cluster-ports-unpublished',
  defaultSeverity: 'warning',
  title: 'A clustered compose service on a bridge network does not publish its cluster ports',
  messages: clusterPortsMessages,
  why:
    'Reports a docker-compose service of EMQX that is clustered with nodes outside the compose file (`static` discovery whose seeds name hosts that are no service, `container_name`, `hostname`, alias or fixed address of this file) and runs on a Docker bridge network, but does not publish, on the same host port and for every address, the two ports the other nodes dial: Erlang distribution on 4370 + the digits at the end of the name part (ekka `ekka_dist:port/1`; `bin/emqx` starts Erlang without EPMD) and cluster RPC on `rpc.server_port`, 5369, because the official image exports `EMQX_RPC__PORT_DISCOVERY=manual` (gen_rpc then uses the one configured port; with `stateless`, set in the environment, 5370 + the same digits). ' +
    'On a bridge network a container is reached from other hosts only through published ports, so the remote nodes cannot connect and the cluster never forms, without an error on this side. Publishing only 4369 (EPMD) and the 6369 range of `node.dist_listen_min` (EPMD-era guides) does not help either: EMQX uses neither since 4.0. ' +
    'Not reported for a cluster whose nodes are all services of the file on a shared network (they talk over the compose network directly), with `network_mode: host`, on networks that are not a known bridge (overlay, macvlan, ipvlan, external or internal networks, `network_mode: service:…`), when the node name, seeds or a port entry cannot be known (an unset `${VAR}`, a template), for dns, etcd or k8s discovery, and for a 4.x service that sets `WITH_EPMD`.',
  fix: 'Publish the two ports named in the message with the same number on both sides (`"4370:4370"`, `"5369:5369"`; a numbered node name shifts the distribution port) and allow them in the host firewall only from the other cluster hosts, since the Erlang distribution port accepts whoever has the cookie; or run the service with `network_mode: host`. The quick fix adds the entries to an existing block `ports:` list of short-syntax entries; review it before applying, since it opens ports on the host.',
  fixKind: 'unsafe',
  versions: {
    spans: [{ from: '4.0' }],
    note: 'The distribution port is 4370 + offset from EMQX 4.0 on (ekka mode). A 4.x service that sets `WITH_EPMD` runs EPMD (4369) and the `node.dist_listen_min..max` range instead, so it is not judged. The image forces manual RPC port discovery on every line (5369, `rpc.tcp_server_port` before 5.8).',
  },
  references: [
    { repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' },
    { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' },
    { repo: 'emqx/emqx', file: 'deploy/docker/docker-entrypoint.sh', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'deploy/docker/Dockerfile', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v4.4.19' },
  ],
};

// ---------------------------------------------------------------------------
// compose-required-variable-unset (reported by composeVariables.ts)

/** What `compose-required-variable-unset` says. */
export const requiredVariableMessages = {
  unset: (name: Arg) =>
    t(
      'This reference requires the variable {0}, which the .env beside this compose file does not define: docker compose refuses to start any service of the file ("required variable {0} is missing a value") unless {0} is exported in the shell that runs it. Define {0} in .env, or export it before running docker compose; compose does not take it from an env_file: entry.',
      name,
    ),
  empty: (name: Arg) =>
    t(
      'This reference requires {0} to have a value that is not empty (:?), but the .env beside this compose file sets it empty: docker compose refuses to start any service of the file ("required variable {0} is missing a value") unless a non-empty {0} is exported in the shell that runs it. Give {0} a value in .env, or export it before running docker compose.',
      name,
    ),
  dotenvRead: (name: Arg) => t('The .env compose reads for this file, which does not define {0}', name),
  setEmpty: (name: Arg) => t('{0} is set empty here', name),
} satisfies RuleMessages;

export const requiredVariableRule: DeployRuleInfo = {
  id: 'compose-required-variable-unset',
  defaultSeverity: 'warning',
  title: 'A compose file requires a variable that its .env does not define',
  messages: requiredVariableMessages,
  why:
    'Reports a `${VAR?message}` or `${VAR:?message}` reference in a docker-compose file of EMQX services when the `.env` beside the file was read and does not define `VAR` (for `:?`, also when it sets `VAR` empty). ' +
    'Compose interpolates every value of the file before it starts anything, taking variables from the shell that runs it and from the `.env` of the project folder (or the files given with `--env-file`), never from a service\'s `env_file:`; a required variable without a value stops the whole file with "required variable VAR is missing a value", so no EMQX node starts. ' +
    "It is a warning, not an error: the shell environment cannot be known from the files, and a deployment that exports the variable in CI or passes another `--env-file` starts fine; but where a `.env` holds the project's variables, one it lacks has usually been forgotten (or put in an `env_file:`, which interpolation does not read). " +
    "Not reported without a `.env` beside the file (the variables then come from the shell by design), for a variable the `.env` names without a value (passed from the shell) or sets from another `$` reference, nor for a reference nested in another one's default or message. The message names the variable, never a value.",
  fix: 'Define the variable in the `.env` beside the compose file (`VAR=value`), or export it in the shell or CI job that runs `docker compose`. A variable meant only for the container belongs in `environment:`/`env_file:` without a `${…}` reference.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'compose-spec/compose-go', file: 'template/template.go', release: 'v2.10.0' },
    { repo: 'compose-spec/compose-go', file: 'interpolation/interpolation.go', release: 'v2.10.0' },
  ],
};

export const deployRules: readonly DeployRuleInfo[] = [
  ...nodeNameRules,
  {
    id: 'yaml-syntax',
    defaultSeverity: 'error',
    title: 'A deployment file is not valid YAML, or too large to read',
    messages: yamlSyntaxMessages,
    why:
      'Reports a docker-compose file, Kubernetes manifest, Helm values file or EMQX Operator resource that cannot be read: the first YAML syntax error (with its position), a file over 8 MiB, or aliases that expand beyond reason (a "billion laughs" file). ' +
      'Nothing else is reported for such a file, since nothing in it can be trusted to mean what it seems; docker compose and kubectl would refuse it as well.',
    fix: 'Correct the syntax at the position shown (indentation, an unclosed quote or bracket, a tab).',
    fixKind: 'none',
    versions: { spans: [] },
  },
  {
    id: 'image-version-assumed',
    defaultSeverity: 'hint',
    title: 'The image tag names no EMQX version, so the newest known line is assumed',
    messages: imageVersionMessages,
    why:
      'Reports an EMQX image without a version in its tag (`emqx/emqx:latest`, `emqx/emqx`, a digest or a custom tag), once per service or workload. ' +
      'Which checks apply depends on the EMQX line (4.x files are cuttlefish, 7.0 refuses a default cookie, 6.3 drops `rpc.insecure_fallback`), so the checker assumes the newest line it knows and says so. ' +
      '`latest` also changes under a running deployment: a restart can bring a new major version.',
    fix: 'Pin the image to a version (`emqx/emqx:5.8.6`), or pass `--emqx-version`.',
    fixKind: 'none',
    versions: { spans: [] },
  },
  clusterPortsRule,
  requiredVariableRule,
];

export const DEPLOY_RULE_IDS: readonly string[] = deployRules.map((r) => r.id);
