/**
 * Findings kept once each by identity: rule, file, range and message (what
 * `findingKey` in cluster/pipeline.ts spells as a string), in the order first
 * seen. Findings are looked up by file, rule and start line, then compared, so
 * no key string is made per finding: a file of junk has a syntax error on every
 * line, hundreds of thousands of them.
 */
import { Finding } from './types';

export class FindingSet {
  /** file → rule → start line → the indexes in `list` of the findings starting there (an array by line: lines come mostly in order). */
  private readonly index = new Map<string, Map<string, Array<number | number[] | undefined>>>();
  private readonly list: Finding[] = [];

  /**
   * Adds `f` unless a finding with its identity is already kept; then `prefer(kept, f)`
   * decides whether `f` takes the kept one's place (its place in the order stays).
   */
  add(f: Finding, prefer?: (kept: Finding, f: Finding) => boolean): void {
    let byRule = this.index.get(f.location.uri);
    if (!byRule) this.index.set(f.location.uri, (byRule = new Map()));
    let byLine = byRule.get(f.ruleId);
    if (!byLine) byRule.set(f.ruleId, (byLine = []));
    const line = f.location.range.start.line;
    const here = byLine[line];
    if (here !== undefined) {
      for (const i of typeof here === 'number' ? [here] : here) {
        if (sameIdentity(this.list[i], f)) {
          if (prefer?.(this.list[i], f)) this.list[i] = f;
          return;
        }
      }
    }
    const i = this.list.length;
    this.list.push(f);
    if (here === undefined) byLine[line] = i;
    else if (typeof here === 'number') byLine[line] = [here, i];
    else here.push(i);
  }

  /** The findings kept, in the order first seen. */
  values(): Finding[] {
    return [...this.list];
  }
}

/** Same rule, file, range and message (the rule and file are the caller's lookup keys). */
function sameIdentity(a: Finding, b: Finding): boolean {
  const r = a.location.range;
  const s = b.location.range;
  return r.start.line === s.start.line && r.start.character === s.start.character && r.end.line === s.end.line && r.end.character === s.end.character && a.message === b.message;
}
