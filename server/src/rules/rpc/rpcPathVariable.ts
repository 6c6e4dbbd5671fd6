/** The `rpc-path-variable` rule: An RPC certificate path uses a ${…} variable EMQX does not expand there. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (key: Arg) => t('rpc.{0} is passed to gen_rpc as written, without expanding ${…} variables (unlike listener TLS options), so the file will not be found. Use an absolute path.', key),
} satisfies RuleMessages;

export const rpcPathVariable: Rule = {
  id: 'rpc-path-variable',
  defaultSeverity: 'warning',
  title: 'An RPC certificate path uses a ${…} variable EMQX does not expand there',
  messages,
  why:
    'Reports `rpc.certfile`, `rpc.keyfile` or `rpc.cacertfile` containing `${` (for example `"${EMQX_ETC_DIR}/certs/node.pem"`, copied from a listener\'s `ssl_options`). ' +
    'EMQX expands such variables in listener and client TLS options, but hands the `rpc.*file` paths to gen_rpc as written, and HOCON does not substitute inside quoted strings; the node then looks for a file literally named `${EMQX_ETC_DIR}/…` and cluster RPC over TLS cannot start. ' +
    "This comes from reading EMQX's code, not from running it.",
  fix: 'Write the absolute path (for example `/etc/emqx/certs/node.pem`).',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    const out: Finding[] = [];
    for (const key of ['certfile', 'keyfile', 'cacertfile']) {
      const e = getEntry(ctx, `rpc.${key}`);
      if (!e || !isReportable(e.setBy)) continue;
      if (!(scalarText(e.value) ?? '').includes('${')) continue;
      out.push(finding(rpcPathVariable, ctx, e.setBy.valueLocation, messages.default(key), { keyPath: `rpc.${key}` }));
    }
    return out;
  },
};
