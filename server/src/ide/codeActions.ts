/**
 * Code actions as plain data: the quick fixes a rule attached to its finding,
 * "disable for this line / file" (suppression comments), "show documentation",
 * and one `source.fixAll.emqx-cluster-security` action that applies every fix
 * a rule marked safe. Actions are offered only for the diagnostics the client
 * named in the request (or, for clients that name none, those in the range).
 */
import { reasonPlaceholder } from '../rules/suppress';
import { Fix, Finding } from '../rules/types';
import { Range } from '../syntax/position';
import { t } from '../l10n';
import { DiagnosticWithFinding } from './diagnostics';
import { LineIndex } from '../syntax/lineIndex';
import { eolOf, indentation, rangesOverlap, sameRange } from './text';
import { CODE_ACTION_KIND_FIX_ALL_OURS, CODE_ACTION_KIND_QUICKFIX, DIAGNOSTIC_SOURCE, IdeCodeAction, IdeDiagnostic, IdeTextEdit, SHOW_RULE_DOCS_COMMAND } from './types';
import { sameUri, toUri } from './uri';

export const DISABLE_NEXT_LINE = 'emqx-security-disable-next-line';
export const DISABLE_FILE = 'emqx-security-disable-file';

/** What a client sends as `context` of a code-action request (only the fields we read). */
export interface CodeActionRequestContext {
  readonly diagnostics: ReadonlyArray<{
    readonly range: Range;
    readonly code?: string | number;
    readonly source?: string;
    readonly message?: string;
  }>;
  readonly only?: readonly string[];
}

export interface CodeActionInput {
  readonly uri: string;
  readonly text: string;
  /** `ssl-dist` files comment with `%`, everything else with `#`. */
  readonly dialect: string;
  /** The document's current diagnostics, each with its finding. */
  readonly diagnostics: readonly DiagnosticWithFinding[];
  readonly range: Range;
  readonly context: CodeActionRequestContext;
  /** Whether a rule has a documentation page (the "show documentation" action needs one). */
  readonly docsHref?: (ruleId: string) => string | undefined;
  /**
   * The document's line index, when the caller already has one for this exact
   * text (the language service keeps one per document version), so the text
   * is not scanned again.
   */
  readonly lines?: LineIndex;
}

export function commentPrefix(dialect: string): string {
  return dialect === 'ssl-dist' ? '%' : '#';
}

function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  // A requested kind matches itself and every kind below it (`source` covers `source.fixAll.x`).
  return only.some((o) => o === '' || kind === o || kind.startsWith(o + '.'));
}

function fixToAction(fix: Fix, diagnostic: IdeDiagnostic, preferred: boolean, docUri: string): IdeCodeAction {
  const changes: Record<string, IdeTextEdit[]> = {};
  for (const e of fix.edits) {
    // Edits of the document itself use the client's spelling of its URI, so the client applies them to the open buffer.
    const u = sameUri(e.uri, docUri) ? docUri : toUri(e.uri);
    (changes[u] ??= []).push({ range: e.range, newText: e.newText });
  }
  const hasEdits = fix.edits.length > 0;
  return {
    title: fix.title,
    kind: CODE_ACTION_KIND_QUICKFIX,
    diagnostics: [diagnostic],
    ...(preferred ? { isPreferred: true } : {}),
    ...(hasEdits ? { edit: { changes } } : {}),
    ...(fix.command ? { command: { title: fix.title, command: fix.command.id, arguments: fix.command.arguments ? [...fix.command.arguments] : [] } } : {}),
  };
}

/** Finds, among the document's diagnostics, the ones the client's request is about. */
export function selectDiagnostics(input: CodeActionInput): DiagnosticWithFinding[] {
  const ours = input.context.diagnostics.filter((d) => d.source === undefined || d.source === DIAGNOSTIC_SOURCE);
  const picked: DiagnosticWithFinding[] = [];
  const add = (d: DiagnosticWithFinding) => {
    if (!picked.includes(d)) picked.push(d);
  };
  if (ours.length > 0) {
    for (const c of ours) {
      const code = c.code === undefined ? undefined : String(c.code);
      // Some clients (Neovim 0.7) echo diagnostics back without their code: match those by place and message.
      const sameCode = (d: DiagnosticWithFinding) => (code === undefined ? c.message === undefined || d.diagnostic.message === c.message : d.diagnostic.code === code);
      const exact = input.diagnostics.find((d) => sameCode(d) && sameRange(d.diagnostic.range, c.range));
      if (exact) {
        add(exact);
        continue;
      }
      // The client may still hold a range from before an edit moved it; the same rule on the same line is the same diagnostic.
      const near = input.diagnostics.find((d) => sameCode(d) && d.diagnostic.range.start.line === c.range.start.line);
      if (near) add(near);
    }
    if (picked.length > 0) return picked;
    // Clients that rebuild diagnostics (Neovim 0.7 keeps only range, code and message, and may
    // reflow the message): ours on the same place as one named, whatever its text now says.
    for (const c of ours) for (const d of input.diagnostics) if (rangesOverlap(d.diagnostic.range, c.range) && (c.code === undefined || String(c.code) === d.diagnostic.code)) add(d);
    return picked;
  }
  if (input.context.diagnostics.length > 0) return picked;
  // Clients that send no diagnostics get the ones under the requested range.
  for (const d of input.diagnostics) if (rangesOverlap(d.diagnostic.range, input.range)) add(d);
  return picked;
}

/**
 * The edit that suppresses `ruleId` on the diagnostic's line: a new comment
 * line above it with the same indentation, or, when the line above already is
 * a disable-next-line comment, the id added to it.
 */
