/** What the discovery rules share: the key that opens the block a value is in. */
import { Location } from '../../syntax/position';
import { RuleContext } from '../types';
import { linesOf } from '../util';

/** The `ssl_options` key that opens the block holding `inner` (searched upwards), when it is in the document. */
export function sectionKey(ctx: RuleContext, inner: Location, name: string): Location | undefined {
  if (inner.uri !== ctx.document.uri) return undefined;
  const lines = linesOf(ctx);
  const re = new RegExp(`(^|[\\s.{])(${name})\\s*(\\{|=|:|\\.)`);
  for (let i = inner.range.start.line; i >= 0 && i >= inner.range.start.line - 50; i--) {
    const line = lines.lineText(i) ?? '';
    const text = i === inner.range.start.line ? line.slice(0, inner.range.start.character) : line;
    const m = re.exec(text.replace(/#.*$/, ''));
    if (m) {
      const start = m.index + m[1].length;
      return { uri: ctx.document.uri, range: { start: { line: i, character: start }, end: { line: i, character: start + name.length } } };
    }
  }
  return undefined;
}
