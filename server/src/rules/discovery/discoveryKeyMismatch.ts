/** The `discovery-key-mismatch` rule: The cluster discovery key of the other EMQX line. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  renameCluster: (right: Arg) => t('Rename to cluster.{0}', right),
  emqxDoesNot: (arg0: Arg, wrong: Arg, right: Arg) => t('EMQX {0} does not know cluster.{1} and refuses to start; the key is cluster.{2} in this version.', arg0, wrong, right),
} satisfies RuleMessages;

export const discoveryKeyMismatch: Rule = {
  id: 'discovery-key-mismatch',
  defaultSeverity: 'error',
  title: 'The cluster discovery key of the other EMQX line',
  messages,
  why: 'Reports `cluster.discovery` in a 5.x HOCON file (the 4.x name; 5.x calls it `cluster.discovery_strategy` and refuses to start on the unknown field) and `cluster.discovery_strategy` in a 4.x file (unknown to cuttlefish, which refuses to start).',
  fix: 'Rename the key (a safe quick fix).',
  fixKind: 'safe',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const five = ctx.version.major >= 5;
    const wrong = five ? 'discovery' : 'discovery_strategy';
    const right = five ? 'discovery_strategy' : 'discovery';
    const entry = getEntry(ctx, `cluster.${wrong}`);
    if (!entry || !isReportable(entry.setBy)) return [];
    const fixes = isInDocument(ctx, entry.setBy) ? [{ title: messages.renameCluster(right), edits: [{ uri: ctx.document.uri, range: entry.setBy.keyLocation.range, newText: right }], isPreferred: true, safe: true }] : undefined;
    return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, messages.emqxDoesNot(`${ctx.version.major}.x`, wrong, right), { keyPath: `cluster.${wrong}`, fixes })];
  },
};
