/**
 * Findings and engine problems → editor diagnostics (plain data). Ranges are
 * tightened to one line, exact duplicates are dropped, the result is sorted by
 * position, and a file with more than MAX_DIAGNOSTICS_PER_FILE problems is
 * capped with a first diagnostic that says so (VS Code would silently drop the
 * rest).
 */
import { Problem } from '../model/types';
import { Finding } from '../rules/types';
import { Range, comparePositions } from '../syntax/position';
import { t } from '../l10n';
import { LineIndex } from '../syntax/lineIndex';
import { isTight, tightRange } from './text';
import { DIAGNOSTIC_SOURCE, IdeDiagnostic, IdeDiagnosticRelated, MAX_DIAGNOSTICS_PER_FILE, SEVERITY_NUMBER } from './types';
import { sameUri, toUri } from './uri';

/** The code of the diagnostic that says the list was cut. */
export const CAPPED_CODE = 'too-many-problems';

export interface DiagnosticOptions {
  /** The link of a rule's documentation page, or undefined when there is none. */
  readonly docsHref?: (ruleId: string) => string | undefined;
  readonly max?: number;
  /**
   * The document's line index, when the caller already has one for this exact
   * text (the language service keeps one per document version), so the text
   * is not scanned again.
   */
  readonly lines?: LineIndex;
}

/** A diagnostic paired with the finding it came from (code actions need the finding's fixes). */
export interface DiagnosticWithFinding {
  readonly diagnostic: IdeDiagnostic;
  readonly finding?: Finding;
}

export function findingToDiagnostic(f: Finding, lines: LineIndex, opts: DiagnosticOptions, docUri?: string): IdeDiagnostic {
  return findingDiagnostic(f, tightRange(f.location.range, lines), opts, docUri);
}

function findingDiagnostic(f: Finding, range: Range, opts: DiagnosticOptions, docUri?: string): IdeDiagnostic {
  const href = opts.docsHref?.(f.ruleId);
  const related: IdeDiagnosticRelated[] | undefined = f.related?.map((r) => ({
    location: { uri: docUri !== undefined && sameUri(r.location.uri, docUri) ? docUri : toUri(r.location.uri), range: r.location.range },
    message: r.message,
  }));
  return {
    range,
    severity: SEVERITY_NUMBER[f.severity] ?? 2,
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(href ? { codeDescription: { href } } : {}),
    ...(related && related.length > 0 ? { relatedInformation: related } : {}),
  };
}

export function problemToDiagnostic(p: Problem, lines: LineIndex, opts: DiagnosticOptions): IdeDiagnostic {
  return problemDiagnostic(p, tightRange(p.location.range, lines), opts);
}

function problemDiagnostic(p: Problem, range: Range, opts: DiagnosticOptions): IdeDiagnostic {
  const href = opts.docsHref?.(p.code);
  return {
    range,
    severity: SEVERITY_NUMBER[p.severity] ?? 1,
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
    ...(href ? { codeDescription: { href } } : {}),
  };
}

function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

/**
 * A finding or problem that may become a diagnostic: what its identity and
 * its order need, without the diagnostic itself (made only for those kept).
 */
class Candidate {
  constructor(
    readonly range: Range,
    readonly severity: number,
    readonly code: string,
    readonly message: string,
    readonly finding: Finding | undefined,
    readonly problem: Problem | undefined,
    /** Its place among the candidates (the last tie-break, as a stable sort would). */
    readonly index: number,
  ) {}
}

