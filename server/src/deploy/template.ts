/**
 * Helm chart templates: YAML with Go template actions (`{{ .Values.x }}`,
 * `{{- if … }}` lines) that is no YAML until `helm template` renders it. Such
 * a file fails to parse because of its actions, not because of a mistake in
 * it, so it is left alone rather than reported as broken YAML.
 */

/** A Go template action, possibly spanning lines (`{{/* a comment *\/}}`). */
const ACTION = /\{\{[\s\S]*?\}\}/g;

/** Whether the text holds Go template actions at all. */
export function hasTemplateActions(text: string): boolean {
  ACTION.lastIndex = 0;
  const found = ACTION.test(text);
  ACTION.lastIndex = 0;
  return found;
}

/**
 * The text with every action made inert, keeping each offset and line: a line
 * that holds nothing but actions (`{{- if .Values.tls }}`, `{{- toYaml … | nindent 8 }}`)
 * becomes blanks, and an action inside a line becomes a run of `x` of the same
 * length (a plain scalar, or part of a quoted one). Only used to tell whether
 * the YAML around the actions is sound; values read from it would be made up.
 */
export function maskTemplateActions(text: string): string {
  const masked = text.replace(ACTION, (action) => action.replace(/[^\r\n]/g, '\u0001'));
  return masked
    .split('\n')
    .map((line) => (/^[\s\u0001]*$/.test(line) ? line.replace(/\u0001/g, ' ') : line.replace(/\u0001/g, 'x')))
    .join('\n');
}
