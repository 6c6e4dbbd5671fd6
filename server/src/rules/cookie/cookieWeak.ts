/** The `cookie-weak` rule: The Erlang cookie is easy to guess. */
import { CookieWeakness, isKnownDefaultCookie, judgeCookie } from '../../emqx/cookies';
import { t } from '../../l10n';
import { cookieInEffect, freshCookieFix } from './cookieCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  shorterThan8: () => t('it is shorter than 8 characters'),
  shorterThan16: () => t('it is shorter than 16 characters'),
  usesFewerThan: () => t('it uses fewer than 8 different characters'),
  madeCommonWords: () => t('it is made of common words and digits'),
  reasonSeparator: () => t('; '),
  erlangCookieEasy: (reasons: Arg) =>
    t('The Erlang cookie is easy to guess ({0}), and it is the only secret that keeps other machines out of the cluster. Use at least 32 random characters, the same on every node.', reasons),
} satisfies RuleMessages;

function describe(w: CookieWeakness): string {
  switch (w) {
    case 'short':
      return messages.shorterThan8();
    case 'shortish':
      return messages.shorterThan16();
    case 'low-variety':
      return messages.usesFewerThan();
    case 'dictionary':
      return messages.madeCommonWords();
  }
}

export const cookieWeak: Rule = {
  id: 'cookie-weak',
  defaultSeverity: 'warning',
  title: 'The Erlang cookie is easy to guess',
  messages,
  why:
    'Reports a `node.cookie` that is short (under 8 characters: warning; 8 to 15: info), uses fewer than 8 different characters, or is built from common words and digits (`emqx-prod-2024`). ' +
    'The cookie is the only secret between cluster nodes: a guessed cookie gives full control of every node through Erlang distribution and cluster RPC. ' +
    'The check never shows the value.',
  fix: 'Use 32 or more random characters (the quick fix generates 48) and the same value on every node.',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    const cookie = cookieInEffect(ctx);
    if (!cookie || isKnownDefaultCookie(cookie.value) || cookie.value.length === 0) return [];
    const verdict = judgeCookie(cookie.value);
    if (!verdict.severity) return [];
    const reasons = verdict.weaknesses.map(describe).join(messages.reasonSeparator());
    const fix = freshCookieFix(ctx, cookie.entry);
    return [
      finding(cookieWeak, ctx, cookie.entry.setBy.valueLocation, messages.erlangCookieEasy(reasons), {
        severity: verdict.severity,
        keyPath: 'node.cookie',
        fixes: fix ? [fix] : undefined,
      }),
    ];
  },
};
