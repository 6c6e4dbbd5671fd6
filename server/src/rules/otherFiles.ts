/**
 * Findings about the other files EMQX reads for a node besides the checked
 * config: the files it includes, the ssl_dist.conf that TLS distribution
 * makes it read, and the files that set its `EMQX_*` variables (a default
 * cookie in docker-compose.yml, plaintext RPC forced by a `.env`). A weak
 * setting there weakens the node as much as one in the config, and nobody may
 * ever open those files in the editor, so the analysis of the config reports
 * them, placed by `FilePlacement`:
 * - `include` (the editor, which shows only the document): at the place in
 *   the document that makes EMQX read the file (the include directive, the
 *   `cluster.proto_dist` field), the message naming the file and line, the
 *   exact place as related information; fixes (made for edits of another
 *   file) are dropped.
 *   A finding about a variable goes to the section of its key in the document, the message
 *   naming the file and line that set it, that place as related information.
 * - `place` (the CLI, which prints any file): where they are, with the place
 *   in the document as related information (none for a variable: the
 *   variable's own line is the place to change).
 * Each comes with the document line the document's suppression comments are
 * matched against; the other file's own suppression comments apply first.
 * Fixes of findings in a variable's file are dropped (edits would target the
 * config's text), but for those that edit that file only (a variable renamed
 * or its value replaced where the deployment file writes it), kept with `place`.
 */
import { t } from '../l10n';
import { FileReader } from '../io';
import { baseName, isFileUri, readById } from '../model/paths';
import { EffectiveConfig } from '../model/types';
import { Location, Range, range } from '../syntax/position';
import { EmbeddedFile } from '../emqx/container';
import { isTlsDist, protoDist, sslDistFile } from './dist/distCommon';
import { parseSuppressions, SUPPRESSION_MARKER, suppressionTest } from './suppress';
import { suppressionUnknownRule } from './suppression/suppressionUnknownRule';
import { suppressionWithoutReason } from './suppression/suppressionWithoutReason';
import { Finding, RuleContext } from './types';
import { anchorInText } from './util';

export type FilePlacement = 'include' | 'place';

/** A finding to report for the document, and the document line its suppression comments are matched against (-1: none). */
export interface PlacedFinding {
  readonly finding: Finding;
  readonly line: number;
}

/** Where the node's variables are written, for findings about them (see `placeFindings`). */
export interface EnvFiles {
  /** The files (as the variables' locations name them) that set the node's `EMQX_*` variables, not the document itself. */
  readonly uris: ReadonlySet<string>;
  /** Reads them for their suppression comments. */
  readonly reader: FileReader;
}

/**
 * The rules' findings to report for the document `uri`: its own, those about
 * files it includes (a default cookie kept in `include "secrets.conf"`, a
 * syntax error there) and those about the variables it runs with (`env`).
 * Findings about other files (base.hocon and its includes) are left to them.
 */
export function placeFindings(findings: readonly Finding[], uri: string, config: EffectiveConfig, at: FilePlacement, env?: EnvFiles, text?: string): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  const suppressedIn = new Map<string, (ruleId: string, line: number) => boolean>();
  const suppressionsOf = (file: string, text: string | undefined): ((ruleId: string, line: number) => boolean) => {
    let suppressed = suppressedIn.get(file);
    if (!suppressed) {
      // `#` starts a comment in HOCON, YAML and .env files alike.
      suppressed = suppressionTest(text?.includes(SUPPRESSION_MARKER) ? parseSuppressions(text, 'hocon') : []);
      suppressedIn.set(file, suppressed);
    }
    return suppressed;
  };
  for (const f of findings) {
    if (f.location.uri === uri) {
      out.push({ finding: f, line: f.location.range.start.line });
      continue;
    }
    const file = config.includedFile?.(f.location.uri);
    if (file && file.via.uri === uri) {
      if (suppressionsOf(f.location.uri, file.text)(f.ruleId, f.location.range.start.line)) continue;
      const finding: Finding =
        at === 'place' ? { ...f, related: [...(f.related ?? []), { location: file.via, message: t('Included here, by {0}', baseName(uri)) }] } : atIncludeDirective(f, uri, file.via);
      out.push({ finding, line: file.via.range.start.line });
      continue;
    }
    if (env?.uris.has(f.location.uri)) {
      if (suppressionsOf(f.location.uri, readById(env.reader, f.location.uri))(f.ruleId, f.location.range.start.line)) continue;
      // Only the document's file-wide suppressions apply (line -1): no line of it holds the variable.
      out.push({ finding: at === 'place' ? { ...f, fixes: fixesOfFile(f) } : atDocumentStart(f, uri, text), line: -1 });
    }
  }
  return out;
}

/** The finding's fixes that edit only the file the finding is in, if any. */
function fixesOfFile(f: Finding): Finding['fixes'] {
  const own = f.fixes?.filter((x) => x.edits.length > 0 && !x.command && x.edits.every((e) => e.uri === f.location.uri));
  return own && own.length > 0 ? own : undefined;
}

/**
 * A finding located in another file that deploys the document `docUri` (a
 * variable set in docker-compose.yml), as the editor shows it: in the
 * document at the section of the key it is about (`node` for `node.cookie`),
 * else `node`, else its first line that is not a comment (`docText` given;
 * without it, the top of the document), the other file's line as related
 * information, no fixes.
 */
