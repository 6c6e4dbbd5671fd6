/**
 * Problems found by the syntax layer. The shape is the model layer's `Problem`
 * (structurally identical), declared here so the syntax layer depends on
 * nothing above it.
 */
import { Location } from './position';

export type SyntaxSeverity = 'error' | 'warning' | 'info';

export interface SyntaxProblem {
  readonly code: string;
  readonly severity: SyntaxSeverity;
  readonly message: string;
  readonly location: Location;
}

/** Stable problem codes of the HOCON engine (syntax and model layers). */
export const ProblemCode = {
  /** Something EMQX's scanner or parser rejects. */
  syntax: 'hocon-syntax',
  /** Invalid UTF-8 (seen as U+FFFD after decoding); EMQX rejects the file. */
  invalidUtf8: 'hocon-invalid-utf8',
  /** A required substitution `${x}` with nothing to refer to. */
  unresolved: 'hocon-unresolved',
  /** Substitutions that refer to each other in a circle. */
  cycle: 'hocon-cycle',
  /** Pieces of a value that EMQX cannot concatenate (a number next to a string…). */
  concat: 'hocon-concat',
  /** `include required("f")` where `f` does not exist. */
  includeMissing: 'hocon-include-missing',
  /** A file that includes itself, directly or through others. */
  includeCycle: 'hocon-include-cycle',
  /** More include expansions than a load allows (an include bomb); the rest are not read. */
  includeLimit: 'hocon-include-limit',
  /** `a.3 = x` beyond the end of the array `a`. */
  arrayIndex: 'hocon-array-index',
  /** Nesting deeper than the engine follows. */
  tooDeep: 'hocon-too-deep',
  /** Warning: whitespace between pieces of a value is dropped (`foo bar` is "foobar"). */
  concatWhitespace: 'hocon-concat-whitespace',
  /** Warning: a value continues on the next line (a newline does not end a value). */
  concatNewline: 'hocon-concat-newline',
  /** Warning: `${a}` copies something other than the value `a` ends up with (EMQX looks up the last definition as written). */
  substPartial: 'hocon-subst-partial',
  /** Warning: EMQX drops a field whose substitution found only definitions still waiting for their own. */
  substDropped: 'hocon-subst-dropped',
  /** Warning: an unknown escape such as `\q` is kept literally. */
  invalidEscape: 'hocon-invalid-escape',
} as const;
