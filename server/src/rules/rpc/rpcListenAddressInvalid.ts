/** The `rpc-listen-address-invalid` rule: rpc.listen_address is not an IP address. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';
import { isIP } from 'net';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: () => t('EMQX refuses to start: rpc.listen_address must be an IP address such as "10.0.0.1" or "0.0.0.0", not a host name or a range.'),
} satisfies RuleMessages;

export const rpcListenAddressInvalid: Rule = {
  id: 'rpc-listen-address-invalid',
  defaultSeverity: 'error',
  title: 'rpc.listen_address is not an IP address',
  messages,
  why:
    'Reports an `rpc.listen_address` that is not an IPv4 or IPv6 literal (a host name, a CIDR, an address with a port). ' +
    'EMQX parses it with `inet:parse_address` and refuses the config otherwise.',
  fix: 'Give the IP address of the interface the RPC server should listen on, for example `"10.0.0.1"`, or `"0.0.0.0"` for all interfaces.',
  fixKind: 'none',
  versions: {
    spans: [{ from: '5.3.1' }],
    note: 'The key does not exist before 5.3.1.',
  },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.3.1')) return [];
    const e = getEntry(ctx, 'rpc.listen_address');
    if (!e || !isReportable(e.setBy)) return [];
    const v = (scalarText(e.value) ?? '').trim();
    if (isIP(v) !== 0) return [];
    return [finding(rpcListenAddressInvalid, ctx, e.setBy.valueLocation, messages.default(), { keyPath: 'rpc.listen_address' })];
  },
};
