/** Helpers shared by the rules that were split out of dist.ts. */
import { SSL_DIST_OPTFILE_ENV } from '../../emqx/env';
import { dirnameOf, filePathOf, joinId, readerKeys } from '../../model/paths';
import { ConfigEntry } from '../../model/types';
import { RuleContext } from '../types';
import { getEntry, scalarText } from '../util';

export function protoDist(ctx: RuleContext): { entry: ConfigEntry | undefined; value: string } {
  const entry = getEntry(ctx, 'cluster.proto_dist');
  return { entry, value: (scalarText(entry?.value) ?? 'inet_tcp').trim() };
}

/** Whether a `cluster.proto_dist` value runs distribution over TLS (and makes bin/emqx read the options file). */
export function isTlsDist(value: string): boolean {
  return value === 'inet_tls' || value === 'inet6_tls';
}

/**
 * The distribution TLS options file bin/emqx reads for this config, as a
 * file id in the document's form (URI or path) and the path to read it by:
 * `etc/ssl_dist.conf` beside the config, or 4.4's `node.ssl_dist_optfile`
 * (relative to the config's folder; a template value falls back to the
 * default). Undefined when `EMQX_SSL_DIST_OPTFILE` names a file on the node,
 * the node's etc folder is its container image's (`etcInImage`), or the
 * document has no file path (an unsaved one).
 */
export function sslDistFile(ctx: RuleContext): { id: string; path: string } | undefined {
  // In a container whose etc folder is the image's, the file is there (the image ships one) or mounted.
  if (ctx.runtimeEnv?.has(SSL_DIST_OPTFILE_ENV) || ctx.etcInImage || !filePathOf(ctx.document.uri)) return undefined;
  const optfile = ctx.version.major < 5 ? scalarText(getEntry(ctx, 'node.ssl_dist_optfile')?.value) : undefined;
  const name = optfile && !optfile.includes('{{') && !optfile.includes('${') ? optfile : 'ssl_dist.conf';
  const id = joinId(dirnameOf(ctx.document.uri), name);
  return { id, path: readerKeys(id)[0] };
}
