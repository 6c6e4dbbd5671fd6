/**
 * cert-file-missing: a certificate, key or CA path that pathMappings maps into
 * the workspace names a file that is not there. Only mapped paths are
 * reported: the mapping says "the server's files are here", so absence is a
 * fact; an unmapped server path (e.g. /etc/emqx/certs) proves nothing locally.
 */
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { allRefs } from './certFiles';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  default: (label: Arg, written: Arg, arg2: Arg) =>
    t(
      '{0} names {1}, which the pathMappings setting maps to {2}, but there is no such file. EMQX cannot start TLS without it: fix the path or the mapping, or generate the certificates.',
      label,
      written,
      arg2,
    ),
} satisfies RuleMessages;

export const certFileMissing: Rule = {
  id: 'cert-file-missing',
  defaultSeverity: 'warning',
  title: 'A certificate file the config names is missing from the mapped folder',
  messages,
  why:
    'A path in `rpc.certfile`, `rpc.keyfile`, `rpc.cacertfile` or ssl_dist.conf is mapped by the `emqxClusterSecurity.pathMappings` setting to a folder in the workspace, and the file is not there. ' +
    'EMQX would fail to start the TLS listener (cluster RPC or Erlang distribution) with such a config. ' +
    'Paths that are not mapped and not present on this machine are not reported: they may exist on the server.',
  fix: 'Fix the path, generate the files (command **EMQX: Generate Cluster Certificates**), or correct the mapping.',
  fixKind: 'none',
  versions: { spans: [{ from: '4.4' }] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    return allRefs(ctx)
      .filter((ref) => ref.mapped && !ref.exists)
      .map((ref) => ({
        ruleId: 'cert-file-missing',
        severity: 'warning' as const,
        message: messages.default(ref.label, ref.written, ref.localPath ?? ''),
        location: ref.location,
        keyPath: ref.keyPath,
      }));
  },
};
