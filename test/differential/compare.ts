/**
 * Runs generated documents through the engine (as the CLI's `resolve` does:
 * loadConfig with the disk reader) and through EMQX's parser, and compares:
 * both reject the document, or both accept it with the same value. A
 * disagreement is minimized by dropping lines of the main file while it
 * still disagrees.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliFileReader } from '../../server/src/cli/resolve';
import { resolveText } from '../../server/src/model/load';
import { toEmqxJson } from '../../server/src/model/json';
import { HoconValue } from '../../server/src/model/types';
import { sameValue } from '../unit/conformance/corpus';
import { GeneratedDoc } from './generate';
import { Oracle, OracleAnswer } from './oracle';

export type Ours = { kind: 'json'; value: HoconValue; text: string } | { kind: 'error'; messages: string[] };

export function ours(file: string, text: string): Ours {
  const config = resolveText(text, file, cliFileReader());
  const errors = config.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { kind: 'error', messages: errors.map((p) => `${p.location.range.start.line + 1}: ${p.code}: ${p.message}`) };
  return { kind: 'json', value: config.root, text: toEmqxJson(config.root, config.exactNumbers) };
}

/** Whether our answer and the oracle's agree; for JSON, numbers compare as numbers (1.0 = 1). */
export function agrees(a: Ours, b: OracleAnswer): boolean {
  if (a.kind === 'error' || b.kind === 'error') return a.kind === b.kind;
  return sameValue(a.value, JSON.parse(b.text) as HoconValue);
}

export function describe(a: Ours): string {
  return a.kind === 'json' ? a.text : `ERROR ${a.messages.slice(0, 2).join(' | ')}`;
}

export function describeOracle(b: OracleAnswer): string {
  return b.kind === 'json' ? b.text : `ERROR ${b.reason}`;
}

/** A folder per document under one temporary root. */
export class Workspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'hocon-diff-'));
  private n = 0;

  write(doc: GeneratedDoc): string {
    const dir = path.join(this.root, `d${this.n++}`);
    fs.mkdirSync(dir);
    for (const [name, text] of Object.entries(doc.includes)) fs.writeFileSync(path.join(dir, name), text);
    const file = path.join(dir, 'emqx.conf');
    fs.writeFileSync(file, doc.main);
    return file;
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Disagreement {
  readonly seed: number;
  readonly doc: GeneratedDoc;
  readonly ours: Ours;
  readonly oracle: OracleAnswer;
}

/** Checks one document; undefined when both agree. */
export async function check(oracle: Oracle, ws: Workspace, seed: number, doc: GeneratedDoc): Promise<Disagreement | undefined> {
  const file = ws.write(doc);
  const o = await oracle.ask(file);
  let mine: Ours;
  try {
    mine = ours(file, doc.main);
  } catch (e) {
    mine = { kind: 'error', messages: [`threw ${String(e)}`] };
  }
  return agrees(mine, o) ? undefined : { seed, doc, ours: mine, oracle: o };
}

/** The smallest main file (by dropped lines) that still disagrees. */
export async function minimize(oracle: Oracle, ws: Workspace, d: Disagreement): Promise<Disagreement> {
  let best = d;
  let changed = true;
  while (changed) {
    changed = false;
    const lines = best.doc.main.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === '') continue;
      const main = lines.filter((_, j) => j !== i).join('\n');
      const smaller = await check(oracle, ws, d.seed, { main, includes: best.doc.includes });
      if (smaller) {
        best = smaller;
        changed = true;
        break;
      }
    }
  }
  // Includes the main file no longer names are dropped.
  const includes: Record<string, string> = {};
  for (const [name, text] of Object.entries(best.doc.includes)) if (best.doc.main.includes(name)) includes[name] = text;
  return { ...best, doc: { main: best.doc.main, includes } };
}
