/**
 * cert-key-mismatch: the private key does not belong to the certificate of
 * the same group (rpc, ssl_dist server, ssl_dist client).
 */
import { t } from '../../l10n';
import { keyMatchesCertificate } from '../../certs/inspect';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { certificateGroups, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  privateKeyDoes: (shownPath: Arg, shownPath2: Arg) =>
    t('The private key {0} does not belong to the certificate {1}: every TLS handshake of this node will fail. Use the key that was generated with this certificate.', shownPath, shownPath2),
  certificateKeyShould: () => t('The certificate the key should match'),
} satisfies RuleMessages;

export const certKeyMismatch: Rule = {
  id: 'cert-key-mismatch',
  defaultSeverity: 'error',
  title: 'The private key does not match the certificate',
  messages,
  why:
    'The key in `rpc.keyfile` (or `keyfile` in a section of ssl_dist.conf) must be the private key of the first certificate in `rpc.certfile` (`certfile`). ' +
    "A mismatch makes every TLS handshake fail, so the node cannot join the cluster. Usually a node got another node's key or a renewed certificate without its new key. " +
    'Checked when both files can be found locally, in trusted workspaces.',
  fix: 'Use the key that was generated with the certificate, or re-issue both together.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' }],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const g of certificateGroups(ctx)) {
      const cert = g.certfile?.pem?.certificates[0];
      const key = g.keyfile?.pem?.privateKey;
      if (!cert || !key || !g.keyfile || !g.certfile) continue;
      if (keyMatchesCertificate(cert, key)) continue;
      out.push({
        ruleId: 'cert-key-mismatch',
        severity: 'error',
        message: messages.privateKeyDoes(shownPath(g.keyfile), shownPath(g.certfile)),
        location: g.keyfile.location,
        keyPath: g.keyfile.keyPath,
        related: [{ location: g.certfile.location, message: messages.certificateKeyShould() }],
      });
    }
    return out;
  },
};
