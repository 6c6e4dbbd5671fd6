/** The `discovery-key-mismatch` rule: The cluster discovery key of the other EMQX line. */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  renameCluster: (right: Arg) => t('Rename to cluster.{0}', right),
  emqxDoesNot: (arg0: Arg, wrong: Arg, right: Arg) => t('EMQX {0} does not know cluster.{1} and refuses to start; the key is cluster.{2} in this version.', arg0, wrong, right),
  envDroppedManual: (version: Arg, name: Arg) =>
    t(
      'EMQX {0} does not know {1}: it drops the variable with an "unknown_env_vars" warning and starts with discovery strategy manual, so this node never looks for its peers. Use EMQX_CLUSTER__DISCOVERY_STRATEGY.',
      version,
      name,
    ),
  envDropped: (version: Arg, name: Arg, current: Arg) =>
    t('EMQX {0} does not know {1}: it drops the variable with an "unknown_env_vars" warning and keeps discovery strategy {2}. Use EMQX_CLUSTER__DISCOVERY_STRATEGY.', version, name, current),
  envIgnored4x: (name: Arg, current: Arg) => t('EMQX 4.x does not read {0}: its discovery key is cluster.discovery, so discovery stays {1}. Use EMQX_CLUSTER__DISCOVERY.', name, current),
} satisfies RuleMessages;

export const discoveryKeyMismatch: Rule = {
  id: 'discovery-key-mismatch',
  defaultSeverity: 'error',
  title: 'The cluster discovery key of the other EMQX line',
  messages,
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
      const name = entry.setBy.origin.name;
      const message = !five
        ? messages.envIgnored4x(name, current)
        : current === 'manual'
          ? messages.envDroppedManual(`${ctx.version.major}.x`, name)
          : messages.envDropped(`${ctx.version.major}.x`, name, current);
      return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, message, { keyPath: `cluster.${wrong}` })];
    }
    const fixes = isInDocument(ctx, entry.setBy)
      ? [{ title: messages.renameCluster(right), edits: [{ uri: ctx.document.uri, range: entry.setBy.keyLocation.range, newText: right }], isPreferred: true, safe: true }]
      : undefined;
    return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, messages.emqxDoesNot(`${ctx.version.major}.x`, wrong, right), { keyPath: `cluster.${wrong}`, fixes })];
  },
};
