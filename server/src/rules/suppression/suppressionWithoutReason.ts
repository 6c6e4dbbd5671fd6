/** The `suppression-without-reason` rule: A suppression comment gives no reason. */
import { t } from '../../l10n';
import { Finding, Rule, RuleMessages } from '../types';

/** What this rule says (the check runs in analyze.ts, over the parsed suppression comments). */
const messages = {
  default: () => t('This suppression gives no reason. Add " -- " and why the finding does not apply, so the next reader can judge it.'),
  placeholder: () => t('This suppression still has the placeholder text the quick fix inserted. Replace it with why the finding does not apply, so the next reader can judge it.'),
} satisfies RuleMessages;

/** `satisfies` keeps the message functions' own types for analyze.ts. */
export const suppressionWithoutReason = {
  id: 'suppression-without-reason',
  defaultSeverity: 'warning',
  title: 'A suppression comment gives no reason',
  messages,
  why:
    'Reports `# emqx-security-disable-next-line <rule>` and `# emqx-security-disable-file <rule>` comments without ` -- <reason>`. ' +
    'A silenced security finding should say why it does not apply (for example "cookie comes from EMQX_NODE__COOKIE in the Helm values"), so the next reader can judge it. ' +
    'The suppression still applies.',
  fix: 'Add ` -- ` and the reason after the rule ids.',
  fixKind: 'none',
  versions: { spans: [] },
  check: (): Finding[] => [],
} satisfies Rule;
