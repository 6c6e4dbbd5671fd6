/**
 * Which config keys hold secrets, judged by the key's name alone, so that a
 * value is hidden wherever it is shown (hovers, `resolve`, messages) even
 * when the key is unknown to EMQX or misspelled (`node.cooky` is still the
 * cookie the user meant to write). Hiding a value that was not secret costs
 * little; showing one that was cannot be taken back.
 */
import { HoconObject, HoconValue } from '../model/types';

/** Parts of a name that mark a secret wherever they occur in it. */
const SECRET_PART = /cookie|passw|passphrase|secret|token|credential|pwd|private_?key|api_?key|access_?key|signing_?key/;

/** Words a misspelling is measured against, with the edits allowed (`cooky`, `pasword`, `secert`). */
const STEMS: ReadonlyArray<readonly [string, number]> = [
  ['cookie', 2],
  ['password', 2],
  ['passwd', 1],
  ['secret', 1],
  ['token', 1],
];

/** Optimal-string-alignment distance, or `max + 1` once it is known to be larger. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length][b.length];
}

/** Names that only describe a secret (where it is kept, how long it lives): `keyfile`, `token_expired_time`. */
const ABOUT_A_SECRET = /file$|_path$|dir$|expire|expiry|ttl|timeout|lifetime|amount|interval/;

/** Whether a key (one path segment, e.g. `cookie`, `key_password`, `cooky`) names a secret. */
export function isSecretKeyName(segment: string): boolean {
  const s = segment.toLowerCase();
  if (ABOUT_A_SECRET.test(s) && !s.includes('cookie')) return false;
  if (s === 'key' || SECRET_PART.test(s)) return true;
  for (const word of s.split(/[^a-z0-9]+/)) {
    if (word.length < 4) continue;
    for (const [stem, edits] of STEMS) if (distance(word, stem, edits) <= edits) return true;
  }
  return false;
}

/** What a hidden value is shown as. */
export const HIDDEN = '<redacted: secret>';

/**
 * A copy of `root` with the value of every secret-named key (see
 * isSecretKeyName) replaced by `placeholder`, at any depth. Iterative: a
 * dotted key can nest thousands of levels. `onCopy` is told each container
 * copied, with its original (to carry per-object data such as exact number
 * texts over). Keys such as `__proto__` are copied as the data they are.
 */
export function redactSecrets(root: HoconValue, placeholder: string = HIDDEN, onCopy?: (original: object, copy: object) => void): HoconValue {
  if (root === null || typeof root !== 'object') return root;
  const copy = (v: HoconObject | HoconValue[]): HoconObject | HoconValue[] => {
    const c: HoconObject | HoconValue[] = Array.isArray(v) ? [...v] : Object.assign(Object.create(Object.getPrototypeOf(v)) as HoconObject, {});
    if (!Array.isArray(v)) for (const k of Object.keys(v)) define(c, k, v[k]);
    onCopy?.(v, c);
    return c;
  };
  const out = copy(root);
  const stack: Array<HoconObject | HoconValue[]> = [out];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const k of keys) {
      const v = (node as Record<string | number, HoconValue>)[k];
      if (typeof k === 'string' && isSecretKeyName(k)) {
        define(node, k, placeholder);
      } else if (v !== null && typeof v === 'object') {
        const c = copy(v);
        define(node, k, c);
        stack.push(c);
      }
    }
  }
  return out;
}

function define(target: object, key: string | number, value: HoconValue): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
