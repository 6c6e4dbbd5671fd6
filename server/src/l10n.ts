/**
 * Message translation for every layer that produces user-facing text (rules,
 * hovers, CLI): a plain string-table lookup with @vscode/l10n's format (`{0}`,
 * `{1}` ... replaced by the arguments), kept here so that loading it costs nothing
 * (the package also reads bundles from files and URLs, and loads Node's fs/promises
 * for that at every CLI start). The server loads the bundle for the locale the
 * client sent in `initialize`, the CLI for LANG. English is the source text.
 *
 * Translations live per area in `server/l10n/<area>.zh-cn.json` (English source
 * string → translation). They are `require`d with literal paths so esbuild
 * bundles them into dist/server.js; each require sits in its own try block, so
 * an area that has no bundle yet is simply left in English (esbuild leaves an
 * unresolvable require inside a try block to fail at run time, where it is caught).
 */
/** The active translations (English source text → text), empty for English. */
let table: Readonly<Record<string, string>> = {};

/** `{0}`, `{1}` ...: only numbered placeholders take arguments (t() has no named ones). */
const PLACEHOLDER = /{(\d+)}/g;

/** The message in the active language, each `{n}` replaced by the n-th argument (a placeholder with no argument stays as written). */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  const translated: unknown = table[message];
  const text = typeof translated === 'string' && translated !== '' ? translated : message;
  if (args.length === 0) return text;
  return text.replace(PLACEHOLDER, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

type Bundle = Record<string, unknown>;

/** The Simplified Chinese bundles of every area, loaded lazily. */
function zhCnBundles(): Bundle[] {
  const out: unknown[] = [];
  // One try block per area, each around a literal require: esbuild bundles the files that
  // exist and leaves a missing one to fail at run time, inside its own try.
  try {
    out.push(require('../l10n/rules.zh-cn.json'));
  } catch {
    /* no rules translations yet */
  }
  try {
    out.push(require('../l10n/ide.zh-cn.json'));
  } catch {
    /* no ide translations yet */
  }
  try {
    out.push(require('../l10n/cli.zh-cn.json'));
  } catch {
    /* no cli translations yet */
  }
  try {
    out.push(require('../l10n/certs.zh-cn.json'));
  } catch {
    /* no certs translations yet */
  }
  try {
    out.push(require('../l10n/emqx.zh-cn.json'));
  } catch {
    /* no emqx translations yet */
  }
  try {
    out.push(require('../l10n/model.zh-cn.json'));
  } catch {
    /* no model translations yet */
  }
  try {
    out.push(require('../l10n/cluster.zh-cn.json'));
  } catch {
    /* no cluster translations yet */
  }
  try {
    out.push(require('../l10n/settings.zh-cn.json'));
  } catch {
    /* no settings translations yet */
  }
  try {
    out.push(require('../l10n/deploy.zh-cn.json'));
  } catch {
    /* no deploy translations yet */
  }
  return out.filter((b): b is Bundle => !!b && typeof b === 'object');
}

/**
 * The source text of a message and each shipped translation of it: to recognise
 * text the extension wrote into a file under any locale.
 */
export function allTranslations(message: string): string[] {
  const out = [message];
  const translated = mergeBundles(zhCnBundles())[message];
  if (translated && translated !== message) out.push(translated);
  return out;
}

/** The bundle locales we ship, by the lower-cased tags clients send (`zh-cn`, `zh-CN`, `zh-hans`, `zh`). */
export function normalizeLocale(locale: string | undefined): 'zh-cn' | 'en' {
  const tag = (locale ?? '').trim().toLowerCase().replace('_', '-');
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-hans' || tag.startsWith('zh-hans-') || tag === 'zh-sg') return 'zh-cn';
  return 'en';
}

/** Merges bundles into one string table; `{ message, comment }` entries are accepted too. */
export function mergeBundles(bundles: readonly Bundle[]): Record<string, string> {
  const contents: Record<string, string> = {};
  for (const b of bundles) {
    for (const [k, v] of Object.entries(b)) {
      if (typeof v === 'string') contents[k] = v;
      else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
        contents[k] = (v as { message: string }).message;
      }
    }
  }
  return contents;
}

/**
 * Sets the language of every later `t()` call in this process. Returns the
 * locale actually used: `zh-cn` when a Chinese locale was asked for, `en`
 * (the source text) otherwise.
 */
export function configureLocale(locale: string | undefined): 'zh-cn' | 'en' {
  const wanted = normalizeLocale(locale);
  if (wanted === 'zh-cn') {
    const contents = mergeBundles(zhCnBundles());
    table = contents;
    active = Object.keys(contents).length > 0 ? 'zh-cn' : 'en';
    return active;
  }
  // An empty table gives the English source text (also undoes an earlier Chinese configuration).
  table = {};
  active = 'en';
  return 'en';
}

let active: 'zh-cn' | 'en' = 'en';

/** The locale `t()` translates to now (texts that are not in the bundles, such as EMQX's own descriptions, pick their language by it). */
export function currentLocale(): 'zh-cn' | 'en' {
  return active;
}
