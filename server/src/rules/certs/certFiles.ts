/**
 * What the certificate rules share: the certificate/key/CA paths a document
 * names (`rpc.certfile`, `rpc.keyfile`, `rpc.cacertfile` in emqx.conf; the
 * `server` and `client` sections of ssl_dist.conf), where each can be found
 * on this machine, and the parsed content. Computed once per RuleContext.
 *
 * Resolution follows what the user can tell us, and stays silent otherwise:
 * a `pathMappings` prefix (server path → workspace folder) wins; an absolute
 * path is looked at where it is; a relative path is looked for next to the
 * config. A path that is not found is only reported when the user mapped it
 * (then its absence is a real finding); a server path such as
 * /etc/emqx/certs/cert.pem that simply is not on this machine gives nothing.
 */
import * as path from 'path';
import { containerFile } from '../../emqx/container';
import { isAbsoluteAnywhere, sameFile, toPath } from '../../model/paths';
import { Location } from '../../syntax/position';
import { parseErlangTerms } from '../../syntax/erlangTerms';
import { sslDistOption, sslDistSides } from '../sslDist/sslDistCommon';
import { RuleContext } from '../types';
import { inspectPem, PemInfo } from '../../certs/inspect';

export type CertRole = 'certfile' | 'keyfile' | 'cacertfile';

export interface CertFileRef {
  readonly role: CertRole;
  /** The path as the config writes it. */
  readonly written: string;
  /** The value's location in the analysed document. */
  readonly location: Location;
  /** `rpc.certfile`, or `ssl_dist server certfile`, for messages. */
  readonly label: string;
  readonly keyPath?: string;
  /** The local file looked at (mapped, absolute or next to the config); undefined when none can be derived. */
  readonly localPath?: string;
  /** The path was translated through a pathMappings entry. */
  readonly mapped: boolean;
  /** The local file exists (through the reader). */
  readonly exists: boolean;
  /** The file's text, when it exists and could be read. */
  readonly text?: string;
  /** The PEM content, when read. */
  readonly pem?: PemInfo;
}

export interface CertGroup {
  /** `rpc`, `ssl_dist server` or `ssl_dist client`. */
  readonly name: string;
  readonly certfile?: CertFileRef;
  readonly keyfile?: CertFileRef;
  readonly cacertfile?: CertFileRef;
}

const ROLES: readonly CertRole[] = ['certfile', 'keyfile', 'cacertfile'];

/** The folder of the document on this machine (a path this platform reads as absolute), if it is a file. */
function documentFolder(uri: string): string | undefined {
  const p = toPath(uri);
  return p !== undefined && path.isAbsolute(p) ? path.dirname(p) : undefined;
}

/** Applies the longest matching pathMappings prefix. */
export function mapPath(written: string, mappings: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!mappings) return undefined;
  const prefixes = Object.keys(mappings)
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    const bare = prefix.replace(/[\\/]+$/, '');
    if (written === bare || written.startsWith(bare + '/') || written.startsWith(bare + '\\')) {
      const rest = written.slice(bare.length).replace(/^[\\/]+/, '');
      return rest === '' ? mappings[prefix] : path.join(mappings[prefix], ...rest.split(/[\\/]+/));
    }
  }
  return undefined;
}

/**
 * Where a file the document names is on this machine: through the longest `pathMappings`
 * prefix (`mapped`), as written when absolute, else next to the document. For a node in a
 * container (`ctx.container`), a path is the container's: the host file a deployment mounts
 * there, never the same path on this machine. No path when it cannot be known: a template
 * or a variable, a container path nothing shown is mounted at, or a document that is no file.
 */
export function localFileOf(ctx: RuleContext, written: string): { readonly path?: string; readonly mapped: boolean } {
  const mappedPath = mapPath(written, ctx.pathMappings);
  if (mappedPath !== undefined) return { path: mappedPath, mapped: true };
  if (written.includes('${') || written.includes('{{')) return { mapped: false };
  if (ctx.container) {
    // A relative path is relative to the node's working folder, which the deployment does not show.
    const at = written.startsWith('/') ? containerFile(ctx.container, written) : undefined;
    return at?.kind === 'host' ? { path: at.path, mapped: false } : { mapped: false };
  }
  if (isAbsoluteAnywhere(written)) return { path: written, mapped: false };
  const folder = documentFolder(ctx.document.uri);
  return { path: folder ? path.resolve(folder, written) : undefined, mapped: false };
}

