/**
 * The sinks the fast reader (syntax/fastParse.ts) streams members and array
 * elements into: they hand each one to the engine as it is read, without
 * building syntax nodes for the common `key = literal` field.
 */
import { FieldNode, IncludeNode, LiteralNode, ValueNode } from '../syntax/cst';
import { ArraySink, DottedKey, MemberSink } from '../syntax/fastSink';
import { Region } from '../syntax/parser';
import { Ctx, NO_NODE, ProvNode } from './provenance';
import { ArrV, Num, ObjV, V } from './values';

/** The field being assigned, for self-references. */
export interface SelfCtx {
  readonly path: readonly string[];
  readonly prev: V | undefined;
}

/** What the sinks call on the engine (Engine implements it). */
export interface StreamTarget {
  member(target: ObjV, m: FieldNode | IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode): void;
  plainScalar(
    target: ObjV,
    ctx: Ctx,
    prov: ProvNode,
    key: string,
    keyHash: number,
    fs: number,
    ke: number,
    vs: number,
    ve: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void;
  dottedScalar(target: ObjV, ctx: Ctx, prov: ProvNode, key: DottedKey, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void;
  openStreamed(target: ObjV, ctx: Ctx, parent: KeyPath, prov: ProvNode, key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): MemberSink;
  closeStreamed(end: number): void;
  openStreamedArray(target: ObjV, ctx: Ctx, parent: KeyPath, prov: ProvNode, key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): ArraySink;
  closeStreamedArray(end: number): void;
  arrayElement(items: ArrV, e: ValueNode, ctx: Ctx, self: SelfCtx | undefined): void;
  number(n: number, float: boolean, ctx: Ctx, start: number, end: number): number | Num;
  recoverRegion(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode, region: Region, braced: boolean, depth: number): boolean;
}

/**
 * The key path of a streamed object or array, made only when asked for (a
 * member read as nodes, a substitution's self-reference, an include): most of
 * the tens of thousands of objects of a big config never need theirs. It is
 * the path of `base` followed by `seg` (a segment, or the segments of a dotted
 * key), computed once.
 */
export abstract class KeyPath {
  private built: readonly string[] | undefined = undefined;

  constructor(
    private readonly base: KeyPath | readonly string[],
    private readonly seg: string | readonly string[] | undefined,
  ) {}

  get path(): readonly string[] {
    if (this.built !== undefined) return this.built;
    const base = this.base;
    const head = base instanceof KeyPath ? base.path : base;
    return (this.built = this.seg === undefined ? head : head.concat(this.seg));
  }
}

/** Where the fast reader streams the members of one object (at key path `path`). */
export class StreamSink extends KeyPath implements MemberSink {
  constructor(
    private readonly engine: StreamTarget,
    private readonly target: ObjV,
    private readonly ctx: Ctx,
    base: KeyPath | readonly string[],
    seg: string | readonly string[] | undefined,
    private readonly prov: ProvNode,
  ) {
    super(base, seg);
  }

  member(m: FieldNode | IncludeNode): void {
    this.engine.member(this.target, m, this.ctx, this.path, this.prov);
  }

  scalar(key: string | DottedKey, keyHash: number, fs: number, ke: number, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void {
    if (typeof key === 'string') this.engine.plainScalar(this.target, this.ctx, this.prov, key, keyHash, fs, ke, vs, ve, value, quoting, float);
    else this.engine.dottedScalar(this.target, this.ctx, this.prov, key, vs, ve, value, quoting, float);
  }

  openObject(key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): MemberSink {
    return this.engine.openStreamed(this.target, this.ctx, this, this.prov, key, keyHash, fieldStart, valueStart);
  }

  closeObject(end: number): void {
    this.engine.closeStreamed(end);
  }

  openArray(key: string | DottedKey, keyHash: number, fieldStart: number, valueStart: number): ArraySink {
    return this.engine.openStreamedArray(this.target, this.ctx, this, this.prov, key, keyHash, fieldStart, valueStart);
  }

  closeArray(end: number): void {
    this.engine.closeStreamedArray(end);
  }

  recover(region: Region, braced: boolean, depth: number): boolean {
    return this.engine.recoverRegion(this.target, this.ctx, this.path, this.prov, region, braced, depth);
  }
}

/**
 * Where the fast reader streams the elements of an array (Engine.array()
 * without nodes): objects in it are built as detached() builds them, with no
 * provenance below the array's field. It is its own SelfCtx (the array field's
 * path and previous value), so an array costs one object here.
 */
export class ArrayStream extends KeyPath implements ArraySink, SelfCtx {
  constructor(
    private readonly engine: StreamTarget,
    private readonly items: ArrV,
    private readonly ctx: Ctx,
    base: KeyPath | readonly string[],
    seg: string | readonly string[] | undefined,
    readonly prev: V | undefined,
  ) {
    super(base, seg);
  }

  element(v: ValueNode): void {
    this.engine.arrayElement(this.items, v, this.ctx, this);
  }

  literal(vs: number, ve: number, value: string | number | boolean | null, _quoting: LiteralNode['quoting'], float: boolean): void {
    this.items.push(typeof value === 'number' ? this.engine.number(value, float, this.ctx, vs, ve) : value);
  }

  openObject(): MemberSink {
    const obj: ObjV = {};
    this.items.push(obj);
    return new StreamSink(this.engine, obj, this.ctx, this, undefined, NO_NODE);
  }

  openArray(): ArraySink {
    const items: ArrV = [];
    this.items.push(items);
    return new ArrayStream(this.engine, items, this.ctx, this, undefined, this.prev);
  }
}

/** A sink that drops what it is given (members of a field that could not be applied). */
export const NULL_SINK: MemberSink = {
  member: () => undefined,
  scalar: () => undefined,
  openObject: () => NULL_SINK,
  closeObject: () => undefined,
  openArray: () => NULL_ARRAY,
  closeArray: () => undefined,
};

/** The same for the elements of an array that could not be applied. */
export const NULL_ARRAY: ArraySink = {
  element: () => undefined,
  literal: () => undefined,
  openObject: () => NULL_SINK,
  openArray: () => NULL_ARRAY,
};
