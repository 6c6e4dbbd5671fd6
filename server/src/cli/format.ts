/**
 * The output formats of `check`: human text, JSON (one object per finding)
 * and SARIF 2.1.0 for code-scanning services. Pure functions from findings to
 * a string; the command decides where it goes (stdout).
 *
 * Positions in findings are LSP-style (0-based line, 0-based UTF-16 column).
 * Text output and SARIF count from 1 (SARIF's default column unit is UTF-16
 * code units, the same unit, so only the base changes); JSON keeps the LSP
 * range as is, which editors and scripts can use without conversion.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Log, ReportingDescriptor, Result, Region, PhysicalLocation } from 'sarif';
import { t } from '../l10n';
import { filePathOf } from '../model/paths';
import { Finding, Severity } from '../rules/types';
import { Range } from '../syntax/position';

/** A rule as the formats describe it. */
export interface RuleMetadata {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly title: string;
  readonly docs: string;
}

export interface FormatContext {
  /** Paths in the output are relative to this folder when inside it. */
  readonly cwd: string;
  readonly toolVersion: string;
  /** Every rule that ran (SARIF lists them all, so a clean run still documents them). */
  readonly rules: readonly RuleMetadata[];
  /** How many files were checked (for the text summary of a clean run). */
  readonly fileCount: number;
  /** A URL prefix for the rule docs (`<prefix><rule-id>.md`), when the project has one. */
  readonly helpUriPrefix?: string;
  /** Problems of the run itself (unreadable files); SARIF reports them as tool notifications. */
  readonly runErrors?: readonly string[];
}

/** A finding's file as a path: findings carry absolute paths or file: URIs (any other id as it is). */
export function findingPath(uri: string): string {
  return filePathOf(uri) ?? uri;
}

export function displayPath(uri: string, cwd: string): string {
  const p = findingPath(uri);
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/**
 * `displayPath` for one report: worked out once per file, not per finding (a file
 * can have hundreds of thousands of findings, all of them printed).
 */
function displayPaths(cwd: string): (uri: string) => string {
  const cache = new Map<string, string>();
  return (uri) => {
    let p = cache.get(uri);
    if (p === undefined) cache.set(uri, (p = displayPath(uri, cwd)));
    return p;
  };
}

const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * Orders strings by UTF-16 code units: the same order on every machine and locale, and no
 * ICU collator to set up (String.prototype.localeCompare costs the CLI ~8 ms at start).
 */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order: file, line, column, rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const paths = new Map<string, string>();
  for (const f of findings) if (!paths.has(f.location.uri)) paths.set(f.location.uri, findingPath(f.location.uri));
  return [...findings].sort(
    (a, b) =>
      (a.location.uri === b.location.uri ? 0 : compareCodeUnits(paths.get(a.location.uri)!, paths.get(b.location.uri)!)) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.character - b.location.range.start.character ||
      severityRank[b.severity] - severityRank[a.severity] ||
      compareCodeUnits(a.ruleId, b.ruleId),
  );
}

// ---------------------------------------------------------------------------
// text
//
// One line per finding, `file:line:col severity rule-id message`, with the
// severity and rule id in English whatever the locale, so editors' problem
// matchers and scripts can parse the lines; the messages are translated.

