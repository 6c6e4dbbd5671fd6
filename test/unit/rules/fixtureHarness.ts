/**
 * Reads the rule fixtures in test/fixtures/rules/<rule-id>/: config files with
 * the expected findings written under the offending line, rust-analyzer style:
 *
 *   cookie = "emqxsecretcookie"
 *   #        ^^^^^^^^^^^^^^^^^^ warning cookie-default
 *
 * The carets give the exact columns on the nearest line above that is not an
 * annotation. A column the carets cannot reach (0, under the comment marker)
 * is given explicitly: `#^^^^ @0 warning rpc-plaintext` marks columns 0–4.
 * A first-line header sets the conditions:
 *   # fixture: version=4.4 docker=true trusted=false sibling=ssl_dist.conf rules=a,b
 *     demo=/abs/path (the reader serves an EMQX demo certificate there)
 *     own=/abs/path  (the reader serves a non-demo PEM there)
 *     env=NAME=VALUE (an environment variable the node runs with, place unknown;
 *                     the value URI-decoded, so `%20` is a space; repeat with `,`)
 * `rules` lists the rule ids compared (default: the folder's name).
 */
import * as fs from 'fs';
import * as path from 'path';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument, AnalyzeResult } from '../../../server/src/rules/analyze';
import { Finding } from '../../../server/src/rules/types';
import { corpusPath } from '../sharedCorpus';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'rules');

export interface Fixture {
  readonly ruleDir: string;
  readonly file: string;
  readonly text: string;
  readonly uri: string;
  readonly options: Record<string, string>;
  readonly rules: string[];
  readonly expected: string[];
}

const ANNOTATION = /^(\s*)([#%]|\/\/)(\s*)(\^+)(?:\s+@(\d+))?\s+(error|warning|info|hint)\s+([a-z0-9-]+)\s*$/;

export function readFixture(ruleDir: string, file: string): Fixture {
  const text = fs.readFileSync(path.join(FIXTURES, ruleDir, file), 'utf8');
  const lines = text.split(/\r?\n/);
  const options: Record<string, string> = {};
  const header = /^\s*(?:#|%|\/\/)\s*fixture:(.*)$/.exec(lines[0] ?? '');
  if (header) for (const kv of header[1].trim().split(/\s+/)) if (kv.includes('=')) options[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  const expected: string[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) {
      target = i;
      return;
    }
    const start = m[5] !== undefined ? Number(m[5]) : line.indexOf('^');
    const end = start + m[4].length;
    expected.push(`${target + 1}:${start}-${end} ${m[6]} ${m[7]}`);
  });
  return {
    ruleDir,
    file,
    text,
    uri: `file:///fixtures/${ruleDir}/${file}`,
    options,
    rules: (options.rules ?? ruleDir).split(','),
    expected: expected.sort(),
  };
}

export function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of fs.readdirSync(FIXTURES).sort()) {
    const full = path.join(FIXTURES, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) if (f.endsWith('.conf') || f.endsWith('.hocon')) out.push(readFixture(dir, f));
  }
  return out;
}

export function analyzeFixture(fx: Fixture, text = fx.text): AnalyzeResult {
  const files: Record<string, string> = {};
  const dir = `/fixtures/${fx.ruleDir}`;
  for (const s of (fx.options.sibling ?? '').split(',').filter(Boolean)) files[`${dir}/${s}`] = '';
  for (const p of (fx.options.demo ?? '').split(',').filter(Boolean)) files[p] = fs.readFileSync(corpusPath('emqx-demo-certs', 'v5.8.9-cert.pem'), 'utf8');
  for (const p of (fx.options.own ?? '').split(',').filter(Boolean)) files[p] = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
  return analyzeDocument({
    uri: fx.uri,
    text,
    reader: memoryReader(files),
    trusted: fx.options.trusted !== 'false',
    settings: { emqxVersion: fx.options.version, docker: fx.options.docker === 'true' },
    env: (fx.options.env ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: decodeURIComponent(kv.slice(kv.indexOf('=') + 1)) })),
  });
}

export function describeFinding(f: Finding): string {
  const r = f.location.range;
  return `${r.start.line + 1}:${r.start.character}-${r.end.character} ${f.severity} ${f.ruleId}`;
}

/** Applies non-overlapping edits to a text, last first. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Finding['location']['range']; newText: string }>): string {
  const lines = text.split(/(?<=\n)/);
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
