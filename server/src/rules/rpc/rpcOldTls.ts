/** The `rpc-old-tls` rule: Cluster RPC allows TLS 1.0 or 1.1. */
import { t } from '../../l10n';
import { tlsVersions } from './rpcTlsVersionsCommon';
import { Finding, Rule, RuleContext } from '../types';
import { finding, isInDocument, replaceValueEdit } from '../util';

export const rpcOldTls: Rule = {
  id: 'rpc-old-tls',
  defaultSeverity: 'warning',
  title: 'Cluster RPC allows TLS 1.0 or 1.1',
  docs:
    'Reports `rpc.tls_versions` containing `tlsv1` or `tlsv1.1`. Both are deprecated (RFC 8996) and weaker against downgrade and cipher attacks; EMQX\'s default leaves them out. ' +
    'Fix: remove the key to get the default, or list only `tlsv1.2` and `tlsv1.3`. ' +
    'Versions: 5.3.1 and later (the key does not exist before).',
  check(ctx: RuleContext): Finding[] {
    const v = tlsVersions(ctx);
    if (!v) return [];
    const old = v.list.filter((x) => x === 'tlsv1' || x === 'tlsv1.1');
    if (old.length === 0) return [];
    const keep = v.list.filter((x) => x === 'tlsv1.2' || x === 'tlsv1.3');
    const fixes = isInDocument(ctx, v.entry.setBy) ? [{ title: t('Allow only TLS 1.2 and 1.3'), edits: [replaceValueEdit(ctx, v.entry.setBy, `[${(keep.includes('tlsv1.2') ? keep : ['tlsv1.3', 'tlsv1.2']).join(', ')}]`)], isPreferred: true }] : undefined;
    return [finding(rpcOldTls, ctx, v.entry.setBy.valueLocation, t('Cluster RPC allows {0}, deprecated TLS versions that are open to downgrade attacks. Allow only tlsv1.2 and tlsv1.3.', old.join(', ')), { keyPath: 'rpc.tls_versions', fixes })];
  },
};
