/**
 * The one entry point the language server and the CLI call: pick the dialect,
 * load the effective config, run every rule, then apply the user's severity
 * overrides and the suppression comments. Pure apart from the injected reader;
 * never throws: a rule that fails contributes nothing rather than taking the
 * editor's diagnostics down with it, and is named in `internalErrors`, so the
 * result never looks complete when it is not.
 */
import { COOKIE_ENV, envNameToPath, pathToEnvName, RUNTIME_ENV } from '../emqx/env';
import { NodeContainer } from '../emqx/container';
import { EmqxVersion, parseVersion, resolveVersion, VERSION_CLUE_KEYS } from '../emqx/version';
import { FileReader, noFiles } from '../io';
import { loadConfig } from '../model';
import { loadCuttlefishConfig } from '../model/cuttlefish';
import { baseName, besideFile, filePathOf } from '../model/paths';
import { EffectiveConfig } from '../model/types';
import { looksLikeCuttlefish } from '../syntax/cuttlefish';
import { ErlangTermsDocument, parseErlangTerms } from '../syntax/erlangTerms';
import { LineIndex } from '../syntax/lineIndex';
import { comparePositions, Location } from '../syntax/position';
import { getAllRules } from './index';
import { sslDistConfig } from './sslDist/sslDistCommon';
import { AnalyzeSslDist, FilePlacement, placeFindings, sslDistFindings } from './otherFiles';
import { parseSuppressions, SUPPRESSION_MARKER, suppressionTest } from './suppress';
import { suppressionUnknownRule } from './suppression/suppressionUnknownRule';
import { suppressionWithoutReason } from './suppression/suppressionWithoutReason';
import { Finding, RuleContext, Severity } from './types';

export type Dialect = 'hocon' | 'cuttlefish' | 'ssl-dist';
export type SeveritySetting = 'off' | Severity;

export interface AnalyzeSettings {
  /** `auto` (or absent) = detect from the file, else `MAJOR[.MINOR[.PATCH]]`. */
  readonly emqxVersion?: string;
  readonly docker?: boolean;
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  readonly includeDirs?: readonly string[];
  /** Server path prefix → local folder, for certificate and ssl_dist.conf paths. */
  readonly pathMappings?: Readonly<Record<string, string>>;
}

export interface AnalyzeInput {
  readonly uri: string;
  readonly text: string;
  /** The caller's line index of `text`, if it has one: the model and the rules use it instead of their own. */
  readonly lines?: LineIndex;
  readonly reader: FileReader;
  readonly trusted: boolean;
  readonly settings: AnalyzeSettings;
  /**
   * `EMQX_*` variables the node runs with (EMQX reads them over the files). One marked
   * `unresolved` is known to be set, but its value cannot be seen here (a Kubernetes Secret,
   * an unset `${VAR}` in docker-compose): the key counts as set, with a value nobody may judge.
   */
  readonly env?: ReadonlyArray<AnalyzeEnvVar>;
  /**
   * Ids of rules that run outside this layer (the cluster-wide rules, which
   * compare several configs) and that suppression comments may therefore
   * name: a suppression of one of them is not reported as naming no rule.
   * The rules layer cannot import those rules, so the caller passes their ids.
   */
  readonly extraRuleIds?: readonly string[];
  /**
   * The editor's language for the document, when it has one. An unsaved
   * document has no file name to go by, so `emqx-ssl-dist` is what says it
   * is an ssl_dist.conf.
   */
  readonly languageId?: string;
  /**
   * Where findings about the other files EMQX reads for the node (included
   * files, the ssl_dist.conf beside a TLS-distribution config) go: at the line
   * of the document that makes EMQX read the file (`include`, the default: the
   * editor shows only the document), or where they are (`place`: the CLI
   * prints any file). See rules/otherFiles.ts.
   */
  readonly includedFindingsAt?: FilePlacement;
  /**
   * Analyses the ssl_dist.conf the node reads (its findings are reported
   * with the config's). A caller that analyses that file anyway (the node
   * pipeline, which also checks it as a file of its own) passes its shared
   * analysis; by default it is analysed here.
   */
  readonly analyzeSslDist?: AnalyzeSslDist;
  /**
   * The container a deployment runs the node in (a compose service, an Operator pod): the
   * node reads ssl_dist.conf from its etc folder there, the image's own file or one the
   * deployment mounts, not the file next to `uri`. Absent: a config on disk that no
   * deployment mounts, whose node reads the files beside it.
   */
  readonly container?: NodeContainer;
}

