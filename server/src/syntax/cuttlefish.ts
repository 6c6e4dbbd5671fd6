/**
 * The syntax of EMQX 4.x `etc/emqx.conf` (cuttlefish): one `key.path = value`
 * per line, the value running to the end of the line or to a `#` comment,
 * `##` comment lines, `include` lines, no braces and no quoting. Grammar as in
 * cuttlefish's `conf_parse.peg`. Never throws: bad lines become problems.
 */
import { Range } from './position';

export interface CuttlefishSetting {
  /** Key segments (`\.` inside a segment is an escaped dot). */
  readonly path: readonly string[];
  readonly keyText: string;
  readonly keyRange: Range;
  /** The range of the last key segment. */
  readonly lastSegmentRange: Range;
  /** The value as written, trailing blanks removed. */
  readonly value: string;
  readonly valueRange: Range;
  /** From the key to the end of the value. */
  readonly range: Range;
  /** Whether a `#` directly after the value (no blank) cut it short: `abc#def` reads as `abc`. */
  readonly cutByHash: boolean;
  /** Whether the `=` has a blank after it (4.4 bin/emqx greps `cluster.proto_dist` by "= "). */
  readonly spaceAfterEquals: boolean;
}

export interface CuttlefishInclude {
  readonly target: string;
  readonly range: Range;
}

export interface CuttlefishProblem {
  readonly message: string;
  readonly range: Range;
}

export interface CuttlefishDocument {
  readonly settings: readonly CuttlefishSetting[];
  readonly includes: readonly CuttlefishInclude[];
  readonly problems: readonly CuttlefishProblem[];
}

const WORD = /(?:\\\.|[A-Za-z0-9_-])+/y;

/** Reads a cuttlefish file. Never throws. */
export function parseCuttlefish(text: string): CuttlefishDocument {
  const settings: CuttlefishSetting[] = [];
  const includes: CuttlefishInclude[] = [];
  const problems: CuttlefishProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  const r = (line: number, a: number, b: number): Range => ({ start: { line, character: a }, end: { line, character: b } });
  lines.forEach((line, ln) => {
    let i = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i === line.length || line[i] === '#') return;
    const includeMatch = /^include[ \t]+(\S+)/.exec(line.slice(i));
    if (includeMatch && !/^include[ \t]*=/.test(line.slice(i))) {
      const start = i + line.slice(i).indexOf(includeMatch[1]);
      includes.push({ target: includeMatch[1], range: r(ln, start, start + includeMatch[1].length) });
      return;
    }
    const keyStart = i;
    const segments: string[] = [];
    let lastSegStart = i;
    for (;;) {
      WORD.lastIndex = i;
      const m = WORD.exec(line);
      if (!m) break;
      lastSegStart = i;
      segments.push(m[0].replace(/\\\./g, '.'));
      i += m[0].length;
      if (line[i] === '.' && /[A-Za-z0-9_\\-]/.test(line[i + 1] ?? '')) i++;
      else break;
    }
    const keyEnd = i;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    // A loop, not /[ \t]+$/: that regular expression rescans a run of blanks from each of
    // its characters when the run is not at the end, which is quadratic on a long line.
    let lineEnd = line.length;
    while (lineEnd > 0 && (line[lineEnd - 1] === ' ' || line[lineEnd - 1] === '\t')) lineEnd--;
    if (segments.length === 0 || line[i] !== '=') {
      problems.push({
        message: segments.length === 0 ? 'Not a setting: a line must be `key.path = value`, a `#` comment or blank.' : 'An `=` is missing after the key.',
        range: r(ln, keyStart, Math.max(lineEnd, keyStart + 1)),
      });
      return;
    }
    const eq = i;
    i++;
    const spaceAfterEquals = line[i] === ' ' || line[i] === '\t';
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    const valueStart = i;
    // The value stops at a `#` (a comment) or the end of the line; trailing blanks are dropped.
    const hash = line.indexOf('#', valueStart);
    let valueEnd = hash >= 0 ? hash : line.length;
    const cutByHash = hash > valueStart && line[hash - 1] !== ' ' && line[hash - 1] !== '\t';
    while (valueEnd > valueStart && (line[valueEnd - 1] === ' ' || line[valueEnd - 1] === '\t')) valueEnd--;
    if (valueEnd === valueStart) {
      problems.push({ message: 'The value is missing after `=`.', range: r(ln, keyStart, eq + 1) });
      return;
    }
    settings.push({
      path: segments,
      keyText: line.slice(keyStart, keyEnd),
      keyRange: r(ln, keyStart, keyEnd),
      lastSegmentRange: r(ln, lastSegStart, keyEnd),
      value: line.slice(valueStart, valueEnd),
      valueRange: r(ln, valueStart, valueEnd),
      range: r(ln, keyStart, valueEnd),
      cutByHash,
      spaceAfterEquals,
    });
  });
  return { settings, includes, problems };
}

/** Keys that exist only in 4.x files; one of them is enough to call a brace-less file cuttlefish. */
const FOUR_X_MARKERS =
  /^(?:(?:cluster\.discovery|node\.dist_listen_(?:min|max)|node\.dist_use_interface|node\.ssl_dist_optfile|rpc\.enable_ssl|rpc\.default_client_driver|rpc\.tcp_server_ip|log\.to|allow_anonymous)$|(?:listener|zone|module|os_mon|vm_mon|management|bridge|auth|dashboard\.listener|dashboard\.default_user)\.|acl_)/;

/**
 * Whether a text looks like a 4.x cuttlefish file rather than HOCON. Both accept a file of
 * `key.path = value` lines, so it takes more than that: no braces or brackets outside
 * comments and `{{ template }}` placeholders, no quoted values, and either a key that exists
 * only in 4.x or a value HOCON would not read as written (a `:` or `//`, a space inside).
 */
export function looksLikeCuttlefish(text: string): boolean {
  let dotted = 0;
  let marker = false;
  let cuttlefishValue = false;
  // Lines one at a time: most HOCON files are told apart on an early line, and the editor runs
  // this on every edit, so a megabyte file must not be split whole first.
  for (const raw of eachLine(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // The expressions below are written to run in linear time on any line (the editor runs
    // this on every keystroke): a placeholder cannot contain braces, so a run of `{` with no
    // `}}` after it is not rescanned from each brace; comments are cut with indexOf/search
    // rather than `\s+#.*$`, which rescans a run of blanks from each of its characters;
    // the `s` flag lets `.*` cross U+2028, so `$` never forces a backtrack over the blanks.
    const code = line.replace(/\{\{[^{}]*\}\}/g, 'X');
    if (/^include\s/.test(code)) continue;
    const m = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*=\s*(.*)$/s.exec(code);
    if (!m) return false;
    const commentAt = m[2].search(/\s#/);
    const value = commentAt >= 0 ? m[2].slice(0, commentAt).trimEnd() : m[2];
    const hashAt = m[2].indexOf('#');
    if (/[{}\[\]]/.test(hashAt >= 0 ? m[2].slice(0, hashAt) : m[2]) || value.startsWith('"')) return false;
    if (m[1].includes('.')) dotted++;
    if (FOUR_X_MARKERS.test(m[1])) marker = true;
    if (/:|\/\/|\S\s+\S/.test(value)) cuttlefishValue = true;
  }
  return dotted >= 1 && (marker || cuttlefishValue);
}

/** The lines of a text as `text.split(/\r\n|\n|\r/)` gives them, produced on demand. */
function* eachLine(text: string): Generator<string> {
  let start = 0;
  for (;;) {
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    yield text.slice(start, end);
    if (end >= text.length) return;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}
