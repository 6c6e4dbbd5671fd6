/** The `etcd-verify-none` rule: etcd TLS does not verify the etcd server. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { booleanValue, finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  useVerifyPeerNeeds: () => t('Use verify_peer (needs cacertfile with the etcd CA)'),
  tlsEtcdDoes: (value: Arg) =>
    t(
      'TLS to etcd does not verify the server (verify is {0}): anyone who can intercept the connection can pose as etcd and hand this node a list of peers. Set verify = verify_peer with the etcd CA in cacertfile.',
      value,
    ),
} satisfies RuleMessages;

export const etcdVerifyNone: Rule = {
  id: 'etcd-verify-none',
  defaultSeverity: 'warning',
  title: 'etcd TLS does not verify the etcd server',
  messages,
  why:
    'Reports etcd discovery with TLS enabled (`cluster.etcd.ssl_options.enable = true`, alias `ssl`) when `verify` is absent or `verify_none`. ' +
    'The default is `verify_none`: the connection is encrypted but anyone who can intercept it can pose as etcd and feed the node a list of peers.',
  fix: 'Set `verify = verify_peer` with `cacertfile` pointing at the CA of the etcd servers.',
  fixKind: 'unsafe',
  versions: { spans: [{ from: '5.0' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/ekka', file: 'src/ekka_cluster_etcd.erl', release: '0.23.2' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    if ((scalarText(getEntry(ctx, 'cluster.discovery_strategy')?.value) ?? '').trim() !== 'etcd') return [];
    for (const prefix of ['ssl_options', 'ssl']) {
      const enable = getEntry(ctx, `cluster.etcd.${prefix}.enable`);
      if (!enable || booleanValue(enable.value) !== true || !isReportable(enable.setBy)) continue;
      const verify = getEntry(ctx, `cluster.etcd.${prefix}.verify`);
      const value = (scalarText(verify?.value) ?? 'verify_none').trim();
      if (value === 'verify_peer') return [];
      const at = verify && isReportable(verify.setBy) ? verify.setBy.valueLocation : enable.setBy.valueLocation;
      const fixes = verify && isInDocument(ctx, verify.setBy) ? [{ title: messages.useVerifyPeerNeeds(), edits: [replaceValueEdit(ctx, verify.setBy, 'verify_peer')], isPreferred: true }] : undefined;
      return [finding(etcdVerifyNone, ctx, at, messages.tlsEtcdDoes(value), { keyPath: `cluster.etcd.${prefix}.verify`, fixes })];
    }
    return [];
  },
};
