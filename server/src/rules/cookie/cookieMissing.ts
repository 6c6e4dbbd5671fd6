/** The `cookie-missing` rule: No Erlang cookie is set, so the build default is used. */
import { buildDefaultCookieDescription } from '../../emqx/cookies';
import { t } from '../../l10n';
import { defaultCookieStopsNode, freshCookieFix } from './cookieCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { anchorFor, finding, getEntry, judgesAbsence } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (buildDefaultCookieDescription: Arg) =>
    t(
      'No node.cookie is set, so EMQX uses the cookie built into the package ({0}), which is public: anyone who can reach the cluster ports can join the cluster. Set node.cookie (or EMQX_NODE__COOKIE) to a long random value, the same on every node.',
      buildDefaultCookieDescription,
    ),
} satisfies RuleMessages;

export const cookieMissing: Rule = {
  id: 'cookie-missing',
  defaultSeverity: 'warning',
  title: 'No Erlang cookie is set, so the build default is used',
  messages,
  why:
    'Reports a config with no `node.cookie` in any layer and no `EMQX_NODE__COOKIE` (or legacy `EMQX_NODE_COOKIE`) among the environment variables the checker was given. ' +
    'EMQX then uses the cookie compiled into the build (`emqxsecretcookie` for 4.x and rebar3-built 5.x, `emqx50elixir` for 6.x), which is public; the official Helm chart sets no cookie either.',
  fix: 'Add `node.cookie` with a long random value (the quick fix does), or set `EMQX_NODE__COOKIE` from a secret in the deployment, and suppress this finding with a reason.',
  fixKind: 'unsafe',
  versions: {
    spans: [],
    note: "An error from 7.0, where a default cookie stops the node from starting (unless the node's environment sets `EMQX_SECURITY_PROFILE=legacy`), and on 6.2+ with `EMQX_SECURITY_PROFILE=hardened`.",
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'apps/emqx/src/emqx_security_profile.erl', release: 'master' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || !judgesAbsence(ctx)) return [];
    // Set by the environment from a value we cannot see (a Secret) is still set.
    if (getEntry(ctx, 'node.cookie') || ctx.unknownValues?.has('node.cookie')) return [];
    const fatal = defaultCookieStopsNode(ctx, undefined) !== undefined;
    const fix = freshCookieFix(ctx, undefined);
    return [
      finding(this, ctx, anchorFor(ctx, 'node'), messages.default(buildDefaultCookieDescription(ctx.version.major)), {
        severity: fatal ? 'error' : undefined,
        keyPath: 'node.cookie',
        fixes: fix ? [fix] : undefined,
      }),
    ];
  },
};
