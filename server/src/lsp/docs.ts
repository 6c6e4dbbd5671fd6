/** Where the rule documentation pages are, and the link of one rule's page. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `<install dir>/docs/rules`, found from this bundle (dist/) or the sources (server/src/, server/src/lsp/). */
export function findDocsDir(from: string = __dirname): string | undefined {
  for (const up of [['..'], ['..', '..'], ['..', '..', '..']]) {
    const dir = path.resolve(from, ...up, 'docs', 'rules');
    try {
      if (fs.statSync(dir).isDirectory()) return dir;
    } catch {
      // Not here; try the next candidate.
    }
  }
  return undefined;
}

/** The `file://` link of a rule's documentation page, when the page exists (looked up once per rule). */
export function docsLinker(dir: string | undefined): (ruleId: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (ruleId) => {
    if (!dir || !/^[a-z0-9][a-z0-9-]*$/.test(ruleId)) return undefined;
    if (!cache.has(ruleId)) {
      const file = path.join(dir, `${ruleId}.md`);
      let href: string | undefined;
      try {
        href = fs.statSync(file).isFile() ? pathToFileURL(file).toString() : undefined;
      } catch {
        href = undefined;
      }
      cache.set(ruleId, href);
    }
    return cache.get(ruleId);
  };
}
