/** The `suppression-unknown-rule` rule: A suppression comment names a rule that does not exist. */
import { Rule } from '../types';

export const suppressionUnknownRule: Rule = {
  id: 'suppression-unknown-rule',
  defaultSeverity: 'warning',
  title: 'A suppression comment names a rule that does not exist',
  docs:
    'Reports rule ids in suppression comments that are not rules of this checker (a typo silences nothing). ' +
    'Fix: use an id from the rule list. ' +
    'Versions: all.',
  check: () => [],
};
