/**
 * The catalogue of cluster-related keys (`node.*`, `cluster.*`, `rpc.*`) for
 * EMQX 4.4 (cuttlefish) and 5.x/6.x (HOCON): meaning, type, default, allowed
 * values per version, aliases, and keys that look plausible but do not exist
 * (EMQX refuses to start on them). Read from EMQX's schemas (domain doc §4–§7).
 * Used by the rules (unknown keys, enums) and by hovers on any known key.
 */
import { t } from '../l10n';
import { defaultIn, describe, enumValues, lifetime, lookup, presence, unknownKey } from './catalogue';
import { atLeast, EmqxVersion } from './version';

type V = Pick<EmqxVersion, 'major' | 'minor' | 'patch'>;

export interface KeyInfo {
  /** The canonical dotted path (the alias target when an alias was asked for). */
  readonly path: string;
  /** What the key does, translated. */
  readonly description: string;
  /** The schema type in words: `enum`, `string`, `integer`, `boolean`, `duration`, `bytesize`, `ip`, `path`, `node names`. */
  readonly type: string;
  /** The default as EMQX writes it, when there is one. */
  readonly default?: string;
  /** The values allowed in the target version (enums only). */
  readonly allowed?: readonly string[];
  /** Other names EMQX accepts for this key. */
  readonly aliases?: readonly string[];
  /** The path asked for when it is an alias of `path`. */
  readonly alias?: string;
  /** First version with the key (inclusive), as `5.3.1`. */
  readonly since?: string;
  /** First version without it, as `6.3`. */
  readonly until?: string;
  /** Whether the key exists in the target version. False for known mistakes and keys of other versions. */
  readonly exists: boolean;
  /** A translated note: why the key is wrong here, where the docs disagree with the code, etc. */
  readonly note?: string;
}

interface KeyDef {
  readonly path: string;
  readonly type: string;
  readonly default?: string;
  readonly allowed?: (v: V) => readonly string[];
  readonly aliases?: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly describe: () => string;
  readonly note?: (v: V) => string | undefined;
}

const enumOf =
  (...values: string[]) =>
  () =>
    values;

