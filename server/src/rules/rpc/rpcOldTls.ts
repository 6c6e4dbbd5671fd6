/** The `rpc-old-tls` rule: Cluster RPC allows TLS 1.0 or 1.1. */
import { t } from '../../l10n';
import { tlsVersions } from './rpcTlsVersionsCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isInDocument, replaceValueEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  allowOnlyTLS: () => t('Allow only TLS 1.2 and 1.3'),
  clusterRPCAllows: (arg0: Arg) => t('Cluster RPC allows {0}, deprecated TLS versions that are open to downgrade attacks. Allow only tlsv1.2 and tlsv1.3.', arg0),
} satisfies RuleMessages;

export const rpcOldTls: Rule = {
  id: 'rpc-old-tls',
  defaultSeverity: 'warning',
  title: 'Cluster RPC allows TLS 1.0 or 1.1',
  messages,
  why: 'Reports `rpc.tls_versions` containing `tlsv1` or `tlsv1.1`. ' + "Both are deprecated (RFC 8996) and weaker against downgrade and cipher attacks; EMQX's default leaves them out.",
  fix: 'Remove the key to get the default, or list only `tlsv1.2` and `tlsv1.3`.',
  fixKind: 'unsafe',
  versions: {
    spans: [{ from: '5.3.1' }],
    note: 'The key does not exist before 5.3.1.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    const v = tlsVersions(ctx);
    if (!v) return [];
    const old = v.list.filter((x) => x === 'tlsv1' || x === 'tlsv1.1');
    if (old.length === 0) return [];
    const keep = v.list.filter((x) => x === 'tlsv1.2' || x === 'tlsv1.3');
    const fixes = isInDocument(ctx, v.entry.setBy)
      ? [{ title: messages.allowOnlyTLS(), edits: [replaceValueEdit(ctx, v.entry.setBy, `[${(keep.includes('tlsv1.2') ? keep : ['tlsv1.3', 'tlsv1.2']).join(', ')}]`)], isPreferred: true }]
      : undefined;
    return [finding(rpcOldTls, ctx, v.entry.setBy.valueLocation, messages.clusterRPCAllows(old.join(', ')), { keyPath: 'rpc.tls_versions', fixes })];
  },
};
