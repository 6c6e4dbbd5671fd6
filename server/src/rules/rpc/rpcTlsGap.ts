/** The `rpc-tls-gap` rule: rpc.tls_versions lists TLS 1.3 without TLS 1.2: EMQX refuses to start. */
import { t } from '../../l10n';
import { tlsVersions } from './rpcTlsVersionsCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isInDocument, replaceValueEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  useTlsv13: () => t('Use [tlsv1.3, tlsv1.2]'),
  emqxRefusesStart: () => t('EMQX refuses to start: rpc.tls_versions has tlsv1.3 and an older version but not tlsv1.2 in between. Add tlsv1.2 or keep tlsv1.3 alone.'),
} satisfies RuleMessages;

export const rpcTlsGap: Rule = {
  id: 'rpc-tls-gap',
  defaultSeverity: 'error',
  title: 'rpc.tls_versions lists TLS 1.3 without TLS 1.2: EMQX refuses to start',
  messages,
  why:
    "Reports an `rpc.tls_versions` list of two or more versions that contains `tlsv1.3` but not `tlsv1.2`: EMQX's schema validation (`validate_tls_version_gap`) rejects it and the node does not start. " +
    'A list with `tlsv1.3` alone is accepted.',
  fix: 'Add `tlsv1.2`, or keep only `tlsv1.3`.',
  fixKind: 'safe',
  versions: { spans: [{ from: '5.3.1' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    const v = tlsVersions(ctx);
    if (!v || v.list.length < 2 || !v.list.includes('tlsv1.3') || v.list.includes('tlsv1.2')) return [];
    const fixes = isInDocument(ctx, v.entry.setBy) ? [{ title: messages.useTlsv13(), edits: [replaceValueEdit(ctx, v.entry.setBy, '[tlsv1.3, tlsv1.2]')], isPreferred: true, safe: true }] : undefined;
    return [finding(rpcTlsGap, ctx, v.entry.setBy.valueLocation, messages.emqxRefusesStart(), { keyPath: 'rpc.tls_versions', fixes })];
  },
};
