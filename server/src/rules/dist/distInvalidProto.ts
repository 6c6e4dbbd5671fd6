/** The `dist-invalid-proto` rule: cluster.proto_dist is not a transport this EMQX version knows. */
import { allowedValues } from '../../emqx/keys';
import { t } from '../../l10n';
import { protoDist } from './distCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { didYouMean, finding, isInDocument, isReportable, replaceValueEdit } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  refusedDidYouMean: (version: Arg, value: Arg, arg2: Arg, suggestion: Arg) => t('EMQX {0} refuses to start: cluster.proto_dist = {1} is not one of {2}. Did you mean {3}?', version, value, arg2, suggestion),
  refused: (version: Arg, value: Arg, arg2: Arg) => t('EMQX {0} refuses to start: cluster.proto_dist = {1} is not one of {2}.', version, value, arg2),
  changeTo: (suggestion: Arg) => t('Change to {0}', suggestion),
} satisfies RuleMessages;

export const distInvalidProto: Rule = {
  id: 'dist-invalid-proto',
  defaultSeverity: 'error',
  title: 'cluster.proto_dist is not a transport this EMQX version knows',
  messages,
  why:
    'Reports a `cluster.proto_dist` value outside the enum of the target version: `inet_tcp`, `inet6_tcp`, `inet_tls`, and from 5.3.1 `inet6_tls` (4.x and 5.0–5.3.0 have no `inet6_tls`). ' +
    'EMQX refuses the config and the node does not start.',
  fix: 'Correct the value; a typo such as `inet_tsl` gets a did-you-mean quick fix.',
  fixKind: 'safe',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const { entry, value } = protoDist(ctx);
    const allowed = allowedValues('cluster.proto_dist', ctx.version) ?? [];
    if (!entry || !isReportable(entry.setBy) || allowed.includes(value)) return [];
    const suggestion = didYouMean(value, allowed);
    const version = `${ctx.version.major}.${ctx.version.minor}`;
    const message = suggestion
      ? messages.refusedDidYouMean(version, value, allowed.join(', '), suggestion)
      : messages.refused(version, value, allowed.join(', '));
    const fixes = suggestion && isInDocument(ctx, entry.setBy) ? [{ title: messages.changeTo(suggestion), edits: [replaceValueEdit(ctx, entry.setBy, suggestion)], isPreferred: true, safe: true }] : undefined;
    return [finding(distInvalidProto, ctx, entry.setBy.valueLocation, message, { keyPath: 'cluster.proto_dist', fixes })];
  },
};
