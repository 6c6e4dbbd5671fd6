/**
 * `emqx-cluster-security resolve FILE [--include-dir DIR]...`
 *
 * Prints the effective config of FILE as one line of JSON with sorted keys,
 * as EMQX's `hocon:files([FILE], #{format => map})` returns it (durations and
 * sizes stay strings), with the values of secret keys redacted unless
 * `--show-secrets` is given. Files are read with `check`'s guard (regular
 * files, size limit). Errors go to stderr as `FILE:LINE:COL: message`
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
import { redactSecrets } from '../emqx/secrets';
import { ExactNumbers } from '../model/values';

const USAGE = (): string =>
  [
    t('Usage: emqx-cluster-security resolve FILE [--include-dir DIR]... [--show-secrets]'),
    '',
    t('Prints the effective configuration of FILE as one line of JSON (keys sorted), as EMQX reads it.'),
    t('Includes resolve next to the including file, then in each --include-dir (EMQX passes data/configs).'),
    t('The values of secret keys (cookies, passwords, keys, tokens) print as "{0}"; --show-secrets prints them.', REDACTED),
    t('Reads regular files of at most {0} MiB (as check does).', CLI_MAX_READ_BYTES / (1024 * 1024)),
    '',
    t('Exit codes: 0 ok, 1 the file has errors (printed as FILE:LINE:COL: message), 2 usage or I/O error.'),
  ].join('\n') + '\n';

export { decodeUtf8 };

/**
 * Reads the file and its includes with `check`'s guard (the one disk reader): regular files
 * only (a FIFO or a device such as /dev/zero is never opened), at most CLI_MAX_READ_BYTES
 * each; unreadable, missing or refused files read as undefined (`onTooLarge` tells the size apart).
 */
export function cliFileReader(options: { readonly onTooLarge?: (path: string, size: number) => void } = {}): FileReader {
  return nodeFileReader({ maxBytes: CLI_MAX_READ_BYTES, onTooLarge: options.onTooLarge });
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
  let showSecrets = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE());
      return 0;
    }
    if (a === '--show-secrets') {
      showSecrets = true;
      continue;
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
  const tooLarge = new Map<string, number>();
  const reader = cliFileReader({ onTooLarge: (p, size) => tooLarge.set(p, size) });
  const text = reader.readText(file);
  if (text === undefined) {
    const size = tooLarge.get(file);
    process.stderr.write(
      (size !== undefined
        ? t('{0} is too large to read: {1} MiB (this tool reads at most {2} MiB)', files[0], Math.ceil(size / (1024 * 1024)), CLI_MAX_READ_BYTES / (1024 * 1024))
        : t('Cannot read {0}: {1}', files[0], readFailure(file))) + '\n',
    );
    return 2;
  }
  const config = resolveText(
    text,
    file,
    reader,
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
  if (showSecrets) {
    process.stdout.write(toEmqxJson(config.root, config.exactNumbers) + '\n');
    return 0;
  }
  // Cookies, passwords and keys are replaced by a placeholder that says so (by key name, at any depth).
  const exact: ExactNumbers = new WeakMap();
  const shown = redactSecrets(config.root, REDACTED, (original, copy) => {
    const texts = config.exactNumbers?.get(original);
    if (texts) exact.set(copy, texts);
  });
  process.stdout.write(toEmqxJson(shown, exact) + '\n');
  return 0;
}

/** Why a file cannot be read: the errno code, or that it is not a regular file. */
function readFailure(p: string): string {
  try {
    return fs.statSync(p).isFile() ? 'EIO' : t('not a regular file');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** What a redacted value prints as: it says that it was hidden and how to see it. */
export const REDACTED = '<redacted: use --show-secrets to print it>';