export function atDocumentStart(f: Finding, docUri: string, docText?: string): Finding {
  const name = baseName(f.location.uri);
  return {
    ...f,
    // The file and line in the message keep the findings of several variables (three compose services) apart.
    message: t('In {0} (deploys this file), line {1}: {2}', name, f.location.range.start.line + 1, f.message),
    location: docText !== undefined ? anchorInText(docUri, docText, f.keyPath) : { uri: docUri, range: range(0, 0, 0, 0) },
    related: [{ location: f.location, message: t('Set here ({0})', name) }, ...(f.related ?? [])],
    fixes: undefined,
  };
}

/**
 * A finding about an included file, as reported at the include directive
 * `via` of the document `docUri` (see `include` placement above).
 */
export function atIncludeDirective(f: Finding, docUri: string, via: Location): Finding {
  const name = relativeName(docUri, f.location.uri);
  return movedTo(f, via, t('In {0} (included here), line {1}: {2}', name, f.location.range.start.line + 1, f.message), name);
}

function movedTo(f: Finding, to: Location, message: string, name: string): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message,
    location: to,
    keyPath: f.keyPath,
    related: [{ location: f.location, message: t('Here, in {0}', name) }, ...(f.related ?? [])],
  };
}

/** Analyses an ssl_dist.conf (analyzeDocument, passed in: this module is below it). */
export type AnalyzeSslDist = (uri: string, text: string) => readonly Finding[];

/**
 * The findings of the options file a config whose distribution uses TLS makes
 * bin/emqx read (`etc/ssl_dist.conf` beside it, or 4.4's
 * `node.ssl_dist_optfile`; for a node in a container, the host file mounted
 * where the node reads it): `verify_none` or a demo certificate there leaves
 * this node's distribution open. None when `EMQX_SSL_DIST_OPTFILE` names a
 * file on the node, when the file is absent or the image's own
 * (`dist-tls-without-ssl-dist` says so), or outside a trusted workspace.
 */
export function sslDistFindings(ctx: RuleContext, at: FilePlacement, analyze: AnalyzeSslDist): PlacedFinding[] {
  if (ctx.document.dialect === 'ssl-dist' || !ctx.trusted) return [];
  const { entry, value } = protoDist(ctx);
  if (!entry || !isTlsDist(value)) return [];
  const file = sslDistFile(ctx);
  // The image's own file is not on this machine: dist-tls-without-ssl-dist says what it holds.
  if (!file || file.kind === 'image') return [];
  const embedded = file.kind === 'embedded' ? file.content : undefined;
  const text = embedded ? embedded.text : file.kind === 'file' ? ctx.reader.readText(file.path) : undefined;
  if (text === undefined) return [];
  const docUri = ctx.document.uri;
  // A ConfigMap key is analysed under an id of its own, and its findings moved to the manifest's lines.
  const distUri = embedded ? `${embedded.uri}#${embedded.name}` : file.kind === 'file' ? file.id : '';
  const name = baseName(embedded ? embedded.uri : distUri);
  // Where the document makes EMQX read the file: its proto_dist field, or the include that sets it.
  const setBy = entry.setBy;
  const via = setBy.location.uri === docUri ? setBy.location : ctx.config.includedFile?.(setBy.location.uri)?.via;
  const anchor = via?.uri === docUri ? via : undefined;
  const out: PlacedFinding[] = [];
  for (const raw of analyze(distUri, text)) {
    // Its suppression comments' own problems belong to that file alone.
    if (raw.ruleId === suppressionWithoutReason.id || raw.ruleId === suppressionUnknownRule.id || raw.location.uri !== distUri) continue;
    const f = embedded ? inDeploymentFile(raw, distUri, embedded) : raw;
    if (at === 'place') {
      const related = anchor ? [...(f.related ?? []), { location: anchor, message: t('Read by this node: cluster.proto_dist = {0}', value) }] : f.related;
      out.push({ finding: { ...f, related }, line: anchor ? anchor.range.start.line : -1 });
    } else if (anchor) {
      out.push({
        finding: movedTo(f, anchor, t('In {0} (read for cluster.proto_dist = {1}), line {2}: {3}', name, value, f.location.range.start.line + 1, f.message), name),
        line: anchor.range.start.line,
      });
    }
  }
  return out;
}

/**
 * A finding about content a deployment file holds (analysed as `id`), at the deployment
 * file's lines: the block keeps the content's columns, so only lines shift. Fixes that edit
 * within one line of the block stay (they keep the YAML valid); others are dropped.
 */
function inDeploymentFile(f: Finding, id: string, content: EmbeddedFile): Finding {
  const shift = (r: Range): Range => ({
    start: { line: r.start.line + content.lineOffset, character: r.start.character },
    end: { line: r.end.line + content.lineOffset, character: r.end.character },
  });
  const move = (loc: Location): Location => (loc.uri === id ? { uri: content.uri, range: shift(loc.range) } : loc);
  const fixes = f.fixes?.filter((x) => !x.command && x.edits.length > 0 && x.edits.every((e) => e.uri === id && !e.newText.includes('\n') && e.range.start.line === e.range.end.line));
  return {
    ...f,
    location: move(f.location),
    related: f.related?.map((r) => ({ ...r, location: move(r.location) })),
    fixes: fixes && fixes.length > 0 ? fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, uri: content.uri, range: shift(e.range) })) })) : undefined,
  };
}

/** `file` as named from the directory of `doc`: relative below it (decoded, for URIs), else by its base name. */
function relativeName(doc: string, file: string): string {
  const dir = doc.slice(0, Math.max(doc.lastIndexOf('/'), doc.lastIndexOf('\\')) + 1);
  if (dir === '' || !file.startsWith(dir)) return baseName(file);
  const rel = file.slice(dir.length);
  try {
    return isFileUri(file) ? decodeURIComponent(rel) : rel;
  } catch {
    return rel;
  }
}
