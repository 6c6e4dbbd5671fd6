/**
 * Edits of a deployment's `EMQX_*` variables where the YAML writes them: the
 * place of a variable's name (so the rules can offer to rename a variable
 * whose key EMQX does not know), and the rules' edits of names and values
 * made valid YAML (a quoted value stays quoted; a value YAML would read as a
 * boolean or number gets quotes; an edit over a `${VAR}` / `$(VAR)` reference
 * or a template is not offered, as it would replace the reference).
 *
 * Pure over the parsed file.
 */
import { EnvVar } from '../cluster/env';
import { Fix, TextEdit } from '../rules/types';
import { Location } from '../syntax/position';
import { YamlFile } from './yaml';

/**
 * Where the variable's name is written inside its definition (a compose `KEY: value`
 * or `- KEY=value`, a Kubernetes `- name: KEY`), found as a whole word, in any case;
 * undefined when the definition is in another file or does not spell the name
 * (a variable the image or the operator sets).
 */
export function envNameLocation(v: EnvVar, file: YamlFile): Location | undefined {
  if (v.location.uri !== file.uri || !/^[A-Za-z0-9_]+$/.test(v.name)) return undefined;
  const from = file.lines.offsetAt(v.location.range.start);
  const to = file.lines.offsetAt(v.location.range.end);
  const m = new RegExp(`(?<![A-Za-z0-9_])${v.name}(?![A-Za-z0-9_])`, 'i').exec(file.text.slice(from, to));
  return m ? { uri: file.uri, range: file.rangeOf(from + m.index, from + m.index + v.name.length) } : undefined;
}

/** Text YAML reads as something other than a string when written plainly as a value. */
const NOT_A_PLAIN_STRING = /^(true|false|yes|no|on|off|y|n|null|~|[-+.]?[0-9].*)$/i;

/** The edit made valid where it lands in a YAML file, or undefined when it cannot be. */
function yamlEdit(e: TextEdit, file: YamlFile): TextEdit | undefined {
  const from = file.lines.offsetAt(e.range.start);
  const written = file.text.slice(from, file.lines.offsetAt(e.range.end));
  if (written.includes('\n') || written.includes('${') || written.includes('$(') || written.includes('{{')) return undefined;
  const q = written[0];
  if (written.length >= 2 && (q === '"' || q === "'") && written.endsWith(q)) {
    return /["'\\]/.test(e.newText) ? undefined : { ...e, newText: `${q}${e.newText}${q}` };
  }
  // A whole plain value (after `key:` or `- `): keep it a string.
  const before = file.text.slice(file.text.lastIndexOf('\n', from - 1) + 1, from).trimEnd();
  const startsValue = before.endsWith(':') || before.endsWith('-');
  return startsValue && NOT_A_PLAIN_STRING.test(e.newText) ? { ...e, newText: `"${e.newText}"` } : e;
}

/** The fixes whose edits can be made valid in the YAML files they touch, so made; edits of other files as they are. */
export function yamlSafeFixes(fixes: readonly Fix[], yamlFiles: ReadonlyMap<string, YamlFile>): Fix[] {
  const out: Fix[] = [];
  for (const fix of fixes) {
    const edits: TextEdit[] = [];
    for (const e of fix.edits) {
      const file = yamlFiles.get(e.uri);
      const made = file ? yamlEdit(e, file) : e;
      if (!made) break;
      edits.push(made);
    }
    if (edits.length === fix.edits.length) out.push({ ...fix, edits });
  }
  return out;
}
