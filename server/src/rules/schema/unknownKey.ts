/**
 * The `unknown-key` rule: a key EMQX's schema for the target version does not
 * have, under the roots the key catalogue covers completely (`node`, `cluster`,
 * `dashboard`, `listeners`; `rpc` is the `rpc-unknown-key` rule's, with its notes
 * about the keys the docs show). EMQX 5 and later stop at boot on an unknown
 * field (`unknown_fields`); 4.3/4.4's cuttlefish on an unknown variable.
 */
import { lifetime, unknownKey } from '../../emqx/catalogue';
import { envNameToPath, pathToEnvName } from '../../emqx/env';
import { atLeast, formatVersion } from '../../emqx/version';
import { t } from '../../l10n';
import { ConfigEntry } from '../../model/types';
import { Finding, Fix, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { deleteAssignmentEdit, didYouMean, finding, isInDocument, isReportable, setInFile } from '../util';
import { SCHEMA_REFERENCES, SCHEMA_VERSIONS, schemaEntries } from './schemaCommon';

const ROOTS = ['node', 'cluster', 'dashboard', 'listeners'];

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  renameTo: (path: Arg) => t('Rename to {0}', path),
  deleteKey: (path: Arg) => t('Delete {0} (EMQX would refuse to start)', path),
  removedIn: (version: Arg, path: Arg, until: Arg) => t('EMQX {0} refuses to start with {1}: the key was removed in EMQX {2}.', version, path, until),
  existsFrom: (version: Arg, path: Arg, since: Arg) => t('EMQX {0} refuses to start with {1}: the key exists from EMQX {2}.', version, path, since),
  didYouMean: (version: Arg, path: Arg, suggestion: Arg) => t('EMQX {0} refuses to start with the unknown key {1}. Did you mean {2}?', version, path, suggestion),
  notInSchema: (version: Arg, path: Arg) => t("EMQX {0} refuses to start with the unknown key {1}: it is not in EMQX's schema.", version, path),
  renameVariable: (name: Arg) => t('Rename the variable to {0}', name),
  envDidYouMean: (version: Arg, name: Arg, path: Arg, suggestion: Arg) =>
    t('EMQX {0} does not know {1} (the key {2}): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean {3}?', version, name, path, suggestion),
  envNotInSchema: (version: Arg, name: Arg, path: Arg) =>
    t('EMQX {0} does not know {1} (the key {2}): it drops the variable with an "unknown_env_vars" warning and starts without the setting.', version, name, path),
} satisfies RuleMessages;

/** Keys another rule reports when a variable sets them (`EMQX_CLUSTER__DISCOVERY`: discovery-key-mismatch). */
const ENV_OWNED_ELSEWHERE = new Set(['cluster.discovery']);