export function formatText(findings: readonly Finding[], ctx: FormatContext): string {
  const lines: string[] = [];
  const shown = displayPaths(ctx.cwd);
  for (const f of sortFindings(findings)) {
    const { start } = f.location.range;
    lines.push(`${shown(f.location.uri)}:${start.line + 1}:${start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    for (const r of f.related ?? []) {
      const rs = r.location.range.start;
      lines.push(`    related: ${shown(r.location.uri)}:${rs.line + 1}:${rs.character + 1} ${r.message}`);
    }
  }
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  if (findings.length === 0) {
    lines.push(t('No problems found in {0} file(s).', ctx.fileCount));
  } else {
    if (lines.length > 0) lines.push('');
    lines.push(
      t(
        '{0} problem(s) in {1} file(s): {2} error(s), {3} warning(s), {4} info, {5} hint(s).',
        findings.length,
        // The files the problems are in: an included file or an ssl_dist.conf can be one of them.
        new Set(findings.map((f) => f.location.uri)).size,
        count('error'),
        count('warning'),
        count('info'),
        count('hint'),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// json

export interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** LSP-style: 0-based line and UTF-16 character. */
  readonly range: Range;
  readonly keyPath: string | null;
  readonly related: ReadonlyArray<{ file: string; range: Range; message: string }>;
}

export function toJsonFindings(findings: readonly Finding[], ctx: Pick<FormatContext, 'cwd'>): JsonFinding[] {
  const shown = displayPaths(ctx.cwd);
  return sortFindings(findings).map((f) => ({
    file: shown(f.location.uri),
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: f.location.range,
    keyPath: f.keyPath ?? null,
    related: (f.related ?? []).map((r) => ({ file: shown(r.location.uri), range: r.location.range, message: r.message })),
  }));
}

export function formatJson(findings: readonly Finding[], ctx: FormatContext): string {
  return JSON.stringify(toJsonFindings(findings, ctx), null, 2) + '\n';
}

// ---------------------------------------------------------------------------
// SARIF 2.1.0

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** `cluster-cookie-mismatch` → `ClusterCookieMismatch` (SARIF's reportingDescriptor.name). */
function pascalName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** Markdown docs reduced to plain text for SARIF `text` fields. */
function plainText(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

function region(r: Range): Region {
  // SARIF lines and columns are 1-based; endColumn is exclusive like LSP's end.
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/** A file's SARIF artifact location, worked out once per file of a report. */
function artifactLocations(cwd: string): (uri: string) => PhysicalLocation['artifactLocation'] {
  const cache = new Map<string, { uri: string; uriBaseId?: string }>();
  return (uri) => {
    let at = cache.get(uri);
    if (at === undefined) {
      const p = findingPath(uri);
      const shown = displayPath(uri, cwd);
      // Files under the working folder (the repository in CI) are given relative
      // to %SRCROOT%, which code-scanning services map to the checkout; others
      // keep their absolute file: URI.
      at = path.isAbsolute(shown) ? { uri: pathToFileURL(p).href } : { uri: shown.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
      cache.set(uri, at);
    }
    // A copy each: a report's objects are not shared between its results.
    return { ...at };
  };
}

function physicalLocation(uri: string, r: Range, artifact: (uri: string) => PhysicalLocation['artifactLocation']): PhysicalLocation {
  return { artifactLocation: artifact(uri), region: region(r) };
}

export function toSarif(findings: readonly Finding[], ctx: FormatContext): Log {
  const rules: ReportingDescriptor[] = ctx.rules.map((rule) => {
    const descriptor: ReportingDescriptor = {
      id: rule.id,
      name: pascalName(rule.id),
      shortDescription: { text: rule.title },
      fullDescription: { text: plainText(rule.docs) },
      help: { text: plainText(rule.docs), markdown: `**${rule.title}**\n\n${rule.docs}` },
      defaultConfiguration: rule.defaultSeverity === 'hint' ? { level: 'note', rank: 10 } : { level: sarifLevel(rule.defaultSeverity) },
      properties: { tags: ['security', 'emqx'] },
    };
    if (ctx.helpUriPrefix) descriptor.helpUri = `${ctx.helpUriPrefix}${rule.id}.md`;
    return descriptor;
  });
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i]));
  const artifact = artifactLocations(ctx.cwd);
  const results: Result[] = sortFindings(findings).map((f) => {
    const result: Result = {
      ruleId: f.ruleId,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: physicalLocation(f.location.uri, f.location.range, artifact) }],
    };
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (f.keyPath) result.properties = { keyPath: f.keyPath };
    if (f.related && f.related.length > 0) {
      result.relatedLocations = f.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: physicalLocation(r.location.uri, r.location.range, artifact),
        message: { text: r.message },
      }));
    }
    return result;
  });
  const cwdUri = pathToFileURL(ctx.cwd.endsWith(path.sep) ? ctx.cwd : ctx.cwd + path.sep).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'emqx-cluster-security',
            version: ctx.toolVersion,
            semanticVersion: ctx.toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri } },
        invocations: [
          {
            executionSuccessful: (ctx.runErrors ?? []).length === 0,
            ...((ctx.runErrors ?? []).length > 0 ? { toolExecutionNotifications: (ctx.runErrors ?? []).map((text) => ({ level: 'error' as const, message: { text } })) } : {}),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], ctx: FormatContext): string {
  return JSON.stringify(toSarif(findings, ctx), null, 2) + '\n';
}
