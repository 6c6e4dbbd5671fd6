/**
 * The only door to the file system the core has. The syntax, model, emqx and
 * rules layers never import `fs`; callers (the server, the CLI, tests) inject a
 * FileReader, so the core can run on unsaved editor buffers, in an untrusted
 * workspace (a reader that refuses), and in tests (an in-memory reader).
 */
export interface FileReader {
  /** The file's text, or undefined when it does not exist or may not be read. */
  readText(path: string): string | undefined;
  /** Whether a file exists (and may be looked at). */
  exists(path: string): boolean;
  /**
   * The file's permission bits (`mode & 0o7777`), when the platform has POSIX
   * modes and the file may be looked at; undefined otherwise (Windows, missing
   * file, untrusted, in-memory readers without modes). Used by the check that
   * private keys are 0600 or stricter.
   */
  stat?(path: string): { readonly mode: number } | undefined;
}

/** An in-memory reader: tests and unsaved buffers. Keys are absolute paths. */
export function memoryReader(files: Record<string, string>): FileReader {
  return {
    readText: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined),
    exists: (p) => Object.prototype.hasOwnProperty.call(files, p),
  };
}

/** A reader that sees nothing: untrusted workspaces. */
export const noFiles: FileReader = { readText: () => undefined, exists: () => false };
