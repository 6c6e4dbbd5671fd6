/** The `discovery-key-mismatch` rule: The cluster discovery key of the other EMQX line. */
import { t } from '../../l10n';
import { Finding, Rule, RuleContext } from '../types';
import { finding, getEntry, isInDocument, isReportable } from '../util';

export const discoveryKeyMismatch: Rule = {
  id: 'discovery-key-mismatch',
  defaultSeverity: 'error',
  title: 'The cluster discovery key of the other EMQX line',
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
    const fixes = isInDocument(ctx, entry.setBy) ? [{ title: t('Rename to cluster.{0}', right), edits: [{ uri: ctx.document.uri, range: entry.setBy.keyLocation.range, newText: right }], isPreferred: true, safe: true }] : undefined;
    return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, t('EMQX {0} does not know cluster.{1} and refuses to start; the key is cluster.{2} in this version.', `${ctx.version.major}.x`, wrong, right), { keyPath: `cluster.${wrong}`, fixes })];
  },
};
