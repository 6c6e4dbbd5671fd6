/**
 * The long fuzzing mode, for local runs:
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--linear] [--no-mutations] [--no-grammar]
 *
 * Runs N random grammar documents and N mutated corpus/fixture files through
 * every layer (test/unit/fuzz/harness.ts), then (with --linear) the
 * adversarial families at 32 KB → 256 KB. Reports:
 *   - any failure, shrunk by fast-check, with the seed and path to replay it
 *     (`--seed S` reproduces a whole run);
 *   - the slowest inputs whose time per KB is more than 10× the median
 *     (linear-ish time is the invariant; these are candidates to look at);
 *   - with --linear, each family's growth of time per KB at 8× the size.
 * Exits 1 when something failed or a family grew superlinearly, else 0.
 */
import fc from 'fast-check';
import { hoconDocument, erlangTermsDocument } from '../test/unit/fuzz/grammar';
import { applyMutations, exercise, FUZZ_DIR, mutatedSeedArb, prng, seedFiles } from '../test/unit/fuzz/harness';
import { FAMILIES, growth } from '../test/unit/fuzz/families';

interface Args {
  runs: number;
  seed: number;
  linear: boolean;
  grammar: boolean;
  mutations: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 1000, seed: Date.now() % 2 ** 31, linear: false, grammar: true, mutations: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) {
        console.error(`${a} needs a whole number`);
        process.exit(2);
      }
      return Number(v);
    };
    if (a === '--runs') args.runs = next();
    else if (a === '--seed') args.seed = next();
    else if (a === '--linear') args.linear = true;
    else if (a === '--no-grammar') args.grammar = false;
    else if (a === '--no-mutations') args.mutations = false;
    else if (a === '--help' || a === '-h') {
      console.log('npm run fuzz -- [--runs N] [--seed S] [--linear] [--no-mutations] [--no-grammar]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return args;
}

interface Timing {
  readonly label: string;
  readonly bytes: number;
  readonly ms: number;
  /** Runs the input again (to re-time a slow one: a single slow run may be a collection or a neighbour). */
  readonly rerun: () => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  console.log(`fuzz: seed ${args.seed}, ${args.runs} runs per kind (replay with --seed ${args.seed})`);
  const timings: Timing[] = [];
  let failures = 0;
  const timed = (label: string, text: string, run: () => void) => {
    const t0 = performance.now();
    run();
    timings.push({ label, bytes: Math.max(text.length, 1), ms: performance.now() - t0, rerun: run });
  };
  const check = <Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts>, numRuns: number, seed: number) => {
    const t0 = performance.now();
    const details = fc.check(property, { seed, numRuns });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (details.failed) {
      failures++;
      console.log(`FAIL ${name} after ${details.numRuns} runs (${secs} s); replay: --seed ${args.seed} (fast-check seed ${details.seed}, path ${details.counterexamplePath})`);
      console.log(`  counterexample: ${JSON.stringify(details.counterexample).slice(0, 2000)}`);
      console.log(
        `  ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance)
          .split('\n')
          .slice(0, 12)
          .join('\n  ')}`,
      );
    } else {
      console.log(`ok   ${name}: ${details.numRuns} runs (${secs} s)`);
    }
  };

  if (args.grammar) {
    check(
      'grammar documents',
      fc.property(hoconDocument({ maxDepth: 6 }), fc.integer(), (doc, r) => timed(`grammar document ${JSON.stringify(doc)}`, doc, () => exercise(doc, { random: prng(r) }))),
      args.runs,
      args.seed,
    );
    check(
      'ssl_dist.conf term documents',
      fc.property(erlangTermsDocument(), (doc) => timed(`terms document ${JSON.stringify(doc)}`, doc, () => exercise(doc, { uri: `file://${FUZZ_DIR}/ssl_dist.conf` }))),
      Math.ceil(args.runs / 4),
      args.seed + 1,
    );
  }
  if (args.mutations) {
    const seeds = seedFiles();
    console.log(`     ${seeds.length} corpus files and fixtures to mutate`);
    check(
      'mutated corpus files and fixtures',
      fc.property(mutatedSeedArb(seeds), ({ seed, mutations }) => {
        const text = applyMutations(seed.text, mutations);
        timed(`${seed.name} ${JSON.stringify(mutations)}`, text, () => exercise(text, { uri: seed.uri, probes: 4 }));
      }),
      args.runs,
      args.seed + 2,
    );
  }

  // Inputs far slower per KB than the median: only those above 50 ms, as tiny inputs are all
  // overhead, and re-timed (best of three) so a collection or a neighbour's burst is not reported.
  const perKb = timings.map((t) => t.ms / (t.bytes / 1024));
  const med = median(perKb);
  const retime = (t: Timing): number => {
    let best = t.ms;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      t.rerun();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const slow = timings
    .filter((t, i) => t.ms > 50 && perKb[i] > 10 * med)
    .map((t) => ({ ...t, ms: retime(t) }))
    .map((t) => ({ ...t, perKb: t.ms / (t.bytes / 1024) }))
    .filter((t) => t.ms > 50 && t.perKb > 10 * med)
    .sort((a, b) => b.perKb - a.perKb)
    .slice(0, 10);
  console.log(`     median ${med.toFixed(3)} ms/KB over ${timings.length} inputs; ${slow.length === 0 ? 'none' : slow.length} above 10× the median (and 50 ms, best of 3)`);
  for (const s of slow) console.log(`     slow: ${s.perKb.toFixed(2)} ms/KB, ${s.ms.toFixed(0)} ms, ${s.bytes} chars: ${s.label.slice(0, 400)}`);

  if (args.linear) {
    console.log('     growth of time per KB from 32 KB to 256 KB (linear ≈ 1, quadratic ≈ 8):');
    // A family above the threshold is measured once more (as in the CI test): one slow run is noise, two are a finding.
    const rows = FAMILIES.map((f) => {
      const g = growth(f, 32 * 1024, 8, 3);
      return g.ratio >= 4 ? growth(f, 32 * 1024, 8, 3) : g;
    });
    const med2 = median(rows.map((r) => r.large.ms / (r.large.bytes / 1024)));
    for (const r of rows) {
      const perKbLarge = r.large.ms / (r.large.bytes / 1024);
      const flag = r.ratio >= 4 ? '  SUPERLINEAR' : perKbLarge > 10 * med2 ? '  >10x median' : '';
      if (r.ratio >= 4) failures++;
      console.log(`     ${r.ratio.toFixed(2).padStart(6)}×  ${perKbLarge.toFixed(3).padStart(8)} ms/KB  ${r.family}${flag}`);
    }
  }
  console.log(failures === 0 ? 'fuzz: no failures' : `fuzz: ${failures} failing`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
