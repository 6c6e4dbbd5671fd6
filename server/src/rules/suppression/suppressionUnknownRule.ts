/** The `suppression-unknown-rule` rule: A suppression comment names a rule that does not exist. */
import { Rule } from '../types';

export const suppressionUnknownRule: Rule = {
  id: 'suppression-unknown-rule',
  defaultSeverity: 'warning',
  title: 'A suppression comment names a rule that does not exist',
  why: 'Reports rule ids in suppression comments that are not rules of this checker (a typo silences nothing).',
  fix: 'Use an id from the rule list.',
  fixKind: 'none',
  versions: { spans: [] },
  check: () => [],
};
