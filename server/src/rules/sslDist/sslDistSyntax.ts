/** The `ssl-dist-syntax` rule: ssl_dist.conf is not a valid Erlang term file. */
import { isSecretKeyName } from '../../emqx/secrets';
import { t } from '../../l10n';
import { SSL_DIST_CONF_REFERENCE, sslDistDoc, sslDistSides } from './sslDistCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, linesOf } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  sslDistConfCannot: (arg0: Arg) => t('ssl_dist.conf cannot be read: {0} Erlang distribution over TLS will not start.', arg0),
  secretValueInvalid: () =>
    t(
      'ssl_dist.conf cannot be read: the value of a secret option is not a valid term (not shown here). Write it as a quoted string, e.g. {password, "..."}. Erlang distribution over TLS will not start.',
    ),
  sslDistConfMust: () => t('ssl_dist.conf must hold a single list [{server, [...]}, {client, [...]}]; this extra term is not expected.'),
  sslDistConfMustHold: () => t('ssl_dist.conf must hold a list [{server, [...]}, {client, [...]}].'),
  onlyServerOptions: () => t('Only {server, [Options]} and {client, [Options]} are allowed in ssl_dist.conf.'),
} satisfies RuleMessages;

/**
 * Whether a problem sits in the value of a secret option (`{password, ...}`,
 * `{key_password, ...}`): the nearest `{` before it opens a tuple whose first
 * element is a secret-named atom. Its message must not quote the text there.
 */
function inSecretValue(text: string, offset: number): boolean {
  const open = text.lastIndexOf('{', offset);
  if (open < 0) return false;
  const m = /^\{\s*'?([A-Za-z_][A-Za-z0-9_@]*)'?\s*,/.exec(text.slice(open, offset + 1));
  return m !== null && isSecretKeyName(m[1]);
}

export const sslDistSyntax: Rule = {
  id: 'ssl-dist-syntax',
  defaultSeverity: 'error',
  title: 'ssl_dist.conf is not a valid Erlang term file',
  messages,
  why:
    'Reports syntax errors in `ssl_dist.conf` (a missing final dot, unbalanced brackets, an unterminated string, a capitalised word read as a variable) and a file that is not one list of `{server, [...]}` and `{client, [...]}` tuples. ' +
    'The VM reads the file with `file:consult/1` when distribution starts; if it cannot, the node does not start.',
  fix: 'Keep the shape `[{server, [Opts]}, {client, [Opts]}].`, with the final dot.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [SSL_DIST_CONF_REFERENCE],
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const lines = linesOf(ctx);
    const out = doc.problems.map((p) => {
      const secret = inSecretValue(ctx.document.text, lines.offsetAt(p.range.start));
      const message = secret ? messages.secretValueInvalid() : messages.sslDistConfCannot(t(p.message));
      return finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: p.range }, message);
    });
    if (doc.problems.length > 0) return out;
    const top = doc.terms[0];
    if (doc.terms.length === 0) return out;
    if (doc.terms.length > 1) {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: doc.terms[1].range }, messages.sslDistConfMust()));
    }
    if (top.kind !== 'list') {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: top.range }, messages.sslDistConfMustHold()));
      return out;
    }
    const sides = new Set(sslDistSides(doc).map((s) => s.tuple));
    for (const el of top.elements) {
      if (!sides.has(el as never)) {
        out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: el.range }, messages.onlyServerOptions()));
      }
    }
    return out;
  },
};
