/**
 * EMQX-style JSON of a resolved config: one line, object keys sorted (by code
 * point, which is the byte order Erlang uses for UTF-8 binaries), durations
 * and sizes left as the strings they are. This is how `hocon:files/2` output
 * is compared in the conformance corpus and what `resolve` prints.
 *
 * Known difference: the model holds numbers as JavaScript numbers, so a whole
 * float prints as an integer (`1.0` → `1`) and integers beyond 2^53 lose
 * precision. The conformance test compares values, where these are equal.
 */
import { HoconValue } from './types';

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

export function toEmqxJson(value: HoconValue): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(v: HoconValue, out: string[]): void {
  if (v === null || typeof v !== 'object') {
    out.push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v));
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      write(v[i], out);
    }
    out.push(']');
    return;
  }
  const keys = Object.keys(v).sort(compareKeys);
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(keys[i]), ':');
    write(v[keys[i]], out);
  }
  out.push('}');
}
