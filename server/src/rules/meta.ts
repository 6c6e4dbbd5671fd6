/**
 * Rule metadata as text: the versions a rule checks, its fix kind, and the
 * one-paragraph description that SARIF and `--list-rules` style outputs show.
 * The docs generator (scripts/gen-rule-docs.ts) renders the same fields as pages.
 */
import { FixKind, RuleMeta, RuleVersions, VersionSpan } from './types';

function spanText(s: VersionSpan): string {
  if (s.from && s.to) return s.from === s.to ? `${s.from} only` : `${s.from} to ${s.to}`;
  if (s.from) return `${s.from} and later`;
  if (s.to) return `${s.to} and older`;
  return 'all';
}

/** `all`, `5.0 and later`, `4.4 only, 5.0 and later`: the spans only, without the note. */
export function versionsText(v: RuleVersions): string {
  return v.spans.length === 0 ? 'all' : v.spans.map(spanText).join(', ');
}

export function fixKindText(k: FixKind): string {
  return k === 'safe' ? 'yes, safe to apply with fix-all' : k === 'unsafe' ? 'yes, review the edit before applying it' : 'none';
}

/** One Markdown paragraph: why, what to do, which versions. */
export function ruleDescription(r: RuleMeta): string {
  const versions = `Versions: ${versionsText(r.versions)}.${r.versions.note ? ` ${r.versions.note}` : ''}`;
  return `${r.why} ${r.fix ? `Fix: ${r.fix} ` : ''}${versions}`;
}
