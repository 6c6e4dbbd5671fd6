/**
 * Hovers as plain Markdown:
 * - on a node name (`node.name`, each seed of `cluster.static.seeds`) and on
 *   `rpc.port_discovery` / `rpc.server_port`: the numeric suffix, the Erlang
 *   distribution port, the cluster RPC port, whether each channel is TLS, and
 *   the firewall rule to open;
 * - on any known key: its meaning, default and allowed values (from the EMQX
 *   key catalogue) and where its effective value was set (provenance);
 * - on an include's file name: which of that file's settings are in effect.
 * Secret values (the cookie, passwords) are never shown.
 */
import { isSecretKey as isSensitiveInSchema } from '../emqx/catalogue';
import { isSecretKeyName, redactSecrets } from '../emqx/secrets';
import { Assignment, ConfigEntry, EffectiveConfig, HoconValue } from '../model/types';
import { EmqxVersion } from '../rules/types';
import { Position, Range, rangeContains } from '../syntax/position';
import { distPort, nodeSuffix, rpcPort, rpcPortSetting, splitNodeName } from '../emqx/ports';
import { t } from '../l10n';
import { NodeNameOccurrence, nodeNameOccurrences } from './nodeNames';
import { LineIndex } from '../syntax/lineIndex';
import { IdeHover } from './types';
import { baseName, sameUri } from './uri';
import { DeployedNode } from './workspace';

/** What the key catalogue says about a key, as the hover shows it. */
export interface KeyDoc {
  /** One or two sentences. Markdown. */
  readonly description: string;
  /** The default, as EMQX would print it. */
  readonly default?: string;
  readonly allowed?: readonly string[];
  /** The value is a secret: never show it. */
  readonly sensitive?: boolean;
  /** False when the key does not exist in the target version (EMQX would refuse it). */
  readonly exists?: boolean;
  /** A note: why the key is wrong here, where the docs disagree with the code. Markdown. */
  readonly note?: string;
  /** The canonical key when the hovered one is an alias. */
  readonly aliasOf?: string;
  /** The schema type in words (`enum`, `duration`, `boolean`...). */
  readonly type?: string;
  /** The first EMQX release with the key, as `5.3.1`. */
  readonly since?: string;
}

export type KeyDocLookup = (path: string, version: EmqxVersion | undefined) => KeyDoc | undefined;

export interface HoverInput {
  readonly uri: string;
  readonly text: string;
  readonly position: Position;
  readonly config: EffectiveConfig | undefined;
  readonly version: EmqxVersion | undefined;
  readonly docker: boolean;
  readonly keyDocs?: KeyDocLookup;
  /**
   * The document's line index, when the caller already has one for this exact
   * text (the language service keeps one per document version), so the text
   * is not scanned again.
   */
  readonly lines?: LineIndex;
  /**
   * The nodes that run this config, when deployments are known (a config
   * mounted into three compose services is three nodes): asked only for a
   * hover on `node.name`, which then describes each of them.
   */
  readonly nodes?: () => readonly DeployedNode[];
}

const PORT_KEYS = new Set(['rpc.port_discovery', 'rpc.server_port', 'rpc.tcp_server_port', 'rpc.ssl_server_port']);
const DEFAULT_NODE_NAME = 'emqx@127.0.0.1';
const MAX_VALUE_CHARS = 200;

