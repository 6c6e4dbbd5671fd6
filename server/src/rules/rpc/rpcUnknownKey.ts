/** The `rpc-unknown-key` rule: A key under rpc that this EMQX version does not know: it refuses to start. */
import { envNameToPath, pathToEnvName } from '../../emqx/env';
import { isClosedSection, keyInfo, knownKeys } from '../../emqx/keys';
import { t } from '../../l10n';
import { Finding, Fix, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { deleteAssignmentEdit, didYouMean, entriesUnder, finding, isInDocument, isReportable, replaceValueEdit, setInFile } from '../util';

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  renameTo: (suggestion: Arg) => t('Rename to {0}', suggestion),
  deleteKey: (path: Arg) => t('Delete {0} (EMQX would refuse to start)', path),
  unknownKey: (path: Arg, note: Arg) => t('Unknown key {0}. {1}', path, note),
  refusedDidYouMean: (version: Arg, path: Arg, suggestion: Arg) => t('EMQX {0} refuses to start with the unknown key {1}. Did you mean {2}?', version, path, suggestion),
  refusedNotInSchema: (version: Arg, path: Arg) => t('EMQX {0} refuses to start with the unknown key {1}: it is not in the rpc schema. Delete it.', version, path),
  renameVariable: (name: Arg) => t('Rename the variable to {0}', name),
  envDidYouMean: (version: Arg, name: Arg, path: Arg, suggestion: Arg) =>
    t('EMQX {0} does not know {1} (the key {2}): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean {3}?', version, name, path, suggestion),
  envNotInSchema: (version: Arg, name: Arg, path: Arg) =>
    t('EMQX {0} does not know {1} (the key {2}): it drops the variable with an "unknown_env_vars" warning and starts without the setting.', version, name, path),
  envNote: (version: Arg, name: Arg, path: Arg, note: Arg) =>
    t('EMQX {0} does not know {1} (the key {2}): it drops the variable with an "unknown_env_vars" warning and starts without the setting. {3}', version, name, path, note),
} satisfies RuleMessages;

export const rpcUnknownKey: Rule = {
  id: 'rpc-unknown-key',
  defaultSeverity: 'error',
  title: 'A key under rpc that this EMQX version does not know: it refuses to start',
  messages,
  why:
    'Reports keys under `rpc` that are not in the schema of the target version. ' +
    'EMQX 5 and later stop at boot on any unknown field (`unknown_fields`), and 4.3 and older (cuttlefish) on any unknown key. ' +
    "An `EMQX_RPC__*` variable naming such a key does not stop EMQX 5: it drops the variable with an `unknown_env_vars` warning and starts without the setting; it is reported on the variable's name, renamed by the quick fix when a known key is close. " +
    'The common cases come from the official "Cluster Security" docs and from 4.4: `rpc.verify = verify_peer` and `rpc.fail_if_no_peer_cert = true` appear in the docs but exist in no EMQX release (gen_rpc already verifies peers and requires client certificates), `rpc.enable_ssl` and `rpc.default_client_driver` are 4.4 keys, `rpc.tcp_server_ip` is the 4.x bind key; `rpc.server_port` needs 5.8, `rpc.tls_versions`/`ciphers`/`listen_address` need 5.3.1.',
  fix: 'Delete the key (a safe quick fix: the key cannot have worked), or rename it when a close known key exists.',
  fixKind: 'safe',
  versions: {
    spans: [{ to: '4.3' }, { from: '5.0' }],
    note: 'On 5.x and later every `rpc.*` key is checked; on 4.3 and older, the TLS keys that appeared in 4.4.',
  },
  references: [
    { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
    { repo: 'emqx/hocon', file: 'src/hocon_tconf.erl', release: '0.44.0' },
  ],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const closed = isClosedSection('rpc', ctx.version);
    const out: Finding[] = [];
    let candidates: string[] | undefined;
    for (const entry of entriesUnder(ctx, ['rpc'])) {
      const path = entry.path.join('.');
      if (!isReportable(entry.setBy)) continue;
      const info = keyInfo(entry.path, ctx.version);
      if (info?.exists) continue;
      if (!info && !closed) continue;
      const suggestion = !info ? didYouMean(path, (candidates ??= knownKeys(ctx.version, 'rpc.'))) : undefined;
      const origin = entry.setBy.origin;
      if (origin.kind === 'env' && ctx.version.major >= 5) {
        // EMQX 5 drops a variable whose key it does not know (hocon_tconf `check_env`) and starts
        // without it; the variable is renamed where it is written, when its name is the whole path.
        const version = `${ctx.version.major}.${ctx.version.minor}`;
        const renamed = suggestion && envNameToPath(origin.name)?.length === entry.path.length ? pathToEnvName(suggestion) : undefined;
        const message = info?.note
          ? messages.envNote(version, origin.name, path, info.note)
          : renamed
            ? messages.envDidYouMean(version, origin.name, path, renamed)
            : messages.envNotInSchema(version, origin.name, path);
        const at = origin.nameLocation;
        // No rename when the file sets the suggested variable already: it would name it twice.
        const set = renamed ? ctx.config.get(suggestion!)?.setBy.origin : undefined;
        const alreadySet = set?.kind === 'env' && set.name === renamed && set.nameLocation?.uri === at?.uri;
        const envFixes: Fix[] | undefined =
          renamed && at && !alreadySet ? [{ title: messages.renameVariable(renamed), edits: [{ uri: at.uri, range: at.range, newText: renamed }], isPreferred: true }] : undefined;
        out.push(finding(rpcUnknownKey, ctx, at ?? entry.setBy.keyLocation, message, { keyPath: path, fixes: envFixes }));
        continue;
      }
      const editable = isInDocument(ctx, entry.setBy);
      // No rename onto a key this file sets already (it would set it twice).
      const rename = suggestion !== undefined && !setInFile(ctx, suggestion, entry.setBy.keyLocation.uri);
      const fixes = [];
      if (editable && rename) {
        const keyRange = entry.setBy.keyLocation.range;
        fixes.push({ title: messages.renameTo(suggestion), edits: [{ ...replaceValueEdit(ctx, entry.setBy, suggestion.split('.').pop()!), range: keyRange }], isPreferred: true });
      }
      if (editable) fixes.push({ title: messages.deleteKey(path), edits: [deleteAssignmentEdit(ctx, entry.setBy)], isPreferred: !rename, safe: !suggestion });
      const version = `${ctx.version.major}.${ctx.version.minor}`;
      const message = info?.note ? messages.unknownKey(path, info.note) : suggestion ? messages.refusedDidYouMean(version, path, suggestion) : messages.refusedNotInSchema(version, path);
      out.push(finding(rpcUnknownKey, ctx, entry.setBy.keyLocation, message, { keyPath: path, fixes }));
    }
    return out;
  },
};
