/**
 * cert-file-invalid: the file exists but holds no certificate (certfile,
 * cacertfile) or no usable private key (keyfile).
 */
import { t } from '../../l10n';
import { Finding, Rule, RuleContext } from '../types';
import { allRefs, CertFileRef, shownPath } from './certFiles';

function problem(ref: CertFileRef, sslDist: boolean): string | undefined {
  const pem = ref.pem;
  if (!pem) return undefined;
  if (ref.role === 'keyfile') {
    if (pem.privateKey) return undefined;
    if (pem.encryptedKey) {
      // ssl_dist.conf can carry {password, ...}; gen_rpc has no such option.
      return sslDist
        ? undefined
        : t('{0} ({1}) is an encrypted private key; cluster RPC has no option for its password, so the TLS listener cannot start. Store the key unencrypted with mode 0600.', ref.label, shownPath(ref));
    }
    return pem.labels.length === 0
      ? t('{0} ({1}) is not a PEM file. EMQX expects a PEM private key here.', ref.label, shownPath(ref))
      : t('{0} ({1}) holds no private key that can be read (found: {2}). EMQX expects a PEM private key here.', ref.label, shownPath(ref), pem.labels.join(', '));
  }
  if (pem.certificates.length > 0) return undefined;
  return pem.labels.length === 0
    ? t('{0} ({1}) is not a PEM file. EMQX expects PEM certificates here.', ref.label, shownPath(ref))
    : t('{0} ({1}) holds no certificate that can be read (found: {2}). EMQX expects PEM certificates here.', ref.label, shownPath(ref), pem.labels.join(', '));
}

export const certFileInvalid: Rule = {
  id: 'cert-file-invalid',
  defaultSeverity: 'error',
  title: 'A certificate or key file the config names does not hold what it should',
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
