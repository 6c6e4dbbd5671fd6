/** Discovery settings: etcd TLS and the discovery key name of each EMQX line. */
import { t } from '../l10n';
import { Finding, Rule, RuleContext } from './types';
import { Location } from '../syntax/position';
import { booleanValue, entriesUnder, finding, getEntry, insertKeysEdit, isInDocument, isReportable, linesOf, scalarText } from './util';

/** The `ssl_options` key that opens the block holding `inner` (searched upwards), when it is in the document. */
function sectionKey(ctx: RuleContext, inner: Location, name: string): Location | undefined {
  if (inner.uri !== ctx.document.uri) return undefined;
  const lines = linesOf(ctx).lines;
  const re = new RegExp(`(^|[\\s.{])(${name})\\s*(\\{|=|:|\\.)`);
  for (let i = inner.range.start.line; i >= 0 && i >= inner.range.start.line - 50; i--) {
    const text = i === inner.range.start.line ? lines[i].slice(0, inner.range.start.character) : lines[i];
    const m = re.exec(text.replace(/#.*$/, ''));
    if (m) {
      const start = m.index + m[1].length;
      return { uri: ctx.document.uri, range: { start: { line: i, character: start }, end: { line: i, character: start + name.length } } };
    }
  }
  return undefined;
}

export const etcdTlsNotEnabled: Rule = {
  id: 'etcd-tls-not-enabled',
  defaultSeverity: 'warning',
  title: 'etcd TLS options are set but TLS is not enabled',
  docs:
    'Reports `cluster.discovery_strategy = etcd` with keys under `cluster.etcd.ssl_options` (alias `ssl`) but without `enable = true`. EMQX passes `enable = false` (the default) to ekka, which then talks to etcd in clear text and ignores the certificate files. EMQX\'s own `cluster-with-etcd-ssl.conf.example` has this mistake. ' +
    'Fix: add `enable = true` inside `ssl_options` (the quick fix does). ' +
    'Versions: 5.x and later.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect !== 'hocon') return [];
    const strategy = (scalarText(getEntry(ctx, 'cluster.discovery_strategy')?.value) ?? '').trim();
    if (strategy !== 'etcd') return [];
    for (const prefix of ['ssl_options', 'ssl']) {
      const entries = entriesUnder(ctx, ['cluster', 'etcd', prefix]).filter((e) => isReportable(e.setBy));
      if (entries.length === 0) continue;
      const enable = entries.find((e) => e.path.length === 4 && e.path[3] === 'enable');
      if (enable && booleanValue(enable.value) === true) return [];
      const at = enable ?? entries[0];
      const fixes = enable
        ? isInDocument(ctx, enable.setBy)
          ? [{ title: t('Set enable = true'), edits: [{ uri: ctx.document.uri, range: enable.setBy.valueLocation.range, newText: 'true' }], isPreferred: true }]
          : undefined
        : [{ title: t('Add enable = true to the etcd TLS options'), edits: [insertKeysEdit(ctx, [{ path: ['cluster', 'etcd', prefix, 'enable'], value: 'true' }])], isPreferred: true }];
      return [
        finding(etcdTlsNotEnabled, ctx, enable ? enable.setBy.valueLocation : (sectionKey(ctx, at.setBy.keyLocation, prefix) ?? at.setBy.keyLocation), t('etcd TLS options are set but TLS is off: without enable = true in cluster.etcd.{0}, EMQX talks to etcd in clear text and ignores the certificate files. Add enable = true.', prefix), {
          keyPath: `cluster.etcd.${prefix}.enable`,
          fixes,
        }),
      ];
    }
    return [];
  },
};

export const discoveryKeyMismatch: Rule = {
  id: 'discovery-key-mismatch',
  defaultSeverity: 'error',
  title: 'The cluster discovery key of the other EMQX line',
  docs:
    'Reports `cluster.discovery` in a 5.x HOCON file (the 4.x name; 5.x calls it `cluster.discovery_strategy` and refuses to start on the unknown field) and `cluster.discovery_strategy` in a 4.x file (unknown to cuttlefish, which refuses to start). ' +
    'Fix: rename the key (a safe quick fix). ' +
    'Versions: all.',
  check(ctx: RuleContext): Finding[] {
    if (ctx.document.dialect === 'ssl-dist') return [];
    const five = ctx.version.major >= 5;
    const wrong = five ? 'discovery' : 'discovery_strategy';
    const right = five ? 'discovery_strategy' : 'discovery';
    const entry = getEntry(ctx, `cluster.${wrong}`);
    if (!entry || !isReportable(entry.setBy)) return [];
    const fixes = isInDocument(ctx, entry.setBy) ? [{ title: t('Rename to cluster.{0}', right), edits: [{ uri: ctx.document.uri, range: entry.setBy.keyLocation.range, newText: right }], isPreferred: true, safe: true }] : undefined;
    return [finding(discoveryKeyMismatch, ctx, entry.setBy.keyLocation, t('EMQX {0} does not know cluster.{1} and refuses to start; the key is cluster.{2} in this version.', `${ctx.version.major}.x`, wrong, right), { keyPath: `cluster.${wrong}`, fixes })];
  },
};
