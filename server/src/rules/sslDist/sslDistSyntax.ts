/** The `ssl-dist-syntax` rule: ssl_dist.conf is not a valid Erlang term file. */
import { t } from '../../l10n';
import { sslDistDoc, sslDistSides } from './sslDistCommon';
import { Finding, Rule, RuleContext } from '../types';
import { finding } from '../util';

export const sslDistSyntax: Rule = {
  id: 'ssl-dist-syntax',
  defaultSeverity: 'error',
  title: 'ssl_dist.conf is not a valid Erlang term file',
  why:
    'Reports syntax errors in `ssl_dist.conf` (a missing final dot, unbalanced brackets, an unterminated string, a capitalised word read as a variable) and a file that is not one list of `{server, [...]}` and `{client, [...]}` tuples. ' +
    'The VM reads the file with `file:consult/1` when distribution starts; if it cannot, the node does not start.',
  fix: 'Keep the shape `[{server, [Opts]}, {client, [Opts]}].`, with the final dot.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const out = doc.problems.map((p) => finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: p.range }, t('ssl_dist.conf cannot be read: {0} Erlang distribution over TLS will not start.', t(p.message))));
    if (doc.problems.length > 0) return out;
    const top = doc.terms[0];
    if (doc.terms.length === 0) return out;
    if (doc.terms.length > 1) {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: doc.terms[1].range }, t('ssl_dist.conf must hold a single list [{server, [...]}, {client, [...]}]; this extra term is not expected.')));
    }
    if (top.kind !== 'list') {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: top.range }, t('ssl_dist.conf must hold a list [{server, [...]}, {client, [...]}].')));
      return out;
    }
    const sides = new Set(sslDistSides(doc).map((s) => s.tuple));
    for (const el of top.elements) {
      if (!sides.has(el as never)) {
        out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: el.range }, t('Only {server, [Options]} and {client, [Options]} are allowed in ssl_dist.conf.')));
      }
    }
    return out;
  },
};