/** 5.x / 6.x / 7.x keys (EMQX 5.8.9 schema, with the version each appeared in). */
const KEYS_5: readonly KeyDef[] = [
  {
    path: 'node.name',
    type: 'string',
    default: 'emqx@127.0.0.1',
    describe: () => t('The Erlang node name, `name@host`. The trailing digits of the part before `@` shift the Erlang distribution port (4370 + N) and the stateless RPC port (5370 + N).'),
  },
  {
    path: 'node.cookie',
    type: 'string',
    describe: () =>
      t('The shared secret (Erlang cookie) that authenticates nodes to each other, for Erlang distribution and for cluster RPC. Every node of a cluster must use the same long random value.'),
  },
  {
    path: 'node.data_dir',
    type: 'path',
    describe: () => t("The node's data directory: Mnesia tables, `configs/cluster.hocon` and, up to 6.2, `configs/vm.*.args` with the cookie in clear text. Keep it readable by the EMQX user only."),
  },
  { path: 'node.db_backend', type: 'enum', default: 'rlog', allowed: enumOf('mnesia', 'rlog'), describe: () => t("The database backend for the node's built-in tables.") },
  { path: 'node.role', type: 'enum', default: 'core', allowed: enumOf('core', 'replicant'), describe: () => t('Whether the node is a core node (holds the tables) or a replicant.') },
  { path: 'node.dist_net_ticktime', type: 'duration', default: '2m', describe: () => t('How long a silent peer connection is tolerated before the peer is considered down.') },
  { path: 'node.process_limit', type: 'integer', default: '2097152', describe: () => t('The maximum number of Erlang processes.') },
  { path: 'node.max_ports', type: 'integer', default: '1048576', describe: () => t('The maximum number of Erlang ports (sockets and files).') },
  { path: 'node.dist_buffer_size', type: 'integer', default: '8192', describe: () => t('The buffer size of an Erlang distribution connection, in KB.') },
  { path: 'node.max_ets_tables', type: 'integer', default: '262144', describe: () => t('The maximum number of ETS tables.') },
  { path: 'node.global_gc_interval', type: 'duration', default: '15m', describe: () => t('How often a global garbage collection runs.') },
  { path: 'node.crash_dump_file', type: 'path', describe: () => t('Where the Erlang VM writes a crash dump.') },
  { path: 'node.backtrace_depth', type: 'integer', default: '23', describe: () => t('The depth of stack traces in logs.') },
  {
    path: 'node.dist_bind_address',
    type: 'ip',
    since: '6.2',
    describe: () => t('The IP address Erlang distribution listens on. Before 6.2 there is no such key and distribution listens on all interfaces.'),
  },
  { path: 'node.dist_listen_options', type: 'object', since: '5.10', describe: () => t('Socket options for the Erlang distribution listener.') },
  { path: 'node.dist_connect_options', type: 'object', since: '5.10', describe: () => t('Socket options for outgoing Erlang distribution connections.') },

  { path: 'cluster.name', type: 'string', default: 'emqxcl', describe: () => t('The cluster name. Nodes only join a cluster of the same name.') },
  {
    path: 'cluster.discovery_strategy',
    type: 'enum',
    default: 'manual',
    allowed: (v) => ['manual', 'static', ...(atLeast(v, '5.8') ? ['singleton'] : []), 'dns', 'etcd', 'k8s', ...(atLeast(v, '5.4') ? [] : ['mcast'])],
    describe: () => t('How nodes find each other: manual (`emqx ctl cluster join`), static seeds, DNS, etcd or Kubernetes.'),
  },
  { path: 'cluster.core_nodes', type: 'node names', describe: () => t('The core nodes a replicant connects to.') },
  { path: 'cluster.autoheal', type: 'boolean', default: 'true', describe: () => t('Heal a network partition automatically.') },
  { path: 'cluster.autoclean', type: 'duration', default: '24h', describe: () => t('Remove a node that has been down this long from the cluster.') },
  {
    path: 'cluster.proto_dist',
    type: 'enum',
    default: 'inet_tcp',
    allowed: (v) => ['inet_tcp', 'inet6_tcp', 'inet_tls', ...(atLeast(v, '5.3.1') ? ['inet6_tls'] : [])],
    describe: () =>
      t(
        'The transport of Erlang distribution between nodes. `inet_tls`/`inet6_tls` encrypt it using the options in `etc/ssl_dist.conf` (or `EMQX_SSL_DIST_OPTFILE`); `inet_tcp`/`inet6_tcp` send it in clear text.',
      ),
  },
  { path: 'cluster.static.seeds', type: 'node names', describe: () => t("The node names of the cluster for the static strategy. Each name fixes that node's ports.") },
  { path: 'cluster.dns.name', type: 'string', describe: () => t('The DNS name whose records list the nodes.') },
  {
    path: 'cluster.dns.record_type',
    type: 'enum',
    default: 'a',
    allowed: enumOf('a', 'aaaa', 'srv'),
    describe: () => t("The DNS record type to look up. With `a`/`aaaa` peers are named `<this node's name part>@<address>`."),
  },
  { path: 'cluster.etcd.server', type: 'string', describe: () => t('The etcd endpoints.') },
  { path: 'cluster.etcd.prefix', type: 'string', default: 'emqxcl', describe: () => t('The etcd key prefix for this cluster.') },
  { path: 'cluster.etcd.node_ttl', type: 'duration', default: '1m', describe: () => t("How long a node's etcd registration lives without renewal.") },
  {
    path: 'cluster.etcd.ssl_options',
    aliases: ['cluster.etcd.ssl'],
    type: 'object',
    describe: () => t('TLS options for the connection to etcd. TLS is only used when `enable = true` is set inside.'),
  },
  {
    path: 'cluster.etcd.ssl_options.enable',
    aliases: ['cluster.etcd.ssl.enable'],
    type: 'boolean',
    default: 'false',
    describe: () => t('Use TLS for the connection to etcd. Off by default, even when certificate files are set.'),
  },
  {
    path: 'cluster.etcd.ssl_options.verify',
    aliases: ['cluster.etcd.ssl.verify'],
    type: 'enum',
    default: 'verify_none',
    allowed: enumOf('verify_peer', 'verify_none'),
    describe: () => t("Whether the etcd server's certificate is verified."),
  },
  {
    path: 'cluster.k8s.apiserver',
    type: 'string',
    default: 'https://kubernetes.default.svc:443',
    describe: () => t("The Kubernetes API server. Use `https://`: the pod's service-account token is sent with every request."),
  },
  { path: 'cluster.k8s.service_name', type: 'string', default: 'emqx', describe: () => t('The Kubernetes service whose endpoints are the nodes.') },
  { path: 'cluster.k8s.address_type', type: 'enum', default: 'ip', allowed: enumOf('ip', 'dns', 'hostname'), describe: () => t('How peers are addressed: by IP, DNS name or hostname.') },
  { path: 'cluster.k8s.namespace', type: 'string', default: 'default', describe: () => t('The Kubernetes namespace of the service.') },
  { path: 'cluster.k8s.suffix', type: 'string', default: 'pod.local', describe: () => t('The DNS suffix appended to peer names.') },
  { path: 'cluster.prevent_overlapping_partitions', type: 'boolean', default: 'false', describe: () => t('Disconnect nodes that see a different set of peers (availability, not security).') },

  { path: 'rpc.mode', type: 'enum', default: 'async', allowed: enumOf('sync', 'async'), describe: () => t('Whether cluster RPC calls are sent synchronously or batched asynchronously.') },
  {
    path: 'rpc.protocol',
    aliases: ['rpc.driver'],
    type: 'enum',
    default: 'tcp',
    allowed: enumOf('tcp', 'ssl'),
    describe: () =>
      t('The transport of cluster RPC (gen_rpc) for both server and client. `ssl` enables mutual TLS with `certfile`, `keyfile` and `cacertfile`; `tcp` sends all RPC traffic in clear text.'),
  },
  { path: 'rpc.async_batch_size', type: 'integer', default: '256', describe: () => t('The maximum number of asynchronous RPC requests sent in one batch.') },
  {
    path: 'rpc.port_discovery',
    type: 'enum',
    default: 'stateless',
    allowed: enumOf('manual', 'stateless'),
    describe: () => t("How the RPC port is found: `stateless` uses 5370 + the node name's numeric suffix, `manual` uses `rpc.server_port` on every node. The official Docker image forces `manual`."),
    note: () => t("EMQX's own text for this key says `server_port` has no effect in manual mode; the code does the opposite: it is only used in manual mode."),
  },
  {
    path: 'rpc.server_port',
    aliases: ['rpc.tcp_server_port', 'rpc.ssl_server_port'],
    since: '5.8',
    type: 'integer',
    default: '5369',
    describe: () => t('The RPC port, listened on and dialled on every node, when `port_discovery = manual`. Ignored when stateless.'),
  },
  {
    path: 'rpc.tcp_server_port',
    type: 'integer',
    default: '5369',
    until: '5.8',
    describe: () => t('The plain-TCP RPC port when `port_discovery = manual` (5.0–5.7; an alias of `rpc.server_port` from 5.8).'),
  },
  {
    path: 'rpc.ssl_server_port',
    type: 'integer',
    default: '5369',
    until: '5.8',
    describe: () => t('The TLS RPC port when `port_discovery = manual` (5.0–5.7; an alias of `rpc.server_port` from 5.8).'),
  },
  { path: 'rpc.client_num', aliases: ['rpc.tcp_client_num'], type: 'integer', default: '10', describe: () => t('The number of RPC connections to each peer (1–256).') },
  { path: 'rpc.connect_timeout', type: 'duration', default: '5s', describe: () => t('How long to wait for an RPC connection.') },
  {
    path: 'rpc.certfile',
    type: 'path',
    describe: () => t("This node's certificate for cluster RPC over TLS (PEM). Used only with `rpc.protocol = ssl`. The path is used as written: give an absolute path."),
  },
  { path: 'rpc.keyfile', type: 'path', describe: () => t('The private key of `rpc.certfile` (PEM). Keep it readable by the EMQX user only (mode 0600).') },
  { path: 'rpc.cacertfile', type: 'path', describe: () => t("The CA that every node's RPC certificate must chain to. gen_rpc checks no host names, so this CA must be private to the cluster.") },
  { path: 'rpc.send_timeout', type: 'duration', default: '5s', describe: () => t('How long to wait for an RPC send to complete.') },
  { path: 'rpc.authentication_timeout', type: 'duration', default: '5s', describe: () => t('How long the RPC handshake may take.') },
  { path: 'rpc.call_receive_timeout', type: 'duration', default: '15s', describe: () => t('How long to wait for the reply to an RPC call.') },
  { path: 'rpc.socket_keepalive_idle', type: 'duration', default: '15m', describe: () => t('Idle time before TCP keepalive probes start on RPC sockets.') },
  { path: 'rpc.socket_keepalive_interval', type: 'duration', default: '75s', describe: () => t('Interval between TCP keepalive probes on RPC sockets.') },
  { path: 'rpc.socket_keepalive_count', type: 'integer', default: '9', describe: () => t('Lost keepalive probes before an RPC connection is closed.') },
  { path: 'rpc.socket_sndbuf', type: 'bytesize', default: '1MB', describe: () => t('The TCP send buffer of RPC sockets.') },
  { path: 'rpc.socket_recbuf', type: 'bytesize', default: '1MB', describe: () => t('The TCP receive buffer of RPC sockets.') },
  { path: 'rpc.socket_buffer', type: 'bytesize', default: '1MB', describe: () => t('The user-level buffer of RPC sockets.') },
  {
    path: 'rpc.insecure_fallback',
    type: 'boolean',
    default: 'true',
    since: '5.0.10',
    note: (v) => (atLeast(v, '6.3') ? t('From EMQX 6.3 this key is ignored: the handshake is always the secure one.') : undefined),
    describe: () => t('Allow the pre-3.0 gen_rpc handshake, which sends the cookie itself (in clear text over TCP). Needed only during a rolling upgrade from very old nodes; set it to `false`.'),
  },
  { path: 'rpc.ciphers', type: 'array', default: '[]', since: '5.3.1', describe: () => t("TLS cipher suites for cluster RPC; empty means the runtime's defaults.") },
  {
    path: 'rpc.tls_versions',
    type: 'array',
    since: '5.3.1',
    describe: () => t('TLS versions for cluster RPC. The default is every available version except TLS 1.0 and 1.1. A list with `tlsv1.3` must also have `tlsv1.2`, unless it is `tlsv1.3` alone.'),
  },
  { path: 'rpc.listen_address', type: 'ip', default: '0.0.0.0', since: '5.3.1', describe: () => t('The IP address the RPC server listens on.') },
  { path: 'rpc.ipv6_only', type: 'boolean', default: 'false', since: '5.3.1', describe: () => t('Listen on IPv6 only when `listen_address` is an IPv6 address.') },
];

