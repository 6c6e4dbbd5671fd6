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

function write(v: HoconValue, out: string[], exact: ExactNumbers | undefined, exactText?: string): void {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && exactText !== undefined) out.push(exactText);
    else out.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v));
    return;
  }
  const texts = exact?.get(v);
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      write(v[i], out, exact, texts?.get(i));
    }
    out.push(']');
    return;
  }
  const keys = Object.keys(v).sort(compareKeys);
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(keys[i]), ':');
    write(v[keys[i]], out, exact, texts?.get(keys[i]));
  }
  out.push('}');
}
