/**
 * cert-expiry: a certificate (node or CA) that has expired, is not valid yet,
 * or expires within 30 days.
 */
import { t } from '../../l10n';
import { commonName } from '../../certs/inspect';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  certificateExpiredPeers: (name: Arg, shownPath: Arg, date: Arg) =>
    t('The certificate "{0}" in {1} expired on {2}: peers refuse the TLS handshake and the node drops out of the cluster. Renew it.', name, shownPath, date),
  certificateNotValid: (name: Arg, shownPath: Arg, date: Arg) =>
    t('The certificate "{0}" in {1} is not valid before {2}: peers refuse it until then. Check the clocks or re-issue it.', name, shownPath, date),
  certificateExpiresDays: (name: Arg, shownPath: Arg, date: Arg, days: Arg) =>
    t('The certificate "{0}" in {1} expires on {2} (in {3} days): renew it before then, or the node drops out of the cluster.', name, shownPath, date, days),
} satisfies RuleMessages;

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const certExpiry: Rule = {
  id: 'cert-expiry',
  defaultSeverity: 'warning',
  title: 'A certificate has expired or expires soon',
  messages,
  why:
    'A certificate in `rpc.certfile`/`rpc.cacertfile` (or the ssl_dist.conf files) that has expired, or is not valid yet, makes the peers refuse the handshake: the cluster splits when it happens. ' +
    'Expired or not-yet-valid is an error; expiring within 30 days a warning. Checked when the files can be found locally, in trusted workspaces.',
  fix: 'Renew the node certificates (command **EMQX: Generate Cluster Certificates**, or your PKI) and roll them out node by node.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' }],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const now = Date.now();
    for (const ref of allRefs(ctx)) {
      if (ref.role === 'keyfile') continue;
      for (const cert of ref.pem?.certificates ?? []) {
        const name = commonName(cert.subject) ?? cert.subject.replace(/\n/g, ', ');
        const notAfter = new Date(cert.validTo);
        const notBefore = new Date(cert.validFrom);
        const date = (d: Date) => d.toISOString().slice(0, 10);
        let finding: Pick<Finding, 'severity' | 'message'> | undefined;
        if (notAfter.getTime() < now) {
          finding = {
            severity: 'error',
            message: messages.certificateExpiredPeers(name, shownPath(ref), date(notAfter)),
          };
        } else if (notBefore.getTime() > now) {
          finding = {
            severity: 'error',
            message: messages.certificateNotValid(name, shownPath(ref), date(notBefore)),
          };
        } else if (notAfter.getTime() - now <= EXPIRY_WARNING_DAYS * DAY_MS) {
          const days = Math.max(0, Math.floor((notAfter.getTime() - now) / DAY_MS));
          finding = {
            severity: 'warning',
            message: messages.certificateExpiresDays(name, shownPath(ref), date(notAfter), days),
          };
        }
        if (finding) {
          out.push({ ruleId: 'cert-expiry', ...finding, location: ref.location, keyPath: ref.keyPath });
          break;
        }
      }
    }
    return out;
  },
};
