/** The `cuttlefish-syntax` rule: A line of the 4.x config cannot be read. */
import { Finding, Rule, RuleContext } from '../types';
import { finding } from '../util';

export const cuttlefishSyntax: Rule = {
  id: 'cuttlefish-syntax',
  defaultSeverity: 'error',
  title: 'A line of the 4.x config cannot be read',
  why:
    'Reports lines of an EMQX 4.x (cuttlefish) `emqx.conf` that are not `key.path = value`, a `#` comment or blank; cuttlefish refuses to start on them. ' +
    '`include` lines are reported as information: the checker does not follow them.',
  fix: 'Write one `key.path = value` per line.',
  fixKind: 'none',
  versions: { spans: [{ from: '4.0', to: '4.4' }] },
  references: [{ repo: 'emqx/cuttlefish', file: 'src/cuttlefish_conf.erl', release: 'v3.3.6' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    return ctx.config.problems.map((p) => finding(cuttlefishSyntax, ctx, p.location, p.message, { severity: p.severity === 'error' ? 'error' : 'info' }));
  },
};
