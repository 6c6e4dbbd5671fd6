/** The `ssl-dist-demo-certs` rule: ssl_dist.conf uses EMQX's demo certificates. */
import { identifyDemoPem, isDemoCertPath } from '../../emqx/demoCerts';
import { t } from '../../l10n';
import { localFileOf } from '../certs/certFiles';
import { checkedSslDistSides, SSL_DIST_CONF_REFERENCE, sslDistOption } from './sslDistCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (arg0: Arg) =>
    t('{0} is one of the demo certificates that ship with EMQX; their private keys are public, so this TLS authenticates nobody. Use certificates from your own private CA.', arg0),
} satisfies RuleMessages;

export const sslDistDemoCerts: Rule = {
  id: 'ssl-dist-demo-certs',
  defaultSeverity: 'warning',
  title: "ssl_dist.conf uses EMQX's demo certificates",
  messages,
  why:
    'Reports `certfile`, `keyfile` or `cacertfile` in `ssl_dist.conf` that are the demo certificates EMQX ships in `etc/certs/` (`cert.pem`, `key.pem`, `cacert.pem`, `client-cert.pem`, `client-key.pem`), as the shipped `ssl_dist.conf` does. ' +
    "Their private keys are public in EMQX's repository, so TLS built on them authenticates nobody. " +
    'In a trusted workspace a file that can be read is recognised by content (certificate and public-key fingerprints of the 4.4, 5.x and 6.x demo files), wherever it lies and whatever its name; otherwise by its path.',
  fix: 'Generate a private CA and node certificates ("Generate Cluster Certificates") and point the options at them.',
  fixKind: 'none',
  versions: { spans: [] },
  references: [SSL_DIST_CONF_REFERENCE],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const side of checkedSslDistSides(ctx)) {
      for (const key of ['certfile', 'keyfile', 'cacertfile']) {
        const opt = sslDistOption(side, key);
        if (!opt || opt.value.kind !== 'string') continue;
        const written = opt.value.value;
        let demo: boolean | undefined;
        const local = ctx.trusted ? localFileOf(ctx, written).path : undefined;
        const text = local ? ctx.reader.readText(local) : undefined;
        if (text !== undefined) demo = identifyDemoPem(text) !== undefined;
        else demo = isDemoCertPath(written);
        if (!demo) continue;
        out.push(finding(sslDistDemoCerts, ctx, { uri: ctx.document.uri, range: opt.value.range }, messages.default(`${side.side}.${key}`), { keyPath: `${side.side}.${key}` }));
      }
    }
    return out;
  },
};
