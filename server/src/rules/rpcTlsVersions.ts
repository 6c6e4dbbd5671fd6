import { atLeast } from '../emqx/version';
import { t } from '../l10n';
import { Finding, Rule, RuleContext } from './types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit, stringList } from './util';

function tlsVersions(ctx: RuleContext) {
  if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.3.1')) return undefined;
  const entry = getEntry(ctx, 'rpc.tls_versions');
  if (!entry || !isReportable(entry.setBy)) return undefined;
  const list = stringList(entry.value);
  return list ? { entry, list: list.map((v) => v.trim().toLowerCase()) } : undefined;
}

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

export const rpcTlsGap: Rule = {
  id: 'rpc-tls-gap',
  defaultSeverity: 'error',
  title: 'rpc.tls_versions lists TLS 1.3 without TLS 1.2: EMQX refuses to start',
  docs:
    'Reports an `rpc.tls_versions` list of two or more versions that contains `tlsv1.3` but not `tlsv1.2`: EMQX\'s schema validation (`validate_tls_version_gap`) rejects it and the node does not start. A list with `tlsv1.3` alone is accepted. ' +
    'Fix: add `tlsv1.2`, or keep only `tlsv1.3`. ' +
    'Versions: 5.3.1 and later.',
  check(ctx: RuleContext): Finding[] {
    const v = tlsVersions(ctx);
    if (!v || v.list.length < 2 || !v.list.includes('tlsv1.3') || v.list.includes('tlsv1.2')) return [];
    const fixes = isInDocument(ctx, v.entry.setBy) ? [{ title: t('Use [tlsv1.3, tlsv1.2]'), edits: [replaceValueEdit(ctx, v.entry.setBy, '[tlsv1.3, tlsv1.2]')], isPreferred: true, safe: true }] : undefined;
    return [finding(rpcTlsGap, ctx, v.entry.setBy.valueLocation, t('EMQX refuses to start: rpc.tls_versions has tlsv1.3 and an older version but not tlsv1.2 in between. Add tlsv1.2 or keep tlsv1.3 alone.'), { keyPath: 'rpc.tls_versions', fixes })];
  },
};
