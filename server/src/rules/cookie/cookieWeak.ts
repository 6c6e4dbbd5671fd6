/** The `cookie-weak` rule: The Erlang cookie is easy to guess. */
import { CookieWeakness, isKnownDefaultCookie, judgeCookie } from '../../emqx/cookies';
import { t } from '../../l10n';
import { cookieInEffect, freshCookieFix } from './cookieCommon';
import { Finding, Rule, RuleContext } from '../types';
import { finding } from '../util';

function describe(w: CookieWeakness): string {
  switch (w) {
    case 'short':
      return t('it is shorter than 8 characters');
    case 'shortish':
      return t('it is shorter than 16 characters');
    case 'low-variety':
      return t('it uses fewer than 8 different characters');
    case 'dictionary':
      return t('it is made of common words and digits');
  }
}

export const cookieWeak: Rule = {
  id: 'cookie-weak',
  defaultSeverity: 'warning',
  title: 'The Erlang cookie is easy to guess',
  why:
    'Reports a `node.cookie` that is short (under 8 characters: warning; 8 to 15: info), uses fewer than 8 different characters, or is built from common words and digits (`emqx-prod-2024`). ' +
    'The cookie is the only secret between cluster nodes: a guessed cookie gives full control of every node through Erlang distribution and cluster RPC. ' +
    'The check never shows the value.',
  fix: 'Use 32 or more random characters (the quick fix generates 48) and the same value on every node.',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
  ],
  check(ctx: RuleContext): Finding[] {
    const cookie = cookieInEffect(ctx);
    if (!cookie || isKnownDefaultCookie(cookie.value) || cookie.value.length === 0) return [];
    const verdict = judgeCookie(cookie.value);
    if (!verdict.severity) return [];
    const reasons = verdict.weaknesses.map(describe).join(t('; '));
    const fix = freshCookieFix(ctx, cookie.entry);
    return [
      finding(cookieWeak, ctx, cookie.entry.setBy.valueLocation, t('The Erlang cookie is easy to guess ({0}), and it is the only secret that keeps other machines out of the cluster. Use at least 32 random characters, the same on every node.', reasons), {
        severity: verdict.severity,
        keyPath: 'node.cookie',
        fixes: fix ? [fix] : undefined,
      }),
    ];
  },
};
