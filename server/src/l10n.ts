/**
 * Message translation for every layer that produces user-facing text (rules,
 * hovers, CLI). A thin wrapper over @vscode/l10n, which is a plain string-table
 * lookup with no VS Code dependency; the server loads the bundle for the locale
 * the client sent in `initialize`, the CLI for LANG. English is the source text.
 */
import * as l10n from '@vscode/l10n';

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return l10n.t(message, ...args);
}
