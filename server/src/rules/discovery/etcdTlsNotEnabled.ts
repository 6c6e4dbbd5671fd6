/** The `etcd-tls-not-enabled` rule: etcd TLS options are set but TLS is not enabled. */
import { t } from '../../l10n';
import { sectionKey } from './clusterCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { booleanValue, entriesUnder, finding, getEntry, insertKeysEdit, isInDocument, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  setEnableTrue: () => t('Set enable = true'),
  addEnableTrue: () => t('Add enable = true to the etcd TLS options'),
  etcdTLSOptions: (prefix: Arg) =>
    t('etcd TLS options are set but TLS is off: without enable = true in cluster.etcd.{0}, EMQX talks to etcd in clear text and ignores the certificate files. Add enable = true.', prefix),
} satisfies RuleMessages;

export const etcdTlsNotEnabled: Rule = {
  id: 'etcd-tls-not-enabled',
  defaultSeverity: 'warning',
  title: 'etcd TLS options are set but TLS is not enabled',
  messages,
  why:
    'Reports `cluster.discovery_strategy = etcd` with keys under `cluster.etcd.ssl_options` (alias `ssl`) but without `enable = true`. ' +
    'EMQX passes `enable = false` (the default) to ekka, which then talks to etcd in clear text and ignores the certificate files. ' +
    "EMQX's own `cluster-with-etcd-ssl.conf.example` has this mistake.",
  fix: 'Add `enable = true` inside `ssl_options` (the quick fix does).',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '5.0' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/ekka', file: 'src/ekka_cluster_etcd.erl', release: '0.23.2' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy')?.value) ?? '').trim();
    if (strategy !== 'etcd') return [];
    for (const prefix of ['ssl_options', 'ssl']) {
      const entries = entriesUnder(ctx, ['cluster', 'etcd', prefix]).filter((e) => isReportable(e.setBy));
      if (entries.length === 0) continue;
      const enable = entries.find((e) => e.path.length === 4 && e.path[3] === 'enable');
      if (enable && booleanValue(enable.value) === true) return [];
      const at = enable ?? entries[0];
      const fixes = enable
        ? isInDocument(ctx, enable.setBy)
          ? [{ title: messages.setEnableTrue(), edits: [{ uri: ctx.document.uri, range: enable.setBy.valueLocation.range, newText: 'true' }], isPreferred: true }]
          : undefined
        : [{ title: messages.addEnableTrue(), edits: [insertKeysEdit(ctx, [{ path: ['cluster', 'etcd', prefix, 'enable'], value: 'true' }])], isPreferred: true }];
      return [
        finding(etcdTlsNotEnabled, ctx, enable ? enable.setBy.valueLocation : (sectionKey(ctx, at.setBy.keyLocation, prefix) ?? at.setBy.keyLocation), messages.etcdTLSOptions(prefix), {
          keyPath: `cluster.etcd.${prefix}.enable`,
          fixes,
        }),
      ];
    }
    return [];
  },
};
