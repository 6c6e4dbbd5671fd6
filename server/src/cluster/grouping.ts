/**
 * Which node configs belong to one cluster, decided from evidence in the
 * configs themselves. The editor finds candidate configs by looking around
 * the open one on disk, and a workspace often holds configs of deployments
 * that have nothing to do with each other (`examples/insecure/` next to
 * `examples/hardened/`, two customers' configs in one repository). Comparing
 * those would report cookie, RPC, port and duplicate-name "mismatches" that
 * EMQX itself would never see, because the nodes never try to join each
 * other. So two nodes are compared only when the configs say they are peers.
 *
 * The rule: two nodes are linked when
 *  1. one node's explicitly set name (`node.name`, file or `EMQX_NODE__NAME`)
 *     is listed in the other's `cluster.static.seeds` or `cluster.core_nodes`
 *     (the addresses a node uses to find its cluster), or
 *  2. both are services of the same docker-compose file (one compose project
 *     is one deployment; a template mounted into three services is three
 *     nodes of one cluster), or
 *  3. both set the same `cluster.name` explicitly, and it is not EMQX's
 *     default `emqxcl` (the default is shared by every unrelated cluster in
 *     the world, so it proves nothing).
 * A cluster is a connected component of these links: A lists B in its seeds
 * and C lists B too, so A, B and C are compared together. A node without any
 * link stays alone and gets no cluster finding (silence beats a false alarm).
 *
 * Folder layout (`node1/`, `node2/` side by side) is deliberately not
 * evidence: the same layout holds unrelated examples or customers, and a real
 * cluster layout almost always has seeds, a compose file or a cluster name
 * that links it.
 *
 * Pure: works on effective configs, reads nothing.
 */
import { nodeNameList } from '../emqx/nodeList';
import { ClusterNodeInput, describeNode } from './nodes';

/** One node as the grouping sees it: its config and the compose file that runs it, if any. */
export interface GroupCandidate<T = unknown> {
  readonly node: ClusterNodeInput;
  /** The docker-compose file whose service runs this node (absolute path or URI). */
  readonly composeFile?: string;
  /** Whatever the caller wants back with the node. */
  readonly data?: T;
}

/** EMQX's default `cluster.name` (4.x and 5.x+): not evidence of anything. */
export const DEFAULT_CLUSTER_NAME = 'emqxcl';

function explicitClusterName(node: ClusterNodeInput): string | undefined {
  const v = node.config.get('cluster.name')?.value;
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s && s !== DEFAULT_CLUSTER_NAME ? s : undefined;
}

/**
 * Splits the candidates into clusters (connected components of the links
 * above), in input order. Every candidate is in exactly one group; groups of
 * one are nodes with no evidence of peers.
 */
export function groupClusterNodes<T>(candidates: readonly GroupCandidate<T>[]): GroupCandidate<T>[][] {
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  // Only a name the config (or its environment) sets counts: every config
  // without node.name has the default `emqx@127.0.0.1`, and a seed list naming
  // that default would otherwise pull in every unrelated default config.
  const byName = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    const name = describeNode(c.node).name;
    if (!name.explicit) return;
    byName.set(name.value, [...(byName.get(name.value) ?? []), i]);
  });
  const byKey = new Map<string, number>();
  const link = (key: string, i: number): void => {
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, i);
    else union(first, i);
  };
  candidates.forEach((c, i) => {
    const peers = [...nodeNameList(c.node.config.get('cluster.static.seeds')?.value), ...nodeNameList(c.node.config.get('cluster.core_nodes')?.value)];
    for (const peer of peers) for (const j of byName.get(peer) ?? []) union(i, j);
    if (c.composeFile) link(`compose\u0000${c.composeFile}`, i);
    const clusterName = explicitClusterName(c.node);
    if (clusterName) link(`name\u0000${clusterName}`, i);
  });

  const groups = new Map<number, GroupCandidate<T>[]>();
  candidates.forEach((c, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), c]);
  });
  return [...groups.values()];
}
