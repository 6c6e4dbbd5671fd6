/**
 * What the schema rules (`unknown-key`, `invalid-value`) share: the releases and
 * EMQX sources the key catalogue was read from, and the entries they judge.
 */
import { catalogueCovers } from '../../emqx/catalogue';
import { ConfigEntry } from '../../model/types';
import { RuleContext, RuleReference, RuleVersions } from '../types';
import { entriesUnder, isReportable } from '../util';

/** The releases whose schema the key catalogue holds: the schema rules judge these only. */
export const SCHEMA_VERSIONS: RuleVersions = {
  spans: [
    { from: '4.3', to: '4.4' },
    { from: '5.0', to: '6.3' },
  ],
  note: 'Judged only for the releases whose schema was read.',
};

/** EMQX's schema modules the catalogue is read from. */
export const SCHEMA_REFERENCES: readonly RuleReference[] = [
  { repo: 'emqx/emqx', file: 'apps/emqx_conf/src/emqx_conf_schema.erl', release: 'v5.8.9' },
  { repo: 'emqx/emqx', file: 'apps/emqx/src/emqx_schema.erl', release: 'v5.8.9' },
];

/**
 * The entries under `roots` a schema rule judges, root by root: those a file sets where a
 * finding can point, and with `env`, those an `EMQX_*` variable sets where it is written
 * (a compose or manifest line; the rule then judges the variable, not the config).
 * None when the catalogue does not cover the target version, or in an `ssl_dist.conf`.
 */
export function schemaEntries(ctx: RuleContext, roots: readonly string[], env = false): ConfigEntry[] {
  if (ctx.document.dialect === 'ssl-dist' || !catalogueCovers(ctx.version)) return [];
  const out: ConfigEntry[] = [];
  for (const root of roots) {
    for (const entry of entriesUnder(ctx, [root])) if ((env || entry.setBy.origin.kind !== 'env') && isReportable(entry.setBy)) out.push(entry);
  }
  return out;
}
