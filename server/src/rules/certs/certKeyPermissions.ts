/**
 * cert-key-permissions: a private key file readable or writable by group or
 * others (POSIX modes only; the reader reports no mode on Windows).
 */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (shownPath: Arg, mode: Arg) => t('The private key {0} has mode {1}: other users on the machine can read it and impersonate this node. Run chmod 600 on it.', shownPath, mode),
} satisfies RuleMessages;

export const certKeyPermissions: Rule = {
  id: 'cert-key-permissions',
  defaultSeverity: 'warning',
  title: 'A private key file is readable by other users',
  messages,
  why:
    'The key named by `rpc.keyfile` (or `keyfile` in ssl_dist.conf) should have mode 0600 or stricter: anyone who can read it can impersonate a cluster node (gen_rpc accepts any certificate from the cluster CA for any node). ' +
    'Checked on POSIX systems only, when the file can be found locally, in trusted workspaces.',
  fix: 'Run `chmod 600 <file>` and make the file owned by the user EMQX runs as.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [{ repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' }],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    if (!ctx.reader.stat) return out;
    for (const ref of allRefs(ctx)) {
      if (ref.role !== 'keyfile' || !ref.exists || !ref.localPath) continue;
      // Only a file that really holds a private key is secret (a certificate in
      // the key slot is cert-file-invalid's business).
      if (!ref.pem?.privateKey && !ref.pem?.encryptedKey) continue;
      const st = ctx.reader.stat(ref.localPath);
      if (!st || (st.mode & 0o077) === 0) continue;
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      out.push({
        ruleId: 'cert-key-permissions',
        severity: 'warning',
        message: messages.default(shownPath(ref), mode),
        location: ref.location,
        keyPath: ref.keyPath,
      });
    }
    return out;
  },
};
