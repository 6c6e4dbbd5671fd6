/**
 * Environment variables that override config keys. 5.x (hocon): `EMQX_` +
 * path segments joined with `__`, matched case-insensitively. 4.x (emqx's
 * cuttlefish fork) accepts the same generic form (`__` → `.`) and a per-key
 * override form with single underscores (`EMQX_NODE_COOKIE`) that wins.
 * 5.x's bin/emqx copies the legacy `EMQX_NODE_COOKIE` / `EMQX_NODE_NAME`.
 */

/** Legacy single-underscore names bin/emqx (5.x) and cuttlefish (4.x) understand. */
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  EMQX_NODE_COOKIE: 'node.cookie',
  EMQX_NODE_NAME: 'node.name',
};

/**
 * The key path an `EMQX_*` variable sets, or undefined when the name is not an override
 * (`EMQX_LOG_DIR`-style variables without `__` are bin/emqx settings, not config).
 */
export function envNameToPath(name: string): string[] | undefined {
  const upper = name.toUpperCase();
  if (!upper.startsWith('EMQX_')) return undefined;
  const legacy = LEGACY_NAMES[upper];
  if (legacy) return legacy.split('.');
  const rest = name.slice('EMQX_'.length);
  if (!rest.includes('__')) return undefined;
  const segments = rest.split('__').map((s) => s.toLowerCase());
  return segments.some((s) => s === '') ? undefined : segments;
}

/** The generic variable name for a key path: `['node','cookie']` → `EMQX_NODE__COOKIE`. */
export function pathToEnvName(path: readonly string[] | string): string {
  const segments = typeof path === 'string' ? path.split('.') : path;
  return 'EMQX_' + segments.map((s) => s.toUpperCase()).join('__');
}

/** Variables that change how ports and files are found without being config keys. */
export const SSL_DIST_OPTFILE_ENV = 'EMQX_SSL_DIST_OPTFILE';

/**
 * The security profile (6.2+): `legacy` (the default before 7.0) only warns
 * about a default cookie; `hardened` (the default from 7.0) refuses to boot.
 */
export const SECURITY_PROFILE_ENV = 'EMQX_SECURITY_PROFILE';

/**
 * The variables bin/emqx reads itself, which the rules may consult: the
 * distribution TLS options file (5.x and 4.4 use it instead of
 * `etc/ssl_dist.conf` when it is set) and the security profile.
 */
export const RUNTIME_ENV: ReadonlySet<string> = new Set([SSL_DIST_OPTFILE_ENV, SECURITY_PROFILE_ENV]);

/**
 * The cookie variables: they set the config key `node.cookie`, and bin/emqx
 * also reads them itself, raw (not as HOCON), and passes that text to the VM
 * (`-setcookie`) ahead of any config file; the legacy `EMQX_NODE_COOKIE` is
 * copied over `EMQX_NODE__COOKIE`. The cookie checks judge that raw text.
 */
export const COOKIE_ENV: ReadonlySet<string> = new Set(['EMQX_NODE__COOKIE', 'EMQX_NODE_COOKIE']);
