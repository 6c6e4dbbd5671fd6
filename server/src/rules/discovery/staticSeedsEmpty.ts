/** The `static-seeds-empty` rule: static discovery with no seeds. */
import { nodeNameList } from '../../emqx/nodeList';
import { t } from '../../l10n';
import { discoveryKey, discoveryStrategy } from '../node/nodeCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  noSeeds: () => t('Static discovery has no seeds: this node contacts no one and never forms a cluster. List every node of the cluster in cluster.static.seeds, the same list on each node.'),
} satisfies RuleMessages;

export const staticSeedsEmpty: Rule = {
  id: 'static-seeds-empty',
  defaultSeverity: 'warning',
  title: 'Static discovery without seeds',
  messages,
  why:
    'Reports `cluster.discovery_strategy = static` (4.x: `cluster.discovery = static`) when `cluster.static.seeds` is absent or empty. ' +
    'The static strategy only contacts the nodes listed in the seeds (EMQX hands ekka `cluster_options(static, Conf)` = the seeds, `[]` when unset), so with none the node starts alone and silently never forms a cluster.',
  fix: 'List every node of the cluster, the same list on each node, for example `seeds = ["emqx@10.0.0.1", "emqx@10.0.0.2"]`.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || discoveryStrategy(ctx) !== 'static') return [];
    if (ctx.unknownValues?.has('cluster.static.seeds')) return [];
    const seeds = getEntry(ctx, 'cluster.static.seeds');
    if (seeds && nodeNameList(seeds.value).length > 0) return [];
    // At the empty seeds when they are written, else at the strategy.
    const strategy = getEntry(ctx, discoveryKey(ctx));
    const target = seeds && isReportable(seeds.setBy) ? seeds.setBy : strategy && isReportable(strategy.setBy) ? strategy.setBy : undefined;
    if (!target) return [];
    return [finding(staticSeedsEmpty, ctx, target.valueLocation, messages.noSeeds(), { keyPath: 'cluster.static.seeds' })];
  },
};
