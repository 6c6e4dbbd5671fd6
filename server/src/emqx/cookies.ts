/**
 * Erlang cookie facts: the values EMQX ships or documents, a strength judge,
 * the characters EMQX's tooling cannot carry, and a generator for fresh ones.
 * Nothing here returns, logs or embeds a cookie's value: callers get verdicts.
 */
import type * as Crypto from 'crypto';

/**
 * Cookies that ship in packages, images, snaps, docs and EMQX's own examples
 * and test fixtures (domain doc §1.1). Compared case-sensitively, as Erlang does.
 */
const KNOWN_DEFAULT_COOKIES: ReadonlySet<string> = new Set([
  'emqxsecretcookie', // 4.x and rebar3-built 5.x packages
  'emqx50elixir', // mix-built 5.x "-elixir" packages, every 6.x build
  'Yzc0NGExM2Rj', // rel/config/examples/node.conf.example
  'secret', // snap packages (EMQX_NODE__COOKIE) from 5.9
  '<a Secret cookie>', // the documentation's placeholder
  '{{ emqx_default_erlang_cookie }}', // the unrendered build template (rendered to a default)
  'test',
  'influx',
  'emqx',
  'public',
]);

/** Whether the value is a cookie EMQX ships or documents (anyone can read it). */
export function isKnownDefaultCookie(value: string): boolean {
  return KNOWN_DEFAULT_COOKIES.has(value) || KNOWN_DEFAULT_COOKIES.has(value.trim());
}

/** The cookie a build uses when no `node.cookie` and no `EMQX_NODE__COOKIE` is given. */
export function buildDefaultCookieDescription(major: number): string {
  return major >= 6 ? 'emqx50elixir' : 'emqxsecretcookie';
}

export type CookieWeakness = 'short' | 'shortish' | 'low-variety' | 'dictionary';

export interface CookieVerdict {
  /** Empty when the cookie looks strong. */
  readonly weaknesses: readonly CookieWeakness[];
  /** How bad the worst weakness is: warning for guessable cookies, info for merely short ones. */
  readonly severity: 'warning' | 'info' | undefined;
}

/**
 * Words and keyboard runs people build cookies from. A cookie that is mostly
 * made of them (after removing digits and separators) is guessable by a
 * dictionary attack however long it is.
 */
const COOKIE_WORDS = [
  'emqx',
  'mqtt',
  'erlang',
  'cookie',
  'secret',
  'password',
  'passwd',
  'pass',
  'admin',
  'root',
  'test',
  'default',
  'changeme',
  'change',
  'public',
  'private',
  'cluster',
  'broker',
  'node',
  'prod',
  'production',
  'staging',
  'dev',
  'demo',
  'example',
  'sample',
  'qwerty',
  'asdf',
  'letmein',
  'welcome',
  'hello',
  'iot',
  'server',
  'master',
  'main',
  'key',
  'token',
  'my',
  'our',
  'the',
  'super',
  'top',
  'abc',
  'xyz',
  'company',
  'elixir',
  'docker',
  'kube',
  'k8s',
  'helm',
];

/**
 * Judges a cookie's strength without revealing it.
 * - shorter than 8 characters: `short` (warning); 8–15: `shortish` (info);
 * - fewer than 8 distinct characters: `low-variety` (warning), e.g. `aaaaaaaaaaaaaaaaaaaa`;
 * - dictionary-like: once known words, digits and separators are removed, fewer than
 *   8 characters remain (warning), e.g. `emqx-prod-cluster-2024`.
 */
export function judgeCookie(value: string): CookieVerdict {
  const weaknesses: CookieWeakness[] = [];
  const length = [...value].length;
  if (length < 8) weaknesses.push('short');
  else if (length < 16) weaknesses.push('shortish');
  if (length >= 8 && new Set(value).size < 8) weaknesses.push('low-variety');
  if (length >= 8 && isDictionaryLike(value)) weaknesses.push('dictionary');
  const severity = weaknesses.length === 0 ? undefined : weaknesses.some((w) => w !== 'shortish') ? 'warning' : 'info';
  return { weaknesses, severity };
}

/** Longest first, so `password` is removed before `pass`. */
const COOKIE_WORDS_LONGEST_FIRST = [...COOKIE_WORDS].sort((a, b) => b.length - a.length);

function isDictionaryLike(value: string): boolean {
  let rest = value.toLowerCase();
  for (const word of COOKIE_WORDS_LONGEST_FIRST) rest = rest.split(word).join(' ');
  // Digits in runs (years, 123, 2024) and separators add little to a guess.
  rest = rest.replace(/[0-9]+/g, '').replace(/[\s_.\-@!#$%^&*+=:;,|/\\~]+/g, '');
  return rest.length < 8;
}

export type CookieProblem = 'empty' | 'too-long' | 'space' | 'single-quote' | 'double-quote' | 'backslash';

/**
 * Characters and lengths EMQX cannot carry: `bin/emqx` passes the cookie through
 * shell quoting, and newer release branches (6.x) validate it, rejecting an empty
 * cookie, more than 255 characters, spaces, quotes and backslashes.
 */
export function cookieProblems(value: string): CookieProblem[] {
  const problems: CookieProblem[] = [];
  if (value.length === 0) problems.push('empty');
  if (value.length > 255) problems.push('too-long');
  if (/\s/.test(value)) problems.push('space');
  if (value.includes("'")) problems.push('single-quote');
  if (value.includes('"')) problems.push('double-quote');
  if (value.includes('\\')) problems.push('backslash');
  return problems;
}

/** Characters a generated cookie is made of: safe unquoted in HOCON, cuttlefish, shells and URLs. */
const SAFE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh random cookie: 48 characters from a 62-letter alphabet (about 285 bits), drawn
 * with rejection sampling so every character is equally likely. Starts with a letter so
 * that HOCON and cuttlefish would read it even unquoted.
 */
export function generateCookie(length = 48): string {
  const out: string[] = [];
  while (out.length < length) {
    // Node's crypto is required here, not at the top: loading it costs every CLI start
    // several ms, and only a fix that is applied needs a fresh cookie.
    for (const byte of (require('crypto') as typeof Crypto).randomBytes(length * 2)) {
      if (byte >= 248) continue; // 248 = 4 × 62: keeps the distribution uniform
      const ch = SAFE_ALPHABET[byte % 62];
      if (out.length === 0 && !/[A-Za-z]/.test(ch)) continue;
      out.push(ch);
      if (out.length === length) break;
    }
  }
  return out.join('');
}
