/**
 * Picks the CLI's message language from the environment (LC_ALL, LC_MESSAGES,
 * LANG, like other Unix tools) and hands it to the shared l10n set-up, which
 * merges the bundled `server/l10n/<area>.zh-cn.json` tables. English needs no
 * bundle; an unknown language falls back to English.
 */
import { configureLocale } from '../l10n';

/** The locale tag the environment asks for (`zh-CN` from `zh_CN.UTF-8`), or undefined for C/POSIX. */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const tag = raw.split('.')[0].split('@')[0].replace('_', '-');
  if (!tag || tag === 'C' || tag === 'POSIX') return undefined;
  return tag;
}

export function setUpCliLocale(env: NodeJS.ProcessEnv = process.env): void {
  configureLocale(localeFromEnv(env));
}
