/**
 * Regression fixtures of the differential test: each disagreement once found
 * is kept as test/fixtures/differential/<name>/ with the document
 * (emqx.conf and any included file) and `expected.txt`, the oracle's answer
 * (`OK <json>` or `ERROR: <reason>`), so the unit tests check it without
 * Erlang.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Disagreement } from './compare';
import { OracleAnswer, repoRoot } from './oracle';

export const fixturesDir = path.join(repoRoot, 'test/fixtures/differential');

export function saveFixture(d: Disagreement): string {
  const hash = crypto.createHash('sha256').update(d.doc.main).update(JSON.stringify(d.doc.includes)).digest('hex').slice(0, 10);
  const dir = path.join(fixturesDir, `seed-${d.seed}-${hash}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'emqx.conf'), d.doc.main);
  for (const [name, text] of Object.entries(d.doc.includes)) fs.writeFileSync(path.join(dir, name), text);
  const o = d.oracle;
  fs.writeFileSync(path.join(dir, 'expected.txt'), (o.kind === 'json' ? `OK ${o.text}` : `ERROR: ${o.reason}`) + '\n');
  return dir;
}

export interface Fixture {
  readonly name: string;
  readonly file: string;
  readonly expected: OracleAnswer;
}

export function loadFixtures(): Fixture[] {
  if (!fs.existsSync(fixturesDir)) return [];
  return fs
    .readdirSync(fixturesDir)
    .sort()
    .map((name) => {
      const line = fs.readFileSync(path.join(fixturesDir, name, 'expected.txt'), 'utf8').trimEnd();
      const expected: OracleAnswer = line.startsWith('OK ') ? { kind: 'json', text: line.slice(3) } : { kind: 'error', reason: line.replace(/^ERROR: /, '') };
      return { name, file: path.join(fixturesDir, name, 'emqx.conf'), expected };
    });
}