function resolveRef(ctx: RuleContext, base: Omit<CertFileRef, 'localPath' | 'mapped' | 'exists' | 'text' | 'pem'>): CertFileRef {
  const { path: localPath, mapped } = localFileOf(ctx, base.written);
  const exists = localPath !== undefined && ctx.reader.exists(localPath);
  const text = exists && localPath !== undefined ? ctx.reader.readText(localPath) : undefined;
  return {
    ...base,
    localPath,
    mapped,
    exists,
    text,
    pem: text !== undefined ? inspectPem(text) : undefined,
  };
}

/** Whether the document is an ssl_dist.conf (an Erlang term file). */
export function isSslDistDocument(ctx: RuleContext): boolean {
  if (ctx.document.dialect === 'ssl-dist') return true;
  return /(^|[\\/])ssl_dist[^\\/]*\.conf$/i.test(ctx.document.uri);
}

function rpcGroup(ctx: RuleContext): CertGroup | undefined {
  // The files are only read by the ssl driver; with tcp they are ignored
  // (another rule says so), so their content cannot hurt.
  const protocol = ctx.config.get('rpc.protocol') ?? ctx.config.get('rpc.driver');
  if (!protocol || protocol.value !== 'ssl') return undefined;
  const group: { name: string } & Partial<Record<CertRole, CertFileRef>> = { name: 'rpc' };
  for (const role of ROLES) {
    const entry = ctx.config.get(['rpc', role]);
    if (!entry || typeof entry.value !== 'string' || entry.value === '') continue;
    // Only the document that sets the value reports on it (base.hocon or an
    // environment variable are reported where they are written, not here).
    if (entry.setBy.origin.kind !== 'file' || !sameFile(entry.setBy.valueLocation.uri, ctx.document.uri)) continue;
    group[role] = resolveRef(ctx, {
      role,
      written: entry.value,
      location: entry.setBy.valueLocation,
      label: `rpc.${role}`,
      keyPath: `rpc.${role}`,
    });
  }
  return group;
}

function sslDistGroups(ctx: RuleContext): CertGroup[] {
  const doc = ctx.document.sslDist ?? parseErlangTerms(ctx.document.text);
  return sslDistSides(doc).map((side) => {
    const group: { name: string } & Partial<Record<CertRole, CertFileRef>> = { name: `ssl_dist ${side.side}` };
    for (const role of ROLES) {
      // OTP takes the first occurrence of an option in a proplist.
      const value = sslDistOption(side, role)?.value;
      if (!value || value.kind !== 'string' || value.value === '') continue;
      group[role] = resolveRef(ctx, {
        role,
        written: value.value,
        location: { uri: ctx.document.uri, range: value.range },
        label: `ssl_dist.conf ${side.side} ${role}`,
      });
    }
    return group;
  });
}

const cache = new WeakMap<RuleContext, CertGroup[]>();

/** The certificate groups of the document; empty when untrusted (nothing is read). */
export function certificateGroups(ctx: RuleContext): CertGroup[] {
  if (!ctx.trusted) return [];
  const cached = cache.get(ctx);
  if (cached) return cached;
  // Nothing here is expected to throw (the readers never do); should it anyway, the rule fails and
  // analyzeDocument names the failure, rather than the files looking fine.
  const groups = isSslDistDocument(ctx) ? sslDistGroups(ctx) : [rpcGroup(ctx)].filter((g): g is CertGroup => g !== undefined);
  cache.set(ctx, groups);
  return groups;
}

/** Every reference of every group, in order. */
export function allRefs(ctx: RuleContext): CertFileRef[] {
  const out: CertFileRef[] = [];
  for (const g of certificateGroups(ctx)) for (const role of ROLES) if (g[role]) out.push(g[role]!);
  return out;
}

/** The file's local name for messages: the mapped/relative local path when it differs from what is written. */
export function shownPath(ref: CertFileRef): string {
  return ref.localPath && ref.localPath !== ref.written ? `${ref.written} (${ref.localPath})` : ref.written;
}
