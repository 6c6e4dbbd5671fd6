/**
 * Checks across the nodes of one cluster: pure functions over several node
 * configs (ClusterNodeInput) returning findings. Most cluster-security
 * mistakes are disagreements between nodes (a different cookie, one node on
 * TLS and the others not), so each finding lands on the node that disagrees
 * with the majority, at the key that is wrong, with `related` pointing at the
 * same key in a node that has the majority's value.
 *
 * Cookie values are never compared or printed in the clear: nodes are grouped
 * by a SHA-256 of the cookie in effect.
 */
import { X509Certificate } from 'crypto';
import { chainsTo, inspectPem } from '../certs/inspect';
import { t } from '../l10n';
import { Finding, RelatedInfo, Severity } from '../rules/types';
import { distPort, isRemoteShell, rpcPort, splitNodeName } from '../emqx/ports';
import { ClusterNode, ClusterNodeInput, describeNode, Located } from './nodes';
import { clusterRuleById, ClusterRuleId } from './rules';

export interface ClusterCheckOptions {
  /** Per-rule severity overrides (`off` drops the rule's findings). */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
}

function severityOf(id: ClusterRuleId, options: ClusterCheckOptions): Severity | 'off' {
  return options.severities?.[id] ?? clusterRuleById(id).defaultSeverity;
}

function nodeLabel(n: ClusterNode): string {
  return n.name.value;
}

function relatedAt<T>(other: ClusterNode, pick: (n: ClusterNode) => Located<T>, message: string): RelatedInfo {
  return { location: pick(other).location, message };
}

/**
 * Groups nodes by a key; when they disagree, every node outside the largest
 * group (or, without a strict majority, every node) is reported.
 */
function disagreements<T>(
  nodes: readonly ClusterNode[],
  pick: (n: ClusterNode) => Located<T>,
  key: (v: T) => string = (v) => String(v),
): Array<{ node: ClusterNode; others: ClusterNode[]; majority: boolean }> {
  const groups = new Map<string, ClusterNode[]>();
  for (const n of nodes) {
    const k = key(pick(n).value);
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
  }
  if (groups.size < 2) return [];
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  const strictMajority = sorted[0].length > sorted[1].length;
  const out: Array<{ node: ClusterNode; others: ClusterNode[]; majority: boolean }> = [];
  for (const group of strictMajority ? sorted.slice(1) : sorted) {
    for (const node of group) {
      const others = strictMajority ? sorted[0] : nodes.filter((o) => !group.includes(o));
      out.push({ node, others, majority: strictMajority });
    }
  }
  return out;
}

function finding(id: ClusterRuleId, options: ClusterCheckOptions, at: Located<unknown>, message: string, related: RelatedInfo[]): Finding | undefined {
  const severity = severityOf(id, options);
  if (severity === 'off') return undefined;
  return { ruleId: id, severity, message, location: at.location, keyPath: at.keyPath, related };
}

function cookieChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const out: Finding[] = [];
  // A node whose cookie comes from a secret we cannot read takes no part: it may match or not.
  const known = nodes.filter((n) => !n.input.cookieUnknown);
  for (const { node, others, majority } of disagreements(known, (n) => n.cookieHash)) {
    const message = majority
      ? t(
          'The Erlang cookie of node {0} differs from the cookie of {1} other node(s) ({2}). Nodes with different cookies cannot form a cluster and cannot call each other over cluster RPC. Use the same secret cookie on every node.',
          nodeLabel(node),
          others.length,
          others.map(nodeLabel).join(', '),
        )
      : t(
          'The Erlang cookie of node {0} differs from the cookie of node(s) {1}. Nodes with different cookies cannot form a cluster. Use the same secret cookie on every node.',
          nodeLabel(node),
          others.map(nodeLabel).join(', '),
        );
    const f = finding(
      'cluster-cookie-mismatch',
      options,
      node.cookieHash,
      message,
      others.slice(0, 3).map((o) => relatedAt(o, (n) => n.cookieHash, t('The cookie of node {0}', nodeLabel(o)))),
    );
    if (f) out.push(f);
  }
  return out;
}

