/**
 * What the cookie rules share: the `node.cookie` entry in effect and the fix that
 * replaces it with a fresh random cookie. The fix title never contains a value.
 */
import { buildDefaultCookieDescription, cookieProblems, generateCookie, isKnownDefaultCookie } from '../../emqx/cookies';
import { COOKIE_ENV, SECURITY_PROFILE_ENV } from '../../emqx/env';
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { ConfigEntry } from '../../model/types';
import { Fix, RuleContext, TextEdit } from '../types';
import { getEntry, insertKeysEdit, isInDocument, isReportable, replaceValueEdit, scalarText, valueText } from '../util';

export interface CookieInEffect {
  readonly entry: ConfigEntry;
  /** The cookie as EMQX reads it. Never put it into a message. */
  readonly value: string;
}

/**
 * The cookie in effect when it can be reported on (written in a file or a located env
 * variable), and none when the environment sets one whose value is unknown.
 */
export function cookieInEffect(ctx: RuleContext): CookieInEffect | undefined {
  // The environment sets a cookie we cannot see; it, not the file's, is in effect.
  if (ctx.unknownValues?.has('node.cookie')) return undefined;
  const entry = getEntry(ctx, 'node.cookie');
  if (!entry || !isReportable(entry.setBy)) return undefined;
  const value = rawEnvCookie(ctx, entry) ?? scalarText(entry.value);
  return value === undefined ? undefined : { entry, value };
}

/**
 * The cookie text bin/emqx passes to the VM when a variable sets it: the
 * variable's raw value, not the value read as HOCON (`abc def` unquoted reads
 * as `abcdef`), so a cookie is judged the same from emqx.conf, `.env`,
 * docker-compose or a manifest.
 */
function rawEnvCookie(ctx: RuleContext, entry: ConfigEntry): string | undefined {
  const a = entry.setBy;
  const origin = a.origin;
  if (origin.kind !== 'env') return undefined;
  const defined = [...COOKIE_ENV].flatMap((name) => {
    const v = ctx.runtimeEnv?.get(name);
    return v?.value !== undefined ? [{ name, ...v }] : [];
  });
  const at = a.valueLocation;
  const here = defined.find((v) => v.location?.uri === at.uri && v.location.range.start.line === at.range.start.line && v.location.range.start.character === at.range.start.character);
  return (here ?? defined.find((v) => v.name === origin.name.toUpperCase()))?.value;
}

/**
 * Whether a cookie is a known default that EMQX cannot carry either (the docs' placeholder
 * `<a Secret cookie>` has spaces): `cookie-invalid` reports it, as the stronger finding, and
 * `cookie-default` stays quiet. The unrendered build template `{{ … }}` is not one: the
 * build replaces it with the default cookie, so it stays `cookie-default`'s.
 */
export function defaultAndUnusable(value: string): boolean {
  return isKnownDefaultCookie(value) && !value.trim().startsWith('{{') && cookieProblems(value).some((p) => p !== 'too-long');
}

/**
 * Whether EMQX refuses to boot with a default cookie, by its security profile:
 * `v7` when the hardened profile is the default (7.0 on, unless the node's
 * environment sets `EMQX_SECURITY_PROFILE=legacy`); `hardened` when the
 * environment chooses it on 6.2+, where it refuses the build's default cookie
 * and `emqxsecretcookie` (`value`; undefined = none set, the build default);
 * undefined when EMQX only warns.
 */
export function defaultCookieStopsNode(ctx: RuleContext, value: string | undefined): 'v7' | 'hardened' | undefined {
  const profile = ctx.runtimeEnv?.get(SECURITY_PROFILE_ENV)?.value?.trim().toLowerCase();
  if (atLeast(ctx.version, '7.0')) return profile === 'legacy' ? undefined : 'v7';
  if (profile !== 'hardened' || !atLeast(ctx.version, '6.2')) return undefined;
  return value === undefined || value === 'emqxsecretcookie' || value === buildDefaultCookieDescription(ctx.version.major) ? 'hardened' : undefined;
}

/** Replaces (or adds) `node.cookie` with a freshly generated 48-character random cookie. */
export function freshCookieFix(ctx: RuleContext, entry: ConfigEntry | undefined): Fix | undefined {
  if (entry && !isInDocument(ctx, entry.setBy)) return undefined;
  const edit = (): TextEdit => {
    const cookie = valueText(ctx, generateCookie());
    return entry ? replaceValueEdit(ctx, entry.setBy, cookie) : insertKeysEdit(ctx, [{ path: ['node', 'cookie'], value: cookie }]);
  };
  let edits: readonly TextEdit[] | undefined;
  return {
    title: entry
      ? t('Replace the cookie with a freshly generated random one (use the same value on every node)')
      : t('Add node.cookie with a freshly generated random value (use the same value on every node)'),
    // Made when first read, then kept: generating a cookie loads Node's crypto (several ms
    // at every CLI start), and the CLI reports findings without their fixes.
    get edits(): readonly TextEdit[] {
      return (edits ??= [edit()]);
    },
    isPreferred: true,
  };
}
