/**
 * EMQX-style JSON of a resolved config: one line, object keys sorted (by code
 * point, which is the byte order Erlang uses for UTF-8 binaries), durations
 * and sizes left as the strings they are. This is how `hocon:files/2` output
 * is compared in the conformance corpus and what `resolve` prints.
 *
 * The model holds numbers as JavaScript numbers; the exact Erlang text of
 * floats and of integers beyond 2^53 comes from the config's `exactNumbers`.
 */
import { HoconValue } from './types';
import { ExactNumbers } from './values';

export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * With `exact` (an EffectiveConfig's `exactNumbers`), floats and integers
 * beyond 2^53 print as Erlang prints them (`1.0`, `1.5e3`,
 * `9223372036854775808`); without it, as JavaScript numbers.
 */
export function toEmqxJson(value: HoconValue, exact?: ExactNumbers): string {
  const parts: string[] = [];
  write(value, parts, exact);
  return parts.join('');
}

/** A piece of output, or a value still to write (with its exact number text). */
type Work = string | { readonly v: HoconValue; readonly text?: string };

/** Iterative, so a dotted key thousands of levels deep cannot overflow the stack. */
function write(root: HoconValue, out: string[], exact: ExactNumbers | undefined): void {
  const stack: Work[] = [{ v: root }];
  while (stack.length > 0) {
    const w = stack.pop()!;
    if (typeof w === 'string') {
      out.push(w);
      continue;
    }
    const v = w.v;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && w.text !== undefined) out.push(w.text);
      else out.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v));
      continue;
    }
    const texts = exact?.get(v);
    // Pushed in reverse: the stack gives them back in order.
    if (Array.isArray(v)) {
      stack.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ v: v[i], text: texts?.get(i) });
        if (i > 0) stack.push(',');
      }
      stack.push('[');
      continue;
    }
    const keys = Object.keys(v).sort(compareKeys);
    stack.push('}');
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ v: v[keys[i]], text: texts?.get(keys[i]) });
      stack.push(JSON.stringify(keys[i]) + ':');
      if (i > 0) stack.push(',');
    }
    stack.push('{');
  }
}
