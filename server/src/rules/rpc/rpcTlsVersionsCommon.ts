/** Helpers shared by rpc-old-tls and rpc-tls-gap: the rpc.tls_versions list in effect. */
import { atLeast } from '../../emqx/version';
import { ConfigEntry } from '../../model/types';
import { RuleContext } from '../types';
import { getEntry, isReportable, stringList } from '../util';

export function tlsVersions(ctx: RuleContext): { entry: ConfigEntry; list: string[] } | undefined {
  if (ctx.document.dialect !== 'hocon' || !atLeast(ctx.version, '5.3.1')) return undefined;
  const entry = getEntry(ctx, 'rpc.tls_versions');
  if (!entry || !isReportable(entry.setBy)) return undefined;
  const list = stringList(entry.value);
  return list ? { entry, list: list.map((v) => v.trim().toLowerCase()) } : undefined;
}