export interface AnalyzeEnvVar {
  readonly name: string;
  /** Ignored when `unresolved`. */
  readonly value: string;
  readonly location?: Location;
  /**
   * Where the variable's name is written, given by a caller that located the variable exactly
   * (a deployment file's reader). With it, the rules offer fixes that rename the variable or
   * replace its value at `location`; the caller keeps such edits valid in its format (quotes).
   */
  readonly nameLocation?: Location;
  /** Set, value unknown: see AnalyzeInput.env. */
  readonly unresolved?: boolean;
}

export interface AnalyzeResult {
  /** Findings about the document (and, with `includedFindingsAt: 'place'`, the other files it makes EMQX read), sorted by file and position. */
  readonly findings: Finding[];
  readonly config: EffectiveConfig;
  readonly dialect: Dialect;
  readonly version: EmqxVersion;
  /** The parsed terms when the document is an ssl_dist.conf. */
  readonly sslDist?: ErlangTermsDocument;
  /**
   * What failed inside the checker (reading the config, a rule), by name and
   * error type only, never with document text. Non-empty means the findings
   * are incomplete: callers must not present the result as clean.
   */
  readonly internalErrors?: readonly string[];
}

/** An internal failure's description for AnalyzeResult.internalErrors: its type, no message (messages may quote input). */
function failureName(what: string, e: unknown): string {
  return `${what}: ${e instanceof Error ? e.name : typeof e}`;
}

/**
 * The dialect of a document: `ssl_dist.conf` by name or by the editor's
 * language (`emqx-ssl-dist`), 4.x by setting or content, else HOCON.
 */
export function detectDialect(uri: string, text: string, emqxVersion?: string, languageId?: string): Dialect {
  const name = baseName(uri).toLowerCase();
  if (name === 'ssl_dist.conf' || name.endsWith('.ssl_dist.conf') || languageId === 'emqx-ssl-dist') return 'ssl-dist';
  const v = emqxVersion && emqxVersion.trim().toLowerCase() !== 'auto' ? parseVersion(emqxVersion) : undefined;
  if (v) return v.major < 5 ? 'cuttlefish' : 'hocon';
  return looksLikeCuttlefish(text) ? 'cuttlefish' : 'hocon';
}

/** Legacy variable names bin/emqx copies to the generic form (`EMQX_NODE_COOKIE` → `EMQX_NODE__COOKIE`). */
function normalizeEnv(env: AnalyzeInput['env']): Array<{ name: string; value: string; location?: Location; nameLocation?: Location }> {
  return knownEnv(env).map((e) => {
    const path = envNameToPath(e.name);
    return path && !e.name.includes('__') ? { ...e, name: pathToEnvName(path) } : { ...e };
  });
}

/**
 * The variables whose value is known, without the `unresolved` marker (the loaders apply them);
 * not the ones bin/emqx reads itself, which are no config keys.
 */
function knownEnv(env: AnalyzeInput['env']): Array<{ name: string; value: string; location?: Location; nameLocation?: Location }> {
  return (env ?? [])
    .filter((e) => !e.unresolved && !RUNTIME_ENV.has(e.name.toUpperCase()))
    .map((e) => ({
      name: e.name,
      value: e.value,
      ...(e.location ? { location: e.location } : {}),
      ...(e.nameLocation ? { nameLocation: e.nameLocation } : {}),
    }));
}

/** Dotted key paths that an `unresolved` variable sets (`EMQX_NODE__COOKIE` → `node.cookie`). */
function unknownValuePaths(env: AnalyzeInput['env']): Set<string> {
  const out = new Set<string>();
  for (const e of env ?? []) {
    if (!e.unresolved) continue;
    const path = envNameToPath(e.name);
    if (path) out.add(path.join('.'));
  }
  return out;
}

/**
 * What the rules learn from the node's variables besides the values the
 * config gets from them (RuleContext.unknownValues and runtimeEnv). Exported
 * for callers that run the rules on a context of their own (cluster/crossFile).
 */
