/**
 * The FileReader over the real file system, for the callers that are allowed
 * to touch it (the language server in a trusted workspace, the CLI). The core
 * layers never import this module; they receive the reader it returns.
 *
 * Reads are synchronous because rules are synchronous pure functions of their
 * context; the files involved (configs, PEM files, ssl_dist.conf) are small,
 * and `maxBytes` keeps a stray path to a huge file from stalling the server.
 * The one disk reader: the language server, `check`, `resolve`, `ports` and
 * the project file all read through it, so a file reads the same everywhere (UTF-8, a byte-order mark
 * dropped as editors drop it, invalid bytes as U+FFFD).
 */
import * as fs from 'fs';
import { FileReader } from './io';

/** Files larger than this are not read (a stray path to a huge file must not stall the server). */
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024;
/**
 * The command-line check reads files up to this size (configs and includes):
 * it runs in CI, not in an editor, and checks big files in linear time (a
 * 5 MB file in about 0.15 s); the engine's include budget still stops
 * include bombs.
 */
export const CLI_MAX_READ_BYTES = 256 * 1024 * 1024;

/**
 * Decodes bytes as UTF-8. Invalid sequences become U+FFFD, which the parser
 * reports as invalid UTF-8 (EMQX rejects such files); a leading byte-order
 * mark is dropped, as editors do, so columns match what the user sees.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface NodeFileReaderOptions {
  /** Files larger than this are treated as unreadable (default DEFAULT_MAX_READ_BYTES). */
  readonly maxBytes?: number;
  /**
   * Told about every file `readText` refused because it is larger than
   * `maxBytes`. The FileReader contract can only say "no text"; callers use
   * this to tell the user "too large" instead of "not found".
   */
  readonly onTooLarge?: (path: string, size: number) => void;
}

export function nodeFileReader(options: NodeFileReaderOptions = {}): FileReader {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const regularFile = (p: string): fs.Stats | undefined => {
    try {
      const st = fs.statSync(p);
      return st.isFile() ? st : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    readText(p: string): string | undefined {
      const st = regularFile(p);
      if (!st) return undefined;
      if (st.size > maxBytes) {
        options.onTooLarge?.(p, st.size);
        return undefined;
      }
      try {
        return decodeUtf8(fs.readFileSync(p));
      } catch {
        return undefined;
      }
    },
    exists: (p: string) => regularFile(p) !== undefined,
    stat(p: string) {
      // Windows reports synthetic modes (0666/0444) that say nothing about who
      // can read a file; only POSIX modes are meaningful for the 0600 check.
      if (process.platform === 'win32') return undefined;
      const st = regularFile(p);
      return st ? { mode: st.mode & 0o7777 } : undefined;
    },
  };
}
