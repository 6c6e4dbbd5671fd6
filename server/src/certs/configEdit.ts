/**
 * The text edits that switch an emqx.conf (HOCON, EMQX 5.x/6.x) to TLS for
 * cluster RPC and Erlang distribution, given the generated files:
 *
 *   rpc.protocol = ssl, rpc.certfile / keyfile / cacertfile = "<paths>",
 *   cluster.proto_dist = inet_tls (inet6_tls when the file said inet6_tcp)
 *
 * The user's layout is kept: a value already assigned in this document is
 * replaced where it is written; a missing key goes into the document's own
 * `rpc { }` / `cluster { }` block after its last field, with that field's
 * indentation; when there is no such block the keys are appended at the end
 * of the file. Pure: it works on the EffectiveConfig's provenance and the
 * document text, and returns plain edits the editor applies as one undoable
 * WorkspaceEdit (or the CLI splices in).
 */
import * as path from 'path';
import { sameFile } from '../model/paths';
import { Assignment, ConfigEntry, EffectiveConfig } from '../model/types';
import { LineIndex, lineBreakOf } from '../syntax/lineIndex';
import { comparePositions, Range } from '../syntax/position';

/**
 * Where a node's certificate folder goes on the node when the user says
 * nothing else: a folder of its own in the certs folder of EMQX's deb/rpm
 * packages (`/etc/emqx/certs`); the Docker image and tarballs have theirs in
 * `/opt/emqx/etc/certs`. Not the certs folder itself: EMQX ships its demo
 * certificates there under the same names (cert.pem, key.pem, cacert.pem),
 * and a path there cannot be told from the demo files.
 */
export const DEFAULT_INSTALL_DIR = '/etc/emqx/certs/cluster';
export const DOCKER_INSTALL_DIR = '/opt/emqx/etc/certs/cluster';

export interface ConfigTextEdit {
  readonly uri: string;
  readonly range: Range;
  readonly newText: string;
}

export interface TlsConfigFiles {
  readonly certfile: string;
  readonly keyfile: string;
  readonly cacertfile: string;
}

interface Wanted {
  readonly block: 'rpc' | 'cluster';
  readonly key: string;
  /** Other names EMQX accepts for the same field (written by older configs). */
  readonly aliases: readonly string[];
  readonly text: (current: string | undefined) => string;
}

/** A HOCON quoted string (HOCON's escapes are JSON's). */
export function hoconString(s: string): string {
  return JSON.stringify(s);
}

function wantedKeys(files: TlsConfigFiles): Wanted[] {
  return [
    { block: 'rpc', key: 'protocol', aliases: ['driver'], text: () => 'ssl' },
    { block: 'rpc', key: 'certfile', aliases: [], text: () => hoconString(files.certfile) },
    { block: 'rpc', key: 'keyfile', aliases: [], text: () => hoconString(files.keyfile) },
    { block: 'rpc', key: 'cacertfile', aliases: [], text: () => hoconString(files.cacertfile) },
    {
      block: 'cluster',
      key: 'proto_dist',
      aliases: [],
      // Keep the address family the user chose.
      text: (current) => (current === 'inet6_tcp' || current === 'inet6_tls' ? 'inet6_tls' : 'inet_tls'),
    },
  ];
}

/**
 * The assignments of an entry that are in this document and write the field
 * itself (`key = value` or `block.key = value`), effective one last. An
 * assignment whose key is another segment (an enclosing `rpc { }` object the
 * engine may list as touching the field) has no value of the field to replace.
 */
function assignmentsIn(entry: ConfigEntry, uri: string, lines: LineIndex): Assignment[] {
  const last = entry.path[entry.path.length - 1];
  return [...entry.overrides, entry.setBy].filter((a) => a.origin.kind === 'file' && sameFile(a.location.uri, uri) && textOf(lines, a.keyLocation.range).replace(/^"|"$/g, '') === last);
}

function textOf(lines: LineIndex, r: Range): string {
  return lines.text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
}

/**
 * The last field written directly inside a `<block> { }` of this document
 * (as `key = value`, not as `block.key = value`), when it sits on a line of its
 * own, so a new line with the same indentation can follow it.
 */
