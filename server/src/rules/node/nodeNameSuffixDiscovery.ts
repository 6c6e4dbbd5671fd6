/** The `node-name-suffix-discovery` rule: A numbered node name with DNS or Kubernetes discovery. */
import { nodeSuffix } from '../../emqx/ports';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (strategy: Arg, digits: Arg) =>
    t(
      "With {0} discovery every peer is named after this node's name part, so all nodes must share it; a per-node number ({1}) also moves the ports peers are dialled on. Use the same name part on every node.",
      strategy,
      digits,
    ),
} satisfies RuleMessages;

export const nodeNameSuffixDiscovery: Rule = {
  id: 'node-name-suffix-discovery',
  defaultSeverity: 'warning',
  title: 'A numbered node name with DNS or Kubernetes discovery',
  messages,
  why:
    'Reports a `node.name` whose part before `@` ends in digits (`emqx1@…`) when `cluster.discovery_strategy` (4.x: `cluster.discovery`) is `dns` or `k8s`. ' +
    "These strategies name each peer `<this node's name part>@<discovered address>`, so every node must share the same name part; and since the ports come from its digits, peers are dialled on this node's ports. " +
    'A per-node number breaks discovery.',
  fix: 'Use the same name part on every node (for example `emqx@<pod address>`).',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy', 'cluster.discovery')?.value) ?? '').trim();
    if (strategy !== 'dns' && strategy !== 'k8s') return [];
    const name = getEntry(ctx, 'node.name');
    if (!name || !isReportable(name.setBy)) return [];
    const suffix = nodeSuffix((scalarText(name.value) ?? '').trim());
    if (!suffix) return [];
    return [
      finding(nodeNameSuffixDiscovery, ctx, name.setBy.valueLocation, messages.default(strategy, suffix.digits), {
        keyPath: 'node.name',
      }),
    ];
  },
};
