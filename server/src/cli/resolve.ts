/**
 * `emqx-cluster-security resolve FILE [--include-dir DIR]...`
 *
 * Prints the effective config of FILE as one line of JSON with sorted keys,
 * as EMQX's `hocon:files([FILE], #{format => map})` returns it (durations and
 * sizes stay strings). Errors go to stderr as `FILE:LINE:COL: message`
 * (exit 1); warnings are printed there too but do not change the exit code.
 * Usage and I/O errors exit 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileReader } from '../io';
import { CLI_MAX_READ_BYTES, decodeUtf8, nodeFileReader } from '../nodeReader';
import { t } from '../l10n';
import { resolveText } from '../model/load';
import { toEmqxJson } from '../model/json';
import { Problem } from '../model/types';

const USAGE = (): string =>
  [
    t('Usage: emqx-cluster-security resolve FILE [--include-dir DIR]...'),
    '',
    t('Prints the effective configuration of FILE as one line of JSON (keys sorted), as EMQX reads it.'),
    t('Includes resolve next to the including file, then in each --include-dir (EMQX passes data/configs).'),
    '',
    t('Exit codes: 0 ok, 1 the file has errors (printed as FILE:LINE:COL: message), 2 usage or I/O error.'),
  ].join('\n') + '\n';

export { decodeUtf8 };

/** Reads files for includes (the one disk reader, with the command line's size limit); unreadable or missing files read as undefined. */
export function cliFileReader(): FileReader {
  return nodeFileReader({ maxBytes: CLI_MAX_READ_BYTES });
}

function displayPath(id: string): string {
  const rel = path.relative(process.cwd(), id);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : id;
}

export function formatProblem(p: Problem): string {
  const { line, character } = p.location.range.start;
  const prefix = `${displayPath(p.location.uri)}:${line + 1}:${character + 1}: `;
  return prefix + (p.severity === 'error' ? '' : `${t(p.severity)}: `) + p.message;
}

export async function run(args: string[]): Promise<number> {
  const includeDirs: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE());
      return 0;
    }
    if (a === '--include-dir' || a === '-I') {
      const dir = args[++i];
      if (dir === undefined) {
        process.stderr.write(t('--include-dir needs a directory.') + '\n' + USAGE());
        return 2;
      }
      includeDirs.push(dir);
      continue;
    }
    if (a.startsWith('--include-dir=')) {
      includeDirs.push(a.slice('--include-dir='.length));
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      process.stderr.write(t('Unknown option "{0}".', a) + '\n' + USAGE());
      return 2;
    }
    files.push(a);
  }
  if (files.length !== 1) {
    process.stderr.write(USAGE());
    return 2;
  }
  const file = path.resolve(files[0]);
  let text: string;
  try {
    text = decodeUtf8(fs.readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    process.stderr.write(t('Cannot read {0}: {1}', files[0], code) + '\n');
    return 2;
  }
  const config = resolveText(
    text,
    file,
    cliFileReader(),
    includeDirs.map((d) => path.resolve(d)),
  );
  const errors = config.problems.filter((p) => p.severity === 'error');
  for (const p of config.problems) {
    if (p.severity !== 'error') process.stderr.write(formatProblem(p) + '\n');
  }
  if (errors.length > 0) {
    for (const p of errors) process.stderr.write(formatProblem(p) + '\n');
    return 1;
  }
  process.stdout.write(toEmqxJson(config.root, config.exactNumbers) + '\n');
  return 0;
}
