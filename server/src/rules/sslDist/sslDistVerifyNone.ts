/** The `ssl-dist-verify-none` rule: ssl_dist.conf does not verify the peer's certificate. */
import { t } from '../../l10n';
import { checkedSslDistSides, insertAfterTupleEdit, SSL_DIST_CONF_REFERENCE, sslDistOption } from './sslDistCommon';
import { Finding, Rule, RuleContext, RuleMessages, TextEdit } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  distributionTLSServer: () =>
    t(
      'The distribution TLS server does not verify client certificates (verify_none): any machine can open a TLS connection to this node, only the cookie stands in the way. Use {verify, verify_peer} and {fail_if_no_peer_cert, true} with a private CA.',
    ),
  distributionTLSClient: () =>
    t(
      'The distribution TLS client does not verify the server certificate (verify_none): a man in the middle can read and alter traffic between nodes. Use {verify, verify_peer} with cacertfile set to a private CA.',
    ),
  useVerifyPeerNeeds: () => t('Use verify_peer (needs cacertfile with the cluster CA)'),
} satisfies RuleMessages;

export const sslDistVerifyNone: Rule = {
  id: 'ssl-dist-verify-none',
  defaultSeverity: 'warning',
  title: "ssl_dist.conf does not verify the peer's certificate",
  messages,
  why:
    'Reports `{verify, verify_none}` (or no `verify` option) in the `server` or `client` options of `ssl_dist.conf`. ' +
    'EMQX ships exactly that: traffic is encrypted but no node checks who is on the other end, so anyone who can reach port 4370+N can talk TLS to the node, and a man in the middle can read distribution traffic; only the cookie remains.',
  fix: 'Use `{verify, verify_peer}` on both sides with `cacertfile` set to a private CA, and `{fail_if_no_peer_cert, true}` on the server (the "Generate Cluster Certificates" command writes such a file).',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [SSL_DIST_CONF_REFERENCE],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const side of checkedSslDistSides(ctx)) {
      const verify = sslDistOption(side, 'verify');
      if (verify && !(verify.value.kind === 'atom' && verify.value.value === 'verify_none')) continue;
      const edits: TextEdit[] = [];
      if (verify) edits.push({ uri: ctx.document.uri, range: verify.value.range, newText: 'verify_peer' });
      else {
        const last = side.options.elements[side.options.elements.length - 1];
        if (last) edits.push(insertAfterTupleEdit(ctx, last, '{verify, verify_peer}'));
      }
      if (side.side === 'server' && !sslDistOption(side, 'fail_if_no_peer_cert') && edits.length > 0) {
        const anchor = verify ? verify.tuple : side.options.elements[side.options.elements.length - 1];
        if (verify) edits.push(insertAfterTupleEdit(ctx, anchor, '{fail_if_no_peer_cert, true}'));
        else edits[0] = { ...edits[0], newText: edits[0].newText + insertAfterTupleEdit(ctx, anchor, '{fail_if_no_peer_cert, true}').newText };
      }
      const where = verify ? verify.value.range : side.tuple.elements[0].range;
      const message = side.side === 'server' ? messages.distributionTLSServer() : messages.distributionTLSClient();
      out.push(
        finding(sslDistVerifyNone, ctx, { uri: ctx.document.uri, range: where }, message, {
          keyPath: `${side.side}.verify`,
          fixes: edits.length > 0 ? [{ title: messages.useVerifyPeerNeeds(), edits, isPreferred: true }] : undefined,
        }),
      );
    }
    return out;
  },
};
