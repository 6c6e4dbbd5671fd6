/** The `static-seeds-string` rule: a comma-separated seed string where 5.0.0–5.0.22 need an array. */
import { nodeNameList } from '../../emqx/nodeList';
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, replaceValueEdit, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  writeArray: () => t('Write the seeds as an array'),
  arrayOnly: (version: Arg) =>
    t('EMQX {0} accepts cluster.static.seeds only as an array and refuses to start with a string; comma-separated seeds work from 5.0.23. Write them as ["name@host", ...].', version),
} satisfies RuleMessages;

export const staticSeedsString: Rule = {
  id: 'static-seeds-string',
  defaultSeverity: 'error',
  title: 'EMQX 5.0.0–5.0.22: cluster.static.seeds must be an array',
  messages,
  why: 'Reports `cluster.static.seeds` written as a string (`"emqx@10.0.0.1,emqx@10.0.0.2"`) when the target is EMQX 5.0.0 to 5.0.22. Those releases type the field as an array of atoms only (`hoconsc:array(atom())` in v5.0.22), so a string fails the schema check and the node refuses to start; 5.0.23 made it a union of a comma-separated string and an array (`node_array()`), which every later release keeps. 4.x files are not concerned (cuttlefish reads the comma-separated form).',
  fix: 'Write the seeds as an array, `["emqx@10.0.0.1", "emqx@10.0.0.2"]` (a safe quick fix; later releases accept it too).',
  fixKind: 'safe',
  versions: { spans: [{ from: '5.0.0', to: '5.0.22' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.0.22' },
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.0.23' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon' || ctx.version.major !== 5 || atLeast(ctx.version, '5.0.23')) return [];
    const entry = getEntry(ctx, 'cluster.static.seeds');
    if (!entry || !isReportable(entry.setBy) || Array.isArray(entry.value) || scalarText(entry.value) === undefined) return [];
    const seeds = nodeNameList(scalarText(entry.value));
    const fixes = isInDocument(ctx, entry.setBy)
      ? [{ title: messages.writeArray(), edits: [replaceValueEdit(ctx, entry.setBy, `[${seeds.map((s) => JSON.stringify(s)).join(', ')}]`)], isPreferred: true, safe: true }]
      : undefined;
    return [
      finding(staticSeedsString, ctx, entry.setBy.valueLocation, messages.arrayOnly(`${ctx.version.major}.${ctx.version.minor}.${ctx.version.patch}`), { keyPath: 'cluster.static.seeds', fixes }),
    ];
  },
};
