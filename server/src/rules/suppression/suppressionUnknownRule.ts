/** The `suppression-unknown-rule` rule: A suppression comment names a rule that does not exist. */
import { t } from '../../l10n';
import { Finding, MessageArg, Rule, RuleMessages } from '../types';

/** What this rule says (the check runs in analyze.ts, which knows every rule id, the cluster rules' included). */
const messages = {
  default: (id: MessageArg) => t('There is no rule "{0}", so this suppression silences nothing. Check the rule id.', id),
} satisfies RuleMessages;

/** `satisfies` keeps the message functions' own types for analyze.ts. */
export const suppressionUnknownRule = {
  id: 'suppression-unknown-rule',
  defaultSeverity: 'warning',
  title: 'A suppression comment names a rule that does not exist',
  messages,
  why: 'Reports rule ids in suppression comments that are not rules of this checker (a typo silences nothing).',
  fix: 'Use an id from the rule list.',
  fixKind: 'none',
  versions: { spans: [] },
  check: (): Finding[] => [],
} satisfies Rule;
