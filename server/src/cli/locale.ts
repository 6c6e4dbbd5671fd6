/**
 * Picks the CLI's message language from the environment (LC_ALL, LC_MESSAGES,
 * LANG, like other Unix tools) and loads the server-side translation bundles
 * (`server/l10n/<area>.zh-cn.json`, merged) for it. English needs no bundle.
 * A missing or unreadable bundle silently leaves the English source text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

/** The locale the environment asks for, lower-cased with `-` (`zh-cn`), or undefined for English/C. */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const tag = raw.split('.')[0].replace('_', '-').toLowerCase();
  if (!tag || tag === 'c' || tag === 'posix' || tag.startsWith('en')) return undefined;
  if (tag.startsWith('zh')) return 'zh-cn';
  return undefined;
}

/** Candidate folders holding the bundles: next to the bundle (dist/ → ../server/l10n) or the sources. */
function bundleFolders(): string[] {
  return [path.join(__dirname, '..', 'server', 'l10n'), path.join(__dirname, '..', '..', 'l10n')];
}

export function setUpCliLocale(env: NodeJS.ProcessEnv = process.env): void {
  const locale = localeFromEnv(env);
  if (!locale) return;
  const contents: Record<string, string> = {};
  for (const folder of bundleFolders()) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith(`.${locale}.json`)) continue;
      try {
        const data = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as Record<string, unknown>;
        for (const [k, v] of Object.entries(data)) {
          if (typeof v === 'string') contents[k] = v;
          // @vscode/l10n bundles may also hold { message, comment } objects.
          else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
            contents[k] = (v as { message: string }).message;
          }
        }
      } catch {
        // A broken bundle must not break the CLI; English is used instead.
      }
    }
    if (Object.keys(contents).length > 0) break;
  }
  if (Object.keys(contents).length > 0) l10n.config({ contents });
}
