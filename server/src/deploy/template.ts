/**
 * Helm chart templates: YAML with Go template actions (`{{ .Values.x }}`,
 * `{{- if … }}` lines) that is no YAML until `helm template` renders it. Such
 * a file fails to parse because of its actions, not because of a mistake in
 * it, so it is left alone rather than reported as broken YAML.
 */

import { MAX_YAML_BYTES, readYaml } from './yaml';

/**
 * The [start, end) offsets of each Go template action, possibly spanning lines
 * (`{{/* a comment *\/}}`). A linear scan: a regular expression would try every
 * `{{` of a file with no `}}` against the rest of the file.
 */
function actions(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return out;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return out;
    out.push([open, close + 2]);
    from = close + 2;
  }
}

/** Whether the text holds Go template actions at all. */
export function hasTemplateActions(text: string): boolean {
  const open = text.indexOf('{{');
  return open >= 0 && text.indexOf('}}', open + 2) >= 0;
}

/**
 * The text with every action made inert, keeping each offset and line: a line
 * that holds nothing but actions (`{{- if .Values.tls }}`, `{{- toYaml … | nindent 8 }}`)
 * becomes blanks, and an action inside a line becomes a run of `x` of the same
 * length (a plain scalar, or part of a quoted one). Only used to tell whether
 * the YAML around the actions is sound; values read from it would be made up.
 */
export function maskTemplateActions(text: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const [open, end] of actions(text)) {
    parts.push(text.slice(at, open), text.slice(open, end).replace(/[^\r\n]/g, '\u0001'));
    at = end;
  }
  parts.push(text.slice(at));
  return parts
    .join('')
    .split('\n')
    .map((line) => (!line.includes('\u0001') ? line : /^[\s\u0001]*$/.test(line) ? line.replace(/\u0001/g, ' ') : line.replace(/\u0001/g, 'x')))
    .join('\n');
}

/** Whether a file that is no valid YAML as it stands is a chart template: it is once its actions are masked. */
export function isChartTemplate(text: string, uri: string): boolean {
  if (text.length > MAX_YAML_BYTES || !hasTemplateActions(text) || !readYaml(text, uri).problem) return false;
  return !readYaml(maskTemplateActions(text), uri).problem;
}
