/** The `discovery-key-mismatch` rule: The cluster discovery key of the other EMQX line. */
import { t } from '../../l10n';
import { Finding, Rule, RuleContext } from '../types';
import { finding, getEntry, isInDocument, isReportable, scalarText } from '../util';

export const discoveryKeyMismatch: Rule = {
  id: 'discovery-key-mismatch',
  defaultSeverity: 'error',
  title: 'The cluster discovery key of the other EMQX line',
  why:
    'Reports `cluster.discovery` in a 5.x HOCON file (the 4.x name; 5.x calls it `cluster.discovery_strategy` and refuses to start on the unknown field) and `cluster.discovery_strategy` in a 4.x file (unknown to cuttlefish, which refuses to start). ' +
    'Set by an environment variable (docker-compose, `.env`, a manifest), the key means something else: EMQX 5 drops a variable whose path it does not know, `EMQX_CLUSTER__DISCOVERY` included, with an `unknown_env_vars` warning (hocon `check_env/4`), and boots with the strategy it had (`manual` unless set): the node never looks for its peers. A 4.x node does not read `EMQX_CLUSTER__DISCOVERY_STRATEGY` as its discovery key either.',
  fix: 'Rename the key (a safe quick fix in a config file) or the variable.',
  fixKind: 'safe',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/hocon', file: 'src/hocon_tconf.erl', release: '0.44.0' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const five = ctx.version.major >= 5;
    const wrong = five ? 'discovery' : 'discovery_strategy';
    const right = five ? 'discovery_strategy' : 'discovery';
    const entry = getEntry(ctx, `cluster.${wrong}`);
    if (!entry || !isReportable(entry.setBy)) return [];
    if (entry.setBy.origin.kind === 'env') {
      const current = (scalarText(getEntry(ctx, `cluster.${right}`)?.value) ?? '').trim() || 'manual';
      const message = five
        ? current === 'manual'
          ? t('EMQX {0} does not know {1}: it drops the variable with an "unknown_env_vars" warning and starts with discovery strategy manual, so this node never looks for its peers. Use EMQX_CLUSTER__DISCOVERY_STRATEGY.', `${ctx.version.major}.x`, entry.setBy.origin.name)
          : t('EMQX {0} does not know {1}: it drops the variable with an "unknown_env_vars" warning and keeps discovery strategy {2}. Use EMQX_CLUSTER__DISCOVERY_STRATEGY.', `${ctx.version.major}.x`, entry.setBy.origin.name, current)
        : t('EMQX 4.x does not read {0}: its discovery key is cluster.discovery, so discovery stays {1}. Use EMQX_CLUSTER__DISCOVERY.', entry.setBy.origin.name, current);
      return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, message, { keyPath: `cluster.${wrong}` })];
    }
    const fixes = isInDocument(ctx, entry.setBy) ? [{ title: t('Rename to cluster.{0}', right), edits: [{ uri: ctx.document.uri, range: entry.setBy.keyLocation.range, newText: right }], isPreferred: true, safe: true }] : undefined;
    return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, t('EMQX {0} does not know cluster.{1} and refuses to start; the key is cluster.{2} in this version.', `${ctx.version.major}.x`, wrong, right), { keyPath: `cluster.${wrong}`, fixes })];
  },
};
