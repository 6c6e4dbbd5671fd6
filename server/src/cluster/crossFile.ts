/**
 * Findings that land outside the document being analysed, which the rules
 * layer's `analyzeDocument` keeps out of a document's own list:
 *
 * - findings about `EMQX_*` variables (a default cookie set in
 *   docker-compose.yml, plaintext RPC forced by an env_file): the rules see
 *   the variable through the effective config, and their finding points at
 *   the variable's definition, so it belongs to the compose/.env file;
 * - the suppression comments of those files, and of the config files that
 *   cluster findings land in, applied to such findings.
 *
 * Pure over a FileReader; the CLI and the editor seam both use it.
 */
import { FileReader } from '../io';
import { EffectiveConfig } from '../model/types';
import { AnalyzeInput, envFacts } from '../rules/analyze';
import { getAllRules } from '../rules/index';
import { parseSuppressions, Suppression } from '../rules/suppress';
import { EmqxVersion, Finding, RuleContext, Severity } from '../rules/types';
import { ErlangTermsDocument } from '../syntax/erlangTerms';

export interface EnvFindingsInput {
  readonly uri: string;
  readonly text: string;
  readonly config: EffectiveConfig;
  readonly dialect: 'hocon' | 'cuttlefish' | 'ssl-dist';
  readonly version: EmqxVersion;
  readonly sslDist?: ErlangTermsDocument;
  readonly docker: boolean;
  readonly reader: FileReader;
  readonly trusted: boolean;
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /**
   * The variables as given to analyzeDocument, with where they were defined
   * (compose files, .env files): findings in those files are the ones kept.
   * Unresolved ones and those bin/emqx reads itself count too.
   */
  readonly env: NonNullable<AnalyzeInput['env']>;
}

/** The rules' findings that point at an environment variable's definition. */
export function envLocatedFindings(input: EnvFindingsInput): Finding[] {
  const envUris = new Set(input.env.flatMap((v) => (v.location && v.location.uri !== input.uri ? [v.location.uri] : [])));
  if (envUris.size === 0 || input.dialect === 'ssl-dist') return [];
  const ctx: RuleContext = {
    config: input.config,
    document: { uri: input.uri, text: input.text, dialect: input.dialect, sslDist: input.sslDist },
    version: input.version,
    docker: input.docker,
    reader: input.reader,
    trusted: input.trusted,
    ...envFacts(input.env),
  };
  const out: Finding[] = [];
  for (const rule of getAllRules()) {
    let found: Finding[];
    try {
      found = rule.check(ctx);
    } catch {
      // A failing rule contributes nothing, as in analyzeDocument.
      continue;
    }
    for (const f of found) {
      if (!envUris.has(f.location.uri) || (f.keyPath !== undefined && ctx.unknownValues?.has(f.keyPath))) continue;
      const level = input.severities?.[f.ruleId];
      if (level === 'off') continue;
      // Edits would target the config text; a finding in another file offers none.
      out.push({ ...f, severity: level ?? f.severity, fixes: undefined });
    }
  }
  return out;
}

/** Drops findings silenced by a suppression comment of the file they land in. */
export function applyFileSuppressions(findings: readonly Finding[], reader: FileReader): Finding[] {
  const cache = new Map<string, Suppression[]>();
  const suppressionsOf = (uri: string): Suppression[] => {
    let s = cache.get(uri);
    if (!s) {
      const text = reader.readText(uri) ?? '';
      // `#` starts a comment in HOCON, 4.x files, YAML and .env files alike; `%` in ssl_dist.conf.
      s = parseSuppressions(text, /(^|[\\/])ssl_dist\.conf$/i.test(uri) ? 'ssl-dist' : 'hocon');
      cache.set(uri, s);
    }
    return s;
  };
  return findings.filter((f) => {
    const line = f.location.range.start.line;
    return !suppressionsOf(f.location.uri).some((s) => s.ruleIds.some((r) => r.id === f.ruleId) && (s.scope === 'file' || s.targetLine === line));
  });
}
