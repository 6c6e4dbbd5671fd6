/**
 * The sinks the fast reader (syntax/fastParse.ts) streams members and array
 * elements into: they hand each one to the engine as it is read, without
 * building syntax nodes for the common `key = literal` field.
 */
import { FieldNode, IncludeNode, LiteralNode, ValueNode } from '../syntax/cst';
import { ArraySink, DottedKey, MemberSink } from '../syntax/fastParse';
import { Region } from '../syntax/parser';
import { Ctx, ProvNode } from './provenance';
import { ArrV, Num, ObjV, V } from './values';

/** The field being assigned, for self-references. */
export interface SelfCtx {
  readonly path: readonly string[];
  readonly prev: V | undefined;
}

/** What the sinks call on the engine (Engine implements it). */
export interface StreamTarget {
  member(target: ObjV, m: FieldNode | IncludeNode, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined): void;
  plainScalar(
    target: ObjV,
    ctx: Ctx,
    prov: ProvNode | undefined,
    key: string,
    fs: number,
    ke: number,
    vs: number,
    ve: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void;
  dottedScalar(
    target: ObjV,
    ctx: Ctx,
    prov: ProvNode | undefined,
    key: DottedKey,
    vs: number,
    ve: number,
    value: string | number | boolean | null,
    quoting: LiteralNode['quoting'],
    float: boolean,
  ): void;
  openStreamed(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined, key: string | DottedKey, fieldStart: number, valueStart: number): MemberSink;
  closeStreamed(end: number): void;
  openStreamedArray(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined, key: string | DottedKey, fieldStart: number, valueStart: number): ArraySink;
  closeStreamedArray(end: number): void;
  arrayElement(items: ArrV, e: ValueNode, ctx: Ctx, self: SelfCtx | undefined): void;
  number(n: number, float: boolean, ctx: Ctx, start: number, end: number): number | Num;
  recoverRegion(target: ObjV, ctx: Ctx, prefix: readonly string[], prov: ProvNode | undefined, region: Region, braced: boolean, depth: number): boolean;
}

/** Where the fast reader streams the members of one object. */
export class StreamSink implements MemberSink {
  constructor(
    private readonly engine: StreamTarget,
    private readonly target: ObjV,
    private readonly ctx: Ctx,
    private readonly prefix: readonly string[],
    private readonly prov: ProvNode | undefined,
  ) {}

  member(m: FieldNode | IncludeNode): void {
    this.engine.member(this.target, m, this.ctx, this.prefix, this.prov);
  }

  scalar(key: string | DottedKey, fs: number, ke: number, vs: number, ve: number, value: string | number | boolean | null, quoting: LiteralNode['quoting'], float: boolean): void {
    if (typeof key === 'string') this.engine.plainScalar(this.target, this.ctx, this.prov, key, fs, ke, vs, ve, value, quoting, float);
    else this.engine.dottedScalar(this.target, this.ctx, this.prov, key, vs, ve, value, quoting, float);
  }

  openObject(key: string | DottedKey, fieldStart: number, valueStart: number): MemberSink {
    return this.engine.openStreamed(this.target, this.ctx, this.prefix, this.prov, key, fieldStart, valueStart);
  }

  closeObject(end: number): void {
    this.engine.closeStreamed(end);
  }

  openArray(key: string | DottedKey, fieldStart: number, valueStart: number): ArraySink {
    return this.engine.openStreamedArray(this.target, this.ctx, this.prefix, this.prov, key, fieldStart, valueStart);
  }

  closeArray(end: number): void {
    this.engine.closeStreamedArray(end);
  }

  recover(region: Region, braced: boolean, depth: number): boolean {
    return this.engine.recoverRegion(this.target, this.ctx, this.prefix, this.prov, region, braced, depth);
  }
}

/**
 * Where the fast reader streams the elements of an array (Engine.array()
 * without nodes): objects in it are built as detached() builds them, with no
 * provenance below the array's field.
 */
export class ArrayStream implements ArraySink {
  constructor(
    private readonly engine: StreamTarget,
    private readonly items: ArrV,
    private readonly ctx: Ctx,
    private readonly self: SelfCtx,
  ) {}

  element(v: ValueNode): void {
    this.engine.arrayElement(this.items, v, this.ctx, this.self);
  }

  literal(vs: number, ve: number, value: string | number | boolean | null, _quoting: LiteralNode['quoting'], float: boolean): void {
    this.items.push(typeof value === 'number' ? this.engine.number(value, float, this.ctx, vs, ve) : value);
  }

  openObject(): MemberSink {
    const obj: ObjV = {};
    this.items.push(obj);
    return new StreamSink(this.engine, obj, this.ctx, this.self.path, undefined);
  }

  openArray(): ArraySink {
    const items: ArrV = [];
    this.items.push(items);
    return new ArrayStream(this.engine, items, this.ctx, this.self);
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