/** Keys people write in 5.x files that EMQX 5.x/6.x does not know: each aborts the boot. */
const NOT_IN_5: Readonly<Record<string, () => string>> = {
  'rpc.verify': () => t('Not an EMQX 5 key although the "Cluster Security" docs show it: EMQX refuses to start. gen_rpc always verifies peers (verify_peer) when `rpc.protocol = ssl`.'),
  'rpc.fail_if_no_peer_cert': () => t('Not an EMQX 5 key although the "Cluster Security" docs show it: EMQX refuses to start. gen_rpc\'s TLS server always requires a client certificate.'),
  'rpc.enable_ssl': () => t('An EMQX 4.4 key (the TLS port number there); unknown in EMQX 5, which refuses to start. Use `rpc.protocol = ssl`.'),
  'rpc.default_client_driver': () => t('An EMQX 4.4 key; unknown in EMQX 5, which refuses to start. `rpc.protocol` sets both server and client.'),
  'rpc.server_name_indication': () => t('Not an EMQX RPC key: EMQX refuses to start. gen_rpc disables SNI and host-name checks.'),
  'rpc.tcp_server_ip': () => t('An EMQX 4.x key; unknown in EMQX 5, which refuses to start. Use `rpc.listen_address` (5.3.1+).'),
  'cluster.discovery': () => t('The EMQX 4.x name of this key; EMQX 5 refuses to start. Use `cluster.discovery_strategy`.'),
  'node.ssl_dist_optfile': () => t('An EMQX 4.x key; EMQX 5 has no config key for the distribution TLS options: it reads `etc/ssl_dist.conf` or `EMQX_SSL_DIST_OPTFILE`.'),
  'node.dist_listen_min': () => t("An EMQX 4.x key; EMQX 5 refuses to start. The distribution port is always 4370 + the node name's numeric suffix."),
  'node.dist_listen_max': () => t("An EMQX 4.x key; EMQX 5 refuses to start. The distribution port is always 4370 + the node name's numeric suffix."),
  'node.dist_use_interface': () => t('An EMQX 4.x key; EMQX 5 refuses to start. From 6.2 use `node.dist_bind_address`.'),
};