export const unknownKeyRule: Rule = {
  id: 'unknown-key',
  defaultSeverity: 'error',
  title: 'A key this EMQX version does not know: it refuses to start',
  messages,
  why:
    "Reports keys under `node`, `cluster`, `dashboard` and `listeners` that are not in the schema of the target version, read from EMQX's own schema at every release tag (4.3–4.4 cuttlefish schemas; 5.0 to 6.3 `emqx_conf_schema`, `emqx_schema`, `emqx_dashboard_schema`). " +
    'EMQX 5 and later refuse to start on any unknown field of a struct (`unknown_fields`); 4.3 and 4.4 (cuttlefish) on any unknown variable. A key added in a later release is unknown in an earlier one (`node.dist_bind_address` before 6.3), and a key removed is unknown after (`cluster.mcast` from 5.4, `cluster.core_nodes` from 5.8). ' +
    "Fields other modules add at run time (injection points: `cluster.links` from 5.8, TLS options of the authentication extension) are read from those modules; nothing is reported inside a struct whose extensions cannot be read (MQTT listeners) or whose converter accepts older layouts (`dashboard.listeners.https` takes 5.0's TLS keys), under names you choose (`listeners.ssl.<name>`), for versions between two releases read, or for versions newer than the newest release read. `rpc` keys are the `rpc-unknown-key` rule's. " +
    "An `EMQX_*` variable (docker-compose, a manifest, Helm values) naming a key EMQX 5 does not know does not stop it: EMQX drops the variable with an `unknown_env_vars` warning (hocon `check_env`) and starts without the setting (`EMQX_NODE__COOKY` leaves the default cookie in place). It is reported on the variable's name, with a quick fix renaming the variable where the deployment file writes it when a known key is close.",
  fix: 'Rename the key (or the variable) to the close known one the message suggests, or delete it.',
  fixKind: 'unsafe',
  versions: SCHEMA_VERSIONS,
  references: [...SCHEMA_REFERENCES, { repo: 'emqx/hocon', file: 'src/hocon_tconf.erl', release: '0.44.0' }],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const reported = new Set<string>();
    const version = formatVersion(ctx.version);
    for (const entry of schemaEntries(ctx, ROOTS, true)) {
      if (entry.setBy.origin.kind === 'env') {
        const f = envFinding(ctx, entry, reported);
        if (f) out.push(f);
        continue;
      }
      const u = unknownKey(entry.path, ctx.version);
      if (!u) continue;
      const unknownPath = entry.path.slice(0, u.depth + 1).join('.');
      if (reported.has(unknownPath)) continue;
      reported.add(unknownPath);
      const segment = entry.path[u.depth];
      // An unknown block (`mcast { … }`): the finding goes on its key, the fixes act on the whole block.
      const block = u.depth < entry.path.length - 1 ? ctx.config.get(entry.path.slice(0, u.depth + 1))?.setBy : undefined;
      const a = block && block.origin.kind === 'file' && isReportable(block) ? block : entry.setBy;
      const leaf = a === block || u.depth === entry.path.length - 1;
      const suggestion = u.other ? undefined : didYouMean(segment, u.siblings);
      // No rename onto a key this file sets already: it would then set it twice, and which value was meant is the user's call.
      const rename = suggestion !== undefined && !setInFile(ctx, [...entry.path.slice(0, u.depth), suggestion], a.keyLocation.uri);
      const fixes: Fix[] = [];
      if (leaf && isInDocument(ctx, a)) {
        if (rename)
          fixes.push({
            title: messages.renameTo([...entry.path.slice(0, u.depth), suggestion].join('.')),
            edits: [{ uri: a.keyLocation.uri, range: a.keyLocation.range, newText: suggestion }],
            isPreferred: true,
          });
        fixes.push({ title: messages.deleteKey(unknownPath), edits: [deleteAssignmentEdit(ctx, a)], isPreferred: !rename });
      }
      let message: string;
      if (u.other) {
        const life = lifetime(u.other);
        message = life.until && atLeast(ctx.version, life.until) ? messages.removedIn(version, unknownPath, life.until) : messages.existsFrom(version, unknownPath, life.since);
      } else if (suggestion) {
        message = messages.didYouMean(version, unknownPath, [...entry.path.slice(0, u.depth), suggestion].join('.'));
      } else {
        message = messages.notInSchema(version, unknownPath);
      }
      out.push(finding(unknownKeyRule, ctx, a.keyLocation, message, { keyPath: unknownPath, fixes }));
    }
    return out;
  },
};

/**
 * A key an `EMQX_*` variable names and the schema does not know. EMQX 5 drops such a
 * variable at boot with an `unknown_env_vars` warning (hocon_tconf `check_env`) instead
 * of refusing to start, so the node runs without the setting. Reported only when the
 * unknown segment is part of the variable's name (not of an object in its value), on
 * the variable's name when the caller located it, with a rename of the variable.
 */
function envFinding(ctx: RuleContext, entry: ConfigEntry, reported: Set<string>): Finding | undefined {
  const a = entry.setBy;
  if (a.origin.kind !== 'env' || ctx.version.major < 5 || ctx.document.dialect !== 'hocon') return undefined;
  const named = envNameToPath(a.origin.name);
  if (!named) return undefined;
  const u = unknownKey(entry.path, ctx.version);
  if (!u || u.depth >= named.length) return undefined;
  const unknownPath = entry.path.slice(0, u.depth + 1).join('.');
  if (reported.has(unknownPath) || ENV_OWNED_ELSEWHERE.has(unknownPath)) return undefined;
  reported.add(unknownPath);
  const suggestion = u.other ? undefined : didYouMean(entry.path[u.depth], u.siblings);
  const version = formatVersion(ctx.version);
  const target = suggestion ? [...entry.path.slice(0, u.depth), suggestion, ...entry.path.slice(u.depth + 1, named.length)] : undefined;
  const renamed = target ? pathToEnvName(target) : undefined;
  const message = renamed ? messages.envDidYouMean(version, a.origin.name, unknownPath, renamed) : messages.envNotInSchema(version, a.origin.name, unknownPath);
  const at = a.origin.nameLocation;
  // No rename when the node already has the variable suggested: the file would name it twice
  // (a YAML mapping may not repeat a key), and which value was meant is the user's call.
  const set = target ? ctx.config.get(target)?.setBy.origin : undefined;
  const alreadySet = set?.kind === 'env' && set.name === renamed && set.nameLocation?.uri === at?.uri;
  const fixes: Fix[] | undefined =
    renamed && at && !alreadySet ? [{ title: messages.renameVariable(renamed), edits: [{ uri: at.uri, range: at.range, newText: renamed }], isPreferred: true }] : undefined;
  return finding(unknownKeyRule, ctx, at ?? a.keyLocation, message, { keyPath: unknownPath, fixes });
}
