/** The `node-port-offset` rule: a numbered node name moves the cluster ports the firewall must allow. */
import { DIST_BASE_PORT, distPort, nodeSuffix, RPC_STATELESS_BASE_PORT } from '../../emqx/ports';
import { t } from '../../l10n';
import { discoveryStrategy, rpcPortOf } from './nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  stateless: (digits: Arg, distPort: Arg, rpcPort: Arg, distBase: Arg, rpcBase: Arg) =>
    t(
      'The name part of node.name ends in {0}, so this node listens on {1} for Erlang distribution and {2} for cluster RPC, not {3}/{4}. Allow TCP {1} and {2} from the other cluster nodes.',
      digits,
      distPort,
      rpcPort,
      distBase,
      rpcBase,
    ),
  manual: (digits: Arg, distPort: Arg, distBase: Arg, rpcPort: Arg) =>
    t(
      'The name part of node.name ends in {0}, so this node listens on {1} for Erlang distribution, not {2}; cluster RPC stays on {3} (rpc.port_discovery = manual). Allow TCP {1} and {3} from the other cluster nodes.',
      digits,
      distPort,
      distBase,
      rpcPort,
    ),
} satisfies RuleMessages;

export const nodePortOffset: Rule = {
  id: 'node-port-offset',
  defaultSeverity: 'info',
  title: 'A numbered node name moves the cluster ports off 4370/5370',
  messages,
  why:
    'Reports a `node.name` whose part before `@` ends in digits that give a port offset (`emqx2@…`, `emqx-2@…`, `node-02@…`; the digits modulo 60000): Erlang distribution listens on 4370 + offset, and cluster RPC on 5370 + offset when `rpc.port_discovery` is `stateless` (the default outside Docker; with `manual` it stays on `rpc.server_port`, 5369 unless set). ' +
    'EMQX uses no EPMD: ekka answers every port query with this arithmetic (`ekka_dist:port/1`, ekka 0.23.2 in EMQX 5.8.9, 0.8.1.11 in 4.4.19) and gen_rpc computes the RPC port the same way (`gen_rpc_helper:port/1`). A firewall opened for 4370/5370, or for the pre-4.0 4369/6369, blocks this node. The finding carries the exact ports to allow, so CI output shows them too. ' +
    'Not reported with `dns` or `k8s` discovery (`node-name-suffix-discovery` covers numbered names there) or for remote-console names (`remsh…`).',
  fix: 'Allow the ports in the message between the cluster nodes (only them), or drop the digits from the name part.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/ekka', file: 'src/ekka_dist.erl', release: '0.23.2' },
    { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' },
    { repo: 'emqx/emqx', file: 'deploy/docker/docker-entrypoint.sh', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || ctx.unknownValues?.has('node.name')) return [];
    const strategy = discoveryStrategy(ctx);
    if (strategy === 'dns' || strategy === 'k8s') return [];
    const entry = getEntry(ctx, 'node.name');
    if (!entry || !isReportable(entry.setBy)) return [];
    const name = (scalarText(entry.value) ?? '').trim();
    const suffix = nodeSuffix(name);
    const dist = distPort(name);
    if (!suffix || suffix.offset === 0 || dist === 'random') return [];
    const rpc = rpcPortOf(ctx, name);
    const message =
      rpc.discovery === 'stateless' ? messages.stateless(suffix.digits, dist, rpc.port, DIST_BASE_PORT, RPC_STATELESS_BASE_PORT) : messages.manual(suffix.digits, dist, DIST_BASE_PORT, rpc.port);
    return [finding(nodePortOffset, ctx, entry.setBy.valueLocation, message, { keyPath: 'node.name' })];
  },
};
