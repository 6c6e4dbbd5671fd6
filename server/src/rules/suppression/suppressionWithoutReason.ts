/** The `suppression-without-reason` rule: A suppression comment gives no reason. */
import { Rule } from '../types';

export const suppressionWithoutReason: Rule = {
  id: 'suppression-without-reason',
  defaultSeverity: 'warning',
  title: 'A suppression comment gives no reason',
  why:
    'Reports `# emqx-security-disable-next-line <rule>` and `# emqx-security-disable-file <rule>` comments without ` -- <reason>`. ' +
    'A silenced security finding should say why it does not apply (for example "cookie comes from EMQX_NODE__COOKIE in the Helm values"), so the next reader can judge it. ' +
    'The suppression still applies.',
  fix: 'Add ` -- ` and the reason after the rule ids.',
  fixKind: 'none',
  versions: { spans: [] },
  check: () => [],
};
