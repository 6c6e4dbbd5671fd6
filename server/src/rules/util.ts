/**
 * Helpers the rules share: finding entries of the checked document, anchors for
 * findings about keys that are absent, and text edits that keep the user's
 * layout (a key inside an existing block, or a dotted key, like its neighbours).
 */
import * as path from 'path';
import { containerFile, IMAGE_EMQX_CONF } from '../emqx/container';
import { baseName, filePathOf } from '../model/paths';
import { Assignment, ConfigEntry, HoconValue } from '../model/types';
import { LineIndex, lineBreakOf } from '../syntax/lineIndex';
import { comparePositions, Location, Range } from '../syntax/position';
import { Finding, Fix, RelatedInfo, Rule, RuleContext, Severity, TextEdit } from './types';

const linesCache = new WeakMap<RuleContext, LineIndex>();

/**
 * The line index of the checked document: the one the model and the ide layer use when
 * the caller handed it down, else one built once per check. A line's text is cut out when
 * asked for, so a big file is not split into an array of lines for the few a rule reads.
 */
export function linesOf(ctx: RuleContext): LineIndex {
  let l = linesCache.get(ctx);
  if (!l) {
    const doc = ctx.document;
    l = doc.lines?.text === doc.text ? doc.lines : new LineIndex(doc.text);
    linesCache.set(ctx, l);
  }
  return l;
}

export function textIn(ctx: RuleContext, range: Range): string {
  const l = linesOf(ctx);
  return ctx.document.text.slice(l.offsetAt(range.start), l.offsetAt(range.end));
}

/** Whether an assignment was written in the checked document (so it can be edited there). */
export function isInDocument(ctx: RuleContext, a: Assignment): boolean {
  return a.origin.kind === 'file' && a.location.uri === ctx.document.uri;
}

/** Whether a finding can point at an assignment (a file, or an environment variable with a known place). */
export function isReportable(a: Assignment): boolean {
  return !a.location.uri.startsWith('env:');
}

/** A key's entry, trying its aliases in order (`rpc.protocol`, then `rpc.driver`): the one in effect. */
export function getEntry(ctx: RuleContext, ...paths: string[]): ConfigEntry | undefined {
  const found = paths.map((p) => ctx.config.get(p)).filter((e): e is ConfigEntry => e !== undefined);
  if (found.length <= 1) return found[0];
  // Aliases land on the same schema field; the later assignment wins.
  return found.reduce((a, b) => (laterThan(b.setBy, a.setBy) ? b : a));
}

function laterThan(a: Assignment, b: Assignment): boolean {
  const rank = (x: Assignment) => (x.origin.kind === 'env' ? 3 : x.origin.layer === 'main' ? 2 : x.origin.layer === 'cluster' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) > rank(b);
  if (a.location.uri !== b.location.uri) return false;
  const s = a.location.range.start;
  const t = b.location.range.start;
  return s.line !== t.line ? s.line > t.line : s.character > t.character;
}

/** A scalar value as EMQX's converters would see it as text. */
export function scalarText(value: HoconValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** The value as a boolean the way EMQX reads booleans (`true`/`false`; 4.x flags also `on`/`off`). */
export function booleanValue(value: HoconValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const s = scalarText(value)?.trim().toLowerCase();
  if (s === 'true' || s === 'on') return true;
  if (s === 'false' || s === 'off') return false;
  return undefined;
}

/** Strings of an array value, or of a comma-separated string (EMQX accepts both for lists). */
export function stringList(value: HoconValue | undefined): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => scalarText(v) ?? '').filter((s) => s !== '');
  const s = scalarText(value);
  if (s === undefined) return undefined;
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Every entry of the config under a path prefix. */
export function entriesUnder(ctx: RuleContext, prefix: readonly string[]): ConfigEntry[] {
  if (ctx.config.entriesUnder) return [...ctx.config.entriesUnder(prefix)];
  const out: ConfigEntry[] = [];
  for (const e of ctx.config.entries()) if (startsWith(e.path, prefix)) out.push(e);
  return out;
}

export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * Where to put a finding about something absent from a section (no `rpc.protocol`): the
 * section's first header or dotted key in the document, else `node`, else the first line
 * that is not a comment. Always a single-line range in the checked document.
 */
export function anchorFor(ctx: RuleContext, section: string): Location {
  return { uri: ctx.document.uri, range: anchorIn(linesOf(ctx), section) };
}

/**
 * Where to show, in a config known only by its text, a finding that belongs to another file
 * that deploys it (a default cookie set by docker-compose.yml): the section of the key it is
 * about (`node` for `node.cookie`), else `node`, else the first line that is not a comment.
 * Never line 1's comment marker, which an empty range at the start would underline.
 */
