/** Checks of `ssl_dist.conf`, the TLS options of Erlang distribution. */
import { identifyDemoPem, isDemoCertPath } from '../emqx/demoCerts';
import { t } from '../l10n';
import { sslDistDoc, sslDistOption, sslDistSides } from './sslDistCommon';
import { Range } from '../syntax/position';
import { Finding, Rule, RuleContext, TextEdit } from './types';
import { dirname, finding, joinPath, linesOf, uriToPath } from './util';

export const sslDistSyntax: Rule = {
  id: 'ssl-dist-syntax',
  defaultSeverity: 'error',
  title: 'ssl_dist.conf is not a valid Erlang term file',
  docs:
    'Reports syntax errors in `ssl_dist.conf` (a missing final dot, unbalanced brackets, an unterminated string, a capitalised word read as a variable) and a file that is not one list of `{server, [...]}` and `{client, [...]}` tuples. The VM reads the file with `file:consult/1` when distribution starts; if it cannot, the node does not start. ' +
    'Fix: keep the shape `[{server, [Opts]}, {client, [Opts]}].`, with the final dot. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const out = doc.problems.map((p) => finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: p.range }, t('ssl_dist.conf cannot be read: {0} Erlang distribution over TLS will not start.', t(p.message))));
    if (doc.problems.length > 0) return out;
    const top = doc.terms[0];
    if (doc.terms.length === 0) return out;
    if (doc.terms.length > 1) {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: doc.terms[1].range }, t('ssl_dist.conf must hold a single list [{server, [...]}, {client, [...]}]; this extra term is not expected.')));
    }
    if (top.kind !== 'list') {
      out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: top.range }, t('ssl_dist.conf must hold a list [{server, [...]}, {client, [...]}].')));
      return out;
    }
    const sides = new Set(sslDistSides(doc).map((s) => s.tuple));
    for (const el of top.elements) {
      if (!sides.has(el as never)) {
        out.push(finding(sslDistSyntax, ctx, { uri: ctx.document.uri, range: el.range }, t('Only {server, [Options]} and {client, [Options]} are allowed in ssl_dist.conf.')));
      }
    }
    return out;
  },
};

/**
 * Inserts an option after another: on the same line when the option list is written on
 * one line (`[{a, b}, {c, d}]`), else on a new line aligned with the previous option.
 */
function insertAfterTupleEdit(ctx: RuleContext, after: { range: Range }, text: string): TextEdit {
  const l = linesOf(ctx);
  const line = l.lines[after.range.end.line] ?? '';
  const before = line.slice(0, after.range.start.character);
  const at = { start: after.range.end, end: after.range.end };
  if (after.range.start.line === after.range.end.line && /[[,]\s*$/.test(before) && /\[/.test(before)) {
    return { uri: ctx.document.uri, range: at, newText: `, ${text}` };
  }
  const indent = ' '.repeat(after.range.start.line === after.range.end.line ? after.range.start.character : (/^\s*/.exec(line)![0].length));
  return { uri: ctx.document.uri, range: at, newText: `,${l.eol}${indent}${text}` };
}

export const sslDistVerifyNone: Rule = {
  id: 'ssl-dist-verify-none',
  defaultSeverity: 'warning',
  title: 'ssl_dist.conf does not verify the peer\'s certificate',
  docs:
    'Reports `{verify, verify_none}` (or no `verify` option) in the `server` or `client` options of `ssl_dist.conf`. EMQX ships exactly that: traffic is encrypted but no node checks who is on the other end, so anyone who can reach port 4370+N can talk TLS to the node, and a man in the middle can read distribution traffic; only the cookie remains. ' +
    'Fix: use `{verify, verify_peer}` on both sides with `cacertfile` set to a private CA, and `{fail_if_no_peer_cert, true}` on the server (the "Generate Cluster Certificates" command writes such a file). ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const out: Finding[] = [];
    for (const side of sslDistSides(doc)) {
      const verify = sslDistOption(side, 'verify');
      if (verify && !(verify.value.kind === 'atom' && verify.value.value === 'verify_none')) continue;
      const edits: TextEdit[] = [];
      if (verify) edits.push({ uri: ctx.document.uri, range: verify.value.range, newText: 'verify_peer' });
      else {
        const last = side.options.elements[side.options.elements.length - 1];
        if (last) edits.push(insertAfterTupleEdit(ctx, last, '{verify, verify_peer}'));
      }
      if (side.side === 'server' && !sslDistOption(side, 'fail_if_no_peer_cert') && edits.length > 0) {
        const anchor = verify ? verify.tuple : side.options.elements[side.options.elements.length - 1];
        if (verify) edits.push(insertAfterTupleEdit(ctx, anchor, '{fail_if_no_peer_cert, true}'));
        else edits[0] = { ...edits[0], newText: edits[0].newText + insertAfterTupleEdit(ctx, anchor, '{fail_if_no_peer_cert, true}').newText };
      }
      const where = verify ? verify.value.range : side.tuple.elements[0].range;
      const message =
        side.side === 'server'
          ? t('The distribution TLS server does not verify client certificates (verify_none): any machine can open a TLS connection to this node, only the cookie stands in the way. Use {verify, verify_peer} and {fail_if_no_peer_cert, true} with a private CA.')
          : t('The distribution TLS client does not verify the server certificate (verify_none): a man in the middle can read and alter traffic between nodes. Use {verify, verify_peer} with cacertfile set to a private CA.');
      out.push(finding(sslDistVerifyNone, ctx, { uri: ctx.document.uri, range: where }, message, { keyPath: `${side.side}.verify`, fixes: edits.length > 0 ? [{ title: t('Use verify_peer (needs cacertfile with the cluster CA)'), edits, isPreferred: true }] : undefined }));
    }
    return out;
  },
};

export const sslDistNoPeerCert: Rule = {
  id: 'ssl-dist-no-peer-cert',
  defaultSeverity: 'warning',
  title: 'ssl_dist.conf server accepts clients without a certificate',
  docs:
    'Reports a `server` side with `{verify, verify_peer}` but without `{fail_if_no_peer_cert, true}`. OTP then verifies a client certificate only if the client sends one; a client that sends none is let in. ' +
    'Fix: add `{fail_if_no_peer_cert, true}` to the server options (a quick fix). ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const out: Finding[] = [];
    for (const side of sslDistSides(doc)) {
      if (side.side !== 'server') continue;
      const verify = sslDistOption(side, 'verify');
      if (!verify || verify.value.kind !== 'atom' || verify.value.value !== 'verify_peer') continue;
      const fail = sslDistOption(side, 'fail_if_no_peer_cert');
      if (fail && fail.value.kind === 'atom' && fail.value.value === 'true') continue;
      const fixes = fail
        ? [{ title: t('Set fail_if_no_peer_cert to true'), edits: [{ uri: ctx.document.uri, range: fail.value.range, newText: 'true' }], isPreferred: true }]
        : [{ title: t('Add {fail_if_no_peer_cert, true}'), edits: [insertAfterTupleEdit(ctx, verify.tuple, '{fail_if_no_peer_cert, true}')], isPreferred: true }];
      out.push(finding(sslDistNoPeerCert, ctx, { uri: ctx.document.uri, range: (fail ?? verify).value.range }, t('The distribution TLS server verifies client certificates only when a client sends one: without {fail_if_no_peer_cert, true} a client with no certificate is let in. Add it to the server options.'), { keyPath: 'server.fail_if_no_peer_cert', fixes }));
    }
    return out;
  },
};

