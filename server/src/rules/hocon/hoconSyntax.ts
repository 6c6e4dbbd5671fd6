/** The `hocon-syntax` rule: The HOCON file cannot be read the way EMQX reads it. */
import { Finding, Rule, RuleContext } from '../types';
import { finding } from '../util';

const ERROR = { severity: 'error' } as const;

export const hoconSyntax: Rule = {
  id: 'hocon-syntax',
  defaultSeverity: 'error',
  title: 'The HOCON file cannot be read the way EMQX reads it',
  why:
    "Reports errors of EMQX's HOCON dialect in the file and the files it includes: syntax errors, unresolved substitutions, missing required includes, include cycles, and what EMQX's parser rejects although the HOCON spec allows it (a trailing comma, `1.5s`). " +
    'EMQX refuses to start on any of them.',
  fix: 'Follow the message at the reported place.',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0' }] },
  references: [{ repo: 'emqx/hocon', file: 'src/hocon_scanner.xrl', release: '0.44.0' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    const out: Finding[] = [];
    for (const p of ctx.config.problems) if (p.severity === 'error') out.push(finding(hoconSyntax, ctx, p.location, p.message, ERROR));
    return out;
  },
};
