/**
 * Helpers for the CLI tests: build the bundle once, run `node dist/cli.js` as
 * a real process, materialise fixture clusters in a temporary folder with
 * freshly generated certificates (no key is ever committed), copy deployment
 * fixtures, and read the JSON and SARIF outputs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { generateClusterCertificates } from '../../../server/src/certs/generate';
import { planCertificateFiles } from '../../../server/src/certs/layout';
import { writeCertificateFiles } from '../../../server/src/certs/write';
import { DEPLOY_FIXTURES } from '../deploy/harness';

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

/** A fresh folder holding the given files (relative path → text), folders created as needed. */
export function tempFiles(prefix: string, files: Record<string, string>): string {
  const dir = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A fresh copy of a deployment fixture folder (test/fixtures/deploy/<name>). */
export function copyDeployFixture(name: string): string {
  const dir = tempDir(name);
  fs.cpSync(path.join(DEPLOY_FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** One finding of `check --format json`. */
export interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly keyPath: string | null;
  readonly related: Array<{ file: string; range: { start: { line: number } }; message: string }>;
}

/** A validator of SARIF 2.1.0 output against the published schema (test/fixtures/sarif). */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  // unicodeRegExp off: one `pattern` of the published schema (the language tag) is not a valid
  // regular expression in Unicode mode; JSON Schema draft-04 patterns are ECMA 262 without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
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
