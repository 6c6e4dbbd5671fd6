/**
 * cert-file-invalid: the file exists but holds no certificate (certfile,
 * cacertfile) or no usable private key (keyfile).
 */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs, CertFileRef, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  encryptedPrivateKey: (label: Arg, shownPath: Arg) =>
    t('{0} ({1}) is an encrypted private key; cluster RPC has no option for its password, so the TLS listener cannot start. Store the key unencrypted with mode 0600.', label, shownPath),
  notPEMFile: (label: Arg, shownPath: Arg) => t('{0} ({1}) is not a PEM file. EMQX expects a PEM private key here.', label, shownPath),
  holdsNoPrivate: (label: Arg, shownPath: Arg, arg2: Arg) => t('{0} ({1}) holds no private key that can be read (found: {2}). EMQX expects a PEM private key here.', label, shownPath, arg2),
  notPEMFileEMQX: (label: Arg, shownPath: Arg) => t('{0} ({1}) is not a PEM file. EMQX expects PEM certificates here.', label, shownPath),
  holdsNoCertificate: (label: Arg, shownPath: Arg, arg2: Arg) => t('{0} ({1}) holds no certificate that can be read (found: {2}). EMQX expects PEM certificates here.', label, shownPath, arg2),
} satisfies RuleMessages;

function problem(ref: CertFileRef, sslDist: boolean): string | undefined {
  const pem = ref.pem;
  if (!pem) return undefined;
  if (ref.role === 'keyfile') {
    if (pem.privateKey) return undefined;
    if (pem.encryptedKey) {
      // ssl_dist.conf can carry {password, ...}; gen_rpc has no such option.
      return sslDist ? undefined : messages.encryptedPrivateKey(ref.label, shownPath(ref));
    }
    return pem.labels.length === 0 ? messages.notPEMFile(ref.label, shownPath(ref)) : messages.holdsNoPrivate(ref.label, shownPath(ref), pem.labels.join(', '));
  }
  if (pem.certificates.length > 0) return undefined;
  return pem.labels.length === 0 ? messages.notPEMFileEMQX(ref.label, shownPath(ref)) : messages.holdsNoCertificate(ref.label, shownPath(ref), pem.labels.join(', '));
}

export const certFileInvalid: Rule = {
  id: 'cert-file-invalid',
  defaultSeverity: 'error',
  title: 'A certificate or key file the config names does not hold what it should',
  messages,
  why:
    'The file named by `rpc.certfile`/`rpc.cacertfile` (or `certfile`/`cacertfile` in ssl_dist.conf) must hold PEM certificates, and `rpc.keyfile`/`keyfile` an unencrypted PEM private key (cluster RPC has no password option). ' +
    'A file with something else (a key in the certificate slot, DER instead of PEM, an encrypted key for RPC) makes the TLS listener fail at start. Checked only when the file can be found locally, in trusted workspaces.',
  fix: 'Put the PEM certificate or the unencrypted PEM key the setting names in the file, or point the setting at the right file.',
  fixKind: 'none',
  versions: { spans: [{ from: '4.4' }] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    const sslDist = ctx.document.dialect === 'ssl-dist';
    const out: Finding[] = [];
    for (const ref of allRefs(ctx)) {
      const message = problem(ref, sslDist);
      if (message) out.push({ ruleId: 'cert-file-invalid', severity: 'error', message, location: ref.location, keyPath: ref.keyPath });
    }
    return out;
  },
};
