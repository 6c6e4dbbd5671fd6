/** The `hocon-suspicious` rule: EMQX reads this HOCON differently from what it seems to say. */
import { Finding, Rule, RuleContext } from '../types';
import { finding } from '../util';

export const hoconSuspicious: Rule = {
  id: 'hocon-suspicious',
  defaultSeverity: 'warning',
  title: 'EMQX reads this HOCON differently from what it seems to say',
  why:
    'Reports legal HOCON that EMQX reads in a surprising way: `a = foo bar` is the string `foobar`, `[a b c]` is `["abc"]`, a value continued on the next line, an invalid escape kept literally, a substitution that copies only the last definition of an object (`${base.rpc}` after `base.rpc { … }` and `base.rpc.certfile = …` has no `protocol`), or one EMQX drops because what it refers to still waits for a substitution of its own. ' +
    'For cluster settings the difference matters: a cookie or node name is not what it looks like.',
  fix: 'Quote the value or write it the way it is meant.',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }] },
  references: [{ repo: 'emqx/hocon', file: 'src/hocon_scanner.xrl', release: '0.44.0' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    return ctx.config.problems.filter((p) => p.severity !== 'error').map((p) => finding(hoconSuspicious, ctx, p.location, p.message, { severity: p.severity === 'info' ? 'info' : 'warning' }));
  },
};
