/** The `cookie-invalid` rule: The Erlang cookie cannot be used as written. */
import { CookieProblem, cookieProblems, isKnownDefaultCookie } from '../../emqx/cookies';
import { t } from '../../l10n';
import { cookieInEffect, defaultAndUnusable, freshCookieFix } from './cookieCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, isInDocument, linesOf } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  empty: () => t('it is empty'),
  longerThan255: () => t('it is longer than 255 characters'),
  containsSpace: () => t('it contains a space'),
  containsSingleQuote: () => t('it contains a single quote'),
  containsDoubleQuote: () => t('it contains a double quote'),
  containsBackslash: () => t('it contains a backslash'),
  erlangCookieCannot: (arg0: Arg) => t('The Erlang cookie cannot be used ({0}): bin/emqx breaks on it and newer EMQX releases refuse to start. Use only letters and digits.', arg0),
  placeholderCannot: (problems: Arg) =>
    t(
      'The Erlang cookie is a placeholder from the EMQX docs and cannot be used ({0}): bin/emqx breaks on it and newer EMQX releases refuse to start. Set a long random cookie of letters and digits, the same on every node.',
      problems,
    ),
  erlangCookieLonger: () => t('The Erlang cookie is longer than 255 characters; EMQX 6.x release branches refuse to start with it. Use 32 to 64 random characters.'),
  cookieNotQuoted: () => t('The cookie is not quoted and a comment starts right after it, so EMQX reads only the part before `#` (or `//`) as the cookie. Quote the whole value.'),
} satisfies RuleMessages;

function describe(p: CookieProblem): string {
  switch (p) {
    case 'empty':
      return messages.empty();
    case 'too-long':
      return messages.longerThan255();
    case 'space':
      return messages.containsSpace();
    case 'single-quote':
      return messages.containsSingleQuote();
    case 'double-quote':
      return messages.containsDoubleQuote();
    case 'backslash':
      return messages.containsBackslash();
  }
}

export const cookieInvalid: Rule = {
  id: 'cookie-invalid',
  defaultSeverity: 'error',
  title: 'The Erlang cookie cannot be used as written',
  messages,
  why:
    'Reports a `node.cookie` that EMQX cannot carry: empty; containing a space, a quote or a backslash (`bin/emqx` passes the cookie through shell quoting, and the 6.x release branches reject these characters at boot); longer than 255 characters (rejected on the 6.x branches; a warning); or written unquoted with a `#` right after it, so that the rest of the line is a comment and the cookie is silently cut short (a warning). ' +
    'A cookie that differs between what you wrote and what EMQX uses means nodes that cannot talk to each other or `emqx ctl` commands that fail. ' +
    "The same judgement applies when `EMQX_NODE__COOKIE` sets the cookie from `.env`, docker-compose or a Kubernetes manifest: the variable's text as written, which bin/emqx passes to the VM, reported where it is written. " +
    "A known default that is also unusable, such as the docs' placeholder `<a Secret cookie>`, is reported here rather than by `cookie-default`.",
  fix: 'Use letters and digits only, quote the value in HOCON (the quick fix writes a fresh random one).',
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    const cookie = cookieInEffect(ctx);
    // A shipped default (including the unrendered `{{ … }}` template) is cookie-default's finding,
    // unless EMQX cannot use it at all (the docs' placeholder `<a Secret cookie>`).
    if (!cookie) return [];
    const placeholder = defaultAndUnusable(cookie.value);
    if (isKnownDefaultCookie(cookie.value) && !placeholder) return [];
    const out: Finding[] = [];
    const problems = cookieProblems(cookie.value);
    const fatal = problems.filter((p) => p !== 'too-long');
    // A fresh cookie costs random bytes: made only for a finding that offers it.
    const fix = problems.length > 0 ? freshCookieFix(ctx, cookie.entry) : undefined;
    const fixes = fix ? [{ ...fix, isPreferred: true }] : undefined;
    if (fatal.length > 0) {
      out.push(
        finding(
          cookieInvalid,
          ctx,
          cookie.entry.setBy.valueLocation,
          placeholder ? messages.placeholderCannot(fatal.map(describe).join(t('; '))) : messages.erlangCookieCannot(fatal.map(describe).join(t('; '))),
          {
            keyPath: 'node.cookie',
            fixes,
          },
        ),
      );
    } else if (problems.includes('too-long')) {
      out.push(
        finding(cookieInvalid, ctx, cookie.entry.setBy.valueLocation, messages.erlangCookieLonger(), {
          severity: 'warning',
          keyPath: 'node.cookie',
          fixes,
        }),
      );
    }
    // An unquoted value directly followed by `#` is cut there: the rest is a comment.
    const a = cookie.entry.setBy;
    if (isInDocument(ctx, a) && (a.quoting === undefined || a.quoting === 'unquoted')) {
      const end = a.valueLocation.range.end;
      const rest = (linesOf(ctx).lineText(end.line) ?? '').slice(end.character);
      if (rest.startsWith('#') || rest.startsWith('//')) {
        out.push(
          finding(cookieInvalid, ctx, a.valueLocation, messages.cookieNotQuoted(), {
            severity: 'warning',
            keyPath: 'node.cookie',
            fixes,
          }),
        );
      }
    }
    return out;
  },
};