/** `tightRange(r)`, or `r` itself when that is the same (no copy for the many that will not be shown). */
function tight(r: Range, lines: LineIndex): Range {
  return isTight(r, lines) ? r : tightRange(r, lines);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Document order: range, then code. */
function byPlace(a: Candidate, b: Candidate): number {
  return compareRanges(a.range, b.range) || a.code.localeCompare(b.code);
}

/** The order in which a capped list keeps diagnostics: severity, then document order. */
function byKeep(a: Candidate, b: Candidate): number {
  return a.severity - b.severity || byPlace(a, b) || a.index - b.index;
}

/**
 * Builds the diagnostics of one document from the findings about it and the
 * problems the engine found while reading it. Problems of other files (an
 * include) are left to those files; a problem the rules already reported as a
 * finding at the same place is shown once. Exact duplicates (code, range and
 * message) are dropped; they can only be on one line, so candidates are
 * compared line by line. Past `max`, only the diagnostics kept are made
 * (a file of junk has a problem on every line: hundreds of thousands).
 */
export function buildDiagnostics(uri: string, text: string, findings: readonly Finding[], problems: readonly Problem[], opts: DiagnosticOptions = {}): DiagnosticWithFinding[] {
  const lines = opts.lines?.text === text ? opts.lines : new LineIndex(text);
  const max = opts.max ?? MAX_DIAGNOSTICS_PER_FILE;
  // The candidates by the line their range starts on (ranges are tightened to one line, inside the text).
  const onLine: Array<Candidate | Candidate[] | undefined> = new Array(lines.lineCount);
  const list: Candidate[] = [];
  const add = (range: Range, severity: number, code: string, message: string, finding: Finding | undefined, problem: Problem | undefined): void => {
    const line = range.start.line;
    const here = onLine[line];
    if (here !== undefined) {
      const n = Array.isArray(here) ? here.length : 1;
      for (let i = 0; i < n; i++) {
        const o = Array.isArray(here) ? here[i] : here;
        if (o.code === code && o.message === message && sameRange(o.range, range)) return;
        // The rules layer may already have turned this problem into a finding with another code.
        if (problem && o.finding && o.message === message) return;
      }
    }
    const candidate = new Candidate(range, severity, code, message, finding, problem, list.length);
    if (here === undefined) onLine[line] = candidate;
    else if (Array.isArray(here)) here.push(candidate);
    else onLine[line] = [here, candidate];
    list.push(candidate);
  };
  for (const f of findings) {
    if (!sameUri(f.location.uri, uri)) continue;
    add(tight(f.location.range, lines), SEVERITY_NUMBER[f.severity] ?? 2, f.ruleId, f.message, f, undefined);
  }
  for (const p of problems) {
    if (!sameUri(p.location.uri, uri)) continue;
    add(tight(p.location.range, lines), SEVERITY_NUMBER[p.severity] ?? 1, p.code, p.message, undefined, p);
  }
  // Each diagnostic gets a range of its own (a tight range may be the finding's own object).
  const toDiagnostic = (c: Candidate): DiagnosticWithFinding => {
    const range = { start: { line: c.range.start.line, character: c.range.start.character }, end: { line: c.range.end.line, character: c.range.end.character } };
    return c.finding ? { diagnostic: findingDiagnostic(c.finding, range, opts, uri), finding: c.finding } : { diagnostic: problemDiagnostic(c.problem!, range, opts) };
  };
  if (list.length <= max) return list.sort(byPlace).map(toDiagnostic);
  const keep = Math.max(0, max - 1);
  const kept = smallest(list, keep, byKeep);
  kept.sort((a, b) => compareRanges(a.range, b.range));
  return [{ diagnostic: cappedDiagnostic(list.length, keep, lines) }, ...kept.map(toDiagnostic)];
}

/** The `k` smallest of `items` by `compare` (a total order), in that order; one pass, keeping at most 2k at a time. */
function smallest<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  let best: T[] = [];
  let worst: T | undefined;
  for (const item of items) {
    if (worst !== undefined && compare(item, worst) >= 0) continue;
    best.push(item);
    if (best.length >= 2 * k) {
      best.sort(compare);
      best = best.slice(0, k);
      worst = best[k - 1];
    }
  }
  best.sort(compare);
  return best.slice(0, k);
}

function cappedDiagnostic(total: number, keep: number, lines: LineIndex): IdeDiagnostic {
  return {
    range: tightRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lines),
    severity: 2,
    code: CAPPED_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: t(
      'Too many problems: this file has {0}, and only {1} are shown ({2} hidden, the least severe first). Fix these, or run the command-line check, to see the rest.',
      total,
      keep,
      total - keep,
    ),
  };
}
