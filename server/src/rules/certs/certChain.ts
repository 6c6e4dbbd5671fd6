/**
 * cert-chain: the node certificate does not chain to the configured CA file,
 * so the other nodes (which trust that same CA) reject it.
 */
import { t } from '../../l10n';
import { chainsTo, commonName } from '../../certs/inspect';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { certificateGroups, shownPath } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  certificateIssuedDoes: (shownPath: Arg, arg1: Arg, shownPath2: Arg) =>
    t(
      'The certificate {0} (issued by "{1}") does not chain to the CA in {2}: the other nodes, which trust that CA, will refuse this node. Issue the certificate from the cluster CA or fix cacertfile.',
      shownPath,
      arg1,
      shownPath2,
    ),
  caFileCertificate: () => t('The CA file the certificate should chain to'),
} satisfies RuleMessages;

export const certChain: Rule = {
  id: 'cert-chain',
  defaultSeverity: 'error',
  title: 'The certificate is not signed by the configured CA',
  messages,
  why:
    'gen_rpc and Erlang distribution with `verify_peer` accept a peer only if its certificate chains to the CA file (`rpc.cacertfile`, `cacertfile`). ' +
    'Every node uses the same CA file, so a node whose own certificate does not chain to it is refused by all the others. ' +
    'Intermediate certificates may follow the node certificate in the certificate file. Checked when both files can be found locally, in trusted workspaces.',
  fix: 'Re-issue the certificate from the cluster CA (command **EMQX: Generate Cluster Certificates**) or point `cacertfile` at the CA that issued it.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/gen_rpc', file: 'include/ssl.hrl', release: '3.5.1' },
    { repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const g of certificateGroups(ctx)) {
      const certs = g.certfile?.pem?.certificates ?? [];
      const anchors = g.cacertfile?.pem?.certificates ?? [];
      if (!g.certfile || !g.cacertfile || certs.length === 0 || anchors.length === 0) continue;
      if (chainsTo(certs[0], certs.slice(1), anchors)) continue;
      out.push({
        ruleId: 'cert-chain',
        severity: 'error',
        message: messages.certificateIssuedDoes(shownPath(g.certfile), commonName(certs[0].issuer) ?? certs[0].issuer.replace(/\n/g, ', '), shownPath(g.cacertfile)),
        location: g.certfile.location,
        keyPath: g.certfile.keyPath,
        related: [{ location: g.cacertfile.location, message: messages.caFileCertificate() }],
      });
    }
    return out;
  },
};
