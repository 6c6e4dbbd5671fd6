/**
 * The FileReader over the real file system, for the callers that are allowed
 * to touch it (the language server in a trusted workspace, the CLI). The core
 * layers never import this module; they receive the reader it returns.
 *
 * Reads are synchronous because rules are synchronous pure functions of their
 * context; the files involved (configs, PEM files, ssl_dist.conf) are small,
 * and `maxBytes` keeps a stray path to a huge file from stalling the server.
 */
import * as fs from 'fs';
import { FileReader } from './io';

export interface NodeFileReaderOptions {
  /** Files larger than this are treated as unreadable (default 4 MiB). */
  readonly maxBytes?: number;
}

export function nodeFileReader(options: NodeFileReaderOptions = {}): FileReader {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
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
      if (!st || st.size > maxBytes) return undefined;
      try {
        return fs.readFileSync(p, 'utf8');
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
