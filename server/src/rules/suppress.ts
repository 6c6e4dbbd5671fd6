/**
 * Suppression comments:
 *   # emqx-security-disable-next-line <rule-id>[, <rule-id>] -- <reason>
 *   # emqx-security-disable-file <rule-id>[, <rule-id>] -- <reason>
 * (`//` also starts a comment in HOCON; `%` in ssl_dist.conf). `next-line`
 * covers the next line that is neither blank nor a comment, so suppressions
 * can be stacked above a line. A missing reason (or the quick fix's placeholder
 * left in place) or an unknown id is reported; the suppression still applies.
 */
import { allTranslations, t } from '../l10n';
import { Range } from '../syntax/position';

/**
 * The reason the "disable" quick fixes write for the user to replace. A comment
 * that still has it (in English or in a shipped translation, whatever the locale
 * now) gives no reason.
 */
export function reasonPlaceholder(): string {
  return t('explain why this is acceptable here');
}

let placeholders: readonly string[] | undefined;

/** The quick fix's placeholder, or a template's `<why it does not apply here>` copied from a rule page. */
function isPlaceholder(reason: string): boolean {
  placeholders ??= allTranslations('explain why this is acceptable here');
  return placeholders.includes(reason) || /^<[^<>]*>$/.test(reason);
}

/** The text every suppression comment (`emqx-security-disable-next-line`, `-file`) contains. */
export const SUPPRESSION_MARKER = 'emqx-security-disable-';

export interface Suppression {
  readonly scope: 'next-line' | 'file';
  readonly ruleIds: ReadonlyArray<{ id: string; range: Range }>;
  /** Undefined when the comment gives none, or only the quick fix's placeholder. */
  readonly reason: string | undefined;
  /** The reason is the placeholder the quick fix inserted. */
  readonly placeholderReason?: boolean;
  /** The whole comment. */
  readonly range: Range;
  /** For next-line: the line it covers (undefined when nothing follows). */
  readonly targetLine?: number;
}

export function parseSuppressions(text: string, dialect: 'hocon' | 'cuttlefish' | 'ssl-dist'): Suppression[] {
  const lines = text.split(/\r\n|\n|\r/);
  const marker = dialect === 'ssl-dist' ? '%+' : dialect === 'cuttlefish' ? '#+' : '(?:#+|//)';
  const re = new RegExp(`^(\\s*${marker}\\s*)emqx-security-disable-(next-line|file)\\b(.*)$`);
  const isComment = (line: string) => {
    const s = line.trim();
    return s === '' || (dialect === 'ssl-dist' ? s.startsWith('%') : s.startsWith('#') || (dialect === 'hocon' && s.startsWith('//')));
  };
  const out: Suppression[] = [];
  lines.forEach((line, ln) => {
    const m = re.exec(line);
    if (!m) return;
    const scope = m[2] as 'next-line' | 'file';
    const restStart = m[1].length + `emqx-security-disable-${scope}`.length;
    const rest = m[3];
    const sep = rest.indexOf('--');
    const idsPart = sep >= 0 ? rest.slice(0, sep) : rest;
    const reason = sep >= 0 ? rest.slice(sep + 2).trim() : undefined;
    const ruleIds: Array<{ id: string; range: Range }> = [];
    const idRe = /[^\s,]+/g;
    for (let im = idRe.exec(idsPart); im; im = idRe.exec(idsPart)) {
      const start = restStart + im.index;
      ruleIds.push({ id: im[0], range: { start: { line: ln, character: start }, end: { line: ln, character: start + im[0].length } } });
    }
    let targetLine: number | undefined;
    if (scope === 'next-line') {
      for (let j = ln + 1; j < lines.length; j++) {
        if (!isComment(lines[j])) {
          targetLine = j;
          break;
        }
      }
    }
    const start = m[1].length - m[1].trimStart().length;
    out.push({
      scope,
      ruleIds,
      reason: reason === '' || (reason !== undefined && isPlaceholder(reason)) ? undefined : reason,
      placeholderReason: reason !== undefined && reason !== '' && isPlaceholder(reason),
      range: { start: { line: ln, character: start }, end: { line: ln, character: line.trimEnd().length } },
      targetLine,
    });
  });
  return out;
}

/** Whether the suppression comments silence a rule's finding starting on a line. */
export function suppressionTest(suppressions: readonly Suppression[]): (ruleId: string, line: number) => boolean {
  const fileWide = new Set(suppressions.filter((s) => s.scope === 'file').flatMap((s) => s.ruleIds.map((r) => r.id)));
  const byLine = new Map<number, Set<string>>();
  for (const s of suppressions) {
    if (s.scope !== 'next-line' || s.targetLine === undefined) continue;
    const set = byLine.get(s.targetLine) ?? new Set<string>();
    s.ruleIds.forEach((r) => set.add(r.id));
    byLine.set(s.targetLine, set);
  }
  return (ruleId, line) => fileWide.has(ruleId) || byLine.get(line)?.has(ruleId) === true;
}

/**
 * The findings that the suppression comments in `text` (the file they are
 * located in) do not silence: a `next-line` comment silences a finding that
 * starts on the line it covers, a `file` comment every finding of its rules.
 */
export function withoutSuppressed<F extends { readonly ruleId: string; readonly location: { readonly range: Range } }>(
  findings: readonly F[],
  text: string | undefined,
  dialect: 'hocon' | 'cuttlefish' | 'ssl-dist',
): F[] {
  if (findings.length === 0 || text === undefined || !text.includes(SUPPRESSION_MARKER)) return [...findings];
  const suppressed = suppressionTest(parseSuppressions(text, dialect));
  return findings.filter((f) => !suppressed(f.ruleId, f.location.range.start.line));
}