export function hover(input: HoverInput): IdeHover | undefined {
  const config = input.config;
  if (!config) return undefined;
  const lines = input.lines?.text === input.text ? input.lines : new LineIndex(input.text);
  const occurrence = nodeNameOccurrences(config, input.uri, lines).find((o) => rangeContains(o.range, input.position));
  if (occurrence) {
    const nodes = occurrence.keyPath === 'node.name' ? (input.nodes?.() ?? []) : [];
    const value = nodes.length > 1 ? deployedNodesHover(occurrence, nodes) : nodeHover(occurrence, config, input.docker);
    return { range: occurrence.range, contents: { kind: 'markdown', value } };
  }
  const link = config.includeLinks?.().find((l) => sameUri(l.at.uri, input.uri) && rangeContains(l.at.range, input.position));
  if (link) return { range: link.at.range, contents: { kind: 'markdown', value: includeHover(config, link.uri) } };
  const hit = assignmentAt(config, input.uri, input.position);
  if (!hit) return undefined;
  const path = hit.entry.path.join('.');
  const parts: string[] = [keyHover(hit.entry, hit.assignment, input)];
  if (PORT_KEYS.has(path)) {
    const own = effectiveNodeName(config);
    parts.push(`${t('**Node {0}** (this node)', code(own))}\n\n${portSection(own, config, input.docker, t('this node ({0})', code(own)))}`);
  }
  return { range: hit.assignment.keyLocation.range, contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
}

interface AssignmentHit {
  readonly entry: ConfigEntry;
  readonly assignment: Assignment;
}

/** The document's assignments by line, built once per effective config (hovers come in bursts): for configs without assignmentsAt. */
const assignmentIndex = new WeakMap<EffectiveConfig, Map<string, Map<number, AssignmentHit[]>>>();

function assignmentsByLine(config: EffectiveConfig, uri: string): Map<number, AssignmentHit[]> {
  let perUri = assignmentIndex.get(config);
  if (!perUri) {
    perUri = new Map();
    assignmentIndex.set(config, perUri);
  }
  let byLine = perUri.get(uri);
  if (!byLine) {
    byLine = new Map();
    for (const entry of config.entries()) {
      for (const assignment of [entry.setBy, ...entry.overrides]) {
        if (assignment.origin.kind !== 'file' || !sameUri(assignment.location.uri, uri)) continue;
        const r = assignment.location.range;
        // Index every line the field spans, so a position on a value's second line finds it too.
        for (let line = r.start.line; line <= r.end.line && line - r.start.line < 1000; line++) {
          const list = byLine.get(line);
          if (list) list.push({ entry, assignment });
          else byLine.set(line, [{ entry, assignment }]);
        }
      }
    }
    perUri.set(uri, byLine);
  }
  return byLine;
}

/** The assignment of this document whose `key = value` covers the position (the innermost one). */
function assignmentAt(config: EffectiveConfig, uri: string, p: Position): AssignmentHit | undefined {
  let best: AssignmentHit | undefined;
  let bestSize = Infinity;
  // The model finds the assignments covering the position from its offsets;
  // a config without that is indexed by line once.
  const candidates = config.assignmentsAt ? config.assignmentsAt(p, (u) => sameUri(u, uri)) : (assignmentsByLine(config, uri).get(p.line) ?? []);
  for (const hit of candidates) {
    const { assignment } = hit;
    const inKey = rangeContains(assignment.keyLocation.range, p);
    const inField = rangeContains(assignment.location.range, p);
    if (!inKey && !inField) continue;
    const r = inKey ? assignment.keyLocation.range : assignment.location.range;
    // Prefer the key under the cursor, then the smallest field (a nested block's inner key).
    const size = (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character) - (inKey ? 1e12 : 0);
    if (size < bestSize) {
      best = hit;
      bestSize = size;
    }
  }
  return best;
}

function effectiveNodeName(config: EffectiveConfig): string {
  const v = config.get('node.name')?.value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : DEFAULT_NODE_NAME;
}

/** How many keys an include hover names before "and N more". */
const MAX_INCLUDE_KEYS = 12;

/** On an include's file name: which of the file's settings are in effect, and which later ones override. */
function includeHover(config: EffectiveConfig, fileUri: string): string {
  const inEffect: string[] = [];
  const overridden: string[] = [];
  for (const entry of config.entries()) {
    if (sameUri(entry.setBy.location.uri, fileUri)) inEffect.push(entry.path.join('.'));
    else if (entry.overrides.some((a) => sameUri(a.location.uri, fileUri))) overridden.push(entry.path.join('.'));
  }
  const list = (keys: string[]): string =>
    keys.length > MAX_INCLUDE_KEYS ? t('{0} and {1} more', keys.slice(0, MAX_INCLUDE_KEYS).map(code).join(', '), keys.length - MAX_INCLUDE_KEYS) : keys.map(code).join(', ');
  const out = [t('**{0}**: EMQX reads this file here, as part of this config.', baseName(fileUri))];
  out.push(inEffect.length > 0 ? t('In effect from it: {0}.', list(inEffect)) : t('None of its settings is in effect.'));
  if (overridden.length > 0) out.push(t('Set there but overridden later: {0}.', list(overridden)));
  return out.join('\n\n');
}

function code(s: string | number): string {
  const text = String(s).replace(/`/g, "'");
  return `\`${text}\``;
}

function nodeHover(o: NodeNameOccurrence, config: EffectiveConfig, docker: boolean): string {
  const title =
    o.keyPath === 'node.name'
      ? t('**Node {0}** (this node)', code(o.name))
      : o.keyPath === 'cluster.core_nodes'
        ? t('**Node {0}** (a core node in `cluster.core_nodes`)', code(o.name))
        : t('**Node {0}** (a seed in `cluster.static.seeds`)', code(o.name));
  if (o.keyPath === 'node.name') {
    const setBy = config.get('node.name')?.setBy;
    const effective = effectiveNodeName(config);
    if (setBy?.origin.kind === 'env' && effective !== o.name) {
      // The deployment renames the node: the ports that matter are the effective name's.
      const note = t('The environment variable {0} overrides this value: the node runs as {1}. Its ports:', code(setBy.origin.name), code(effective));
      return `${title}\n\n${note}\n\n${portSection(effective, config, docker, code(effective))}`;
    }
  }
  return `${title}\n\n${portSection(o.name, config, docker, code(o.name))}`;
}

/** How many nodes a hover describes in full before naming the rest. */
const MAX_NODE_BLOCKS = 5;

/**
 * `node.name` of a config that several deployments run: one block per node, as the
 * hover of a deployment file's node shows it (each deployment's variables may rename
 * the node and move its ports); past MAX_NODE_BLOCKS, the other nodes by name.
 */
function deployedNodesHover(o: NodeNameOccurrence, nodes: readonly DeployedNode[]): string {
  const intro = `${t('**Node {0}** (this node)', code(o.name))}\n\n${t('{0} nodes run this config, each with the variables of its deployment:', nodes.length)}`;
  const label = (n: DeployedNode): string => t('{0} in {1}', code(n.deployment.name), code(baseName(n.deployment.file)));
  const blocks = nodes.slice(0, MAX_NODE_BLOCKS).map((n) => deploymentNodeHover(effectiveNodeName(n.config), label(n), n.config, n.docker));
  const rest = nodes.slice(MAX_NODE_BLOCKS);
  if (rest.length > 0) {
    const shown = rest.slice(0, MAX_INCLUDE_KEYS).map((n) => `${code(effectiveNodeName(n.config))} (${label(n)})`);
    const list = rest.length > MAX_INCLUDE_KEYS ? t('{0} and {1} more', shown.join(', '), rest.length - MAX_INCLUDE_KEYS) : shown.join(', ');
    blocks.push(t('And {0} more: {1}.', rest.length, list));
  }
  return [intro, ...blocks].join('\n\n---\n\n');
}

function stringAt(config: EffectiveConfig, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = config.get(p)?.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).trim();
  }
  return undefined;
}