function lastFieldInBlock(config: EffectiveConfig, block: string, uri: string, lines: LineIndex): Assignment | undefined {
  let best: Assignment | undefined;
  for (const entry of config.entries()) {
    if (entry.path.length !== 2 || entry.path[0] !== block) continue;
    for (const a of assignmentsIn(entry, uri, lines)) {
      // Written inside the block: the field starts with the bare key.
      if (a.location.range.start.line !== a.keyLocation.range.start.line) continue;
      if (a.location.range.start.character !== a.keyLocation.range.start.character) continue;
      const line = lines.lineText(a.location.range.start.line) ?? '';
      if (line.slice(0, a.location.range.start.character).trim() !== '') continue;
      const rest = line.slice(a.location.range.end.character).trim();
      if (a.location.range.end.line !== a.location.range.start.line) {
        const endLine = lines.lineText(a.location.range.end.line) ?? '';
        const after = endLine.slice(a.location.range.end.character).trim();
        if (after !== '' && !/^(#|\/\/)/.test(after) && after !== ',') continue;
      } else if (rest !== '' && !/^,?\s*(#|\/\/)/.test(rest) && rest !== ',') {
        continue;
      }
      if (!best || comparePositions(a.location.range.end, best.location.range.end) > 0) best = a;
    }
  }
  return best;
}

function detectIndentUnit(lines: LineIndex): string {
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i) ?? '';
    const m = /^([ \t]+)\S/.exec(line);
    if (m && !/^\s*(#|\/\/)/.test(line)) return m[1].startsWith('\t') ? '\t' : m[1].length >= 4 ? '    ' : '  ';
  }
  return '  ';
}

/**
 * Edits that make the document use TLS for cluster RPC and distribution with
 * the given files. Empty when the document already says all of it.
 */
export function tlsConfigEdits(document: { readonly uri: string; readonly text: string }, config: EffectiveConfig, files: TlsConfigFiles): ConfigTextEdit[] {
  const lines = new LineIndex(document.text);
  const eol = lineBreakOf(document.text);
  const edits: ConfigTextEdit[] = [];
  const missing: Array<{ wanted: Wanted; value: string }> = [];

  for (const wanted of wantedKeys(files)) {
    const names = [wanted.key, ...wanted.aliases];
    let placed = false;
    for (const name of names) {
      const entry = config.get([wanted.block, name]);
      if (!entry) continue;
      const current = typeof entry.value === 'string' ? entry.value : undefined;
      const newText = wanted.text(current);
      const mine = assignmentsIn(entry, document.uri, lines);
      if (mine.length === 0) continue;
      const last = mine[mine.length - 1];
      if (textOf(lines, last.valueLocation.range) !== newText) {
        edits.push({ uri: document.uri, range: last.valueLocation.range, newText });
      }
      placed = true;
      break;
    }
    if (!placed) {
      const current = config.get([wanted.block, wanted.key])?.value;
      missing.push({ wanted, value: wanted.text(typeof current === 'string' ? current : undefined) });
    }
  }

  const unit = detectIndentUnit(lines);
  const appended: string[] = [];
  for (const block of ['rpc', 'cluster'] as const) {
    const fields = missing.filter((m) => m.wanted.block === block);
    if (fields.length === 0) continue;
    const anchor = lastFieldInBlock(config, block, document.uri, lines);
    if (anchor) {
      const line = anchor.location.range.end.line;
      const indent = /^[ \t]*/.exec(lines.lineText(anchor.location.range.start.line) ?? '')![0];
      const at = { line, character: (lines.lineText(line) ?? '').length };
      const newText = fields.map((f) => `${eol}${indent}${f.wanted.key} = ${f.value}`).join('');
      edits.push({ uri: document.uri, range: { start: at, end: at }, newText });
    } else if (fields.length === 1) {
      appended.push(`${block}.${fields[0].wanted.key} = ${fields[0].value}`);
    } else {
      appended.push(`${block} {`, ...fields.map((f) => `${unit}${f.wanted.key} = ${f.value}`), '}');
    }
  }
  if (appended.length > 0) {
    const lastLine = lines.lineCount - 1;
    const at = { line: lastLine, character: (lines.lineText(lastLine) ?? '').length };
    const needsNewline = document.text.length > 0 && !/(\r\n|\r|\n)$/.test(document.text);
    const separator = document.text.trim() === '' ? '' : eol;
    edits.push({
      uri: document.uri,
      range: { start: at, end: at },
      newText: (needsNewline ? eol : '') + separator + appended.join(eol) + eol,
    });
  }
  return edits;
}

/** Applies non-overlapping edits of one document to its text (for the CLI and tests). */
export function applyTextEdits(text: string, edits: readonly ConfigTextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => comparePositions(b.range.start, a.range.start));
  let out = text;
  for (const e of sorted) {
    const offset = lines.offsetAt(e.range.start);
    out = out.slice(0, offset) + e.newText + out.slice(lines.offsetAt(e.range.end));
  }
  return out;
}

/** What switching a config to TLS with one node's generated files changes on this machine. */
export interface ConfigTlsUpdate {
  /** The edits of the config itself (see tlsConfigEdits). */
  readonly edits: ConfigTextEdit[];
  /**
   * The node's ssl_dist.conf, to be written beside the config: EMQX reads
   * `etc/ssl_dist.conf` next to emqx.conf, so a config folder that mirrors
   * the node's etc folder then holds what the node needs.
   */
  readonly sslDist: { readonly path: string; readonly content: string };
}

/**
 * The edits and the ssl_dist.conf placement for a config at `configPath` (a
 * path on this machine). The paths written are `files`, the node's paths
 * (planned with an install folder), never where the files were generated.
 */
export function configTlsUpdate(
  document: { readonly uri: string; readonly text: string },
  configPath: string,
  config: EffectiveConfig,
  node: { readonly configPaths: TlsConfigFiles; readonly sslDist: string },
): ConfigTlsUpdate {
  return {
    edits: tlsConfigEdits(document, config, node.configPaths),
    sslDist: { path: path.join(path.dirname(configPath), 'ssl_dist.conf'), content: node.sslDist },
  };
}
