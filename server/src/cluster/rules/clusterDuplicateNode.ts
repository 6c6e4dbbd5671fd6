/** The `cluster-duplicate-node` rule: Two configs use the same node name. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, RuleMessages } from '../../rules/types';
import { ClusterNode } from '../nodes';
import { ClusterRule, ClusterRuleContext, clusterFinding, relatedAt } from './clusterCommon';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  nameInUse: (name: Arg, count: Arg) =>
    t(
      'Node name {0} is also used by {1} other config(s). Every node of a cluster needs a unique name; a second node with the same name is refused or replaces the first. Give each node its own name (the digits at the end of the name part also choose its ports).',
      name,
      count,
    ),
  sameNameIn: (file: Arg) => t('The same node name in {0}', file),
} satisfies RuleMessages;

export const clusterDuplicateNode: ClusterRule = {
  id: 'cluster-duplicate-node',
  defaultSeverity: 'error',
  title: 'Two configs use the same node name',
  messages,
  why:
    'Node names identify cluster members; two configs with the same `node.name` (or `EMQX_NODE__NAME`) describe nodes that ' +
    'cannot both be members. Usually a copied config whose name was not changed.',
  fix: 'Give every node a unique name.',
  fixKind: 'none',
  versions: { spans: [] },
  check(ctx: ClusterRuleContext): Finding[] {
    const out: Finding[] = [];
    const byName = new Map<string, ClusterNode[]>();
    for (const n of ctx.named) {
      const g = byName.get(n.name.value);
      if (g) g.push(n);
      else byName.set(n.name.value, [n]);
    }
    for (const [name, group] of byName) {
      if (group.length < 2) continue;
      for (const n of group) {
        const others = group.filter((o) => o !== n);
        out.push(
          clusterFinding(
            clusterDuplicateNode,
            n.name,
            messages.nameInUse(name, others.length),
            others.slice(0, 3).map((o) => relatedAt(o, (x) => x.name, messages.sameNameIn(o.uri))),
          ),
        );
      }
    }
    return out;
  },
};
