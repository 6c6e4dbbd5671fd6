/** The `node-name-invalid` rule: node.name is not a name EMQX can start with. */
import { NODE_NAME_PART_PATTERN, splitNodeName } from '../../emqx/ports';
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  nodeNameHas: () => t('node.name has an empty name part before "@"; EMQX refuses to start. Use name@host, e.g. emqx@10.0.0.1.'),
  namePartNode: (part: Arg) => t('The name part of node.name ("{0}") may only contain letters, digits, "_" and "-"; bin/emqx refuses to start with it. Use name@host, e.g. emqx@10.0.0.1.', part),
  nodeNameMust: () => t('node.name must be name@host with exactly one "@" from EMQX 5.6; otherwise config loading fails. Use e.g. emqx@10.0.0.1.'),
} satisfies RuleMessages;

export const nodeNameInvalid: Rule = {
  id: 'node-name-invalid',
  defaultSeverity: 'error',
  title: 'node.name is not a name EMQX can start with',
  messages,
  why: 'Reports a `node.name` whose part before `@` has characters other than ASCII letters, digits, `_` and `-` (`bin/emqx` aborts with "Invalid node name"), that is empty, or, from 5.6, that does not have exactly one `@` (the cluster-strategy validation splits the name on `@` and config loading fails).',
  fix: 'Use `name@host`, for example `emqx@10.0.0.1` or `emqx-1@node1.example.com`.',
  fixKind: 'none',
  versions: {
    spans: [],
    note: 'The single-`@` rule from 5.6.',
  },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const entry = getEntry(ctx, 'node.name');
    if (!entry || !isReportable(entry.setBy)) return [];
    const name = (scalarText(entry.value) ?? '').trim();
    const { name: part } = splitNodeName(name);
    const ats = name.split('@').length - 1;
    const out: Finding[] = [];
    if (!NODE_NAME_PART_PATTERN.test(part)) {
      out.push(finding(nodeNameInvalid, ctx, entry.setBy.valueLocation, part === '' ? messages.nodeNameHas() : messages.namePartNode(part), { keyPath: 'node.name' }));
    } else if (ctx.version.major >= 5 && atLeast(ctx.version, '5.6') && ats !== 1) {
      out.push(finding(nodeNameInvalid, ctx, entry.setBy.valueLocation, messages.nodeNameMust(), { keyPath: 'node.name' }));
    }
    return out;
  },
};
