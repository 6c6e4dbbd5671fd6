// A reference point for the parse benchmark, not part of the product: the
// least a JavaScript reader has to do to turn the generated big.conf into its
// JSON. One loop, no provenance (no record of where anything was set), no
// problems reported (it assumes a well-formed file and may misread anything
// else), none of EMQX's dialect checks, and only the constructs
// gen-big-conf.js writes: objects and dotted keys that merge, arrays, quoted,
// triple-quoted and unquoted strings, numbers, booleans, and substitutions
// (alone or after a quoted string) resolved against the finished tree.
// bench/run.mjs checks that its result equals big.json before timing it.

/** Characters that end an unquoted word or key (by UTF-16 code unit). */
const STOP = new Uint8Array(65536);
for (const ch of '$"{}[]:=,+#`^?!@*&\\ \t\r\n/') STOP[ch.charCodeAt(0)] = 1;

/**
 * `text[start, end)` as one shared string per recurring name (a fresh slice
 * per key would be hashed again each time it is used as a property key).
 */
const names = new Array(4096).fill('');
function name(text, start, end) {
  let h = end - start;
  for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  const slot = h & 4095;
  const hit = names[slot];
  if (hit.length === end - start && text.startsWith(hit, start)) return hit;
  return (names[slot] = text.slice(start, end));
}

export function readMinimal(text) {
  const n = text.length;
  const root = {};
  // The open containers: objects (members) and arrays (elements).
  const stack = [];
  let cur = root;
  let inArray = false;
  // Substitutions, resolved at the end: [container, key, parts].
  const deferred = [];
  let i = 0;
  for (;;) {
    // Blanks, line breaks, commas and comments.
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      if (c === 35 || c === 47) {
        i = text.indexOf('\n', i);
        if (i < 0) i = n;
      } else i++;
      c = text.charCodeAt(i);
    }
    if (i >= n) break;
    if (c === 125 || c === 93) {
      // `}` or `]`: back to the enclosing container.
      cur = stack.pop();
      inArray = Array.isArray(cur);
      i++;
      continue;
    }
    let target = cur;
    let key;
    if (!inArray) {
      // A key, dotted or not, then `=`, `:` or nothing before `{`.
      if (c === 34) {
        const end = text.indexOf('"', i + 1);
        key = text.slice(i + 1, end);
        i = end + 1;
      } else {
        const start = i;
        let dot = -1;
        while (i < n && STOP[(c = text.charCodeAt(i))] === 0) {
          if (c === 46 && dot < 0) dot = i;
          i++;
        }
        let from = start;
        while (dot >= 0) {
          const s = name(text, from, dot);
          let next = target[s];
          if (next === null || typeof next !== 'object' || Array.isArray(next)) target[s] = next = {};
          target = next;
          from = dot + 1;
          dot = text.indexOf('.', from);
          if (dot >= i) dot = -1;
        }
        key = name(text, from, i);
      }
      c = text.charCodeAt(i);
      while (c === 32 || c === 9) c = text.charCodeAt(++i);
      if (c === 61 || c === 58) {
        c = text.charCodeAt(++i);
        while (c === 32 || c === 9) c = text.charCodeAt(++i);
      }
    }
    if (c === 123 || c === 91) {
      // An object (merged into one already there) or an array.
      let next;
      if (c === 123) {
        next = inArray ? undefined : target[key];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) next = {};
      } else next = [];
      if (inArray) cur.push(next);
      else target[key] = next;
      stack.push(cur);
      cur = next;
      inArray = c === 91;
      i++;
      continue;
    }
    // A scalar, maybe followed by adjacent pieces (a concatenation).
    let v;
    let parts;
    for (;;) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34) {
          const end = text.indexOf('"""', i + 3);
          v = text.slice(i + 3, end);
          i = end + 3;
        } else {
          const start = i;
          let escaped = false;
          for (i++; (c = text.charCodeAt(i)) !== 34; i++) {
            if (c === 92) {
              escaped = true;
              i++;
            }
          }
          i++;
          v = escaped ? JSON.parse(text.slice(start, i)) : text.slice(start + 1, i - 1);
        }
      } else if (c === 36) {
        const end = text.indexOf('}', i);
        v = { path: text.slice(i + 2, end).split('.') };
        i = end + 1;
      } else {
        const start = i;
        let numeric = true;
        while (i < n && STOP[(c = text.charCodeAt(i))] === 0) {
          if (numeric && !((c >= 48 && c <= 57) || c === 46 || c === 45)) numeric = false;
          i++;
        }
        const word = text.slice(start, i);
        v = numeric ? Number(word) : word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : word;
      }
      c = text.charCodeAt(i);
      if (parts === undefined && c !== 34 && c !== 36 && typeof v !== 'object') break;
      (parts ??= []).push(v);
      if (c !== 34 && c !== 36) break;
    }
    if (parts !== undefined) {
      deferred.push([inArray ? cur : target, inArray ? cur.length : key, parts]);
      v = null;
    }
    if (inArray) cur.push(v);
    else target[key] = v;
  }
  for (const [container, key, parts] of deferred) {
    const values = parts.map((p) => (p !== null && typeof p === 'object' ? p.path.reduce((o, s) => o[s], root) : p));
    container[key] = values.length === 1 ? values[0] : values.join('');
  }
  return root;
}
