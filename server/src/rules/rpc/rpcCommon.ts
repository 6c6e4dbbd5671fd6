/**
 * What the RPC rules share: the transport in effect (5.x `rpc.protocol` or its
 * alias `rpc.driver`; 4.4 `rpc.driver`), and the fixes that turn on TLS.
 */
import { t } from '../../l10n';
import { ConfigEntry } from '../../model/types';
import { Fix, RuleContext, TextEdit } from '../types';
import { getEntry, insertKeysEdit, isInDocument, replaceValueEdit, scalarText, valueText } from '../util';

/** Placeholders written by the fixes; the certificate generator writes real files to replace them. */
export const RPC_FILE_PLACEHOLDERS: Readonly<Record<'certfile' | 'keyfile' | 'cacertfile', string>> = {
  certfile: '/etc/emqx/certs/cluster/node.pem',
  keyfile: '/etc/emqx/certs/cluster/node.key',
  cacertfile: '/etc/emqx/certs/cluster/ca.pem',
};

export const GENERATE_CERTIFICATES_COMMAND = 'emqxClusterSecurity.generateCertificates';

export interface RpcTransport {
  /** The entry that sets the transport, when any. */
  readonly entry: ConfigEntry | undefined;
  /** `tcp` or `ssl` (lower-cased), `tcp` when unset. */
  readonly value: string;
}

export function rpcTransport(ctx: RuleContext): RpcTransport {
  const entry = ctx.version.major >= 5 ? getEntry(ctx, 'rpc.protocol', 'rpc.driver') : getEntry(ctx, 'rpc.driver');
  return { entry, value: (scalarText(entry?.value) ?? 'tcp').trim().toLowerCase() };
}

/** The TLS file keys not set anywhere. */
export function missingRpcFiles(ctx: RuleContext): Array<'certfile' | 'keyfile' | 'cacertfile'> {
  return (['certfile', 'keyfile', 'cacertfile'] as const).filter((k) => {
    const e = getEntry(ctx, `rpc.${k}`);
    return !e || (scalarText(e.value) ?? '').trim() === '';
  });
}

/**
 * Edits that make cluster RPC use TLS: `rpc.protocol = ssl` (4.4: `rpc.driver` and
 * `rpc.default_client_driver`), plus placeholder paths for missing files.
 */
export function enableRpcTlsEdits(ctx: RuleContext): TextEdit[] {
  const edits: TextEdit[] = [];
  const transport = rpcTransport(ctx);
  const inserts: Array<{ path: string[]; value: string }> = [];
  const ssl = ctx.document.dialect === 'cuttlefish' ? 'ssl' : 'ssl';
  if (transport.entry && isInDocument(ctx, transport.entry.setBy)) edits.push(replaceValueEdit(ctx, transport.entry.setBy, ssl));
  else inserts.push({ path: ['rpc', ctx.version.major >= 5 ? 'protocol' : 'driver'], value: ssl });
  if (ctx.version.major < 5) {
    const client = getEntry(ctx, 'rpc.default_client_driver');
    if (client && isInDocument(ctx, client.setBy)) edits.push(replaceValueEdit(ctx, client.setBy, 'ssl'));
    else if (!client) inserts.push({ path: ['rpc', 'default_client_driver'], value: 'ssl' });
  }
  for (const k of missingRpcFiles(ctx)) inserts.push({ path: ['rpc', k], value: valueText(ctx, RPC_FILE_PLACEHOLDERS[k]) });
  if (inserts.length > 0) edits.push(insertKeysEdit(ctx, inserts));
  return edits;
}

export function generateCertificatesFix(ctx: RuleContext): Fix {
  return {
    title: t('Generate cluster certificates (CA and node certificates) and point the config at them…'),
    edits: [],
    command: { id: GENERATE_CERTIFICATES_COMMAND, arguments: [ctx.document.uri] },
  };
}
