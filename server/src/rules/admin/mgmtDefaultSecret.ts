/** The `mgmt-default-secret` rule: 4.x's default REST API application has the secret `public`. */
import { t } from '../../l10n';
import { SHIPPED_PASSWORD } from './dashboardDefaultPassword';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  shippedSecret: (key: Arg, appId: Arg) =>
    t(
      '{0} is the shipped default secret of the REST API application {1}: anyone who reaches the management API (port 8081) can use it to read and change the broker. Set a long random secret, or remove the default application.',
      key,
      appId,
    ),
} satisfies RuleMessages;

export const mgmtDefaultSecret: Rule = {
  id: 'mgmt-default-secret',
  defaultSeverity: 'warning',
  title: 'EMQX 4.x: the default REST API application has the shipped secret',
  messages,
  why:
    'Reports 4.x `management.default_application.secret = public` (`etc/plugins/emqx_management.conf`, as shipped with `management.default_application.id = admin`). ' +
    "At boot EMQX 4.4 adds this application to its database (`add_default_app/0`), and the REST API on port 8081 accepts its id and secret as HTTP Basic credentials: anyone who reaches the API can read and change the broker's configuration, kick clients and publish as anyone. The value is never shown.",
  fix: 'Set a long random secret (or remove both keys and create applications with `emqx_ctl mgmt insert`), and delete the application `admin` if it already exists. No quick fix: the secret is handed to API clients, so the editor should not invent it.',
  fixKind: 'none',
  versions: { spans: [{ to: '4.4' }], note: '5.x replaced applications with API keys and has no default one.' },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_management/src/emqx_mgmt_auth.erl', release: 'v4.4.19' },
    { repo: 'emqx/emqx', file: 'apps/emqx_management/etc/emqx_management.conf', release: 'v4.4.19' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'cuttlefish') return [];
    const path = 'management.default_application.secret';
    if (ctx.unknownValues?.has(path)) return [];
    const entry = getEntry(ctx, path);
    if (!entry || !isReportable(entry.setBy) || (scalarText(entry.value) ?? '').trim() !== SHIPPED_PASSWORD) return [];
    const id = (scalarText(getEntry(ctx, 'management.default_application.id')?.value) ?? '').trim();
    if (id === '') return []; // without an id EMQX adds no default application
    return [finding(mgmtDefaultSecret, ctx, entry.setBy.valueLocation, messages.shippedSecret(path, id), { keyPath: path })];
  },
};
