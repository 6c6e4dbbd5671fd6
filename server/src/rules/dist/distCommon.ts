/** Helpers shared by the rules that were split out of dist.ts. */
import * as path from 'path';
import { containerFile, EmbeddedFile, IMAGE_SSL_DIST_CONF } from '../../emqx/container';
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

/** The distribution TLS options file a node reads (see `sslDistFile`). */
export type SslDistFile =
  /**
   * A file on this machine: beside the config, or the host file a deployment mounts where
   * the node reads it (`mountedAt`, the path inside the container), as a file id in the
   * document's form (URI or path) and the path to read it by. `absenceKnown`: when it does
   * not exist, the node has no options file (false for a path a variable or 4.4's
   * `node.ssl_dist_optfile` names inside a container, which may be there some other way).
   */
  | { readonly kind: 'file'; readonly id: string; readonly path: string; readonly absenceKnown: boolean; readonly mountedAt?: string }
  /** Nothing is mounted at `/opt/emqx/etc/ssl_dist.conf` of an official image: the node reads the image's own file. */
  | { readonly kind: 'image' }
  /** A file the deployment file holds (a ConfigMap key) mounted where the node reads it (`mountedAt`). */
  | { readonly kind: 'embedded'; readonly content: EmbeddedFile; readonly mountedAt: string };

/**
 * The distribution TLS options file bin/emqx reads for this config, or undefined when that
 * cannot be told here.
 *
 * For a config on disk that no deployment runs in a container: `etc/ssl_dist.conf` beside
 * it, or 4.4's `node.ssl_dist_optfile` (relative to the config's folder; a template value
 * falls back to the default); undefined when `EMQX_SSL_DIST_OPTFILE` names a file on the
 * node, or the document has no file path (an unsaved one).
 *
 * For a node in a container (`ctx.container`): the path inside the container
 * (`EMQX_SSL_DIST_OPTFILE`, 4.4's `node.ssl_dist_optfile`, else `/opt/emqx/etc/ssl_dist.conf`),
 * looked up in the container's mounts, never on this machine: the host file mounted there,
 * the content a ConfigMap of the same manifest mounts there, or the official image's own file; undefined for a relative or unknown path, a named
 * volume, an image that is not EMQX's, or mounts the deployment does not all show.
 */
export function sslDistFile(ctx: RuleContext): SslDistFile | undefined {
  const env = ctx.runtimeEnv?.get(SSL_DIST_OPTFILE_ENV);
  const optfile = ctx.version.major < 5 ? scalarText(getEntry(ctx, 'node.ssl_dist_optfile')?.value) : undefined;
  const written = optfile && !optfile.includes('{{') && !optfile.includes('${') ? optfile : undefined;
  const container = ctx.container;
  if (!container) {
    // EMQX_SSL_DIST_OPTFILE names a file on the node (often a mounted secret): not knowable here.
    if (env || !filePathOf(ctx.document.uri)) return undefined;
    const id = joinId(dirnameOf(ctx.document.uri), written ?? 'ssl_dist.conf');
    return { kind: 'file', id, path: readerKeys(id)[0], absenceKnown: true };
  }
  const named = env !== undefined || written !== undefined;
  const target = env ? env.value : (written ?? IMAGE_SSL_DIST_CONF);
  if (target === undefined || !target.startsWith('/')) return undefined;
  const at = containerFile(container, target);
  if (at.kind === 'embedded') return { kind: 'embedded', content: at.content, mountedAt: target };
  if (at.kind === 'host') {
    const id = joinId(dirnameOf(ctx.document.uri), at.path);
    return { kind: 'file', id, path: readerKeys(id)[0], absenceKnown: !named, mountedAt: target };
  }
  if (at.kind === 'image' && container.officialImage && path.posix.normalize(target) === IMAGE_SSL_DIST_CONF) return { kind: 'image' };
  return undefined;
}
