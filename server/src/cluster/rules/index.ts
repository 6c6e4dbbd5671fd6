/**
 * The registry of the cluster rules: rules that compare several nodes' configs
 * (one file each in this folder, the same `RuleMeta` and `messages` as the
 * per-file rules of `server/src/rules`, with a check over the nodes of one
 * cluster, see clusterCommon.ts). They are not run per document: `checkCluster`
 * (../checks.ts) runs them over each cluster the node pipeline finds. The SARIF
 * output, the severity settings and the generated rule docs (docs/rules/) list
 * them from `clusterRules`, in the order of the docs.
 */
import { ClusterRule } from './clusterCommon';
import { clusterCaMismatch } from './clusterCaMismatch';
import { clusterCookieMismatch } from './clusterCookieMismatch';
import { clusterDistMismatch } from './clusterDistMismatch';
import { clusterDuplicateNode } from './clusterDuplicateNode';
import { clusterPortCollision } from './clusterPortCollision';
import { clusterRpcMismatch } from './clusterRpcMismatch';
import { clusterUnknownSeed } from './clusterUnknownSeed';

export type { ClusterRule, ClusterRuleContext } from './clusterCommon';

export const clusterRules: readonly ClusterRule[] = [clusterCookieMismatch, clusterRpcMismatch, clusterDistMismatch, clusterCaMismatch, clusterPortCollision, clusterDuplicateNode, clusterUnknownSeed];

/**
 * The cluster rules' ids, for the per-file analysis (AnalyzeInput.extraRuleIds):
 * suppression comments may name them although the rules layer cannot see them.
 */
export const CLUSTER_RULE_IDS: readonly string[] = clusterRules.map((r) => r.id);
