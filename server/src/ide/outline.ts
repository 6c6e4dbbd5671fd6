/**
 * The document's structure read from its text: blocks (`key { … }`), fields
 * (`key = value`) and multi-line arrays, with their ranges. Strings and comments
 * are skipped, so braces inside them do not count; unbalanced input gives a
 * partial tree, never an exception. Used for the outline, folding, selection
 * ranges and for the key path at a position (completion).
 */
import { Position, Range } from '../syntax/position';
import { LineIndex } from '../syntax/lineIndex';

export interface OutlineNode {
  /** The key as written (dotted keys stay one name: `cluster.static`). */
  readonly name: string;
  readonly kind: 'block' | 'field' | 'array';
  readonly keyRange: Range;
  /** From the key to the end of the value (the closing brace of a block). */
  range: Range;
  readonly children: OutlineNode[];
}

const KEY = /(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9_\-.@$/"]+)+/y;
/** Deeper blocks are not outlined (as the parser, which stops at 400 levels). */
const MAX_DEPTH = 400;

const cache = new WeakMap<LineIndex, OutlineNode[]>();

/** The outline of HOCON or cuttlefish text (computed once per line index, i.e. per document version). */
export function outline(text: string, lines: LineIndex): OutlineNode[] {
  if (lines.text !== text) return build(text, lines);
  let tree = cache.get(lines);
  if (!tree) cache.set(lines, (tree = build(text, lines)));
  return tree;
}

function build(text: string, lines: LineIndex): OutlineNode[] {
  const root: OutlineNode[] = [];
  const stack: Array<{ node?: OutlineNode; children: OutlineNode[]; close: string }> = [{ children: root, close: '' }];
  const pos = (offset: number): Position => lines.positionAt(offset);
  let i = 0;
  const n = text.length;
  let expectKey = true;
  while (i < n) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ',') {
      expectKey = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      i = skipString(text, i);
      expectKey = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '}' || c === ']') {
      if (stack.length > 1 && top.close === c) {
        stack.pop();
        if (top.node) top.node.range = { start: top.node.range.start, end: pos(i + 1) };
      }
      i++;
      expectKey = true;
      continue;
    }
    if (c === '{' || c === '[') {
      // an anonymous block or array (an array element, a value without a key)
      stack.push({ children: top.close === ']' ? [] : top.children, close: c === '{' ? '}' : ']' });
      i++;
      expectKey = c === '{';
      continue;
    }
    if (expectKey && top.close !== ']') {
      KEY.lastIndex = i;
      const m = KEY.exec(text);
      if (m && m[0].length > 0) {
        const start = i;
        const end = i + m[0].length;
        let j = end;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        let sep = text[j];
        if (sep === '=' || sep === ':') {
          j++;
          while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
          sep = text[j] === '{' || text[j] === '[' ? text[j] : '=';
        }
        const name = m[0];
        const keyRange = { start: pos(start), end: pos(end) };
        if (name === 'include' && sep !== '{' && sep !== '[' && text[j] !== '=') {
          i = end;
          expectKey = false;
          continue;
        }
        if ((sep === '{' || sep === '[') && stack.length >= MAX_DEPTH) {
          stack.push({ children: [], close: sep === '{' ? '}' : ']' });
          i = j + 1;
          expectKey = sep === '{';
          continue;
        }
        if (sep === '{' || sep === '[') {
          const node: OutlineNode = { name, kind: sep === '{' ? 'block' : 'array', keyRange, range: { start: keyRange.start, end: keyRange.end }, children: [] };
          top.children.push(node);
          stack.push({ node, children: node.children, close: sep === '{' ? '}' : ']' });
          i = j + 1;
          expectKey = sep === '{';
          continue;
        }
        // a field: its value runs to the end of the line (or a comma / closing brace)
        let k = j;
        while (k < n && text[k] !== '\n' && text[k] !== '#' && !(text[k] === '/' && text[k + 1] === '/') && text[k] !== '}' && text[k] !== ',') {
          if (text[k] === '"') {
            k = skipString(text, k);
            continue;
          }
          k++;
        }
        let e = k;
        while (e > j && /\s/.test(text[e - 1])) e--;
        top.children.push({ name, kind: 'field', keyRange, range: { start: keyRange.start, end: pos(Math.max(e, end)) }, children: [] });
        i = k;
        expectKey = false;
        continue;
      }
    }
    i++;
  }
  // unclosed blocks end at the end of the text
  for (let s = stack.length - 1; s > 0; s--) {
    const node = stack[s].node;
    if (node) node.range = { start: node.range.start, end: pos(n) };
  }
  return root;
}

function skipString(text: string, i: number): number {
  if (text.startsWith('"""', i)) {
    const end = text.indexOf('"""', i + 3);
    return end < 0 ? text.length : end + 3;
  }
  let j = i + 1;
  while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The nodes containing `position`, outermost first. */
export function nodesAt(nodes: readonly OutlineNode[], position: Position): OutlineNode[] {
  const out: OutlineNode[] = [];
  let level: readonly OutlineNode[] = nodes;
  for (;;) {
    const hit = level.find((x) => contains(x.range, position));
    if (!hit) return out;
    out.push(hit);
    level = hit.children;
  }
}

export function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** The key segments of a written key (`"a.b".c` → [a.b, c]; `cluster.static` → [cluster, static]). */
export function keySegments(name: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^."]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(name))) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * The keys of the blocks enclosing `offset` (`cluster { static { |` → [cluster, static]),
 * read from the text before it only, with no tree: what completion needs on each keystroke.
 * Inside an array, or an object in an array, the path is unknown: undefined.
 */
export function blockKeysAt(text: string, offset: number): string[] | undefined {
  const stack: Array<string | null> = [];
  const end = Math.min(offset, text.length);
  let i = 0;
  let expectKey = true;
  let pendingKey: string | undefined;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 10 || c === 44 /* , */) {
      expectKey = true;
      pendingKey = undefined;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 34 /* " */ && !expectKey) {
      i = skipString(text, i);
      continue;
    }
    if (c === 123 /* { */) {
      if (stack.length < MAX_DEPTH) stack.push(pendingKey ?? null);
      pendingKey = undefined;
      expectKey = true;
      i++;
      continue;
    }
    if (c === 91 /* [ */) {
      if (stack.length < MAX_DEPTH) stack.push(null);
      pendingKey = undefined;
      expectKey = false;
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      pendingKey = undefined;
      expectKey = c === 125;
      i++;
      continue;
    }
    if (c === 61 /* = */ || c === 58 /* : */) {
      i++;
      expectKey = false;
      continue;
    }
    if (expectKey) {
      KEY.lastIndex = i;
      const m = KEY.exec(text);
      if (m && m[0].length > 0) {
        pendingKey = m[0];
        i += m[0].length;
        expectKey = false;
        continue;
      }
    } else if (c === 34) {
      i = skipString(text, i);
      continue;
    }
    // a value: `pendingKey` stays for `key = {`, anything else ends it
    if (pendingKey !== undefined && !(c === 61 || c === 58)) pendingKey = text[i] === '{' ? pendingKey : undefined;
    i++;
  }
  if (stack.some((k) => k === null)) return undefined;
  return (stack as string[]).flatMap(keySegments);
}
