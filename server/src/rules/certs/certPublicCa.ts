/**
 * cert-public-ca: the CA file is (or contains) a public trust store. gen_rpc
 * turns the hostname check off, so any certificate from a public CA would be
 * accepted as a cluster node.
 */
import { t } from '../../l10n';
import { publicCaEvidence } from '../../certs/inspect';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  containsPublicRoot: (label: Arg, shownPath: Arg, publicRoot: Arg) =>
    t(
      '{0} ({1}) contains the public root CA "{2}". Cluster TLS does no hostname check, so anyone with a certificate from a public CA would pass it. Use a CA private to the cluster.',
      label,
      shownPath,
      publicRoot,
    ),
  bundleCACertificates: (label: Arg, shownPath: Arg, count: Arg) =>
    t(
      '{0} ({1}) is a bundle of {2} CA certificates, a trust store rather than a cluster CA. Cluster TLS does no hostname check, so every certificate those CAs issue would pass it. Use a CA private to the cluster.',
      label,
      shownPath,
      count,
    ),
} satisfies RuleMessages;

export const certPublicCa: Rule = {
  id: 'cert-public-ca',
  defaultSeverity: 'warning',
  title: 'The cluster CA file contains public CAs',
  messages,
  why:
    "gen_rpc's TLS client disables server name indication and with it the hostname check, and the server accepts any client certificate that chains to `rpc.cacertfile`. " +
    'If that file is a public trust store (or contains a publicly trusted root), anyone who can get a certificate from a public CA passes the TLS check of cluster RPC; the same holds for `cacertfile` in ssl_dist.conf. ' +
    'Detected by content: a root that Node.js ships as publicly trusted, or a bundle of many CAs.',
  fix: 'Use a private CA for the cluster only (command **EMQX: Generate Cluster Certificates**).',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' },
    { repo: 'emqx/gen_rpc', file: 'src/driver/gen_rpc_driver_ssl.erl', release: '3.5.1' },
  ],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const ref of allRefs(ctx)) {
      if (ref.role !== 'cacertfile' || !ref.pem) continue;
      const evidence = publicCaEvidence(ref.pem.certificates);
      if (!evidence) continue;
      out.push({
        ruleId: 'cert-public-ca',
        severity: 'warning',
        message: evidence.publicRoot ? messages.containsPublicRoot(ref.label, shownPath(ref), evidence.publicRoot) : messages.bundleCACertificates(ref.label, shownPath(ref), evidence.count),
        location: ref.location,
        keyPath: ref.keyPath,
      });
    }
    return out;
  },
};
