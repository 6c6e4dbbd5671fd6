/** The `node-port-collision` rule: Two node names give the same ports on the same host. */
import { distPort, isRemoteShell, nodeOffset, splitNodeName } from '../../emqx/ports';
import { t } from '../../l10n';
import { NamedNode, seedLocations } from './nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  runSameHost: (name: Arg, name2: Arg, arg2: Arg, arg3: Arg) => t('{0} and {1} run on the same host and both get Erlang distribution port {2} and RPC port {3} (the port comes from the digits at the end of the name part). Only one of them can start. Give each node on a host a different number.', name, name2, arg2, arg3),
  usesSamePorts: (name: Arg) => t('{0} uses the same ports.', name),
} satisfies RuleMessages;

export const nodePortCollision: Rule = {
  id: 'node-port-collision',
  defaultSeverity: 'warning',
  title: 'Two node names give the same ports on the same host',
  messages,
  why:
    'Reports node names in `cluster.static.seeds` (and `node.name`) that are different but give the same Erlang distribution port (4370+N) and stateless RPC port (5370+N) on the same host. ' +
    'N is the run of digits at the end of the name part, modulo 60000, so `emqx1`, `emqx01`, `emqx-1` and `emqx60001` all give 1, and `emqx` and `emqx-a` both give 0. ' +
    'Two such nodes on one host cannot both start.',
  fix: 'Give each node on a host a distinct numeric suffix (`emqx1`, `emqx2`), or put them on different hosts.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const nodes = seedLocations(ctx);
    const self = getEntry(ctx, 'node.name');
    if (self && isInDocument(ctx, self.setBy) && scalarText(self.value)) nodes.unshift({ name: (scalarText(self.value) ?? '').trim(), location: self.setBy.valueLocation });
    const seen = new Map<string, NamedNode>();
    const out: Finding[] = [];
    for (const node of nodes) {
      if (isRemoteShell(node.name)) continue;
      const { host } = splitNodeName(node.name);
      const key = `${(host ?? '').toLowerCase()}#${nodeOffset(node.name)}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, node);
        continue;
      }
      if (first.name === node.name) continue;
      out.push(
        finding(nodePortCollision, ctx, node.location, messages.runSameHost(node.name, first.name, String(distPort(node.name)), String(5370 + nodeOffset(node.name))), {
          keyPath: 'cluster.static.seeds',
          related: [{ location: first.location, message: messages.usesSamePorts(first.name) }],
        }),
      );
    }
    return out;
  },
};
