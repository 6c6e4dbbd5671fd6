/**
 * Reading `ssl_dist.conf`: the `{server, Opts}` / `{client, Opts}` option lists,
 * and the same options as flat config entries (`server.certfile`, …) so that
 * path-based checks see them like any other config value.
 */
import { buildFlatConfig, FlatAssignment } from '../../model/cuttlefish';
import { EffectiveConfig } from '../../model/types';
import { ErlangTermsDocument, ListTerm, Term, TupleTerm } from '../../syntax/erlangTerms';
import { lineBreakOf } from '../../syntax/lineIndex';
import { Range } from '../../syntax/position';
import { RuleContext, RuleReference, TextEdit } from '../types';
import { linesOf } from '../util';

/** EMQX's shipped `ssl_dist.conf`: the file the `ssl-dist-…` rules read as EMQX ships it. */
export const SSL_DIST_CONF_REFERENCE: RuleReference = { repo: 'emqx/emqx', file: 'apps/emqx/etc/ssl_dist.conf', release: 'v5.8.9' };

export interface SslDistSide {
  readonly side: 'server' | 'client';
  /** The `{server, [...]}` tuple. */
  readonly tuple: TupleTerm;
  readonly options: ListTerm;
}

/** The server and client option lists of a well-formed (or partly readable) file. */
export function sslDistSides(doc: ErlangTermsDocument): SslDistSide[] {
  const top = doc.terms[0];
  if (!top || top.kind !== 'list') return [];
  const out: SslDistSide[] = [];
  for (const el of top.elements) {
    if (el.kind !== 'tuple' || el.elements.length !== 2) continue;
    const [name, opts] = el.elements;
    if (name.kind === 'atom' && (name.value === 'server' || name.value === 'client') && opts.kind === 'list') {
      out.push({ side: name.value, tuple: el, options: opts });
    }
  }
  return out;
}

/** `{Key, Value}` options of a side, in order. */
export function sslDistOptions(side: SslDistSide): Array<{ key: string; keyTerm: Term; value: Term; tuple: TupleTerm }> {
  const out = [];
  for (const el of side.options.elements) {
    if (el.kind === 'tuple' && el.elements.length === 2 && el.elements[0].kind === 'atom') {
      out.push({ key: el.elements[0].value, keyTerm: el.elements[0], value: el.elements[1], tuple: el });
    }
  }
  return out;
}

/** The first option with that key (OTP's proplists read the first). */
export function sslDistOption(side: SslDistSide, key: string) {
  return sslDistOptions(side).find((o) => o.key === key);
}

function scalar(term: Term): string | number | boolean | undefined {
  switch (term.kind) {
    case 'atom':
      return term.value === 'true' ? true : term.value === 'false' ? false : term.value;
    case 'string':
      return term.value;
    case 'number':
      return term.value;
    default:
      return undefined;
  }
}

/** The options as an EffectiveConfig: `server.certfile`, `client.verify`, … (first occurrence wins, as in OTP). */
export function sslDistConfig(uri: string, doc: ErlangTermsDocument): EffectiveConfig {
  const assignments: FlatAssignment[] = [];
  for (const side of sslDistSides(doc)) {
    const seen = new Set<string>();
    for (const o of sslDistOptions(side)) {
      const value = scalar(o.value);
      if (value === undefined || seen.has(o.key)) continue;
      seen.add(o.key);
      assignments.push({
        path: [side.side, o.key],
        value,
        assignment: {
          origin: { kind: 'file', layer: 'main' },
          location: { uri, range: o.tuple.range },
          keyLocation: { uri, range: o.keyTerm.range },
          valueLocation: { uri, range: o.value.range },
          quoting: o.value.kind === 'string' ? 'quoted' : 'unquoted',
        },
      });
    }
  }
  // Syntax problems are reported by the ssl-dist-syntax rule (with what they mean for distribution),
  // not as engine problems, so that an editor shows each of them once.
  return buildFlatConfig(assignments, []);
}

export function sslDistDoc(ctx: RuleContext): ErlangTermsDocument | undefined {
  return ctx.document.dialect === 'ssl-dist' ? ctx.document.sslDist : undefined;
}

/** The server and client option lists of the checked document when it is an `ssl_dist.conf`; none otherwise. */
export function checkedSslDistSides(ctx: RuleContext): SslDistSide[] {
  const doc = sslDistDoc(ctx);
  return doc ? sslDistSides(doc) : [];
}

/**
 * Inserts an option after another: on the same line when the option list is written on
 * one line (`[{a, b}, {c, d}]`), else on a new line aligned with the previous option.
 */
export function insertAfterTupleEdit(ctx: RuleContext, after: { range: Range }, text: string): TextEdit {
  const l = linesOf(ctx);
  const line = l.lineText(after.range.end.line) ?? '';
  const before = line.slice(0, after.range.start.character);
  const at = { start: after.range.end, end: after.range.end };
  if (after.range.start.line === after.range.end.line && /[[,]\s*$/.test(before) && /\[/.test(before)) {
    return { uri: ctx.document.uri, range: at, newText: `, ${text}` };
  }
  const indent = ' '.repeat(after.range.start.line === after.range.end.line ? after.range.start.character : /^\s*/.exec(line)![0].length);
  return { uri: ctx.document.uri, range: at, newText: `,${lineBreakOf(l.text)}${indent}${text}` };
}
