/**
 * The long differential run against EMQX's own HOCON parser, for local runs:
 *
 *   npm run differential -- [--runs N] [--seed S] [--plain] [--save]
 *
 * Generates N documents from seed S (test/differential/generate.ts: document
 * i is seed S + i), resolves each with the engine and with EMQX's parser
 * (built into .oracle/ from ../shared/oracle/emqx-hocon on first use), and
 * prints each disagreement minimized (the lines that still disagree), with
 * both answers. --plain generates documents of scalar variables and their
 * substitutions instead (test/differential/generatePlain.ts), where the
 * engine keeps its own resolution unless EMQX's can differ. --save keeps each minimized disagreement as a regression
 * fixture in test/fixtures/differential/ with the oracle's answer.
 * Exits 1 when any document disagrees, else 0.
 */
import * as path from 'path';
import { check, describe, describeOracle, Disagreement, minimize, Workspace } from '../test/differential/compare';
import { generate } from '../test/differential/generate';
import { generatePlain } from '../test/differential/generatePlain';
import { ensureOracle, Oracle, repoRoot } from '../test/differential/oracle';
import { saveFixture } from '../test/differential/fixtures';

function parseArgs(argv: string[]): { runs: number; seed: number; save: boolean; plain: boolean } {
  const args = { runs: 1000, seed: 1, save: false, plain: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--save') args.save = true;
    else if (a === '--plain') args.plain = true;
    else {
      process.stderr.write(`unknown option ${a}\nusage: npm run differential -- [--runs N] [--seed S] [--plain] [--save]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.runs) || args.runs < 1 || !Number.isInteger(args.seed)) {
    process.stderr.write('--runs and --seed take integers\n');
    process.exit(2);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  ensureOracle();
  const oracle = new Oracle();
  const ws = new Workspace();
  const found: Disagreement[] = [];
  const started = Date.now();
  try {
    for (let i = 0; i < args.runs; i++) {
      const seed = args.seed + i;
      const d = await check(oracle, ws, seed, args.plain ? generatePlain(seed) : generate(seed));
      if (d) found.push(d);
    }
    console.log(
      `differential: ${args.runs} ${args.plain ? 'plain ' : ''}documents from seed ${args.seed}, ${found.length} disagree (${((100 * found.length) / args.runs).toFixed(1)}%), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const d of found) {
      const m = await minimize(oracle, ws, d);
      console.log(`\n--- seed ${d.seed} (minimized)`);
      console.log(m.doc.main.trimEnd());
      for (const [name, text] of Object.entries(m.doc.includes)) console.log(`--- ${name}\n${text.trimEnd()}`);
      console.log(`  EMQX: ${describeOracle(m.oracle).slice(0, 300)}`);
      console.log(`  ours: ${describe(m.ours).slice(0, 300)}`);
      if (args.save) console.log(`  saved ${path.relative(repoRoot, saveFixture(m))}`);
    }
  } finally {
    oracle.close();
    ws.dispose();
  }
  process.exitCode = found.length > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