/** 4.4 keys (cuttlefish `priv/emqx.schema`). */
const KEYS_4: readonly KeyDef[] = [
  {
    path: 'node.name',
    type: 'string',
    default: 'emqx@127.0.0.1',
    describe: () => t('The Erlang node name, `name@host`. The trailing digits of the part before `@` shift the Erlang distribution port (4370 + N) and the stateless RPC port (5370 + N).'),
  },
  {
    path: 'node.cookie',
    type: 'string',
    default: 'emqxsecretcookie',
    describe: () =>
      t('The shared secret (Erlang cookie) that authenticates nodes to each other, for Erlang distribution and for cluster RPC. Every node of a cluster must use the same long random value.'),
  },
  { path: 'node.data_dir', type: 'path', describe: () => t("The node's data directory, including `configs/vm.*.args` with the cookie in clear text.") },
  { path: 'node.dist_use_interface', type: 'ip', default: '0.0.0.0', describe: () => t('The interface Erlang distribution listens on.') },
  {
    path: 'node.dist_listen_min',
    type: 'integer',
    default: '6369',
    describe: () => t("Lowest distribution port; only used with `WITH_EPMD=1`. Otherwise the port is 4370 + the node name's numeric suffix."),
  },
  {
    path: 'node.dist_listen_max',
    type: 'integer',
    default: '6369',
    describe: () => t("Highest distribution port; only used with `WITH_EPMD=1`. Otherwise the port is 4370 + the node name's numeric suffix."),
  },
  { path: 'node.ssl_dist_optfile', type: 'path', describe: () => t('The Erlang distribution TLS options file (`ssl_dist.conf`), used with `cluster.proto_dist = inet_tls`.') },
  { path: 'node.dist_net_ticktime', type: 'integer', default: '120', describe: () => t('How long a silent peer connection is tolerated before the peer is considered down, in seconds.') },
  { path: 'cluster.name', type: 'string', default: 'emqxcl', describe: () => t('The cluster name. Nodes only join a cluster of the same name.') },
  {
    path: 'cluster.proto_dist',
    type: 'enum',
    default: 'inet_tcp',
    allowed: enumOf('inet_tcp', 'inet6_tcp', 'inet_tls'),
    describe: () => t('The transport of Erlang distribution. `inet_tls` encrypts it with the options in `etc/ssl_dist.conf`. Write it with a space after `=`: `bin/emqx` splits the line on "= ".'),
  },
  { path: 'cluster.discovery', type: 'enum', default: 'manual', allowed: enumOf('manual', 'static', 'mcast', 'dns', 'etcd', 'k8s'), describe: () => t('How nodes find each other (4.x key).') },
  { path: 'cluster.autoheal', type: 'flag', default: 'on', describe: () => t('Heal a network partition automatically.') },
  { path: 'cluster.autoclean', type: 'duration', default: '5m', describe: () => t('Remove a node that has been down this long from the cluster.') },
  { path: 'cluster.static.seeds', type: 'node names', describe: () => t("The node names of the cluster for the static strategy. Each name fixes that node's ports.") },
  { path: 'cluster.etcd.server', type: 'string', describe: () => t('The etcd endpoints. In 4.x TLS is used for `https://` endpoints.') },
  { path: 'cluster.k8s.apiserver', type: 'string', describe: () => t("The Kubernetes API server. Use `https://`: the pod's service-account token is sent with every request.") },
  { path: 'rpc.mode', type: 'enum', default: 'async', allowed: enumOf('sync', 'async'), describe: () => t('Whether cluster RPC calls are sent synchronously or batched asynchronously.') },
  { path: 'rpc.async_batch_size', type: 'integer', default: '256', describe: () => t('The maximum number of asynchronous RPC requests sent in one batch.') },
  {
    path: 'rpc.port_discovery',
    type: 'enum',
    default: 'stateless',
    allowed: enumOf('manual', 'stateless'),
    describe: () => t("How the RPC port is found: `stateless` uses 5370 + the node name's numeric suffix, `manual` uses `rpc.tcp_server_port`. The official Docker image forces `manual`."),
  },
  { path: 'rpc.tcp_server_ip', type: 'ip', default: '0.0.0.0', describe: () => t('The IP address the RPC server listens on.') },
  { path: 'rpc.tcp_server_port', type: 'integer', default: '5369', describe: () => t('The plain-TCP RPC port when `port_discovery = manual`.') },
  { path: 'rpc.tcp_client_num', type: 'integer', default: '1', describe: () => t('The number of RPC connections to each peer.') },
  {
    path: 'rpc.driver',
    since: '4.4',
    type: 'enum',
    default: 'tcp',
    allowed: enumOf('tcp', 'ssl'),
    describe: () => t('The transport of the RPC server in 4.4. Clients use `rpc.default_client_driver`, which must be set to `ssl` as well.'),
  },
  {
    path: 'rpc.default_client_driver',
    since: '4.4',
    type: 'enum',
    default: 'tcp',
    allowed: enumOf('tcp', 'ssl'),
    describe: () => t('The transport RPC clients use in 4.4. It stays `tcp` unless set, even with `rpc.driver = ssl`.'),
  },
  { path: 'rpc.enable_ssl', since: '4.4', type: 'integer', default: '5369', describe: () => t("In 4.4 this is the TLS RPC server's port number, not a switch.") },
  { path: 'rpc.certfile', since: '4.4', type: 'path', describe: () => t("This node's certificate for cluster RPC over TLS (PEM).") },
  { path: 'rpc.keyfile', since: '4.4', type: 'path', describe: () => t('The private key of `rpc.certfile` (PEM). Keep it readable by the EMQX user only (mode 0600).') },
  { path: 'rpc.cacertfile', since: '4.4', type: 'path', describe: () => t("The CA that every node's RPC certificate must chain to.") },
  {
    path: 'rpc.insecure_fallback',
    type: 'boolean',
    default: 'true',
    since: '4.4.12',
    describe: () => t('Allow the pre-3.0 gen_rpc handshake, which sends the cookie itself (in clear text over TCP). Needed only during a rolling upgrade from very old nodes; set it to `false`.'),
  },
  { path: 'rpc.connect_timeout', type: 'duration', default: '5s', describe: () => t('How long to wait for an RPC connection.') },
  { path: 'rpc.send_timeout', type: 'duration', default: '5s', describe: () => t('How long to wait for an RPC send to complete.') },
  { path: 'rpc.authentication_timeout', type: 'duration', default: '5s', describe: () => t('How long the RPC handshake may take.') },
  { path: 'rpc.call_receive_timeout', type: 'duration', default: '15s', describe: () => t('How long to wait for the reply to an RPC call.') },
  { path: 'rpc.socket_keepalive_idle', type: 'duration', default: '900s', describe: () => t('Idle time before TCP keepalive probes start on RPC sockets.') },
  { path: 'rpc.socket_keepalive_interval', type: 'duration', default: '75s', describe: () => t('Interval between TCP keepalive probes on RPC sockets.') },
  { path: 'rpc.socket_keepalive_count', type: 'integer', default: '9', describe: () => t('Lost keepalive probes before an RPC connection is closed.') },
  { path: 'rpc.socket_sndbuf', type: 'bytesize', default: '1MB', describe: () => t('The TCP send buffer of RPC sockets.') },
  { path: 'rpc.socket_recbuf', type: 'bytesize', default: '1MB', describe: () => t('The TCP receive buffer of RPC sockets.') },
  { path: 'rpc.socket_buffer', type: 'bytesize', default: '1MB', describe: () => t('The user-level buffer of RPC sockets.') },
];