export function envFacts(env: AnalyzeInput['env']): Pick<RuleContext, 'unknownValues' | 'runtimeEnv'> {
  return { unknownValues: unknownValuePaths(env), runtimeEnv: runtimeEnv(env) };
}

/**
 * The variables bin/emqx reads itself (see RuleContext.runtimeEnv), with the cookie variables,
 * which are config keys as well; the last definition of a name wins.
 */
function runtimeEnv(env: AnalyzeInput['env']): Map<string, { value?: string; location?: Location }> {
  const out = new Map<string, { value?: string; location?: Location }>();
  for (const e of env ?? []) {
    if (!RUNTIME_ENV.has(e.name.toUpperCase()) && !COOKIE_ENV.has(e.name.toUpperCase())) continue;
    out.set(e.name.toUpperCase(), { value: e.unresolved ? undefined : e.value, location: e.location });
  }
  return out;
}

function load(input: AnalyzeInput, dialect: Dialect, lines: LineIndex): { config: EffectiveConfig; sslDist?: ErlangTermsDocument } {
  if (dialect === 'ssl-dist') {
    const doc = parseErlangTerms(input.text);
    return { config: sslDistConfig(input.uri, doc), sslDist: doc };
  }
  if (dialect === 'cuttlefish') return { config: loadCuttlefishConfig({ uri: input.uri, text: input.text, env: knownEnv(input.env) }).config };
  const reader = input.trusted ? input.reader : noFiles;
  let base: { uri: string; text: string } | undefined;
  const docPath = filePathOf(input.uri);
  // EMQX 5.8+ reads etc/base.hocon beneath etc/emqx.conf; its values count for this file's checks.
  if (input.trusted && docPath && baseName(input.uri).toLowerCase() !== 'base.hocon') {
    const basePath = besideFile(docPath, 'base.hocon');
    const text = reader.readText(basePath);
    if (text !== undefined) base = { uri: input.uri.startsWith('file:') ? input.uri.replace(/[^/]*$/, 'base.hocon') : basePath, text };
  }
  const config = loadConfig({ uri: input.uri, text: input.text, lines, reader, includeDirs: input.settings.includeDirs, base, env: normalizeEnv(input.env) });
  return { config };
}

function emptyConfig(): EffectiveConfig {
  return { root: {}, get: () => undefined, entries: () => [], problems: [] };
}

export { SUPPRESSION_MARKER } from './suppress';

/** The user's severity overrides (`rules` setting, `--rule`): `off` drops a finding, a level replaces its severity. */
export function applySeverities(findings: readonly Finding[], overrides: AnalyzeSettings['rules'] = {}): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.ruleId];
    if (o === 'off') continue;
    out.push(o && o !== f.severity ? { ...f, severity: o } : f);
  }
  return out;
}

