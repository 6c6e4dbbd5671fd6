/** The `rpc-port-ignored` rule: rpc.server_port is set but port discovery is stateless. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (arg0: Arg) =>
    t(
      '{0} has no effect: rpc.port_discovery is stateless, so each node listens on 5370 + the number at the end of its name. Set rpc.port_discovery = manual on every node to use a fixed port (the official Docker image does).',
      arg0,
    ),
} satisfies RuleMessages;

export const rpcPortIgnored: Rule = {
  id: 'rpc-port-ignored',
  defaultSeverity: 'info',
  title: 'rpc.server_port is set but port discovery is stateless',
  messages,
  why:
    'Reports `rpc.server_port` (or `rpc.tcp_server_port`/`rpc.ssl_server_port`) when `rpc.port_discovery` is `stateless` or absent and the "docker" setting is off. ' +
    "With stateless discovery the RPC port is 5370 + the node name's numeric suffix and the key is ignored, so a firewall opened for it lets nothing through. " +
    "EMQX's own description of `port_discovery` says the opposite, but the code only uses `server_port` in manual mode. " +
    'The official Docker image forces manual discovery, where the key does apply.',
  fix: 'Set `rpc.port_discovery = manual` on every node if you want a fixed port, or remove the key.',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'src/gen_rpc_helper.erl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.docker) return [];
    const port = getEntry(ctx, 'rpc.server_port', 'rpc.tcp_server_port', 'rpc.ssl_server_port');
    if (!port || !isReportable(port.setBy) || !isInDocument(ctx, port.setBy)) return [];
    const discovery = (scalarText(getEntry(ctx, 'rpc.port_discovery')?.value) ?? 'stateless').trim();
    if (discovery !== 'stateless') return [];
    return [
      finding(rpcPortIgnored, ctx, port.setBy.keyLocation, messages.default(port.path.join('.')), {
        keyPath: port.path.join('.'),
      }),
    ];
  },
};
