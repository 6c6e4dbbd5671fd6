/** The `cookie-file-url-old` rule: A file:// cookie on an EMQX version that takes it literally. */
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { cookieInEffect } from './cookieCommon';
import { Finding, Rule, RuleContext, RuleMessages } from '../types';
import { finding } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: () => t('Reading the cookie from a file (file://) needs EMQX 6.3 or later; this version uses the text "file://…" itself as the cookie. Set the cookie directly or upgrade.'),
} satisfies RuleMessages;

export const cookieFileUrl: Rule = {
  id: 'cookie-file-url-old',
  defaultSeverity: 'warning',
  title: 'A file:// cookie on an EMQX version that takes it literally',
  messages,
  why:
    'Reports `node.cookie = "file:///path"` when the target version is older than 6.3. ' +
    'Reading the cookie from a file is an EMQX 6.3 feature; older versions use the text `file:///path` itself as the cookie, which is guessable and differs from what the other nodes read from the file.',
  fix: 'Upgrade to 6.3 or later, or set the cookie itself (for example through `EMQX_NODE__COOKIE` from a secret store).',
  fixKind: 'none',
  versions: { spans: [{ from: '5.0', to: '6.2' }] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    const cookie = cookieInEffect(ctx);
    if (!cookie || !cookie.value.startsWith('file://') || atLeast(ctx.version, '6.3') || ctx.version.major < 5) return [];
    return [finding(cookieFileUrl, ctx, cookie.entry.setBy.valueLocation, messages.default(), { keyPath: 'node.cookie' })];
  },
};
