/** Node names and the ports they imply. */
import { distPort, NODE_NAME_PART_PATTERN, nodeOffset, splitNodeName, isRemoteShell } from '../emqx/ports';
import { atLeast } from '../emqx/version';
import { t } from '../l10n';
import { Location, Range } from '../syntax/position';
import { Finding, Rule, RuleContext } from './types';
import { finding, getEntry, isInDocument, isReportable, linesOf, scalarText, stringList, textIn } from './util';

export const nodeNameInvalid: Rule = {
  id: 'node-name-invalid',
  defaultSeverity: 'error',
  title: 'node.name is not a name EMQX can start with',
  docs:
    'Reports a `node.name` whose part before `@` has characters other than ASCII letters, digits, `_` and `-` (`bin/emqx` aborts with "Invalid node name"), that is empty, or, from 5.6, that does not have exactly one `@` (the cluster-strategy validation splits the name on `@` and config loading fails). ' +
    'Fix: use `name@host`, for example `emqx@10.0.0.1` or `emqx-1@node1.example.com`. ' +
    'Versions: all; the single-`@` rule from 5.6.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const entry = getEntry(ctx, 'node.name');
    if (!entry || !isReportable(entry.setBy)) return [];
    const name = (scalarText(entry.value) ?? '').trim();
    const { name: part } = splitNodeName(name);
    const ats = name.split('@').length - 1;
    const out: Finding[] = [];
    if (!NODE_NAME_PART_PATTERN.test(part)) {
      out.push(finding(nodeNameInvalid, ctx, entry.setBy.valueLocation, part === '' ? t('node.name has an empty name part before "@"; EMQX refuses to start. Use name@host, e.g. emqx@10.0.0.1.') : t('The name part of node.name ("{0}") may only contain letters, digits, "_" and "-"; bin/emqx refuses to start with it. Use name@host, e.g. emqx@10.0.0.1.', part), { keyPath: 'node.name' }));
    } else if (ctx.version.major >= 5 && atLeast(ctx.version, '5.6') && ats !== 1) {
      out.push(finding(nodeNameInvalid, ctx, entry.setBy.valueLocation, t('node.name must be name@host with exactly one "@" from EMQX 5.6; otherwise config loading fails. Use e.g. emqx@10.0.0.1.'), { keyPath: 'node.name' }));
    }
    return out;
  },
};

interface NamedNode {
  readonly name: string;
  readonly location: Location;
}

/** Each seed of `cluster.static.seeds` with the range where it is written (array or comma string). */
export function seedLocations(ctx: RuleContext): NamedNode[] {
  const entry = getEntry(ctx, 'cluster.static.seeds');
  if (!entry || !isInDocument(ctx, entry.setBy)) return [];
  const seeds = stringList(entry.value) ?? [];
  const range = entry.setBy.valueLocation.range;
  const l = linesOf(ctx);
  const text = textIn(ctx, range);
  const base = l.offset(range.start.line, range.start.character);
  const out: NamedNode[] = [];
  let from = 0;
  for (const seed of seeds) {
    const at = text.indexOf(seed, from);
    if (at < 0) continue;
    from = at + seed.length;
    out.push({ name: seed, location: { uri: ctx.document.uri, range: offsetsToRange(l.starts, base + at, base + at + seed.length) } });
  }
  return out;
}

function offsetsToRange(starts: number[], a: number, b: number): Range {
  const pos = (o: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  };
  return { start: pos(a), end: pos(b) };
}

export const nodePortCollision: Rule = {
  id: 'node-port-collision',
  defaultSeverity: 'warning',
  title: 'Two node names give the same ports on the same host',
  docs:
    'Reports node names in `cluster.static.seeds` (and `node.name`) that are different but give the same Erlang distribution port (4370+N) and stateless RPC port (5370+N) on the same host. N is the run of digits at the end of the name part, modulo 60000, so `emqx1`, `emqx01`, `emqx-1` and `emqx60001` all give 1, and `emqx` and `emqx-a` both give 0. Two such nodes on one host cannot both start. ' +
    'Fix: give each node on a host a distinct numeric suffix (`emqx1`, `emqx2`), or put them on different hosts. ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const nodes = seedLocations(ctx);
    const self = getEntry(ctx, 'node.name');
    if (self && isInDocument(ctx, self.setBy) && scalarText(self.value)) nodes.unshift({ name: (scalarText(self.value) ?? '').trim(), location: self.setBy.valueLocation });
    const seen = new Map<string, NamedNode>();
    const out: Finding[] = [];
    for (const node of nodes) {
      if (isRemoteShell(node.name)) continue;
      const { host } = splitNodeName(node.name);
      const key = `${(host ?? '').toLowerCase()}#${nodeOffset(node.name)}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, node);
        continue;
      }
      if (first.name === node.name) continue;
      out.push(
        finding(nodePortCollision, ctx, node.location, t('{0} and {1} run on the same host and both get Erlang distribution port {2} and RPC port {3} (the port comes from the digits at the end of the name part). Only one of them can start. Give each node on a host a different number.', node.name, first.name, String(distPort(node.name)), String(5370 + nodeOffset(node.name))), {
          keyPath: 'cluster.static.seeds',
          related: [{ location: first.location, message: t('{0} uses the same ports.', first.name) }],
        }),
      );
    }
    return out;
  },
};
