/**
 * cert-dist-hostname: the certificate this node presents to Erlang
 * distribution peers (the `server` certfile of the ssl_dist.conf EMQX reads
 * for it) would fail the host name check the peers make against its node
 * name, so no peer can connect to it over TLS distribution.
 *
 * Checked from the emqx.conf, which knows `node.name` and makes bin/emqx read
 * the ssl_dist.conf; only when the certificate file can be read locally
 * (trusted workspace; absolute, relative or mapped paths as for the other
 * certificate rules).
 */
import { t } from '../../l10n';
import { distHostMatches } from '../../certs/inspect';
import { parseErlangTerms } from '../../syntax/erlangTerms';
import { isTlsDist, protoDist, sslDistFile } from '../dist/distCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { getEntry, isInDocument, scalarText } from '../util';
import { certificateGroups, shownPath } from './certFiles';

/** The node name EMQX runs with when node.name is not set. */
const DEFAULT_NODE_NAME = 'emqx@127.0.0.1';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  noDnsName: (shownPath: Arg, host: Arg, nodeName: Arg) =>
    t(
      'The certificate {0} this node presents for TLS distribution has no DNS name "{1}" (the host of node {2}). Peers check exactly that name and refuse the handshake (bad_cert, hostname_check_failed), so the node cannot join the cluster. Re-issue the certificate with "{1}" as a DNS subjectAltName (also when it is an IP address).',
      shownPath,
      host,
      nodeName,
    ),
  presentedToPeers: (label: Arg) => t('The certificate presented to peers: {0}', label),
} satisfies RuleMessages;

export const certDistHostname: Rule = {
  id: 'cert-dist-hostname',
  defaultSeverity: 'error',
  title: "The node certificate fails the host name check of Erlang's TLS distribution",
  messages,
  why:
    'With `cluster.proto_dist = inet_tls`, a node connecting to `emqx@HOST` checks the certificate the other node presents ' +
    "(the `server` certfile of its ssl_dist.conf) against the string HOST. Erlang's TLS distribution passes HOST as " +
    '`server_name_indication`, and OTP then accepts only a subjectAltName **DNS** ' +
    'entry equal to it: no wildcard, and an **IP address entry does not count, even when HOST is an IP address** ' +
    "(`emqx@127.0.0.1`, EMQX's default); the subject CN counts only when the certificate has no subjectAltName and HOST is " +
    'not an address. Otherwise the handshake fails with `{bad_cert,hostname_check_failed}` and the node cannot join (`pang`). ' +
    'An ssl_dist.conf cannot turn the check off. Checked when the certificate can be read locally, in trusted workspaces.',
  fix: 'Re-issue the certificate with HOST as a DNS subjectAltName (for an IP address, both as a DNS and as an IP entry); ' + '**EMQX: Generate Cluster Certificates** does that.',
  fixKind: 'none',
  versions: { spans: [], note: 'Every EMQX 5.x/6.x release runs OTP 24 to 27, and EMQX 4.4 runs OTP 24 too.' },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || !ctx.trusted) return [];
    const { entry: distEntry, value } = protoDist(ctx);
    if (!distEntry || !isTlsDist(value)) return [];
    if (ctx.unknownValues?.has('node.name')) return [];
    const nameEntry = getEntry(ctx, 'node.name');
    const nodeName = nameEntry ? scalarText(nameEntry.value)?.trim() : DEFAULT_NODE_NAME;
    if (!nodeName || nodeName.includes('${') || nodeName.includes('{{')) return [];
    const at = nodeName.indexOf('@');
    if (at < 0) return [];
    const host = nodeName.slice(at + 1);
    // Where to report: node.name as written here, else the proto_dist line that makes EMQX read the file.
    const anchor = nameEntry && isInDocument(ctx, nameEntry.setBy) ? nameEntry.setBy : isInDocument(ctx, distEntry.setBy) ? distEntry.setBy : undefined;
    if (!anchor) return [];
    const file = sslDistFile(ctx);
    const text = file?.kind === 'file' ? ctx.reader.readText(file.path) : undefined;
    if (file?.kind !== 'file' || text === undefined) return [];
    const distCtx: RuleContext = { ...ctx, document: { uri: file.id, text, dialect: 'ssl-dist', sslDist: parseErlangTerms(text) } };
    const server = certificateGroups(distCtx).find((g) => g.name === 'ssl_dist server');
    const ref = server?.certfile;
    const cert = ref?.pem?.certificates[0];
    if (!ref || !cert || distHostMatches(cert, host)) return [];
    return [
      {
        ruleId: certDistHostname.id,
        severity: certDistHostname.defaultSeverity,
        message: messages.noDnsName(shownPath(ref), host, nodeName),
        location: anchor.valueLocation,
        keyPath: anchor === nameEntry?.setBy ? 'node.name' : 'cluster.proto_dist',
        related: [{ location: ref.location, message: messages.presentedToPeers(ref.label) }],
      },
    ];
  },
};