/** The port facts of one node name under the document's settings. */
/**
 * The hover of a node of a deployment file (a compose service's `EMQX_NODE__NAME`, the line that makes
 * the image build its name): the node's name and ports, read from the node's effective config.
 */
export function deploymentNodeHover(name: string, label: string, config: EffectiveConfig, docker: boolean): string {
  return `${t('**Node {0}** ({1})', code(name), label)}\n\n${portSection(name, config, docker, code(name))}`;
}

function portSection(name: string, config: EffectiveConfig, docker: boolean, who: string): string {
  const lines: string[] = [];
  const suffix = nodeSuffix(name);
  if (suffix) {
    lines.push(t('Numeric suffix: {0} → port offset {1}', code(suffix.digits), suffix.offset));
  } else {
    lines.push(t('Numeric suffix: none → port offset 0 (only digits at the end of the part before `@` count)'));
  }

  const dist = distPort(name);
  const protoDist = stringAt(config, 'cluster.proto_dist') ?? 'inet_tcp';
  const distTls = /_tls$/.test(protoDist);
  const distText = dist === 'random' ? t('random (10000–60000: a remote console node)') : code(dist);
  lines.push(t('Erlang distribution port: {0} ({1}, {2})', distText, code(protoDist), distTls ? t('TLS') : t('**plaintext**')));

  // The one reading of the RPC port (emqx/ports.ts), as the cluster checks and the node rules use it.
  const setting = rpcPortSetting(config, { docker });
  const discovery = setting.discovery;
  const rpc = rpcPort(name, discovery, setting.serverPort);
  const rpcProtocol = stringAt(config, 'rpc.protocol', 'rpc.driver') ?? 'tcp';
  const rpcTls = rpcProtocol === 'ssl';
  const discoveryOrigin = setting.discoveryEntry?.setBy.origin;
  let how: string;
  if (discoveryOrigin?.kind === 'env' && !setting.forcedByDocker) {
    // A deployment's variable (docker-compose, .env, or the image itself) decides, not the file.
    how = discovery === 'manual' ? t('{0} = manual: `rpc.server_port`', code(discoveryOrigin.name)) : t('{0} = stateless: 5370 + offset', code(discoveryOrigin.name));
  } else if (discovery === 'manual') {
    how = setting.forcedByDocker ? t('`rpc.server_port`: the official Docker image forces `rpc.port_discovery = manual`') : t('`rpc.port_discovery = manual`: `rpc.server_port`');
  } else {
    how = t('`rpc.port_discovery = stateless`: 5370 + offset');
  }
  lines.push(t('Cluster RPC port: {0} ({1}; {2}, {3})', code(rpc), how, code(rpcProtocol), rpcTls ? t('TLS') : t('**plaintext**')));

  const host = splitNodeName(name).host;
  const ports = dist === 'random' ? [rpc] : dist === rpc ? [dist] : [dist, rpc];
  lines.push(t('Firewall: allow TCP {0} to {1} from the other cluster nodes only.', ports.map((p) => String(p)).join(', '), host ? code(host) : who));
  lines.push(t('Environment variables win over this file: `EMQX_NODE__NAME` renames the node (and moves its ports), `EMQX_RPC__PORT_DISCOVERY` changes how the RPC port is chosen.'));
  return lines.map((l) => `- ${l}`).join('\n');
}

