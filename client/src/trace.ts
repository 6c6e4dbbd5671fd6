/**
 * The language-server trace (`emqxClusterSecurity.trace.server` = verbose)
 * prints every message whole: `didOpen`/`didChange` carry the document text
 * (a cookie with it), and a quick fix's edit carries the value it writes (the
 * generated cookie). Trace lines pass through `redactTrace` before they reach
 * the output channel: the text of documents and edits is replaced by its
 * length, everything else (methods, URIs, ranges, diagnostics) stays for
 * debugging.
 *
 * This module uses `vscode` for types only, so the unit tests run it in Node.
 */
import type * as vscode from 'vscode';

/** JSON members whose string values are document text or text an edit writes. */
const TEXT_MEMBER = /("(?:text|newText|insertText)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** A trace line with the document text and edit text in it replaced by a placeholder that says how long it was. */
export function redactTrace(line: string): string {
  return line.replace(TEXT_MEMBER, (_whole, key: string, value: string) => {
    let length = value.length;
    try {
      length = (JSON.parse(`"${value}"`) as string).length;
    } catch {
      // Keep the escaped length.
    }
    return `${key}"<${length} characters not logged>"`;
  });
}

/** An output channel that writes trace lines redacted to `channel`. */
export function redactingChannel(channel: vscode.OutputChannel): vscode.OutputChannel {
  return {
    get name() {
      return channel.name;
    },
    append: (value: string) => channel.append(redactTrace(value)),
    appendLine: (value: string) => channel.appendLine(redactTrace(value)),
    replace: (value: string) => channel.replace(redactTrace(value)),
    clear: () => channel.clear(),
    show: (...args: unknown[]) => (channel.show as (...a: unknown[]) => void)(...args),
    hide: () => channel.hide(),
    // The channel belongs to the extension, which disposes it.
    dispose: () => undefined,
  };
}
