/** The `dist-listen-range-ignored` rule: 4.x node.dist_listen_min/max, which ekka overrides. */
import { distPort } from '../../emqx/ports';
import { t } from '../../l10n';
import { discoveryStrategy } from '../node/nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { deleteAssignmentEdit, finding, getEntry, isInDocument, isReportable, scalarText } from '../util';

/** The value 4.4's shipped etc/emqx.conf gives both keys. */
const SHIPPED_PORT = '6369';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  removeKeys: () => t('Remove node.dist_listen_min and node.dist_listen_max'),
  noEffect: (key: Arg, port: Arg, range: Arg) => t('{0} has no effect: EMQX 4.x does not use EPMD unless started with WITH_EPMD=1, and this node listens for Erlang distribution on {1} (4370 + the number at the end of node.name). Allow TCP {1} between the nodes, not {2}.', key, port, range),
} satisfies RuleMessages;

export const distListenRangeIgnored: Rule = {
  id: 'dist-listen-range-ignored',
  defaultSeverity: 'info',
  title: 'EMQX 4.x: node.dist_listen_min/max have no effect without EPMD',
  messages,
  why:
    'Reports 4.x `node.dist_listen_min` / `node.dist_listen_max`. Unless the node is started with `WITH_EPMD=1` exported, `bin/emqx` runs the VM with `-start_epmd false -epmd_module ekka_epmd -proto_dist ekka` (`bin/emqx` of every release from 4.3.0 to 4.3.22 and 4.4.0 to 4.4.19; the 4.4 Docker entrypoint never sets `WITH_EPMD`), and ekka\'s `listen` (ekka 0.8.1.11 `src/ekka_dist.erl`) forces the distribution port to 4370 + the number at the end of the node name\'s part before `@`. The range, `6369` in the shipped `etc/emqx.conf`, is then ignored, and a firewall opened for it (and for EPMD\'s 4369) blocks the cluster. ' +
    'The shipped values are not reported on a node that is not set up to cluster (discovery `manual` or unset); changed values, or any values on a clustering node, are.',
  fix: 'Allow TCP 4370 + offset (the port is in the message) between the nodes, and remove the two keys unless the node runs with `WITH_EPMD=1` (the quick fix removes them).',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '4.3', to: '4.4' }], note: '5.x has no such keys.' },
  references: [
    { repo: 'emqx/emqx', file: 'bin/emqx', release: 'v4.4.19' },
    { repo: 'emqx/emqx', file: 'etc/emqx.conf', release: 'v4.4.19' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    const keys = [getEntry(ctx, 'node.dist_listen_min'), getEntry(ctx, 'node.dist_listen_max')].filter((e) => e !== undefined && isReportable(e.setBy));
    if (keys.length === 0) return [];
    const values = keys.map((e) => (scalarText(e!.value) ?? '').trim());
    const strategy = discoveryStrategy(ctx);
    if (values.every((v) => v === SHIPPED_PORT) && (strategy === '' || strategy === 'manual')) return [];
    const name = (scalarText(getEntry(ctx, 'node.name')?.value) ?? 'emqx@127.0.0.1').trim();
    const port = distPort(name);
    if (port === 'random') return [];
    const first = keys[0]!;
    const fixes = keys.every((e) => isInDocument(ctx, e!.setBy))
      ? [{ title: messages.removeKeys(), edits: keys.map((e) => deleteAssignmentEdit(ctx, e!.setBy)) }]
      : undefined;
    return [
      finding(distListenRangeIgnored, ctx, first.setBy.keyLocation, messages.noEffect(first.path.join('.'), port, [...new Set(values)].join('–')), { keyPath: first.path.join('.'), fixes }),
    ];
  },
};