/**
 * Whether a key holds a secret: a field EMQX's schema marks sensitive, or any key whose name looks
 * like one (the cookie, passwords, passphrases, tokens; misspelled `node.cooky` too; not key-file paths).
 * Hovers, semantic tokens and `resolve` hide such values.
 */
export function isSecretKey(path: readonly string[]): boolean {
  return isSensitiveInSchema(path) || isSecretKeyName(path[path.length - 1] ?? '');
}

function isSecret(path: readonly string[], doc: KeyDoc | undefined): boolean {
  return doc?.sensitive === true || isSecretKey(path);
}

function showValue(v: HoconValue): string {
  // An object's secret-named fields are hidden inside it too.
  const s = typeof v === 'string' ? v : JSON.stringify(redactSecrets(v, t('(secret, not shown)')));
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

function describeAssignment(a: Assignment, uri: string): string {
  if (a.origin.kind === 'env') return t('the environment variable {0}', code(a.origin.name));
  const line = a.location.range.start.line + 1;
  if (sameUri(a.location.uri, uri)) return t('line {0}', line);
  return t('line {0} of {1} ({2} layer)', line, code(baseName(a.location.uri)), a.origin.layer);
}

function keyHover(entry: ConfigEntry, hovered: Assignment, input: HoverInput): string {
  const path = entry.path.join('.');
  const doc = input.keyDocs?.(path, input.version);
  const out: string[] = [`**${code(path)}**`];
  if (doc) {
    if (doc.exists === false) out.push(t('**Not a key of EMQX {0}**: EMQX refuses to start with unknown keys.', input.version ? `${input.version.major}.${input.version.minor}` : '5.8'));
    if (doc.aliasOf && doc.aliasOf !== path) out.push(t('An alias of {0}.', code(doc.aliasOf)));
    if (doc.description) out.push(doc.description);
    if (doc.note && doc.note !== doc.description) out.push(doc.note);
    const facts: string[] = [];
    if (doc.type && doc.type !== 'any' && doc.type !== 'struct') facts.push(t('Type: {0}', doc.type));
    if (doc.default !== undefined) facts.push(t('Default: {0}', isSecret(entry.path, doc) ? t('(a built-in value, hidden)') : code(doc.default)));
    if (doc.allowed && doc.allowed.length > 0) facts.push(t('Allowed values: {0}', doc.allowed.map((a) => code(a)).join(', ')));
    if (doc.since && doc.since !== '5.0.0' && doc.since !== '4.3.0') facts.push(t('Since EMQX {0}', doc.since));
    if (facts.length > 0) out.push(facts.map((f) => `- ${f}`).join('\n'));
  }
  // Keys outside the cluster-security catalogue get provenance only: saying nothing beats a false claim.
  const prov: string[] = [];
  const value = isSecret(entry.path, doc) ? t('(secret, not shown)') : code(showValue(entry.value));
  if (hovered === entry.setBy) {
    prov.push(t('Effective value: {0}, set on {1}.', value, describeAssignment(entry.setBy, input.uri)));
    if (entry.overrides.length > 0) {
      prov.push(t('It overrides {0}.', entry.overrides.map((a) => describeAssignment(a, input.uri)).join(', ')));
    }
  } else {
    prov.push(t('This assignment has no effect: it is overridden by {0} (effective value {1}).', describeAssignment(entry.setBy, input.uri), value));
  }
  out.push(prov.join(' '));
  return out.join('\n\n');
}

/** Exposed for tests: the range a node-name hover would cover at a position. */
export function nodeNameAt(config: EffectiveConfig, uri: string, text: string, p: Position): { name: string; range: Range } | undefined {
  const o = nodeNameOccurrences(config, uri, new LineIndex(text)).find((x) => rangeContains(x.range, p));
  return o ? { name: o.name, range: o.range } : undefined;
}