export function anchorInText(uri: string, text: string, keyPath: string | undefined): Location {
  return { uri, range: anchorIn(new LineIndex(text), keyPath?.split('.')[0] ?? 'node') };
}

function anchorIn(l: LineIndex, section: string): Range {
  const find = (name: string): Range | undefined => {
    // The first line that is blanks, the name, blanks, then a separator or the line's end,
    // found with indexOf (a line-anchored regular expression tries every character of a big file).
    const text = l.text;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      let b = at;
      while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
      if (b > 0 && !isLineBreak(text.charCodeAt(b - 1))) continue;
      let e = at + name.length;
      while (e < text.length && isBlank(text.charCodeAt(e))) e++;
      const c = text.charCodeAt(e);
      if (!(e >= text.length || isLineBreak(c) || c === 46 || c === 123 || c === 61 || c === 58)) continue;
      const start = l.positionAt(at);
      return { start, end: { line: start.line, character: start.character + name.length } };
    }
    return undefined;
  };
  return find(section) ?? find('node') ?? firstSignificantLine(l);
}

/**
 * Whether some line opens a block (blanks, a name, blanks, `{`). Each line is scanned from its
 * start: a multiline regular expression would also match after every U+2028 (a line end for
 * `^`, a blank for `\s`) and rescan a run of them from each one.
 */
function opensBlock(l: LineIndex): boolean {
  const text = l.text;
  for (let i = 0; i < l.lineCount; i++) {
    let k = l.lineStart(i);
    while (k < text.length && isBlank(text.charCodeAt(k))) k++;
    const c = text.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) continue;
    k++;
    for (let d = text.charCodeAt(k); (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95 || d === 45; d = text.charCodeAt(++k));
    while (k < text.length && isBlank(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === 123) return true;
  }
  return false;
}

/** White space within a line: what `\s` matches, `\n` and `\r` aside. */
function isBlank(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0x2028 ||
    c === 0x2029
  );
}

