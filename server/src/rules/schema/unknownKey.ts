/**
 * The `unknown-key` rule: a key EMQX's schema for the target version does not
 * have, under the roots the key catalogue covers completely (`node`, `cluster`,
 * `dashboard`, `listeners`; `rpc` is the `rpc-unknown-key` rule's, with its notes
 * about the keys the docs show). EMQX 5 and later stop at boot on an unknown
 * field (`unknown_fields`); 4.3/4.4's cuttlefish on an unknown variable.
 */
import { lifetime, unknownKey } from '../../emqx/catalogue';
import { atLeast, formatVersion } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, Fix, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { deleteAssignmentEdit, didYouMean, finding, isInDocument, isReportable } from '../util';
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
} satisfies RuleMessages;

export const unknownKeyRule: Rule = {
  id: 'unknown-key',
  defaultSeverity: 'error',
  title: 'A key this EMQX version does not know: it refuses to start',
  messages,
  why:
    "Reports keys under `node`, `cluster`, `dashboard` and `listeners` that are not in the schema of the target version, read from EMQX's own schema at every release tag (4.3–4.4 cuttlefish schemas; 5.0 to 6.3 `emqx_conf_schema`, `emqx_schema`, `emqx_dashboard_schema`). " +
    'EMQX 5 and later refuse to start on any unknown field of a struct (`unknown_fields`); 4.3 and 4.4 (cuttlefish) on any unknown variable. A key added in a later release is unknown in an earlier one (`node.dist_bind_address` before 6.3), and a key removed is unknown after (`cluster.mcast` from 5.4, `cluster.core_nodes` from 5.8). ' +
    "Fields other modules add at run time (injection points: `cluster.links` from 5.8, TLS options of the authentication extension) are read from those modules; nothing is reported inside a struct whose extensions cannot be read (MQTT listeners) or whose converter accepts older layouts (`dashboard.listeners.https` takes 5.0's TLS keys), under names you choose (`listeners.ssl.<name>`), for versions between two releases read, or for versions newer than the newest release read. `rpc` keys are the `rpc-unknown-key` rule's.",
  fix: 'Rename the key to the close known key the message suggests, or delete it.',
  fixKind: 'unsafe',
  versions: SCHEMA_VERSIONS,
  references: [...SCHEMA_REFERENCES, { repo: 'emqx/hocon', file: 'src/hocon_tconf.erl', release: '0.44.0' }],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const reported = new Set<string>();
    const version = formatVersion(ctx.version);
    for (const entry of schemaEntries(ctx, ROOTS)) {
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
      const fixes: Fix[] = [];
      if (leaf && isInDocument(ctx, a)) {
        if (suggestion)
          fixes.push({
            title: messages.renameTo([...entry.path.slice(0, u.depth), suggestion].join('.')),
            edits: [{ uri: a.keyLocation.uri, range: a.keyLocation.range, newText: suggestion }],
            isPreferred: true,
          });
        fixes.push({ title: messages.deleteKey(unknownPath), edits: [deleteAssignmentEdit(ctx, a)], isPreferred: !suggestion });
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
