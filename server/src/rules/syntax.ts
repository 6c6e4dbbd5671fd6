/**
 * Parse and resolve problems of the files that make up the config, as findings:
 * errors EMQX refuses (`hocon-syntax`, `cuttlefish-syntax`) and legal but
 * surprising readings the engine noticed (`hocon-suspicious`).
 */
import { Finding, Rule, RuleContext } from './types';
import { finding } from './util';

export const hoconSyntax: Rule = {
  id: 'hocon-syntax',
  defaultSeverity: 'error',
  title: 'The HOCON file cannot be read the way EMQX reads it',
  docs:
    'Reports errors of EMQX\'s HOCON dialect in the file and the files it includes: syntax errors, unresolved substitutions, missing required includes, include cycles, and what EMQX\'s parser rejects although the HOCON spec allows it (a trailing comma, `1.5s`). EMQX refuses to start on any of them. ' +
    'Fix: follow the message at the reported place. ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    return ctx.config.problems
      .filter((p) => p.severity === 'error')
      .map((p) => finding(hoconSyntax, ctx, p.location, p.message, { severity: 'error' }));
  },
};

export const hoconSuspicious: Rule = {
  id: 'hocon-suspicious',
  defaultSeverity: 'warning',
  title: 'EMQX reads this HOCON differently from what it seems to say',
  docs:
    'Reports legal HOCON that EMQX reads in a surprising way: `a = foo bar` is the string `foobar`, `[a b c]` is `["abc"]`, a value continued on the next line, an invalid escape kept literally. For cluster settings the difference matters: a cookie or node name is not what it looks like. ' +
    'Fix: quote the value or write it the way it is meant. ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    return ctx.config.problems
      .filter((p) => p.severity !== 'error')
      .map((p) => finding(hoconSuspicious, ctx, p.location, p.message, { severity: p.severity === 'info' ? 'info' : 'warning' }));
  },
};

export const cuttlefishSyntax: Rule = {
  id: 'cuttlefish-syntax',
  defaultSeverity: 'error',
  title: 'A line of the 4.x config cannot be read',
  docs:
    'Reports lines of an EMQX 4.x (cuttlefish) `emqx.conf` that are not `key.path = value`, a `#` comment or blank; cuttlefish refuses to start on them. `include` lines are reported as information: the checker does not follow them. ' +
    'Fix: write one `key.path = value` per line. ' +
    'Versions: 4.x.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    return ctx.config.problems.map((p) => finding(cuttlefishSyntax, ctx, p.location, p.message, { severity: p.severity === 'error' ? 'error' : 'info' }));
  },
};

export const suppressionWithoutReason: Rule = {
  id: 'suppression-without-reason',
  defaultSeverity: 'warning',
  title: 'A suppression comment gives no reason',
  docs:
    'Reports `# emqx-security-disable-next-line <rule>` and `# emqx-security-disable-file <rule>` comments without ` -- <reason>`. A silenced security finding should say why it does not apply (for example "cookie comes from EMQX_NODE__COOKIE in the Helm values"), so the next reader can judge it. The suppression still applies. ' +
    'Fix: add ` -- ` and the reason after the rule ids. ' +
    'Versions: all.',
  check: () => [],
};

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