const RPC_TLS_KEYS_44 = new Set(['rpc.driver', 'rpc.default_client_driver', 'rpc.enable_ssl', 'rpc.certfile', 'rpc.keyfile', 'rpc.cacertfile']);

function inRange(def: KeyDef, v: V): boolean {
  return (def.since === undefined || atLeast(v, def.since)) && (def.until === undefined || !atLeast(v, def.until));
}

function catalogueFor(v: V): readonly KeyDef[] {
  return v.major < 5 ? KEYS_4 : KEYS_5;
}

/**
 * The hand-written text of a key with the facts of EMQX's schema for `v`
 * (5.x and later): the default and the enum values of that release, and
 * absence where the schema read for that release has no such field.
 */
function toInfo(def: KeyDef, v: V, asked: string, exists: boolean, note?: string): KeyInfo {
  const schema = v.major >= 5 ? lookup(asked.split('.'), v) : undefined;
  const known = schema && presence(schema.rec, v) === 'known' ? schema.rec : undefined;
  const allowed = known ? enumValues(known, v) : undefined;
  if (exists && schema && unknownKey(asked.split('.'), v)) {
    const life = lifetime(schema.rec);
    exists = false;
    note ??=
      life.until && atLeast(v, life.until) ? t('This key no longer exists in EMQX {0}.', life.until) : t('This key exists only from EMQX {0}; older versions refuse to start on it.', life.since);
  }
  return {
    path: def.path,
    description: def.describe(),
    type: def.type,
    default: known ? (defaultIn(known, v) ?? def.default) : def.default,
    allowed: allowed && allowed.length > 0 ? allowed : def.allowed?.(v),
    aliases: def.aliases,
    alias: asked !== def.path ? asked : undefined,
    since: def.since,
    until: def.until,
    exists,
    note: note ?? def.note?.(v),
  };
}

