/**
 * Walks the conformance corpus (`../shared/corpus` next to the repository):
 * every input file that has an expected EMQX result in
 * `expected-emqx/<corpus>/<file>.json` (the value `hocon:files/2` produced)
 * or `.error` (EMQX rejected the file), resolved as EMQX would (includes next
 * to the including file, no include directories: that is how the expected
 * results were produced — `etc/include-dir.conf` fails there for that reason).
 */
import * as fs from 'fs';
import * as path from 'path';
import { cliFileReader, decodeUtf8 } from '../../../server/src/cli/resolve';
import { resolveText } from '../../../server/src/model/load';
import { HoconValue } from '../../../server/src/model/types';
import { corpusPath, SHARED_ROOT } from '../sharedCorpus';

export const repoRoot = path.resolve(__dirname, '../../..');
export const corpusRoot = SHARED_ROOT + path.sep + 'corpus';
export const CORPORA = ['dialect-probes', 'emqx', 'emqx-hocon', 'hocon-spec'];

export interface CorpusCase {
  /** `<corpus>/<relative path>` */
  readonly id: string;
  readonly file: string;
  readonly expected: { readonly kind: 'json'; readonly value: HoconValue } | { readonly kind: 'error'; readonly reason: string };
}

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  corpusPath(); // fails, naming the path, when the corpus is missing
  for (const corpus of CORPORA) {
    const files: string[] = [];
    walk(path.join(corpusRoot, corpus), files);
    files.sort();
    for (const file of files) {
      const rel = path.relative(path.join(corpusRoot, corpus), file);
      const base = path.join(corpusRoot, 'expected-emqx', corpus, rel);
      const id = `${corpus}/${rel.split(path.sep).join('/')}`;
      if (fs.existsSync(base + '.json')) {
        cases.push({ id, file, expected: { kind: 'json', value: JSON.parse(fs.readFileSync(base + '.json', 'utf8')) } });
      } else if (fs.existsSync(base + '.error')) {
        cases.push({ id, file, expected: { kind: 'error', reason: fs.readFileSync(base + '.error', 'utf8').trim() } });
      }
    }
  }
  return cases;
}

export type Outcome = { kind: 'json'; value: HoconValue } | { kind: 'error'; messages: string[] };

export function resolveCorpusFile(file: string): Outcome {
  const text = decodeUtf8(fs.readFileSync(file));
  const config = resolveText(text, file, cliFileReader());
  const errors = config.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return {
      kind: 'error',
      messages: errors.map((p) => `${path.basename(p.location.uri)}:${p.location.range.start.line + 1}: ${p.message}`),
    };
  }
  return { kind: 'json', value: config.root };
}

/**
 * Value equality of JSON trees. Numbers compare as numbers: Erlang prints a
 * float as `1.0` and an integer as `1`; both parse to the same JavaScript
 * number, and the model (like JSON) does not distinguish them. Object key
 * order does not matter.
 */
export function sameValue(a: HoconValue, b: HoconValue): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const ao = a as Record<string, HoconValue>;
  const bo = b as Record<string, HoconValue>;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameValue(ao[k], bo[k]));
}
