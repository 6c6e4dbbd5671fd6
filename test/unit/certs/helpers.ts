/**
 * Shared by the certificate tests: temporary folders (removed after each
 * suite), an openssl probe, and a RuleContext over real files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { loadCuttlefishConfig, buildFlatConfig } from '../../../server/src/model/cuttlefish';
import { parseErlangTerms } from '../../../server/src/syntax/erlangTerms';
import { Finding, Rule, RuleContext } from '../../../server/src/rules/types';
import { FileReader } from '../../../server/src/io';

export function tempDirs(): { make(): string } {
  const made: string[] = [];
  after(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    make() {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-certs-test-'));
      made.push(d);
      return d;
    },
  };
}

/** The openssl binary's version line, or undefined when there is none. */
export function opensslVersion(): string | undefined {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export const posix = process.platform !== 'win32';

export interface CtxOptions {
  readonly trusted?: boolean;
  readonly pathMappings?: Record<string, string>;
  readonly reader?: FileReader;
}

/** A RuleContext for a 4.x-style flat config file written at `file` (rpc.driver, rpc.certfile...). */
export function flatConfigContext(file: string, text: string, options: CtxOptions = {}): RuleContext {
  const uri = pathToFileURL(file).toString();
  const { config } = loadCuttlefishConfig({ uri, text });
  return {
    config,
    document: { uri, text, dialect: 'cuttlefish' },
    version: { major: 4, minor: 4, patch: 0, source: 'setting' },
    docker: false,
    reader: options.reader ?? nodeFileReader(),
    trusted: options.trusted ?? true,
    pathMappings: options.pathMappings,
  };
}

/** A RuleContext for an ssl_dist.conf at `file`. */
export function sslDistContext(file: string, text: string, options: CtxOptions = {}): RuleContext {
  const uri = pathToFileURL(file).toString();
  return {
    config: buildFlatConfig([]),
    document: { uri, text, dialect: 'ssl-dist', sslDist: parseErlangTerms(text) },
    version: { major: 5, minor: 8, patch: 0, source: 'default' },
    docker: false,
    reader: options.reader ?? nodeFileReader(),
    trusted: options.trusted ?? true,
    pathMappings: options.pathMappings,
  };
}

/** The findings of one rule, checked to have the rule's id. */
export function run(rule: Rule, ctx: RuleContext): Finding[] {
  const findings = rule.check(ctx);
  for (const f of findings) if (f.ruleId !== rule.id) throw new Error(`finding of ${rule.id} carries id ${f.ruleId}`);
  return findings;
}

/** The text a finding's range covers in `text`. */
export function covered(text: string, f: Finding): string {
  const lines = text.split('\n');
  const r = f.location.range;
  if (r.start.line !== r.end.line) throw new Error('multi-line range');
  return lines[r.start.line].slice(r.start.character, r.end.character);
}
