/**
 * The concrete syntax tree of a HOCON file. It is lossless: the leaves (tokens,
 * including whitespace, newlines, comments and illegal characters), read in
 * order, are the input byte for byte (`printTree(file) === text`). Every node
 * knows its offsets; `ParseResult.lines` turns offsets into LSP ranges.
 *
 * Node kinds:
 * - `file`: the document; `root` is the top-level object (braced or not).
 * - `object`: `{ … }` or the unbraced root; `members` are fields and includes.
 * - `field`: `key = value`, `key : value` or `key { … }`.
 * - `key`: one key token; `segments` are its path segments with their offsets.
 * - `include`: `include "f"`, `include required("f")` or `include f.conf`.
 * - `value`: what follows a key or sits in an array: one or more `pieces`
 *   EMQX concatenates (strings, substitutions, arrays, objects) or a single
 *   number / boolean / null.
 * - `array`: `[ … ]` with `elements`.
 * - `literal`: a string, number, boolean or null token with its value.
 * - `subst`: `${path}` / `${?path}`.
 * - `error`: tokens skipped while recovering from a syntax error.
 */
import { Token } from './lexer';

export type CstChild = Token | CstNode;

export type CstNode = FileNode | ObjectNode | FieldNode | KeyNode | IncludeNode | ValueNode | ArrayNode | LiteralNode | SubstNode | ErrorNode;

interface NodeBase {
  start: number;
  end: number;
  /** All children in source order, trivia included. */
  readonly children: CstChild[];
}

export interface FileNode extends NodeBase {
  readonly kind: 'file';
  readonly text: string;
  readonly root: ObjectNode;
}

export interface ObjectNode extends NodeBase {
  readonly kind: 'object';
  /** False for the unbraced top level of a file. */
  readonly braced: boolean;
  readonly members: Array<FieldNode | IncludeNode>;
  /** The closing brace is missing (error recovery). */
  unclosed?: boolean;
}

export interface KeySegment {
  /** The segment's text (for a quoted key: the unescaped string). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface KeyNode extends NodeBase {
  readonly kind: 'key';
  /** A `"quoted"` key is one literal segment; an unquoted key splits at dots. */
  readonly quoted: boolean;
  readonly segments: KeySegment[];
}

export interface FieldNode extends NodeBase {
  readonly kind: 'field';
  readonly key: KeyNode;
  /** The `=` or `:` token; absent for `key { … }`. */
  separator?: Token;
  /** Absent when the value is missing (a syntax error). */
  value?: ValueNode;
}

export interface IncludeNode extends NodeBase {
  readonly kind: 'include';
  readonly required: boolean;
  /** The file name as EMQX reads it; undefined when missing (a syntax error). */
  target?: string;
  /** Offsets of the file name token (`"f"`, `required("f")` or `f.conf`). */
  targetStart?: number;
  targetEnd?: number;
}

export interface ValueNode extends NodeBase {
  readonly kind: 'value';
  /** Concatenated pieces; a number, boolean or null is always alone (EMQX rejects concatenating it). */
  readonly pieces: Array<LiteralNode | SubstNode | ArrayNode | ObjectNode>;
  /** EMQX rejects this value (a number, boolean or null joined with other pieces); the model ignores it. */
  invalid?: boolean;
}

export interface ArrayNode extends NodeBase {
  readonly kind: 'array';
  readonly elements: ValueNode[];
  unclosed?: boolean;
}

export type LiteralType = 'string' | 'number' | 'boolean' | 'null';

export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly type: LiteralType;
  readonly value: string | number | boolean | null;
  /** How a string was written. `unit` = a duration, size or percentage token. */
  readonly quoting?: 'unquoted' | 'quoted' | 'triple' | 'unit';
  /** A float token (`1.0`): EMQX keeps it a float even when whole. */
  readonly float?: boolean;
  readonly token: Token;
}

export interface SubstNode extends NodeBase {
  readonly kind: 'subst';
  readonly optional: boolean;
  /** The path as written (`a.b.c`). */
  readonly path: string;
  readonly token: Token;
}

export interface ErrorNode extends NodeBase {
  readonly kind: 'error';
}

export function isNode(c: CstChild): c is CstNode {
  return 'children' in c;
}

/**
 * The text of a tree, from its leaves. Iterative, so deep trees print without
 * recursion; equal to the parsed text for every tree `parseHocon` returns.
 */
export function printTree(node: CstNode, text?: string): string {
  const source = text ?? (node.kind === 'file' ? node.text : undefined);
  if (source === undefined) throw new TypeError('printTree needs the source text for a non-file node');
  const parts: string[] = [];
  for (const token of leaves(node)) parts.push(source.slice(token.start, token.end));
  return parts.join('');
}

/** Every token of a tree in order (iterative). */
export function* leaves(node: CstNode): Generator<Token> {
  const stack: Array<{ children: CstChild[]; i: number }> = [{ children: node.children, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.children.length) {
      stack.pop();
      continue;
    }
    const child = top.children[top.i++];
    if (isNode(child)) stack.push({ children: child.children, i: 0 });
    else yield child;
  }
}