/**
 * What EMQX `version` makes of a key path. Undefined when the catalogue does not cover
 * the key (it is not a cluster key, or it belongs to another section): say nothing then.
 */
export function keyInfo(path: readonly string[] | string, version: V): KeyInfo | undefined {
  const dotted = typeof path === 'string' ? path : path.join('.');
  const defs = catalogueFor(version);
  // An exact definition that exists in this version wins over an alias of a newer key.
  const own = defs.find((d) => d.path === dotted && inRange(d, version));
  if (own) return toInfo(own, version, dotted, true);
  const viaAlias = defs.find((d) => d.aliases?.includes(dotted) && inRange(d, version));
  if (viaAlias) return toInfo(viaAlias, version, dotted, true);
  if (version.major < 5) {
    if (RPC_TLS_KEYS_44.has(dotted)) {
      const def = defs.find((d) => d.path === dotted);
      if (def) return toInfo(def, version, dotted, false, t('EMQX 4.3 and older have no RPC TLS keys: cuttlefish refuses to start on unknown keys.'));
    }
  } else {
    const wrong = NOT_IN_5[dotted];
    if (wrong) return { path: dotted, description: wrong(), type: 'unknown', exists: false, note: wrong() };
  }
  const other = defs.find((d) => d.path === dotted || d.aliases?.includes(dotted));
  if (other) {
    const note =
      other.since !== undefined && !atLeast(version, other.since)
        ? t('This key exists only from EMQX {0}; older versions refuse to start on it.', other.since)
        : t('This key no longer exists in EMQX {0}.', other.until ?? '');
    return toInfo(other, version, dotted, false, note);
  }
  return fromCatalogue(dotted.split('.'), version, dotted);
}

