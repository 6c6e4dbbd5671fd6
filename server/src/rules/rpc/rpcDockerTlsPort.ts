/** The `rpc-docker-tls-port` rule: EMQX 5.0–5.3.0: RPC over TLS with manual ports listens and dials on different ports. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { rpcTransport } from './rpcCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: () =>
    t(
      'EMQX before 5.3.1 with RPC over TLS and manual port discovery listens on rpc.ssl_server_port (5369) but dials 5370, so nodes cannot connect. Upgrade to 5.3.1 or later, or set rpc.ssl_server_port = 5370 on every node.',
    ),
} satisfies RuleMessages;

export const rpcDockerTlsPort: Rule = {
  id: 'rpc-docker-tls-port',
  defaultSeverity: 'warning',
  title: 'EMQX 5.0–5.3.0: RPC over TLS with manual ports listens and dials on different ports',
  messages,
  why:
    'Reports `rpc.protocol = ssl` with manual port discovery (`rpc.port_discovery = manual`, which the official Docker image forces) on EMQX 5.0 to 5.3.0. ' +
    'Those releases started the TLS server on `rpc.ssl_server_port` (5369) while clients dialled 5370, so nodes could not reach each other; EMQX 5.3.1 fixed it (PR #11813).',
  fix: 'Upgrade to 5.3.1 or later, or set `rpc.ssl_server_port = 5370` on every node.',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0', to: '5.3.0' }] },
  references: [{ repo: 'emqx/emqx', file: 'deploy/docker/docker-entrypoint.sh', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.version.major !== 5 || atLeast(ctx.version, '5.3.1')) return [];
    const transport = rpcTransport(ctx);
    if (transport.value !== 'ssl' || !transport.entry || !isReportable(transport.entry.setBy)) return [];
    const discovery = getEntry(ctx, 'rpc.port_discovery');
    const manual = discovery ? (scalarText(discovery.value) ?? '').trim() === 'manual' : ctx.docker;
    if (!manual) return [];
    const port = getEntry(ctx, 'rpc.ssl_server_port');
    if ((scalarText(port?.value) ?? '5369').trim() === '5370') return [];
    return [finding(rpcDockerTlsPort, ctx, transport.entry.setBy.valueLocation, messages.default(), { keyPath: 'rpc.ssl_server_port' })];
  },
};