/** Resolves a path written in a config to a local file path, through the path mappings. */
export function localPath(ctx: RuleContext, written: string): string | undefined {
  if (written.includes('{{') || written.includes('${')) return undefined;
  for (const [prefix, local] of Object.entries(ctx.pathMappings ?? {})) {
    if (written === prefix || written.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')) return local + written.slice(prefix.length);
  }
  if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) return written;
  const doc = uriToPath(ctx.document.uri);
  return doc ? joinPath(dirname(doc), written) : undefined;
}

export const sslDistDemoCerts: Rule = {
  id: 'ssl-dist-demo-certs',
  defaultSeverity: 'warning',
  title: 'ssl_dist.conf uses EMQX\'s demo certificates',
  docs:
    'Reports `certfile`, `keyfile` or `cacertfile` in `ssl_dist.conf` that are the demo certificates EMQX ships in `etc/certs/` (`cert.pem`, `key.pem`, `cacert.pem`, `client-cert.pem`, `client-key.pem`), as the shipped `ssl_dist.conf` does. Their private keys are public in EMQX\'s repository, so TLS built on them authenticates nobody. ' +
    'In a trusted workspace a file that can be read is recognised by content (certificate and public-key fingerprints of the 4.4, 5.x and 6.x demo files), wherever it lies and whatever its name; otherwise by its path. ' +
    'Fix: generate a private CA and node certificates ("Generate Cluster Certificates") and point the options at them. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    const doc = sslDistDoc(ctx);
    if (!doc) return [];
    const out: Finding[] = [];
    for (const side of sslDistSides(doc)) {
      for (const key of ['certfile', 'keyfile', 'cacertfile']) {
        const opt = sslDistOption(side, key);
        if (!opt || opt.value.kind !== 'string') continue;
        const written = opt.value.value;
        let demo: boolean | undefined;
        const local = ctx.trusted ? localPath(ctx, written) : undefined;
        const text = local ? ctx.reader.readText(local) : undefined;
        if (text !== undefined) demo = identifyDemoPem(text) !== undefined;
        else demo = isDemoCertPath(written);
        if (!demo) continue;
        out.push(finding(sslDistDemoCerts, ctx, { uri: ctx.document.uri, range: opt.value.range }, t('{0} is one of the demo certificates that ship with EMQX; their private keys are public, so this TLS authenticates nobody. Use certificates from your own private CA.', `${side.side}.${key}`), { keyPath: `${side.side}.${key}` }));
      }
    }
    return out;
  },
};
