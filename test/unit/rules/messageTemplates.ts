/**
 * Rule messages as templates: every message function of a rule called with
 * placeholder arguments, and a pattern that matches any text the function can
 * produce, to tell whether a finding's message came from its rule's functions.
 */
import { RuleMeta } from '../../../server/src/rules/types';

export function messageFns(r: RuleMeta): Array<[string, (...args: string[]) => string]> {
  return Object.entries(r.messages ?? {});
}

export function sampleArgs(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `«arg${i}»`);
}

/** A template's text as a pattern: each argument may be any text. */
export function templatePattern(fn: (...args: string[]) => string): RegExp {
  const text = fn(...sampleArgs(fn.length));
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/«arg\d+»/g, '[^]*');
  return new RegExp(`^${escaped}$`);
}

/** For each rule id, whether a text is one its message functions can say. */
export function messageMatchers(rules: readonly RuleMeta[]): Map<string, (text: string) => boolean> {
  return new Map(
    rules.map((r) => {
      const patterns = messageFns(r).map(([, fn]) => templatePattern(fn));
      return [r.id, (text: string) => patterns.some((p) => p.test(text))];
    }),
  );
}