/** A line break as the rules count lines (`\n`, `\r\n`, `\r`). */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function firstSignificantLine(l: LineIndex): Range {
  for (let i = 0; i < l.lineCount; i++) {
    const line = l.lineText(i) ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//') || trimmed.startsWith('%')) continue;
    const start = line.length - line.trimStart().length;
    return { start: { line: i, character: start }, end: { line: i, character: line.trimEnd().length } };
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/**
 * Whether the document is a node's main config, which should be told what it lacks
 * ("no cookie", "RPC not encrypted" when nothing is set). EMQX's lower layers
 * (`base.hocon`, `cluster.hocon`) are not where these settings are expected, and fragments
 * (a listeners file, a 4.x plugin config) say nothing about the node: such findings are
 * left to `emqx.conf` (on this machine, or a file of any name mounted as a container's
 * emqx.conf), or to a file that sets something under node, cluster or rpc.
 */
export function judgesAbsence(ctx: RuleContext): boolean {
  const uri = ctx.document.uri;
  const name = baseName(uri).toLowerCase();
  if (name === 'base.hocon' || name === 'cluster.hocon') return false;
  if (name === 'emqx.conf' || isContainerEmqxConf(ctx)) return true;
  for (const section of ['node', 'cluster', 'rpc']) {
    for (const e of entriesUnder(ctx, [section])) if (e.setBy.location.uri === uri) return true;
  }
  return false;
}

/** The document is the file mounted over the node's `etc/emqx.conf` in its container, whatever its name on this machine. */
function isContainerEmqxConf(ctx: RuleContext): boolean {
  if (!ctx.container) return false;
  const at = containerFile(ctx.container, IMAGE_EMQX_CONF);
  const own = filePathOf(ctx.document.uri);
  return at.kind === 'host' && own !== undefined && path.resolve(at.path) === path.resolve(own);
}

/** Makes a single-line range: a multi-line one is cut at the end of its first line. */
export function singleLine(ctx: RuleContext, range: Range): Range {
  if (range.start.line === range.end.line) return range;
  const line = linesOf(ctx).lineText(range.start.line) ?? '';
  return { start: range.start, end: { line: range.start.line, character: Math.max(range.start.character, line.trimEnd().length) } };
}

export interface FindingOptions {
  readonly severity?: Severity;
  readonly keyPath?: string;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
}

export function finding(rule: Rule, ctx: RuleContext, location: Location, message: string, opts: FindingOptions = {}): Finding {
  const range = location.uri === ctx.document.uri ? singleLine(ctx, location.range) : location.range;
  return {
    ruleId: rule.id,
    severity: opts.severity ?? rule.defaultSeverity,
    message,
    // A location that needs no change is shared, not copied (a file of junk makes one finding per line).
    location: range === location.range ? location : { uri: location.uri, range },
    keyPath: opts.keyPath,
    related: opts.related,
    fixes: opts.fixes,
  };
}

/** A value written the way the document's dialect needs it: quoted in HOCON, bare in cuttlefish. */
export function valueText(ctx: RuleContext, value: string, forceBare = false): string {
  if (ctx.document.dialect === 'cuttlefish' || forceBare) return value;
  return JSON.stringify(value);
}

export function replaceValueEdit(ctx: RuleContext, a: Assignment, newText: string): TextEdit {
  return { uri: ctx.document.uri, range: a.valueLocation.range, newText };
}

/**
 * Deletes an assignment: the whole line(s) when nothing else is on them (a trailing
 * comment goes with it), else just the field and a separator after it.
 */
export function deleteAssignmentEdit(ctx: RuleContext, a: Assignment): TextEdit {
  const l = linesOf(ctx);
  const { start, end } = a.location.range;
  const before = (l.lineText(start.line) ?? '').slice(0, start.character);
  const after = (l.lineText(end.line) ?? '').slice(end.character);
  if (before.trim() === '' && /^\s*[,;]?\s*(#.*|\/\/.*)?$/.test(after)) {
    const nextLine = end.line + 1;
    const range: Range =
      nextLine < l.lineCount
        ? { start: { line: start.line, character: 0 }, end: { line: nextLine, character: 0 } }
        : { start: { line: start.line, character: 0 }, end: { line: end.line, character: (l.lineText(end.line) ?? '').length } };
    return { uri: ctx.document.uri, range, newText: '' };
  }
  const sep = /^\s*[,;]?/.exec(after)![0];
  return { uri: ctx.document.uri, range: { start, end: { line: end.line, character: end.character + sep.length } }, newText: '' };
}

/** How many leading path segments of an assignment come from enclosing blocks (`rpc { protocol = … }` → 1). */
function enclosingDepth(ctx: RuleContext, entry: ConfigEntry): number {
  const l = linesOf(ctx);
  const k = entry.setBy.keyLocation.range;
  const line = l.lineText(k.start.line) ?? '';
  let i = k.start.character;
  // Walk back over a dotted key written on this line: `rpc.protocol`, `"rpc".protocol`.
  while (i > 0 && /[A-Za-z0-9_."-]/.test(line[i - 1])) i--;
  const written = line.slice(i, k.end.character).replace(/"/g, '');
  const segments = written.split('.').filter((s) => s !== '').length;
  return Math.max(0, entry.path.length - segments);
}

/**
 * Inserts keys the way the document already writes this section: after the last key of
 * the deepest enclosing block or dotted group the new keys fit in, with the same indent
 * and prefix; otherwise a new block (HOCON files with blocks) or dotted lines at the end.
 * `keys` are full paths with their value text as it should be written.
 */
export function insertKeysEdit(ctx: RuleContext, keys: ReadonlyArray<{ path: readonly string[]; value: string }>): TextEdit {
  const l = linesOf(ctx);
  const eol = lineBreakOf(l.text);
  const target = keys[0].path;
  let best: { entry: ConfigEntry; depth: number; common: number } | undefined;
  // Only this section's entries: an entry's location is computed on first use, and a big file
  // has a hundred thousand entries of which only these matter.
  for (const entry of entriesUnder(ctx, [target[0]])) {
    if (!isInDocument(ctx, entry.setBy)) continue;
    const depth = ctx.document.dialect === 'cuttlefish' ? 0 : enclosingDepth(ctx, entry);
    if (!startsWith(target, entry.path.slice(0, depth))) continue;
    let common = 0;
    while (common < Math.min(target.length - 1, entry.path.length - 1) && target[common] === entry.path[common]) common++;
    const later = best !== undefined && comparePositions(entry.setBy.location.range.end, best.entry.setBy.location.range.end) > 0;
    if (!best || common > best.common || (common === best.common && later)) best = { entry, depth, common };
  }
  if (best) {
    const loc = best.entry.setBy.location.range;
    const keyStart = best.entry.setBy.keyLocation.range.start;
    const keyLine = l.lineText(keyStart.line) ?? '';
    const leading = /^\s*/.exec(keyLine)![0];
    const written = keyLine.slice(leading.length);
    // The key starts its line (possibly after a dotted prefix) or follows `section {` on it.
    const startsLine = /^[A-Za-z0-9_."-]*$/.test(written.slice(0, keyStart.character - leading.length));
    const indent = startsLine ? leading : leading + '  ';
    const endLine = l.lineText(loc.end.line) ?? '';
    const rest = endLine.slice(loc.end.character);
    const atEndOfLine = /^\s*[,;]?\s*(#.*|\/\/.*)?$/.test(rest);
    const position = atEndOfLine ? { line: loc.end.line, character: endLine.length } : loc.end;
    const text = keys.map((k) => `${eol}${indent}${k.path.slice(best!.depth).join('.')} = ${k.value}`).join('');
    return { uri: ctx.document.uri, range: { start: position, end: position }, newText: text };
  }
  // Nothing of this section in the document: append at the end.
  const lastLine = l.lineCount - 1;
  const end = { line: lastLine, character: (l.lineText(lastLine) ?? '').length };
  const lead = l.lineText(lastLine) === '' ? (lastLine > 0 && (l.lineText(lastLine - 1) ?? '').trim() !== '' ? eol : '') : eol + eol;
  const usesBlocks = ctx.document.dialect === 'hocon' && opensBlock(l);
  let body: string;
  if (usesBlocks && keys.every((k) => k.path.length >= 2)) {
    const section = target[0];
    body = `${section} {${eol}` + keys.map((k) => `  ${k.path.slice(1).join('.')} = ${k.value}${eol}`).join('') + `}${eol}`;
  } else {
    body = keys.map((k) => `${k.path.join('.')} = ${k.value}${eol}`).join('');
  }
  return { uri: ctx.document.uri, range: { start: end, end }, newText: lead + body };
}

/** Sets a key: replaces its value when the document assigns it, else inserts it. */
export function setKeyEdit(ctx: RuleContext, path: readonly string[], value: string, current?: ConfigEntry): TextEdit {
  if (current && isInDocument(ctx, current.setBy)) return replaceValueEdit(ctx, current.setBy, value);
  return insertKeysEdit(ctx, [{ path, value }]);
}

/**
 * Optimal-string-alignment distance, for did-you-mean suggestions (or `max + 1` as soon as it
 * is known to be more than `max`). Three rolling rows (the transposition looks two rows back)
 * in one typed array kept between calls, rather than a full matrix of arrays: rules call this
 * for every unknown key against every known one, and allocating made a file with a few hundred
 * unknown keys take seconds.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  // A common prefix and suffix cost nothing (keys under one section share
  // theirs): the table covers the middles only, `a[s, s + n)` and `b[s, s + m)`.
  let s = 0;
  let n = a.length;
  let m = b.length;
  while (s < n && s < m && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  while (n > s && m > s && a.charCodeAt(n - 1) === b.charCodeAt(m - 1)) {
    n--;
    m--;
  }
  n -= s;
  m -= s;
  // Three rows of the table, reused across calls (did-you-mean measures one
  // word against every known key, for every unknown key of a file).
  if (rows.length < 3 * (m + 1)) rows = new Int32Array(3 * (m + 1) * 2);
  const r = rows;
  let prev2 = 0;
  let prev = m + 1;
  let cur = 2 * (m + 1);
  for (let j = 0; j <= m; j++) r[prev + j] = j;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(s + i - 1);
    r[cur] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(s + j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = Math.min(r[prev + j] + 1, r[cur + j - 1] + 1, r[prev + j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(s + j - 2) && a.charCodeAt(s + i - 2) === bj) d = Math.min(d, r[prev2 + j - 2] + 1);
      r[cur + j] = d;
      if (d < rowMin) rowMin = d;
    }
    // No later cell can be smaller than this row's minimum (a transposition two rows back is
    // never cheaper than the row between), so past `max` the answer is only "more than max".
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(r[prev + m], max + 1);
}

let rows = new Int32Array(96);

/**
 * The edits a did-you-mean allows between a word and a candidate: a third of the longer of the
 * two, at least 1 and at most 2. Measuring the longer one lets a five-letter misspelling of a
 * six-letter key find it (`cooky` for `cookie` is two edits); test/unit/rules/didYouMean.test.ts
 * checks over the key catalogue that no real key is drawn to another one by it.
 */
function suggestionLimit(a: number, b: number): number {
  return Math.max(1, Math.min(2, Math.floor(Math.max(a, b) / 3)));
}

/** The closest candidate, if exactly one is closest and it is within its limit (see suggestionLimit). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of candidates) {
    // No limit is over 2 edits, and the distance is at least the difference in length: a
    // candidate further than that can neither be suggested nor tie with a suggestion.
    if (Math.abs(c.length - w.length) > 2) continue;
    // Distances past 2 only need to be known as such (they are never suggested).
    const dist = editDistance(w, c.toLowerCase(), 2);
    if (dist < bestD) {
      best = c;
      bestD = dist;
      tie = false;
    } else if (dist === bestD) tie = true;
  }
  return best !== undefined && !tie && bestD <= suggestionLimit(w.length, best.length) ? best : undefined;
}

/** Whether an assignment in the file `uri` (a layer or an include) is in effect for `path`. */
export function setInFile(ctx: RuleContext, path: string | readonly string[], uri: string): boolean {
  const set = ctx.config.get(path)?.setBy;
  return set !== undefined && set.origin.kind === 'file' && set.location.uri === uri;
}
