/**
 * Helpers for the CLI tests: build the bundle once, run `node dist/cli.js` as
 * a real process, and materialise fixture clusters in a temporary folder with
 * freshly generated certificates (no key is ever committed).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateClusterCertificates } from '../../../server/src/certs/generate';
import { planCertificateFiles } from '../../../server/src/certs/layout';
import { writeCertificateFiles } from '../../../server/src/certs/write';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'clusters');

let built = false;

/** Bundles dist/cli.js from the current sources (once per test process). */
export function buildCli(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  built = true;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ecs-${prefix}-`));
}

/**
 * Copies a fixture cluster into a fresh folder. Node folders (`nodeN/`)
 * holding `@@PKI@@` get certificates: `pkiFor(dir)` names the CA group of a
 * node folder ('A' by default); each group is one generated CA. The node's
 * ssl_dist.conf is placed next to its emqx.conf, where EMQX looks for it.
 */
export async function materialize(fixture: string, pkiFor: (nodeDir: string) => string = () => 'A'): Promise<string> {
  const dir = tempDir(fixture);
  fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  const nodeDirs = fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'emqx.conf')) && fs.readFileSync(path.join(dir, d, 'emqx.conf'), 'utf8').includes('@@PKI@@'))
    .sort();
  const groups = new Map<string, string[]>();
  for (const d of nodeDirs) groups.set(pkiFor(d), [...(groups.get(pkiFor(d)) ?? []), d]);
  for (const [group, dirs] of groups) {
    const names = dirs.map((d) => /name = "([^"]+)"/.exec(fs.readFileSync(path.join(dir, d, 'emqx.conf'), 'utf8'))![1]);
    const bundle = await generateClusterCertificates({ nodes: names, keyType: 'ec', caCommonName: `Test cluster CA ${group}` });
    const plan = planCertificateFiles(bundle, path.join(dir, `pki-${group}`));
    writeCertificateFiles(plan);
    dirs.forEach((d, i) => {
      const conf = path.join(dir, d, 'emqx.conf');
      fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').split('@@PKI@@').join(plan.nodes[i].folder));
      fs.copyFileSync(plan.nodes[i].sslDistPath, path.join(dir, d, 'ssl_dist.conf'));
    });
  }
  return dir;
}

/** The text of a SARIF/JSON/text line range for assertions: `file:line`. */
export function where(file: string, line: number): string {
  return `${file}:${line}`;
}
