/**
 * Rule pages (docs/rules/<id>.md, shipped in the extension) open as the rendered
 * Markdown preview, not as source text. The server links each diagnostic to its
 * rule's page by a file: URI (`codeDescription.href`) and asks the client to show
 * the page (`window/showDocument`, from the "Show documentation" quick fix); VS Code
 * opens a file: URI in a text editor, so the client turns both into a command that
 * opens the preview. VS Code opens a diagnostic's code link with commands allowed.
 * This module does not import `vscode`, so the unit tests can run it in Node.
 */

/** The client command that opens a rule page in the Markdown preview (argument: the page's file: URI). */
export const OPEN_RULE_DOCS_COMMAND = 'emqxClusterSecurity.openRuleDocs';

const RULE_PAGE = /\/docs\/rules\/[a-z0-9][a-z0-9-]*\.md$/;

/** Whether a URI is one of the rule pages (a local file under docs/rules/). */
export function isRulePage(uri: string): boolean {
  return uri.startsWith('file:') && RULE_PAGE.test(uri.split(/[?#]/)[0]);
}

/** The command: URI that opens a rule page in the preview; any other URI is returned as it is. */
export function rulePageLink(uri: string): string {
  return isRulePage(uri) ? `command:${OPEN_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([uri]))}` : uri;
}
