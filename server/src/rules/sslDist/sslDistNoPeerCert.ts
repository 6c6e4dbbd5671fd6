/** The `ssl-dist-no-peer-cert` rule: ssl_dist.conf server accepts clients without a certificate. */
import { t } from '../../l10n';
import { checkedSslDistSides, insertAfterTupleEdit, SSL_DIST_CONF_REFERENCE, sslDistOption } from './sslDistCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  setFailIfNoPeerCertTrue: () => t('Set fail_if_no_peer_cert to true'),
  addFailIfNoPeerCertTrue: () => t('Add {fail_if_no_peer_cert, true}'),
  distributionTLSServer: () =>
    t(
      'The distribution TLS server verifies client certificates only when a client sends one: without {fail_if_no_peer_cert, true} a client with no certificate is let in. Add it to the server options.',
    ),
} satisfies RuleMessages;

export const sslDistNoPeerCert: Rule = {
  id: 'ssl-dist-no-peer-cert',
  defaultSeverity: 'warning',
  title: 'ssl_dist.conf server accepts clients without a certificate',
  messages,
  why:
    'Reports a `server` side with `{verify, verify_peer}` but without `{fail_if_no_peer_cert, true}`. ' +
    'OTP then verifies a client certificate only if the client sends one; a client that sends none is let in.',
  fix: 'Add `{fail_if_no_peer_cert, true}` to the server options (a quick fix).',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [SSL_DIST_CONF_REFERENCE],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const side of checkedSslDistSides(ctx)) {
      if (side.side !== 'server') continue;
      const verify = sslDistOption(side, 'verify');
      if (!verify || verify.value.kind !== 'atom' || verify.value.value !== 'verify_peer') continue;
      const fail = sslDistOption(side, 'fail_if_no_peer_cert');
      if (fail && fail.value.kind === 'atom' && fail.value.value === 'true') continue;
      const fixes = fail
        ? [{ title: messages.setFailIfNoPeerCertTrue(), edits: [{ uri: ctx.document.uri, range: fail.value.range, newText: 'true' }], isPreferred: true }]
        : [{ title: messages.addFailIfNoPeerCertTrue(), edits: [insertAfterTupleEdit(ctx, verify.tuple, '{fail_if_no_peer_cert, true}')], isPreferred: true }];
      out.push(finding(sslDistNoPeerCert, ctx, { uri: ctx.document.uri, range: (fail ?? verify).value.range }, messages.distributionTLSServer(), { keyPath: 'server.fail_if_no_peer_cert', fixes }));
    }
    return out;
  },
};
