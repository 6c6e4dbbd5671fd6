/**
 * `compose-required-variable-unset`: a `${VAR?message}` or `${VAR:?message}`
 * reference in a compose file that the `.env` beside it does not satisfy.
 *
 * Compose interpolates every string value of the file (not the keys) before
 * it starts anything, from the shell environment and the `.env` of the
 * project folder (or `--env-file`), never from a service's `env_file:`. A
 * required reference whose variable has no value there stops `docker compose
 * up` for the whole file: "required variable VAR is missing a value". The
 * shell cannot be known here, so a reference is reported only when the `.env`
 * was read and does not define the variable (or, for `:?`, sets it empty);
 * a `.env` that names the variable without a value (taken from the shell) or
 * with a `$` reference in its value is not judged.
 *
 * References are found as compose-go's `template` package finds them: `$$` is
 * a literal `$`; `${`, a name, the operator right after it, up to the balanced
 * `}`. Before compose-go v2 the operator tried first depended on where the
 * first `-` and `?` of the whole value were (`x-${VAR?a-b}` fell back to a
 * default there); a reference is reported only when both readings require the
 * variable. Only references at the top of a value are reported: one nested in
 * another's default or message is left alone.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from './yamlLib';
import { EnvVar, parseDotEnv } from '../cluster/env';
import { FileReader } from '../io';
import { Finding, RelatedInfo } from '../rules/types';
import { Location } from '../syntax/position';
import { composeDotEnvPath, looksLikeCompose } from './compose';
import { requiredVariableMessages } from './rules';
import { YamlFile } from './yaml';

/** A required reference in one string value, with its offsets in that value. */
export interface RequiredReference {
  readonly name: string;
  /** `:?` (a value that is not empty) rather than `?` (any value, empty included). */
  readonly nonEmpty: boolean;
  readonly start: number;
  readonly end: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** compose-go's `getFirstBraceClosingIndex`: the `}` that closes the `${` at `from`. */
function closingBrace(s: string, from: number): number {
  let open = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

type Operator = ':?' | '?' | ':-' | '-';

/**
 * Which substitution function compose-go before v2 applied to a braced reference's content,
 * and the name it looked up: each applies when the content contains its separator and cuts
 * the content at the first one; which is tried first depends on the whole value.
 */
function appliedOperator(content: string, template: string): { op: Operator; name: string } | undefined {
  const hyphen = template.indexOf('-');
  const question = template.indexOf('?');
  const order: Operator[] = hyphen < 0 || hyphen > question ? [':?', '?', ':-', '-'] : [':-', '-', ':?', '?'];
  for (const op of order) {
    const at = content.indexOf(op);
    if (at >= 0) return { op, name: content.slice(0, at) };
  }
  return undefined;
}

/** The required references at the top of a string value compose interpolates. */
export function requiredReferences(value: string): RequiredReference[] {
  const out: RequiredReference[] = [];
  let i = value.indexOf('$');
  while (i >= 0 && i < value.length) {
    if (value[i + 1] === '$') {
      i = value.indexOf('$', i + 2);
      continue;
    }
    if (value[i + 1] !== '{') {
      i = value.indexOf('$', i + 1);
      continue;
    }
    const close = closingBrace(value, i);
    const content = close < 0 ? '' : value.slice(i + 2, close);
    const name = NAME.exec(content)?.[0];
    // Anything else after the name is an invalid template: compose reports that itself.
    const op = name === undefined ? undefined : /^(:?[-+?])?/.exec(content.slice(name.length))![0];
    if (close < 0 || name === undefined || op === undefined || (op === '' && content !== name)) {
      i = value.indexOf('$', i + 1);
      continue;
    }
    const before = appliedOperator(content, value);
    if ((op === '?' || op === ':?') && before?.op === op && before.name === name) {
      out.push({ name, nonEmpty: op === ':?', start: i, end: close + 1 });
    }
    i = value.indexOf('$', close + 1);
  }
  return out;
}

/** What the `.env` says about a variable: a value, "from the shell" (named without `=`), or nothing. */
type DotEnvEntry = { readonly kind: 'value'; readonly variable: EnvVar } | { readonly kind: 'shell' };

function dotEnvEntries(text: string, uri: string): Map<string, DotEnvEntry> {
  const out = new Map<string, DotEnvEntry>();
  // A line that is only a name passes the variable of the shell through: its value is not known here.
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*\r?$/gm)) out.set(m[1], { kind: 'shell' });
  for (const v of parseDotEnv(text, uri)) out.set(v.name, { kind: 'value', variable: v });
  return out;
}

/** Every scalar that compose interpolates: the values of maps (not their keys) and the items of lists, aliases not followed. */
function* interpolatedScalars(root: unknown): Generator<{ value: string; range: [number, number] }> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined || node === null || isAlias(node)) continue;
    if (isMap(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) {
        const item = node.items[k];
        if (isPair(item)) stack.push(item.value);
      }
    } else if (isSeq(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) stack.push(node.items[k]);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${') && node.range) {
      yield { value: node.value, range: [node.range[0], node.range[1]] };
    }
  }
}

/**
 * The findings of a compose file's required references (see the file header), each on the
 * `${…}` text as written; when quoting or folding changed the text, on the whole value.
 */
export function requiredVariableFindings(file: YamlFile, reader: FileReader): Finding[] {
  const dotenvPath = composeDotEnvPath(file.uri);
  const dotenvText = reader.readText(dotenvPath);
  if (dotenvText === undefined) return [];
  const entries = dotEnvEntries(dotenvText, dotenvPath);
  const dotenvStart: Location = { uri: dotenvPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const out: Finding[] = [];
  for (const doc of file.documents) {
    if (!looksLikeCompose(file, doc)) continue;
    for (const scalar of interpolatedScalars(doc.contents)) {
      const written = file.text.slice(scalar.range[0], scalar.range[1]);
      let cursor = 0;
      for (const ref of requiredReferences(scalar.value)) {
        const entry = entries.get(ref.name);
        let message: string;
        let related: RelatedInfo;
        if (entry === undefined) {
          message = requiredVariableMessages.unset(ref.name);
          related = { location: dotenvStart, message: requiredVariableMessages.dotenvRead(ref.name) };
        } else if (entry.kind === 'value' && ref.nonEmpty && entry.variable.value === '') {
          message = requiredVariableMessages.empty(ref.name);
          related = { location: entry.variable.location, message: requiredVariableMessages.setEmpty(ref.name) };
        } else continue;
        const text = scalar.value.slice(ref.start, ref.end);
        const at = written.indexOf(text, cursor);
        const [from, to] = at >= 0 ? [scalar.range[0] + at, scalar.range[0] + at + text.length] : scalar.range;
        if (at >= 0) cursor = at + text.length;
        out.push({
          ruleId: 'compose-required-variable-unset',
          severity: 'warning',
          message,
          location: { uri: file.uri, range: file.rangeOf(from, to) },
          related: [related],
        });
      }
    }
  }
  return out;
}
