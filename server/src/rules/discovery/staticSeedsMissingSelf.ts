/** The `static-seeds-missing-self` rule: the seeds leave out this node but name a look-alike of it. */
import { nodeNameList } from '../../emqx/nodeList';
import { t } from '../../l10n';
import { discoveryStrategy, seedLocations } from '../node/nodeCommon';
import { Finding, MessageArg as Arg, Rule, RuleContext, RuleMessages } from '../types';
import { finding, getEntry, isInDocument, isReportable, scalarText } from '../util';

/** Whether two names differ only in their numbers (emqx1 / emqx2 / emqx, 10.0.0.1 / 10.0.0.12): siblings. */
function siblings(a: string, b: string): boolean {
  return a.replace(/[0-9]+/g, '#') === b.replace(/[0-9]+/g, '#') || a.replace(/[0-9]/g, '') === b.replace(/[0-9]/g, '');
}

/** One character inserted or deleted, or two neighbours swapped. */
function oneSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) === 1) {
    const [short, long] = a.length < b.length ? [a, b] : [b, a];
    let i = 0;
    while (i < short.length && short[i] === long[i]) i++;
    return short.slice(i) === long.slice(i + 1);
  }
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/**
 * Whether a seed is this node's name written slightly differently: other letter case
 * (Erlang node names are case-sensitive atoms), other separators, or one slipped character.
 * A seed that differs only in its numbers is a sibling (emqx1 / emqx2, 10.0.0.1 / 10.0.0.2).
 */
export function looksLike(seed: string, self: string): boolean {
  if (seed === self) return false;
  if (seed.toLowerCase() === self.toLowerCase()) return true;
  const plain = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  if (plain(seed) === plain(self)) return true;
  return !siblings(seed, self) && oneSlip(seed, self);
}

/** What this rule says, one function per kind of message (see RuleMessages). */
const messages = {
  replaceSeed: () => t("Replace the seed with this node's name"),
  lookAlike: (self: Arg, seed: Arg) =>
    t(
      'The seeds do not name this node ({0}) but name {1}, which differs by a slip of the keyboard: one of the two is a typo, and nodes using this list look for a node that does not exist. Make the two names the same.',
      self,
      seed,
    ),
} satisfies RuleMessages;

export const staticSeedsMissingSelf: Rule = {
  id: 'static-seeds-missing-self',
  defaultSeverity: 'warning',
  title: 'The static seeds leave out this node but name a look-alike of it',
  messages,
  why:
    "Reports, with `static` discovery, a `cluster.static.seeds` list that does not contain this node's `node.name` but contains a name that is almost it: the same letters in another case (Erlang node names are case-sensitive), other `-`/`_` separators, or one character inserted, dropped or swapped (`emqx@node1.example.com` and `emqx@node1.exmaple.com`). Names that differ only in their numbers are siblings and not reported. " +
    "Nodes dial the seeds by name (EMQX passes them to ekka as they are written), so one of the two spellings names a node that does not exist: either this node's name or the seed has a typo, and the nodes using this list never reach it.",
  fix: "Make the two spellings the same; the quick fix replaces the seed with this node's name (check which one is right first).",
  fixKind: 'unsafe',
  versions: { spans: [] },
  references: [{ repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' }],
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist' || discoveryStrategy(ctx) !== 'static' || ctx.unknownValues?.has('node.name')) return [];
    const name = getEntry(ctx, 'node.name');
    const seedsEntry = getEntry(ctx, 'cluster.static.seeds');
    if (!name || !seedsEntry || !isReportable(name.setBy)) return [];
    const self = (scalarText(name.value) ?? '').trim();
    const seeds = nodeNameList(seedsEntry.value);
    if (self === '' || seeds.includes(self)) return [];
    const out: Finding[] = [];
    for (const seed of seedLocations(ctx)) {
      if (!looksLike(seed.name.trim(), self)) continue;
      // The seed's range holds its text only: quotes around it stay as they are.
      const fixes = isInDocument(ctx, seedsEntry.setBy) ? [{ title: messages.replaceSeed(), edits: [{ uri: ctx.document.uri, range: seed.location.range, newText: self }] }] : undefined;
      out.push(finding(staticSeedsMissingSelf, ctx, seed.location, messages.lookAlike(self, seed.name), { keyPath: 'cluster.static.seeds', fixes }));
    }
    return out;
  },
};
