/**
 * Deployment nodes into the node pipeline (cluster/pipeline.ts), and the
 * pipeline's findings back onto the YAML lines.
 *
 * A node that mounts a config file on disk is a source with that file's
 * path; its variables carry their YAML places, so a finding about one lands
 * on the compose/manifest line. A node whose config lives in the YAML
 * (`spec.config.data`, a ConfigMap) or in the image is a source with an id of
 * its own (`<file>#<node>/emqx.conf`) and the text: embedded HOCON keeps the
 * YAML's lines and columns, so its findings move to the YAML file as they
 * are; findings about the image's config (what the node lacks: no cookie, no
 * TLS) move to the node's `environment:`/`env:` key or `image:` line.
 */
import { generateCookie } from '../emqx/cookies';
import { FileReader } from '../io';
import { t } from '../l10n';
import { NodeSource, SourceAnalysis } from '../cluster/pipeline';
import { FindingSet } from '../rules/findingSet';
import { parseSuppressions, suppressionTest, SUPPRESSION_MARKER } from '../rules/suppress';
import { Finding, Fix, RelatedInfo, TextEdit } from '../rules/types';
import { comparePositions, Location, Range } from '../syntax/position';
import { imageDefaultConfig, NEWEST_KNOWN_VERSION } from './image';
import { clusterPortFindings } from './clusterPorts';
import { HelmRelease } from './helmChart';
import { DeployNode } from './model';
import { imageVersionMessages, yamlSyntaxMessages } from './rules';
import { DeployFileRead, isComposeFileName, readDeployment } from './read';
import { baseName } from '../model/paths';
import { MAX_YAML_BYTES, YamlFile } from './yaml';
import { envNameLocation, yamlSafeFixes } from './envEdits';
import { analysisIdentity } from './identity';
import { nodeNameFindings } from './naming';
import { requiredVariableFindings } from './composeVariables';

export interface DeploymentFile {
  readonly uri: string;
  readonly text: string;
  /** The user named the file (a broken one is then reported whatever it holds). */
  readonly named?: boolean;
}

export interface DeploymentSources {
  /** One source per node, for the pipeline. */
  readonly sources: NodeSource[];
  /** Findings about the files themselves (`yaml-syntax`, `image-version-assumed`, `compose-required-variable-unset`, …). */
  readonly findings: Finding[];
  /** Config files on disk that nodes mount: analysed through the nodes, not again as files of their own. */
  readonly mounted: ReadonlySet<string>;
  /** The files that are deployments (their nodes are in `sources`) or were reported as broken. */
  readonly deploymentFiles: ReadonlySet<string>;
  /** Moves the pipeline's findings (unique by identity, as runPipeline returns them) about the nodes' own configs onto the YAML lines, with YAML fixes. */
  relocate(findings: readonly Finding[]): Finding[];
  /** The YAML place of a variable whose value is written in another file (a `.env` line): its key in the YAML. */
  yamlPlaceOf(valueLocation: Location): Location | undefined;
  /** The reading of each file, for callers that need more (the editor's hovers, `ports`). */
  readonly reads: ReadonlyMap<string, DeployFileRead>;
  /**
   * Findings about the files that need the nodes' effective configs, from the pipeline's
   * analyses of `sources` (`compose-cluster-ports-unpublished`); like `findings`, before
   * suppressions and severities.
   */
  configFindings(analyses: readonly SourceAnalysis[]): Finding[];
}

/** The id of a node's config that is not a file of its own. */
export function virtualConfigId(node: DeployNode): string {
  return `${node.file}#${node.label}/emqx.conf`;
}

function problemFinding(uri: string, read: Extract<DeployFileRead, { kind: 'problem' }>): Finding {
  const p = read.problem;
  const message =
    p.kind === 'too-large' ? yamlSyntaxMessages.tooLarge(p.message, MAX_YAML_BYTES / (1024 * 1024)) : p.kind === 'aliases' ? yamlSyntaxMessages.aliases() : yamlSyntaxMessages.invalid(p.message);
  return { ruleId: 'yaml-syntax', severity: 'error', message, location: { uri, range: p.range } };
}

