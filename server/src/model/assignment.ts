/**
 * Assignments made from source text. Ranges are computed on first use: a big
 * config has a hundred thousand fields and most of their ranges are never
 * looked at, so the engine stores offsets and converts them lazily.
 */
import { LineIndex } from '../syntax/lineIndex';
import { Location } from '../syntax/position';
import { Assignment, Origin } from './types';

export type Quoting = Assignment['quoting'];

export class SourceAssignment implements Assignment {
  private loc?: Location;
  private keyLoc?: Location;
  private valueLoc?: Location;

  constructor(
    readonly origin: Origin,
    readonly uri: string,
    private readonly lines: LineIndex,
    private readonly fieldStart: number,
    private readonly fieldEnd: number,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    readonly quoting: Quoting,
  ) {}

  get location(): Location {
    return (this.loc ??= { uri: this.uri, range: this.lines.range(this.fieldStart, this.fieldEnd) });
  }

  get keyLocation(): Location {
    return (this.keyLoc ??= { uri: this.uri, range: this.lines.range(this.keyStart, this.keyEnd) });
  }

  get valueLocation(): Location {
    return (this.valueLoc ??= { uri: this.uri, range: this.lines.range(this.valueStart, this.valueEnd) });
  }

  toJSON(): object {
    return {
      origin: this.origin,
      location: this.location,
      keyLocation: this.keyLocation,
      valueLocation: this.valueLocation,
      quoting: this.quoting,
    };
  }
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** An assignment made by an `EMQX_*` environment variable. */
export function envAssignment(name: string, location?: Location, nameLocation?: Location): Assignment {
  const loc = location ?? { uri: `env:${name}`, range: ZERO };
  return { origin: nameLocation ? { kind: 'env', name, nameLocation } : { kind: 'env', name }, location: loc, keyLocation: loc, valueLocation: loc };
}