export function analyzeDocument(input: AnalyzeInput): AnalyzeResult {
  const dialect = detectDialect(input.uri, input.text, input.settings.emqxVersion, input.languageId);
  const lines = input.lines?.text === input.text ? input.lines : new LineIndex(input.text);
  let loaded: { config: EffectiveConfig; sslDist?: ErlangTermsDocument };
  try {
    loaded = load(input, dialect, lines);
  } catch (e) {
    // The readers never throw by design; should one do so anyway, claim nothing about the
    // file rather than report every setting as missing, and say that the check failed.
    return {
      findings: [],
      config: emptyConfig(),
      dialect,
      version: resolveVersion(input.settings.emqxVersion, { dialect, keys: new Set() }),
      internalErrors: [failureName('reading the configuration', e)],
    };
  }
  const { config, sslDist } = loaded;
  // Only the keys the version detector reads, set in this very file (not an include or base.hocon).
  const keys = new Set<string>();
  for (const k of VERSION_CLUE_KEYS) if (config.get(k)?.setBy.location.uri === input.uri) keys.add(k);
  const version = resolveVersion(input.settings.emqxVersion, { dialect, keys });
  const facts = envFacts(input.env);
  const unknownValues = facts.unknownValues!;
  const ctx: RuleContext = {
    config,
    document: { uri: input.uri, text: input.text, lines, dialect, sslDist },
    version,
    docker: input.settings.docker ?? false,
    reader: input.trusted ? input.reader : noFiles,
    trusted: input.trusted,
    pathMappings: input.settings.pathMappings,
    ...(input.container ? { container: input.container } : {}),
    ...facts,
  };
  const rules = getAllRules();
  const known = new Set([...rules.map((r) => r.id), ...(input.extraRuleIds ?? [])]);
  let findings: Finding[] = [];
  const internalErrors: string[] = [];
  for (const rule of rules) {
    try {
      // One by one: a spread of a rule's findings overflows the stack past ~120,000.
      for (const f of rule.check(ctx)) findings.push(f);
    } catch (e) {
      // A failing rule must not hide the others' findings, nor go unnoticed.
      internalErrors.push(failureName(`rule ${rule.id}`, e));
    }
  }
  // A key the environment sets to a value we cannot see is neither missing nor judged by the
  // file's value (EMQX reads the variable over the file), whichever rule forgot to ask.
  const at = input.includedFindingsAt ?? 'include';
  // Files that set the node's variables (compose, .env, manifests): findings about a variable point there.
  const envUris = new Set((input.env ?? []).flatMap((v) => (v.location && v.location.uri !== input.uri ? [v.location.uri] : [])));
  const env = envUris.size > 0 ? { uris: envUris, reader: ctx.reader } : undefined;
  const placedAll = placeFindings(findings, input.uri, config, at, env, input.text);
  const placed = unknownValues.size === 0 ? placedAll : placedAll.filter(({ finding: f }) => !(f.keyPath !== undefined && unknownValues.has(f.keyPath)));
  // The ssl_dist.conf that TLS distribution makes EMQX read, analysed as a document of its own.
  const distFindings = sslDistFindings(
    ctx,
    at,
    input.analyzeSslDist ??
      ((uri, text) => {
        // The node's container holds the files the options name, as it holds the options file.
        const dist = analyzeDocument({
          uri,
          text,
          reader: input.reader,
          trusted: input.trusted,
          settings: input.settings,
          languageId: 'emqx-ssl-dist',
          extraRuleIds: input.extraRuleIds,
          container: input.container,
        });
        for (const e of dist.internalErrors ?? []) internalErrors.push(`ssl_dist.conf ${e}`);
        return dist.findings;
      }),
  );
  for (const p of distFindings) placed.push(p);

  // Suppression comments.
  // Every suppression comment contains this marker; a file without it (most files, and most big
  // ones) is not split into lines a second time just to find none.
  const suppressions = input.text.includes(SUPPRESSION_MARKER) ? parseSuppressions(input.text, dialect) : [];
  const meta: Finding[] = [];
  for (const s of suppressions) {
    if (s.reason === undefined) {
      meta.push({
        ruleId: suppressionWithoutReason.id,
        severity: suppressionWithoutReason.defaultSeverity,
        message: s.placeholderReason ? suppressionWithoutReason.messages.placeholder() : suppressionWithoutReason.messages.default(),
        location: { uri: input.uri, range: s.range },
      });
    }
    for (const id of s.ruleIds) {
      if (!known.has(id.id)) {
        meta.push({
          ruleId: suppressionUnknownRule.id,
          severity: suppressionUnknownRule.defaultSeverity,
          message: suppressionUnknownRule.messages.default(id.id),
          location: { uri: input.uri, range: id.range },
        });
      }
    }
  }
  const suppressed = suppressionTest(suppressions);
  // One pass, one array: a file of junk has a finding on every line.
  findings = [];
  for (const { finding: f, line } of placed) if (!suppressed(f.ruleId, line)) findings.push(f);
  for (const f of meta) findings.push(f);

  const overrides = input.settings.rules;
  const out = overrides && Object.keys(overrides).length > 0 ? applySeverities(findings, overrides) : findings;
  // The document's own findings first, then those of included files (`place`), each by position.
  const fileRank = (f: Finding) => (f.location.uri === input.uri ? '' : f.location.uri);
  out.sort(
    (a, b) =>
      (fileRank(a) < fileRank(b) ? -1 : fileRank(a) > fileRank(b) ? 1 : 0) ||
      comparePositions(a.location.range.start, b.location.range.start) ||
      comparePositions(a.location.range.end, b.location.range.end) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  return { findings: out, config, dialect, version, sslDist, ...(internalErrors.length > 0 ? { internalErrors } : {}) };
}
