/**
 * Findings and engine problems → editor diagnostics (plain data). Ranges are
 * tightened to one line, exact duplicates are dropped, the result is sorted by
 * position, and a file with more than MAX_DIAGNOSTICS_PER_FILE problems is
 * capped with a last diagnostic that says so (VS Code would silently drop the
 * rest).
 */
import { Problem } from '../model/types';
import { Finding } from '../rules/types';
import { Range, comparePositions } from '../syntax/position';
import { t } from '../l10n';
import { LineIndex } from '../syntax/lineIndex';
import { tightRange } from './text';
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
  const href = opts.docsHref?.(f.ruleId);
  const related: IdeDiagnosticRelated[] | undefined = f.related?.map((r) => ({
    location: { uri: docUri !== undefined && sameUri(r.location.uri, docUri) ? docUri : toUri(r.location.uri), range: r.location.range },
    message: r.message,
  }));
  return {
    range: tightRange(f.location.range, lines),
    severity: SEVERITY_NUMBER[f.severity] ?? 2,
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(href ? { codeDescription: { href } } : {}),
    ...(related && related.length > 0 ? { relatedInformation: related } : {}),
  };
}

export function problemToDiagnostic(p: Problem, lines: LineIndex, opts: DiagnosticOptions): IdeDiagnostic {
  const href = opts.docsHref?.(p.code);
  return {
    range: tightRange(p.location.range, lines),
    severity: SEVERITY_NUMBER[p.severity] ?? 1,
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
    ...(href ? { codeDescription: { href } } : {}),
  };
}

function key(d: IdeDiagnostic): string {
  const r = d.range;
  return `${d.code}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\u0000${d.message}`;
}

function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

/**
 * Builds the diagnostics of one document from the findings about it and the
 * problems the engine found while reading it. Problems of other files (an
 * include) are left to those files; a problem the rules already reported as a
 * finding at the same place is shown once.
 */
export function buildDiagnostics(uri: string, text: string, findings: readonly Finding[], problems: readonly Problem[], opts: DiagnosticOptions = {}): DiagnosticWithFinding[] {
  const lines = opts.lines?.text === text ? opts.lines : new LineIndex(text);
  const seen = new Set<string>();
  const seenPlace = new Set<string>();
  const out: DiagnosticWithFinding[] = [];
  for (const f of findings) {
    if (!sameUri(f.location.uri, uri)) continue;
    const diagnostic = findingToDiagnostic(f, lines, opts, uri);
    const k = key(diagnostic);
    if (seen.has(k)) continue;
    seen.add(k);
    seenPlace.add(`${diagnostic.message}\u0000${diagnostic.range.start.line}`);
    out.push({ diagnostic, finding: f });
  }
  for (const p of problems) {
    if (!sameUri(p.location.uri, uri)) continue;
    const diagnostic = problemToDiagnostic(p, lines, opts);
    const k = key(diagnostic);
    // The rules layer may already have turned this problem into a finding with another code.
    if (seen.has(k) || seenPlace.has(`${diagnostic.message}\u0000${diagnostic.range.start.line}`)) continue;
    seen.add(k);
    out.push({ diagnostic });
  }
  out.sort((a, b) => compareRanges(a.diagnostic.range, b.diagnostic.range) || a.diagnostic.code.localeCompare(b.diagnostic.code));
  return capDiagnostics(out, opts.max ?? MAX_DIAGNOSTICS_PER_FILE, tightRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lines));
}

/**
 * Keeps at most `max` diagnostics: the most severe ones first, then in
 * document order, and replaces the rest with one diagnostic that says how many
 * were left out.
 */
export function capDiagnostics(list: DiagnosticWithFinding[], max: number, where: Range): DiagnosticWithFinding[] {
  if (list.length <= max) return list;
  const keep = Math.max(0, max - 1);
  const bySeverity = [...list].sort((a, b) => a.diagnostic.severity - b.diagnostic.severity || compareRanges(a.diagnostic.range, b.diagnostic.range));
  const kept = bySeverity.slice(0, keep);
  kept.sort((a, b) => compareRanges(a.diagnostic.range, b.diagnostic.range));
  const hidden = list.length - keep;
  const capped: IdeDiagnostic = {
    range: where,
    severity: 2,
    code: CAPPED_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: t(
      'Too many problems: this file has {0}, and only {1} are shown ({2} hidden, the least severe first). Fix these, or run the command-line check, to see the rest.',
      list.length,
      keep,
      hidden,
    ),
  };
  return [{ diagnostic: capped }, ...kept];
}
