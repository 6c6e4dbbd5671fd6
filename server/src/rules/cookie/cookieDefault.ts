/** The `cookie-default` rule: The Erlang cookie is a default that ships with EMQX or its docs. */
import { isKnownDefaultCookie } from '../../emqx/cookies';
import { t } from '../../l10n';
import { cookieInEffect, defaultAndUnusable, defaultCookieStopsNode, freshCookieFix } from './cookieCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  refusedByV7: () =>
    t(
      'The Erlang cookie is a default that ships with EMQX, so anyone can join the cluster and run code on it. EMQX 7 refuses to start with it (hardened security profile). Set a long random cookie, the same on every node.',
    ),
  refusedWhenHardened: () =>
    t(
      'The Erlang cookie is a default that ships with EMQX, so anyone can join the cluster and run code on it. With EMQX_SECURITY_PROFILE=hardened EMQX refuses to start with it. Set a long random cookie, the same on every node.',
    ),
  anyoneCanJoin: () =>
    t(
      'The Erlang cookie is a default that ships with EMQX or its docs: anyone who can reach the cluster ports can join the cluster and run code on every node. Set a long random cookie, the same on every node.',
    ),
} satisfies RuleMessages;

export const cookieDefault: Rule = {
  id: 'cookie-default',
  defaultSeverity: 'warning',
  title: 'The Erlang cookie is a default that ships with EMQX or its docs',
  messages,
  why:
    "Reports `node.cookie` (or `EMQX_NODE__COOKIE`) when it is a value EMQX ships or documents: `emqxsecretcookie` (4.x and rebar3-built 5.x packages), `emqx50elixir` (mix-built 5.x, all 6.x), `Yzc0NGExM2Rj` (the shipped `node.conf.example`), `secret` (snap packages), the unrendered template `{{ emqx_default_erlang_cookie }}`, and common test values. The docs' placeholder `<a Secret cookie>` is reported by `cookie-invalid` instead: its spaces make it a cookie EMQX cannot use at all. " +
    'The cookie is the only credential of Erlang distribution and, unless changed, of cluster RPC: anyone who can reach ports 4370+N or 5370+N and knows it can join the cluster and run any code on every node.',
  fix: 'Generate a long random cookie (the quick fix does) and use it on every node.',
  fixKind: 'unsafe',
  versions: {
    spans: [],
    note:
      "EMQX up to 6.x only logs a warning at boot; from 7.0 the hardened security profile is the default and a node with a default cookie refuses to start, so the finding is an error for 7.0 and later, unless the node's environment sets `EMQX_SECURITY_PROFILE=legacy`. " +
      "From 6.2, `EMQX_SECURITY_PROFILE=hardened` makes the build's default cookie and `emqxsecretcookie` stop the node too (an error then).",
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'apps/emqx/src/emqx_security_profile.erl', release: 'master' },
  ],
  check(ctx: RuleContext): Finding[] {
    const cookie = cookieInEffect(ctx);
    // A default EMQX cannot carry at all (the docs' placeholder) is cookie-invalid's finding.
    if (!cookie || !isKnownDefaultCookie(cookie.value) || defaultAndUnusable(cookie.value)) return [];
    const stops = defaultCookieStopsNode(ctx, cookie.value);
    const fix = freshCookieFix(ctx, cookie.entry);
    return [
      finding(this, ctx, cookie.entry.setBy.valueLocation, stops === 'v7' ? messages.refusedByV7() : stops === 'hardened' ? messages.refusedWhenHardened() : messages.anyoneCanJoin(), {
        severity: stops ? 'error' : undefined,
        keyPath: 'node.cookie',
        fixes: fix ? [fix] : undefined,
      }),
    ];
  },
};