/** Any other key of EMQX's schema (keyCatalogue.json): EMQX's own description, type, default and enum. */
function fromCatalogue(path: string[], version: V, dotted: string): KeyInfo | undefined {
  const found = lookup(path, version);
  if (!found) return undefined;
  const { rec } = found;
  const p = presence(rec, version);
  const life = lifetime(rec);
  const note =
    p === 'unknown'
      ? life.until && atLeast(version, life.until)
        ? t('This key no longer exists in EMQX {0}.', life.until)
        : t('This key exists only from EMQX {0}; older versions refuse to start on it.', life.since)
      : rec.deprecated
        ? t("Deprecated in EMQX's schema; EMQX still accepts it.")
        : undefined;
  return {
    path: rec.path,
    description: describe(rec) ?? '',
    type: rec.type,
    default: defaultIn(rec, version),
    allowed: enumValues(rec, version),
    aliases: rec.aliases,
    alias: found.viaAlias ? dotted : undefined,
    since: life.since,
    until: life.until,
    exists: p !== 'unknown',
    note,
  };
}

/** Whether `section` (`rpc`) is fully described by the catalogue, so any other key in it is unknown. */
export function isClosedSection(section: string, version: V): boolean {
  return version.major >= 5 && section === 'rpc';
}

/** Every key path the catalogue knows in `version` (canonical and aliases), for did-you-mean. */
export function knownKeys(version: V, prefix = ''): string[] {
  const out: string[] = [];
  for (const d of catalogueFor(version)) {
    if (!inRange(d, version)) continue;
    for (const p of [d.path, ...(d.aliases ?? [])]) if (p.startsWith(prefix)) out.push(p);
  }
  return out;
}

/** The allowed values of an enum key in `version`, or undefined when it is not an enum. */
export function allowedValues(path: string, version: V): readonly string[] | undefined {
  return keyInfo(path, version)?.allowed;
}
