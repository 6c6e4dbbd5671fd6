/** The `dashboard-default-password` rule: the dashboard's first admin gets the password `public`. */
import { SECURITY_PROFILE_ENV } from '../../emqx/env';
import { atLeast } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isReportable, scalarText } from '../util';

/** The password EMQX ships for the dashboard's `admin` (4.x and 5.x) and the 4.x management application. */
export const SHIPPED_PASSWORD = 'public';

/**
 * Whether the node runs the hardened security profile, which refuses dashboard logins
 * with the unchanged default password: the default from 7.0 (unless the environment
 * sets `EMQX_SECURITY_PROFILE=legacy`), chosen by the environment on 6.2 and later.
 */
export function hardenedProfile(ctx: RuleContext): boolean {
  const profile = ctx.runtimeEnv?.get(SECURITY_PROFILE_ENV)?.value?.trim().toLowerCase();
  if (atLeast(ctx.version, '7.0')) return profile !== 'legacy';
  return profile === 'hardened' && atLeast(ctx.version, '6.2');
}

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  hardened: (key: Arg, user: Arg) =>
    t(
      '{0} is the shipped default password. The hardened security profile refuses dashboard logins with it, so the dashboard user {1} cannot log in until the password is changed with `emqx ctl admins passwd`.',
      key,
      user,
    ),
  shippedDefault: (key: Arg, user: Arg) =>
    t(
      '{0} is the shipped default password: unless it was changed after the first boot, anyone who reaches the dashboard can log in as {1} and administer the cluster. Set a long random password before the first boot, or change it with `emqx ctl admins passwd`.',
      key,
      user,
    ),
} satisfies RuleMessages;

export const dashboardDefaultPassword: Rule = {
  id: 'dashboard-default-password',
  defaultSeverity: 'warning',
  title: 'The dashboard admin password is the shipped default',
  messages,
  why:
    'Reports `dashboard.default_password = public` (5.x and later, or `EMQX_DASHBOARD__DEFAULT_PASSWORD`) and 4.x `dashboard.default_user.password = public` (`etc/plugins/emqx_dashboard.conf`). ' +
    'EMQX creates the dashboard user `admin` with this password when its database has no such user yet (`add_default_user/0` in `emqx_dashboard_admin.erl`); nothing forces a change: 4.4 and 5.x only log a warning, so anyone who reaches the dashboard (port 18083) can log in as `admin`/`public` and administer the cluster. ' +
    'The value only seeds the first boot: once the user exists, editing the file changes nothing, and a password already changed in the dashboard or with `emqx ctl admins passwd` makes the finding moot (suppress it with a reason then). The value is never shown.',
  fix: 'Set a long random password before the first boot, and change it with `emqx ctl admins passwd admin <password>` on a running cluster. No quick fix: a password written into the file by the editor would be one more secret to hand out.',
  fixKind: 'none',
  versions: {
    spans: [],
    note: 'From 7.0, and on 6.2 and later with `EMQX_SECURITY_PROFILE=hardened`, EMQX refuses dashboard logins with the unchanged default password (`check_unchanged_default_credentials/1`, master): the finding is then an info, as the password still has to be changed before anyone can log in.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_dashboard/src/emqx_dashboard_admin.erl', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'apps/emqx_dashboard/src/emqx_dashboard_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/emqx', file: 'lib-ce/emqx_dashboard/src/emqx_dashboard_admin.erl', release: 'v4.4.19' },
    { repo: 'emqx/emqx', file: 'apps/emqx/src/emqx_security_profile.erl', release: 'master' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const path = ctx.document.dialect === 'cuttlefish' ? 'dashboard.default_user.password' : 'dashboard.default_password';
    if (ctx.unknownValues?.has(path)) return [];
    const entry = getEntry(ctx, path);
    if (!entry || !isReportable(entry.setBy) || (scalarText(entry.value) ?? '').trim() !== SHIPPED_PASSWORD) return [];
    const user = (scalarText(getEntry(ctx, ctx.document.dialect === 'cuttlefish' ? 'dashboard.default_user.login' : 'dashboard.default_username')?.value) ?? 'admin').trim() || 'admin';
    const hardened = hardenedProfile(ctx);
    return [
      finding(dashboardDefaultPassword, ctx, entry.setBy.valueLocation, hardened ? messages.hardened(path, user) : messages.shippedDefault(path, user), {
        severity: hardened ? 'info' : undefined,
        keyPath: path,
      }),
    ];
  },
};
