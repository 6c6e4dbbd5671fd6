/**
 * What the fast reader (fastParse.ts) hands to the model as it reads: the
 * sinks it streams members and array elements into, and the reused dotted key
 * it passes them. Kept apart from the reader so each file stays readable.
 */
import { CstChild, FieldNode, IncludeNode, KeyNode, KeySegment, LiteralNode, ValueNode } from './cst';
import type { Region } from './parser';

const NO_CHILDREN: CstChild[] = Object.freeze([]) as unknown as CstChild[];

/**
 * A dotted unquoted key (`node.cookie`, `a.b.c`) as the fast reader hands it
 * to a sink: segment names (recurring names are shared strings), their hashes
 * (31 * h + char code, over the segment) and offsets.
 * The reader reuses one for every key, so it is valid only during the call
 * that receives it.
 */
export class DottedKey {
  start = 0;
  end = 0;
  count = 0;
  readonly names: string[] = [];
  readonly hashes: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** The same key as a node (for a value the reader builds nodes for). */
  node(): KeyNode {
    const segments: KeySegment[] = new Array<KeySegment>(this.count);
    for (let i = 0; i < this.count; i++) segments[i] = { text: this.names[i], start: this.starts[i], end: this.ends[i] };
    return { kind: 'key', quoted: false, segments, children: NO_CHILDREN, start: this.start, end: this.end };
  }
}

/**
 * Receives what the fast reader reads, as it reads it, so no tree is kept:
 * fields (whose value is not an object literal) and includes one by one, and
 * object-valued fields as open/close pairs around their members.
 */
export interface MemberSink {
  member(m: FieldNode | IncludeNode): void;
  /**
   * The common field, read without nodes: an unquoted key set to one literal
   * (`name = "emqx@127.0.0.1"`, `port = 1883`, `node.cookie = x`). `key` is
   * the name itself for a key of one segment, a DottedKey (valid during this
   * call only) for a dotted key; `keyHash` is a one-segment key's hash (as a
   * DottedKey's `hashes`). `quoting` is the literal's as in LiteralNode
   * (undefined for numbers, booleans and null); `float` whether a number
   * was written as a float.
   */
  scalar(
    key: string | DottedKey,
    keyHash: number,
    fieldStart: number,
    keyEnd: number,
    valueStart: number,
    valueEnd: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void;
  /**
   * A field with an unquoted key whose value is an object literal starts
   * (`key` as in scalar()): returns the sink for its members.
   */
  openObject(key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): MemberSink;
  /** The object field opened last ends at `end`. */
  closeObject(end: number): void;
  /**
   * A field with an unquoted key whose value is an array literal starts
   * (`key` as in scalar()): returns the sink for its elements.
   */
  openArray(key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): ArraySink;
  /** The array field opened last ends at `end`. */
  closeArray(end: number): void;
  /**
   * Optional: reads the members of `region` (text this reader gives up on) with
   * the full parser and applies them, setting `region.end` and the object's state
   * there; false when that is not possible (the whole text then goes to the full
   * parser).
   */
  recover?(region: Region, braced: boolean, depth: number): boolean;
}

/** Receives the elements of an array as the fast reader reads them, in order. */
export interface ArraySink {
  /** An element read as nodes (a substitution, a triple-quoted string). */
  element(v: ValueNode): void;
  /** An element that is one literal, read without nodes (as in MemberSink.scalar). */
  literal(valueStart: number, valueEnd: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void;
  /** An object element starts: returns the sink for its members (it ends with the element). */
  openObject(valueStart: number): MemberSink;
  /** An array element starts: returns the sink for its elements. */
  openArray(valueStart: number): ArraySink;
}
