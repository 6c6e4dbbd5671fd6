/** Helpers shared by the rules that were split out of rpc4x.ts. */
import { RuleContext } from '../types';

export function is44(ctx: RuleContext): boolean {
  return ctx.document.dialect === 'cuttlefish' && ctx.version.major === 4 && ctx.version.minor >= 4;
}