function valueMismatch<T>(
  id: ClusterRuleId,
  nodes: readonly ClusterNode[],
  options: ClusterCheckOptions,
  pick: (n: ClusterNode) => Located<T>,
  describe: (node: ClusterNode, value: string, others: ClusterNode[], otherValue: string) => string,
): Finding[] {
  const out: Finding[] = [];
  for (const { node, others } of disagreements(nodes, pick)) {
    const otherValue = String(pick(others[0]).value);
    const f = finding(
      id,
      options,
      pick(node),
      describe(node, String(pick(node).value), others, otherValue),
      others
        .slice(0, 3)
        .map((o) =>
          relatedAt(
            o,
            pick,
            pick(o).explicit
              ? t('{0} = {1} on node {2}', pick(o).keyPath, String(pick(o).value), nodeLabel(o))
              : t('{0} = {1} (the default) on node {2}', pick(o).keyPath, String(pick(o).value), nodeLabel(o)),
          ),
        ),
    );
    if (f) out.push(f);
  }
  return out;
}

function rpcChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const out = [
    ...valueMismatch(
      'cluster-rpc-mismatch',
      nodes,
      options,
      (n) => n.rpcProtocol,
      (node, value, others, other) =>
        t(
          'Node {0} uses cluster RPC protocol "{1}" but {2} use(s) "{3}". gen_rpc starts only the configured driver, so nodes on different protocols cannot reach each other. Set the same {4} on every node (ssl, with certificates from one private CA).',
          nodeLabel(node),
          value,
          others.map(nodeLabel).join(', '),
          other,
          node.rpcProtocol.keyPath,
        ),
    ),
    ...valueMismatch(
      'cluster-rpc-mismatch',
      nodes,
      options,
      (n) => n.portDiscovery,
      (node, value, others, other) =>
        t(
          'Node {0} uses rpc.port_discovery = {1} but {2} use(s) {3}. A stateless node dials 5370 + offset while a manual node listens on rpc.server_port, so some RPC connections will fail. Use the same port discovery on every node (the official Docker image forces manual).',
          nodeLabel(node),
          value,
          others.map(nodeLabel).join(', '),
          other,
        ),
    ),
  ];
  // The server port only matters between nodes that all use manual discovery:
  // every client dials its own rpc.server_port on every peer.
  const manual = nodes.filter((n) => n.portDiscovery.value === 'manual');
  out.push(
    ...valueMismatch(
      'cluster-rpc-mismatch',
      manual,
      options,
      (n) => n.serverPort,
      (node, value, others, other) =>
        t(
          'Node {0} listens for cluster RPC on port {1} but {2} use(s) port {3}. With manual port discovery each node dials its own rpc.server_port on every peer, so all nodes must use the same port.',
          nodeLabel(node),
          value,
          others.map(nodeLabel).join(', '),
          other,
        ),
    ),
  );
  return out;
}

function distChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  return valueMismatch(
    'cluster-dist-mismatch',
    nodes,
    options,
    (n) => n.protoDist,
    (node, value, others, other) =>
      t(
        'Node {0} uses cluster.proto_dist = {1} but {2} use(s) {3}. Erlang distribution over TLS and over plain TCP cannot talk to each other. Use the same value on every node (inet_tls or inet6_tls with ssl_dist.conf).',
        nodeLabel(node),
        value,
        others.map(nodeLabel).join(', '),
        other,
      ),
  );
}

// ---------------------------------------------------------------------------
// Certificates

interface NodeCerts {
  readonly node: ClusterNode;
  /** The CA bundle's certificates, when readable. */
  readonly cas?: X509Certificate[];
  /** The node's own certificate file (leaf first, then any chain), when readable. */
  readonly chain?: X509Certificate[];
}

function readCerts(node: ClusterNode): NodeCerts {
  const reader = node.input.reader;
  const read = (l: Located<string> | undefined): X509Certificate[] | undefined => {
    if (!reader || !l) return undefined;
    const text = reader.readText(l.value);
    if (text === undefined) return undefined;
    const certs = inspectPem(text).certificates;
    return certs.length > 0 ? [...certs] : undefined;
  };
  return { node, cas: read(node.cacertfile), chain: read(node.certfile) };
}

function caChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const tls = nodes.filter((n) => n.rpcProtocol.value === 'ssl' && n.cacertfile);
  if (tls.length < 2) return [];
  const certs = tls.map(readCerts);
  const out: Finding[] = [];
  // 1. The CA bundles themselves: compared by content when every bundle could
  //    be read (the same path on two machines may hold different files, and
  //    different paths may hold the same CA).
  const withCas = certs.filter((c) => c.cas);
  const reported = new Set<ClusterNode>();
  if (withCas.length >= 2) {
    const fp = (c: NodeCerts): string =>
      (c.cas ?? [])
        .map((x) => x.fingerprint256)
        .sort()
        .join(',');
    const byNode = new Map(withCas.map((c) => [c.node, fp(c)]));
    for (const { node, others } of disagreements(
      withCas.map((c) => c.node),
      (n) => ({ ...n.cacertfile!, value: byNode.get(n) ?? '' }),
    )) {
      const f = finding(
        'cluster-ca-mismatch',
        options,
        node.cacertfile!,
        t(
          'The CA file of node {0} ({1}) holds different certificates from the CA file of {2}. gen_rpc accepts a peer only when its certificate chains to the local rpc.cacertfile, so nodes that trust different CAs refuse each other. Give every node the same private cluster CA.',
          nodeLabel(node),
          node.cacertfile!.value,
          others.map(nodeLabel).join(', '),
        ),
        others.slice(0, 3).map((o) => relatedAt(o, (n) => n.cacertfile!, t('The CA file of node {0}', nodeLabel(o)))),
      );
      if (f) {
        out.push(f);
        reported.add(node);
      }
    }
  }
  // 2. Each node's own certificate must chain to every other node's CA,
  //    because every peer verifies it (mutual TLS is hard-wired in gen_rpc).
  for (const a of certs) {
    if (!a.chain || !a.node.certfile || reported.has(a.node)) continue;
    const [leaf, ...intermediates] = a.chain;
    // A node already reported for holding the odd CA file refuses everybody;
    // that is the same mistake, so it does not count against the others.
    const rejecting = certs.filter((b) => b !== a && b.cas && !reported.has(b.node) && !chainsTo(leaf, intermediates, b.cas));
    if (rejecting.length === 0) continue;
    const f = finding(
      'cluster-ca-mismatch',
      options,
      a.node.certfile,
      t(
        'The RPC certificate of node {0} ({1}) does not chain to the CA that node(s) {2} trust (rpc.cacertfile). Those nodes will refuse its cluster RPC connections. Issue every node certificate from the same private cluster CA.',
        nodeLabel(a.node),
        a.node.certfile.value,
        rejecting.map((r) => nodeLabel(r.node)).join(', '),
      ),
      rejecting.slice(0, 3).map((r) => relatedAt(r.node, (n) => n.cacertfile!, t('The CA file of node {0}', nodeLabel(r.node)))),
    );
    if (f) out.push(f);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Names, ports and seeds

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', 'ip6-localhost']);

/** The host a node runs on, for collision purposes (loopback names are one host). */
function hostKey(n: ClusterNode): string | undefined {
  const host = splitNodeName(n.name.value).host?.toLowerCase();
  if (host === undefined || host.length === 0) return undefined;
  return LOOPBACK.has(host) ? 'loopback' : host;
}

function nameChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const out: Finding[] = [];
  const byName = new Map<string, ClusterNode[]>();
  for (const n of nodes) {
    const g = byName.get(n.name.value);
    if (g) g.push(n);
    else byName.set(n.name.value, [n]);
  }
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    for (const n of group) {
      const others = group.filter((o) => o !== n);
      const f = finding(
        'cluster-duplicate-node',
        options,
        n.name,
        t(
          'Node name {0} is also used by {1} other config(s). Every node of a cluster needs a unique name; a second node with the same name is refused or replaces the first. Give each node its own name (the digits at the end of the name part also choose its ports).',
          name,
          others.length,
        ),
        others.slice(0, 3).map((o) => relatedAt(o, (x) => x.name, t('The same node name in {0}', o.uri))),
      );
      if (f) out.push(f);
    }
  }
  return out;
}

function portChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const out: Finding[] = [];
  const byHost = new Map<string, ClusterNode[]>();
  for (const n of nodes) {
    const h = hostKey(n);
    if (h === undefined) continue;
    const g = byHost.get(h);
    if (g) g.push(n);
    else byHost.set(h, [n]);
  }
  for (const group of byHost.values()) {
    // Nodes with the very same name are reported as duplicates instead.
    const distinct = group.filter((n, i) => group.findIndex((o) => o.name.value === n.name.value) === i);
    for (let i = 0; i < distinct.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = distinct[i];
        const b = distinct[j];
        const kinds: string[] = [];
        const ports: number[] = [];
        const da = distPort(a.name.value);
        const db = distPort(b.name.value);
        if (da !== 'random' && da === db) {
          kinds.push(t('Erlang distribution'));
          ports.push(da);
        }
        if (!isRemoteShell(a.name.value) && !isRemoteShell(b.name.value)) {
          const ra = rpcPort(a.name.value, a.portDiscovery.value, a.serverPort.value);
          const rb = rpcPort(b.name.value, b.portDiscovery.value, b.serverPort.value);
          if (ra === rb) {
            kinds.push(t('cluster RPC'));
            ports.push(ra);
          }
        }
        if (kinds.length === 0) continue;
        const f = finding(
          'cluster-port-collision',
          options,
          a.name,
          t(
            'Nodes {0} and {1} run on the same host and both need port(s) {2} ({3}). EMQX derives these ports from the digits at the end of the node name (4370 + N for distribution, 5370 + N for stateless RPC, rpc.server_port for manual RPC), so the second node cannot start. Give the nodes different numeric suffixes (emqx1, emqx2, …) and use stateless RPC port discovery, or run them on different hosts.',
            a.name.value,
            b.name.value,
            ports.join(', '),
            kinds.join(', '),
          ),
          [relatedAt(b, (n) => n.name, t('Node {0} on the same host', b.name.value))],
        );
        if (f) out.push(f);
      }
    }
  }
  return out;
}

function seedChecks(nodes: readonly ClusterNode[], options: ClusterCheckOptions): Finding[] {
  const out: Finding[] = [];
  const known = new Set(nodes.map((n) => n.name.value));
  for (const n of nodes) {
    if (!n.seeds || n.discoveryStrategy.value !== 'static') continue;
    const unknown = n.seeds.value.filter((s) => !known.has(s));
    if (unknown.length === 0) continue;
    const f = finding(
      'cluster-unknown-seed',
      options,
      n.seeds,
      t(
        "cluster.static.seeds of node {0} lists {1}, which is not the name of any node config checked together with it (known: {2}). A seed that does not exist only delays joining; a misspelt one leaves the node alone. Check the names against each node's node.name.",
        nodeLabel(n),
        unknown.join(', '),
        [...known].join(', '),
      ),
      [],
    );
    if (f) out.push(f);
  }
  return out;
}

/**
 * Runs every cluster check over the given node configs. Fewer than two nodes
 * make no cluster to compare, so nothing is reported then.
 */
export function checkCluster(inputs: readonly ClusterNodeInput[], options: ClusterCheckOptions = {}): Finding[] {
  if (inputs.length < 2) return [];
  const nodes = inputs.map(describeNode);
  const named = nodes.filter((n) => !n.input.nameUnknown);
  return [
    ...cookieChecks(nodes, options),
    ...rpcChecks(nodes, options),
    ...distChecks(nodes, options),
    ...caChecks(nodes, options),
    // A name that cannot be known (set from a Secret, built from an unknown address) is neither
    // a duplicate nor a collision, and a seed may name it.
    ...nameChecks(named, options),
    ...portChecks(named, options),
    ...(named.length === nodes.length ? seedChecks(nodes, options) : []),
  ];
}