export function disableLineEdit(lines: LineIndex, line: number, ruleId: string, dialect: string): IdeTextEdit {
  const c = commentPrefix(dialect);
  const above = line > 0 ? lines.lineText(line - 1) : undefined;
  if (above !== undefined) {
    const m = new RegExp(`^([ \\t]*${escapeRe(c)}+\\s*${DISABLE_NEXT_LINE}\\s+)([^\\n]*?)(\\s*--.*)?$`).exec(above);
    if (m) {
      const ids = m[2]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!ids.includes(ruleId)) {
        const idsEnd = m[1].length + m[2].length;
        return {
          range: { start: { line: line - 1, character: idsEnd }, end: { line: line - 1, character: idsEnd } },
          newText: `, ${ruleId}`,
        };
      }
    }
  }
  const indent = indentation(lines, line);
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${c} ${DISABLE_NEXT_LINE} ${ruleId} -- ${reasonPlaceholder()}${eolOf(lines.text)}`,
  };
}

/** The edit that suppresses `ruleId` in the whole file: a comment on the first line. */
export function disableFileEdit(lines: LineIndex, ruleId: string, dialect: string): IdeTextEdit {
  const c = commentPrefix(dialect);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    newText: `${c} ${DISABLE_FILE} ${ruleId} -- ${reasonPlaceholder()}${eolOf(lines.text)}`,
  };
}

/** Inserted where the user must say why; the rules report a suppression that keeps it (rules/suppress.ts). */
export { reasonPlaceholder };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function codeActions(input: CodeActionInput): IdeCodeAction[] {
  const actions: IdeCodeAction[] = [];
  const wantQuickFix = kindWanted(CODE_ACTION_KIND_QUICKFIX, input.context.only);
  if (wantQuickFix) {
    const selected = selectDiagnostics(input);
    const lines = input.lines?.text === input.text ? input.lines : new LineIndex(input.text);
    const titles = new Set<string>();
    const tail: IdeCodeAction[] = [];
    for (const { diagnostic, finding } of selected) {
      if (!finding) continue;
      const fixes = finding.fixes ?? [];
      const anyPreferred = fixes.some((f) => f.isPreferred);
      fixes.forEach((fix, i) => {
        actions.push(fixToAction(fix, diagnostic, anyPreferred ? fix.isPreferred === true : i === 0, input.uri));
      });
      const id = finding.ruleId;
      const lineTitle = t('Disable {0} for this line', id);
      const lineKey = `${lineTitle}\u0000${diagnostic.range.start.line}`;
      if (!titles.has(lineKey)) {
        titles.add(lineKey);
        tail.push({
          title: lineTitle,
          kind: CODE_ACTION_KIND_QUICKFIX,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [disableLineEdit(lines, diagnostic.range.start.line, id, input.dialect)] } },
        });
      }
      const fileTitle = t('Disable {0} for this file', id);
      if (!titles.has(fileTitle)) {
        titles.add(fileTitle);
        tail.push({
          title: fileTitle,
          kind: CODE_ACTION_KIND_QUICKFIX,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [disableFileEdit(lines, id, input.dialect)] } },
        });
      }
      const href = input.docsHref?.(id);
      const docsTitle = t('Show documentation for {0}', id);
      if (href && !titles.has(docsTitle)) {
        titles.add(docsTitle);
        tail.push({
          title: docsTitle,
          kind: CODE_ACTION_KIND_QUICKFIX,
          command: { title: docsTitle, command: SHOW_RULE_DOCS_COMMAND, arguments: [id] },
        });
      }
    }
    for (const a of tail) actions.push(a);
  }
  if (kindWanted(CODE_ACTION_KIND_FIX_ALL_OURS, input.context.only)) {
    const all = fixAllAction(input.uri, input.diagnostics);
    if (all) actions.push(all);
  }
  return actions;
}

/**
 * One action that applies the safe fix of every finding in the document.
 * Edits are applied in document order; an edit that overlaps one already
 * chosen is left out (the user runs fix-all again, or fixes it by hand).
 */
export function fixAllAction(uri: string, diagnostics: readonly DiagnosticWithFinding[]): IdeCodeAction | undefined {
  const chosen: IdeTextEdit[] = [];
  const covered: IdeDiagnostic[] = [];
  for (const { diagnostic, finding } of diagnostics) {
    const fix = safeFix(finding);
    if (!fix) continue;
    const edits = fix.edits.filter((e) => sameUri(e.uri, uri));
    // A fix that also edits another file is not applied blindly.
    if (edits.length !== fix.edits.length || edits.length === 0) continue;
    if (edits.some((e) => chosen.some((c) => editsOverlap(c, e)))) continue;
    for (const e of edits) chosen.push({ range: e.range, newText: e.newText });
    covered.push(diagnostic);
  }
  if (chosen.length === 0) return undefined;
  return {
    title: t('Fix all safe EMQX cluster-security problems'),
    kind: CODE_ACTION_KIND_FIX_ALL_OURS,
    diagnostics: covered,
    edit: { changes: { [uri]: chosen } },
  };
}

function safeFix(finding: Finding | undefined): Fix | undefined {
  const safe = (finding?.fixes ?? []).filter((f) => f.safe && !f.command);
  return safe.find((f) => f.isPreferred) ?? safe[0];
}

function editsOverlap(a: IdeTextEdit, b: IdeTextEdit): boolean {
  // Two insertions at the same point would interleave unpredictably; treat them as overlapping too.
  if (sameRange(a.range, b.range)) return true;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

/** Whether position `p` comes before `q` (a module function: fix-all compares every pair of edits). */
function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}
