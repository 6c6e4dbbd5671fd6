/**
 * The `invalid-value` rule: a value EMQX's schema refuses at boot for a key of
 * the catalogue: an enum value the target version does not have, a boolean
 * that is not `true`/`false`. `cluster.proto_dist` is the `dist-invalid-proto`
 * rule's. Values not known here (unresolved variables, templates) are not judged;
 * an `EMQX_*` variable's value is, where the deployment file writes it.
 */
import { enumValues, lookup, presence } from '../../emqx/catalogue';
import { formatVersion } from '../../emqx/version';
import { t } from '../../l10n';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { didYouMean, editDistance, finding, isInDocument, replaceValueEdit } from '../util';
import { SCHEMA_REFERENCES, SCHEMA_VERSIONS, schemaEntries } from './schemaCommon';

const ROOTS = ['node', 'cluster', 'rpc', 'dashboard', 'listeners'];
const OWNED_ELSEWHERE = new Set(['cluster.proto_dist']);
/** Values that turn a protection off: never applied by fix-all. */
const WEAKER = new Set(['verify_none', 'tcp', 'inet_tcp', 'inet6_tcp', 'false', 'disable', 'disabled', 'none', 'off']);

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  notOneOfDidYouMean: (version: Arg, path: Arg, value: Arg, allowed: Arg, suggestion: Arg) =>
    t('EMQX {0} refuses to start: {1} = {2} is not one of {3}. Did you mean {4}?', version, path, value, allowed, suggestion),
  notOneOf: (version: Arg, path: Arg, value: Arg, allowed: Arg) => t('EMQX {0} refuses to start: {1} = {2} is not one of {3}.', version, path, value, allowed),
  changeTo: (value: Arg) => t('Change to {0}', value),
} satisfies RuleMessages;

export const invalidValue: Rule = {
  id: 'invalid-value',
  defaultSeverity: 'error',
  title: "A value EMQX refuses at boot: not one of the key's allowed values",
  messages,
  why:
    "Reports an enum key (`cluster.discovery_strategy`, `rpc.protocol`, `ssl_options.verify`, `cluster.dns.record_type`...) set to a value that is not in the enum of the target version, and a boolean key set to something other than `true`/`false`, under `node`, `cluster`, `rpc`, `dashboard` and `listeners`. The allowed values come from EMQX's schema at each release tag (for example `singleton` discovery from 5.8, `mcast` until 5.3, `aaaa` records from 5.6). " +
    "EMQX 5 and later refuse to start with a value its schema does not accept (a validation error); 4.3/4.4's cuttlefish with a value outside an enum datatype. An `EMQX_*` variable's value is judged as the file's (EMQX 5 merges the variables in before it checks the schema), on the line of the deployment file that sets it, where the quick fix replaces it (quotes kept); a value that cannot be known (a `${VAR}` without a value, a Secret, a template) is not judged. `cluster.proto_dist` is reported by `dist-invalid-proto`.",
  fix: 'Correct the value; a close allowed value is offered as a quick fix (fix-all applies it only when it is one letter away and does not turn a protection off).',
  fixKind: 'safe',
  versions: SCHEMA_VERSIONS,
  references: SCHEMA_REFERENCES,
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const version = formatVersion(ctx.version);
    // A variable's value is checked like the file's (EMQX 5 merges the variables in before it
    // checks the schema), when a finding can point where it is written.
    for (const entry of schemaEntries(ctx, ROOTS, ctx.version.major >= 5)) {
      const path = entry.path.join('.');
      if (OWNED_ELSEWHERE.has(path) || ctx.unknownValues?.has(path)) continue;
      const a = entry.setBy;
      const v = entry.value;
      if (v === null || typeof v === 'object') continue;
      const text = String(v).trim();
      if (text.includes('${') || text.includes('{{')) continue;
      const found = lookup(entry.path, ctx.version);
      if (!found || presence(found.rec, ctx.version) !== 'known') continue;
      const rec = found.rec;
      // A converter may turn an old spelling into an allowed value before EMQX checks it.
      if (rec.converter) continue;
      let allowed: readonly string[] | undefined;
      if (rec.type === 'enum') allowed = enumValues(rec, ctx.version);
      else if (rec.type === 'boolean' && ctx.version.major >= 5) allowed = ['true', 'false'];
      else if (rec.type === 'flag') allowed = ['on', 'off', 'true', 'false'];
      if (!allowed || allowed.length === 0 || allowed.includes(text)) continue;
      const suggestion = didYouMean(text, allowed);
      const message = suggestion ? messages.notOneOfDidYouMean(version, path, text, allowed.join(', '), suggestion) : messages.notOneOf(version, path, text, allowed.join(', '));
      // Fix-all applies a typo fix only when it cannot weaken security (`verify_nope` is not turned into verify_none on save).
      const safe = suggestion !== undefined && !WEAKER.has(suggestion) && editDistance(text.toLowerCase(), suggestion.toLowerCase(), 2) <= 1;
      // A variable's value is replaced where it is written, when its caller located it exactly.
      const edit = isInDocument(ctx, a)
        ? replaceValueEdit(ctx, a, suggestion ?? '')
        : a.origin.kind === 'env' && a.origin.nameLocation
          ? { uri: a.valueLocation.uri, range: a.valueLocation.range, newText: suggestion ?? '' }
          : undefined;
      const fixes = suggestion && edit ? [{ title: messages.changeTo(suggestion), edits: [edit], isPreferred: true, safe }] : undefined;
      out.push(finding(invalidValue, ctx, a.valueLocation, message, { keyPath: path, fixes }));
    }
    return out;
  },
};
