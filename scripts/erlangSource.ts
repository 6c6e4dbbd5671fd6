/**
 * A small reader of Erlang source for scripts/gen-key-catalogue.ts: tokens,
 * bracket groups, top-level argument lists and function clauses. Enough to
 * follow `fields(...)` of EMQX's schema modules, not a full Erlang parser.
 */

export interface Tok {
  readonly k: 'atom' | 'var' | 'str' | 'bin' | 'num' | 'punct' | 'macro';
  readonly v: string;
}

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '%') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\') {
          s += src[j + 1];
          j += 2;
        } else s += src[j++];
      }
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '<' && src.startsWith('<<"', i)) {
      let j = i + 3;
      let s = '';
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\') {
          s += src[j + 1];
          j += 2;
        } else s += src[j++];
      }
      if (src.startsWith('">>', j)) {
        out.push({ k: 'bin', v: s });
        i = j + 3;
        continue;
      }
    }
    if (c === "'") {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== "'") {
        if (src[j] === '\\') {
          s += src[j + 1];
          j += 2;
        } else s += src[j++];
      }
      out.push({ k: 'atom', v: s });
      i = j + 1;
      continue;
    }
    if (c === '$') {
      out.push({ k: 'num', v: src.slice(i, i + 2) });
      i += src[i + 1] === '\\' ? 3 : 2;
      continue;
    }
    if (c === '?') {
      const m = /^\?\??[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 80));
      if (m) {
        out.push({ k: 'macro', v: m[0].replace(/^\?+/, '') });
        i += m[0].length;
        continue;
      }
    }
    let m = /^[a-z][A-Za-z0-9_@]*/.exec(src.slice(i, i + 200));
    if (m) {
      out.push({ k: 'atom', v: m[0] });
      i += m[0].length;
      continue;
    }
    m = /^[A-Z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
    if (m) {
      out.push({ k: 'var', v: m[0] });
      i += m[0].length;
      continue;
    }
    m = /^-?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?(?:#[0-9A-Za-z]+)?/.exec(src.slice(i, i + 60));
    if (m) {
      out.push({ k: 'num', v: m[0].replace(/_/g, '') });
      i += m[0].length;
      continue;
    }
    m = /^(?:->|=>|:=|\+\+|--|<<|>>|<-|<=|=<|>=|==|=:=|=\/=|\/=|\|\||::|\.\.\.)/.exec(src.slice(i, i + 4));
    if (m) {
      out.push({ k: 'punct', v: m[0] });
      i += m[0].length;
      continue;
    }
    out.push({ k: 'punct', v: c });
    i++;
  }
  return out;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<<': '>>' };

/** The index just past the bracket group that starts at `i`. */
export function skipGroup(t: Tok[], i: number): number {
  const stack: string[] = [];
  for (let j = i; j < t.length; j++) {
    const v = t[j].k === 'punct' ? t[j].v : '';
    if (OPEN[v]) stack.push(OPEN[v]);
    else if (v === ')' || v === ']' || v === '}' || v === '>>') {
      stack.pop();
      if (stack.length === 0) return j + 1;
    }
    if (v === '#' && t[j + 1]?.v === '{') continue;
  }
  return t.length;
}

/** Splits t[from, to) at top-level commas. */
export function splitArgs(t: Tok[], from: number, to: number, cons = false): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = from;
  for (let j = from; j < to;) {
    const v = t[j].k === 'punct' ? t[j].v : '';
    if (OPEN[v]) {
      j = skipGroup(t, j);
      continue;
    }
    if (v === ',' || (cons && v === '|')) {
      out.push([start, j]);
      start = j + 1;
    }
    j++;
  }
  if (start < to) out.push([start, to]);
  return out;
}

export interface Clause {
  readonly args: [number, number];
  readonly body: [number, number];
}

/** Function clauses by name: `name(Args) [when ...] -> Body ;|.` at the top level. */
export function functionClauses(t: Tok[]): Map<string, Clause[]> {
  const out = new Map<string, Clause[]>();
  let i = 0;
  while (i < t.length) {
    const atStart = i === 0 || t[i - 1].v === '.' || t[i - 1].v === ';';
    if (atStart && t[i].k === 'atom' && t[i + 1]?.v === '(') {
      const argsEnd = skipGroup(t, i + 1);
      let j = argsEnd;
      if (t[j]?.v === 'when') while (j < t.length && t[j].v !== '->') j++;
      if (t[j]?.v === '->') {
        let k = j + 1;
        while (k < t.length && !(t[k].k === 'punct' && (t[k].v === ';' || t[k].v === '.'))) {
          const v = t[k].k === 'punct' ? t[k].v : '';
          if (OPEN[v] || v === 'fun' || (t[k].k === 'atom' && (t[k].v === 'case' || t[k].v === 'begin' || t[k].v === 'if' || t[k].v === 'receive' || t[k].v === 'try' || t[k].v === 'fun'))) {
            if (OPEN[v]) {
              k = skipGroup(t, k);
              continue;
            }
            if (t[k].v === 'fun' && t[k + 1]?.v !== '(') {
              k++;
              continue;
            }
            // a block ending in `end`
            let depth = 0;
            for (; k < t.length; k++) {
              const w = t[k];
              if (w.k === 'atom' && ['case', 'begin', 'if', 'receive', 'try'].includes(w.v)) depth++;
              else if (w.k === 'atom' && w.v === 'fun' && t[k + 1]?.v === '(') depth++;
              else if (w.k === 'atom' && w.v === 'end') {
                depth--;
                if (depth === 0) {
                  k++;
                  break;
                }
              }
            }
            continue;
          }
          k++;
        }
        const list = out.get(t[i].v) ?? [];
        list.push({ args: [i + 2, argsEnd - 1], body: [j + 1, k] });
        out.set(t[i].v, list);
        i = k + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}