function versionFindings(nodes: readonly DeployNode[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (!n.version.assumed || !n.docker) continue;
    const where = n.imageLocation ?? n.anchor;
    const key = `${where.uri}|${where.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const image = n.image ? `${n.image.repository}${n.image.tag ? `:${n.image.tag}` : ''}` : 'emqx/emqx';
    out.push({
      ruleId: 'image-version-assumed',
      severity: 'hint',
      message: imageVersionMessages.noVersion(image, NEWEST_KNOWN_VERSION, n.image?.repository ?? 'emqx/emqx'),
      location: where,
    });
  }
  return out;
}

/**
 * Reads the deployment files and makes the pipeline's sources of their nodes. `helmRelease`:
 * the release Helm values files are installed as, when known (`check --release`).
 */
export function deploymentSources(files: readonly DeploymentFile[], reader: FileReader, helmRelease?: HelmRelease): DeploymentSources {
  const sources: NodeSource[] = [];
  const findings: Finding[] = [];
  const mounted = new Set<string>();
  const deploymentFiles = new Set<string>();
  const reads = new Map<string, DeployFileRead>();
  const virtual = new Map<string, DeployNode>();
  const yamlFiles = new Map<string, YamlFile>();
  const nodes: DeployNode[] = [];
  const sameAs = new Map<string, string>();
  const texts = new Map<string, number>();
  const nodeBySource = new Map<NodeSource, DeployNode>();
  for (const f of files) {
    const read = readDeployment(f.uri, f.text, reader, f.named || isComposeFileName(baseName(f.uri)), helmRelease);
    reads.set(f.uri, read);
    if (read.kind === 'none') continue;
    deploymentFiles.add(f.uri);
    if (read.kind === 'problem') {
      findings.push(problemFinding(f.uri, read));
      continue;
    }
    yamlFiles.set(f.uri, read.file);
    for (const o of read.overrides ?? []) yamlFiles.set(o.uri, o);
    if (read.format === 'compose' && read.nodes.length > 0) {
      findings.push(...requiredVariableFindings(read.file, reader));
      for (const o of read.overrides ?? []) findings.push(...requiredVariableFindings(o, reader));
    }
    for (const node of read.nodes) {
      nodes.push(node);
      const env = node.env.map((v) => {
        const loc = v.valueLocation ?? v.location;
        // Where the name is written: the rules then offer to rename the variable or replace its value.
        const nameLocation = envNameLocation(v, yamlFiles.get(v.location.uri) ?? read.file);
        return nameLocation ? { name: v.name, value: v.value, location: loc, nameLocation } : { name: v.name, value: v.value, location: loc };
      });
      const base = {
        env,
        unresolved: [...node.unresolved],
        docker: node.docker,
        emqxVersion: node.version.version,
        deployment: { file: node.cluster, name: node.label },
        isNode: true,
      };
      // The node reads ssl_dist.conf in its container: what the deployment mounts there, or the image's
      // own; where the deployment file does not show its mounts, not known (never the file beside the config).
      const container = node.container ?? { officialImage: node.docker, mounts: [], mountsComplete: false };
      let source: NodeSource;
      if (node.config.kind === 'file') {
        mounted.add(node.config.path);
        source = { ...base, uri: node.config.path, container };
      } else {
        // Nodes alike in everything their analysis reads share one config id (deploy/identity.ts).
        const identity = analysisIdentity(node, texts);
        const id = sameAs.get(identity) ?? virtualConfigId(node);
        sameAs.set(identity, id);
        if (!virtual.has(id)) virtual.set(id, node);
        const text = node.config.kind === 'embedded' ? node.config.text : imageDefaultConfig(node.version.parsed.major);
        source = { ...base, uri: id, text, container };
      }
      sources.push(source);
      nodeBySource.set(source, node);
    }
  }
  findings.push(...versionFindings(nodes));
  findings.push(...nodeNameFindings(nodes, reader, yamlFiles));
  const relocate = (list: readonly Finding[]): Finding[] => relocateFindings(list, virtual, nodes, yamlFiles);
  const yamlPlaceOf = (at: Location): Location | undefined => {
    for (const n of nodes) {
      for (const v of n.env) {
        if (v.valueLocation && v.valueLocation.uri === at.uri && sameRange(v.valueLocation.range, at.range) && v.location.uri === n.file) return v.location;
      }
    }
    return undefined;
  };
  const configFindings = (analyses: readonly SourceAnalysis[]): Finding[] => clusterPortFindings(analyses, (a) => nodeBySource.get(a.source), yamlFiles);
  return { sources, findings, mounted, deploymentFiles, relocate, reads, yamlPlaceOf, configFindings };
}

// ---------------------------------------------------------------------------
// Relocation

/** A range of embedded HOCON as a range of the YAML file (the block's lines start at `lineOffset`). */
function shift(r: Range, lineOffset: number): Range {
  return { start: { line: r.start.line + lineOffset, character: r.start.character }, end: { line: r.end.line + lineOffset, character: r.end.character } };
}

function moveLocation(loc: Location, virtual: ReadonlyMap<string, DeployNode>): Location {
  const node = virtual.get(loc.uri);
  if (!node) return loc;
  if (node.config.kind === 'embedded') return { uri: node.file, range: shift(loc.range, node.config.lineOffset) };
  return node.anchor;
}

function moveEdits(edits: readonly TextEdit[], node: DeployNode): TextEdit[] | undefined {
  if (node.config.kind !== 'embedded') return undefined;
  const out: TextEdit[] = [];
  for (const e of edits) {
    // Only in-line edits inside the block keep the YAML valid (a new line would need the block's indentation).
    if (e.newText.includes('\n') || e.range.start.line !== e.range.end.line) return undefined;
    out.push({ ...e, uri: node.file, range: shift(e.range, node.config.lineOffset) });
  }
  return out;
}

const COOKIE_VALUE_RULES = new Set(['cookie-default', 'cookie-weak']);

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** The text a range of a deployment file holds (to keep a value's quotes); empty for other files. */
function textAt(file: YamlFile | undefined, r: Range): string {
  if (!file) return '';
  return file.text.slice(file.lines.offsetAt(r.start), file.lines.offsetAt(r.end));
}

/** A fix replacing a default or weak cookie written in a YAML or .env value with a fresh one. */
function cookieReplaceFix(f: Finding, nodes: readonly DeployNode[], yamlFiles: ReadonlyMap<string, YamlFile>): Fix | undefined {
  if (!COOKIE_VALUE_RULES.has(f.ruleId) || f.keyPath !== 'node.cookie') return undefined;
  const v = nodes.flatMap((n) => n.env).find((e) => e.name === 'EMQX_NODE__COOKIE' && e.valueLocation?.uri === f.location.uri && sameRange(e.valueLocation.range, f.location.range));
  if (!v || v.valueLocation === undefined) return undefined;
  const written = textAt(yamlFiles.get(f.location.uri), f.location.range);
  const q = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : '';
  return {
    title: t('Replace the cookie with a freshly generated random one (use the same value on every node)'),
    edits: [{ uri: f.location.uri, range: f.location.range, newText: `${q}${generateCookie()}${q}` }],
    isPreferred: true,
  };
}

/** A fix adding EMQX_NODE__COOKIE to the node's environment block. */
function cookieAddFix(node: DeployNode, yamlFiles: ReadonlyMap<string, YamlFile>): Fix | undefined {
  const block = node.envBlock;
  const file = yamlFiles.get(node.file);
  if (!block || !file) return undefined;
  const cookie = generateCookie();
  const line =
    block.style === 'map'
      ? `${block.indent}EMQX_NODE__COOKIE: "${cookie}"`
      : block.style === 'list'
        ? `${block.indent}- EMQX_NODE__COOKIE=${cookie}`
        : `${block.indent}- name: EMQX_NODE__COOKIE\n${block.indent}  value: "${cookie}"`;
  const atEnd = block.insertOffset >= file.text.length && !file.text.endsWith('\n');
  const p = file.position(block.insertOffset);
  return {
    title: t('Add EMQX_NODE__COOKIE with a freshly generated random value (use the same value on every node)'),
    edits: [{ uri: node.file, range: { start: p, end: p }, newText: atEnd ? `\n${line}` : `${line}\n` }],
    isPreferred: true,
  };
}

function relocateFindings(findings: readonly Finding[], virtual: ReadonlyMap<string, DeployNode>, nodes: readonly DeployNode[], yamlFiles: ReadonlyMap<string, YamlFile>): Finding[] {
  const out: Finding[] = [];
  let moves = false;
  const suppressions = new Map<string, (ruleId: string, line: number) => boolean>();
  const suppressedIn = (uri: string): ((ruleId: string, line: number) => boolean) => {
    let s = suppressions.get(uri);
    if (!s) {
      const text = yamlFiles.get(uri)?.text;
      s = suppressionTest(text?.includes(SUPPRESSION_MARKER) ? parseSuppressions(text, 'hocon') : []);
      suppressions.set(uri, s);
    }
    return s;
  };
  for (const f of findings) {
    let moved: Finding = f;
    const node = virtual.get(f.location.uri);
    if (node) {
      const location = moveLocation(f.location, virtual);
      let fixes: Fix[] | undefined;
      if (location.uri === node.file && node.config.kind === 'embedded' && location !== node.anchor) {
        fixes = f.fixes?.flatMap((x) => {
          const edits = moveEdits(x.edits, node);
          return edits && (edits.length > 0 || x.command) ? [{ ...x, edits }] : [];
        });
      } else if (f.ruleId === 'cookie-missing') {
        const fix = cookieAddFix(node, yamlFiles);
        fixes = fix ? [fix] : undefined;
      }
      moved = { ...f, location, fixes: fixes && fixes.length > 0 ? fixes : undefined };
      moves = true;
      if (suppressedIn(location.uri)(f.ruleId, location.range.start.line)) continue;
    } else if (yamlFiles.has(f.location.uri) || !f.fixes) {
      const fix = cookieReplaceFix(f, nodes, yamlFiles);
      if (fix) moved = { ...f, fixes: [fix] };
      else if (f.fixes) {
        const fixes = yamlSafeFixes(f.fixes, yamlFiles);
        moved = { ...f, fixes: fixes.length > 0 ? fixes : undefined };
      }
    }
    if (moved.related?.some((r) => virtual.has(r.location.uri))) {
      moved = { ...moved, related: moved.related.map((r): RelatedInfo => ({ ...r, location: moveLocation(r.location, virtual) })) };
    }
    out.push(moved);
  }
  // The findings come unique (a pipeline's); only those moved into a deployment file can now repeat one.
  if (!moves) return out;
  const unique = new FindingSet();
  for (const f of out) unique.add(f);
  return unique.values();
}
