/**
 * cert-demo: the file `rpc.certfile`, `rpc.keyfile` or `rpc.cacertfile` names
 * is one of the demo certificates/keys EMQX ships in etc/certs, recognised by
 * content (their private keys are public). ssl_dist.conf has its own rule for
 * this (`ssl-dist-demo-certs`, by content and by path), so this one stays out
 * of ssl_dist.conf to avoid reporting the same file twice.
 */
import { t } from '../../l10n';
import { identifyDemoPem } from '../../emqx/demoCerts';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs, isSslDistDocument, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (label: Arg, shownPath: Arg, which: Arg) =>
    t("{0} ({1}) is EMQX's demo {2}. Its private key is public, so it authenticates nobody. Generate a private CA and node certificates for the cluster.", label, shownPath, which),
} satisfies RuleMessages;

export const certDemo: Rule = {
  id: 'cert-demo',
  defaultSeverity: 'error',
  title: "EMQX's demo certificate or key is used for cluster TLS",
  messages,
  why:
    'Every EMQX package ships demo certificates in `etc/certs/` (CA "RootCA" of O=EMQ, CN=localhost/Server/Client). ' +
    "Their private keys are published in EMQX's repository, so TLS built on them authenticates nobody: anyone can present the demo certificate or decrypt with the demo key. " +
    'The shipped ssl_dist.conf points at them. Recognised by content (SHA-256 fingerprints of the certificates and their public keys), wherever the files are and whatever their names. ' +
    'This rule covers `rpc.certfile`, `rpc.keyfile` and `rpc.cacertfile`; in ssl_dist.conf `ssl-dist-demo-certs` reports them.',
  fix: 'Generate a private CA and node certificates (command **EMQX: Generate Cluster Certificates**).',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx/etc/certs', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    if (isSslDistDocument(ctx)) return out;
    for (const ref of allRefs(ctx)) {
      if (ref.text === undefined) continue;
      const which = identifyDemoPem(ref.text);
      if (!which) continue;
      out.push({
        ruleId: 'cert-demo',
        severity: 'error',
        message: messages.default(ref.label, shownPath(ref), which),
        location: ref.location,
        keyPath: ref.keyPath,
      });
    }
    return out;
  },
};
