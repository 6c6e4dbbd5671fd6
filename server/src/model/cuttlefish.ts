/**
 * EMQX 4.x cuttlefish files as an EffectiveConfig, so the same rules read 4.x
 * and 5.x configs. Also the general builder of an EffectiveConfig from flat
 * assignments (last one wins, with provenance), used for ssl_dist.conf too.
 *
 * Cuttlefish has no types of its own in the file: every value is the text to
 * the end of the line, so values are strings here; the rules interpret them
 * the way EMQX's schema does.
 */
import { t } from '../l10n';
import { parseCuttlefish, CuttlefishDocument } from '../syntax/cuttlefish';
import { Location } from '../syntax/position';
import { Assignment, ConfigEntry, EffectiveConfig, HoconObject, HoconValue, Problem } from './types';

/** One assignment of a flat config, in source order. */
export interface FlatAssignment {
  readonly path: readonly string[];
  readonly value: HoconValue;
  readonly assignment: Assignment;
}

class FlatConfig implements EffectiveConfig {
  readonly root: HoconObject = {};
  private readonly byPath = new Map<string, ConfigEntry>();
  private readonly order: string[] = [];

  constructor(
    assignments: readonly FlatAssignment[],
    readonly problems: readonly Problem[],
  ) {
    for (const a of assignments) {
      const key = a.path.join('.');
      const previous = this.byPath.get(key);
      if (!previous) this.order.push(key);
      this.byPath.set(key, {
        path: a.path,
        value: a.value,
        setBy: a.assignment,
        overrides: previous ? [...previous.overrides, previous.setBy] : [],
      });
    }
    // The tree: cuttlefish allows a key to be both a value and a prefix
    // (`listener.tcp.external = 1883` and `listener.tcp.external.acceptors = 8`);
    // a tree cannot hold both, so the deeper keys win in `root` while `get` keeps both.
    for (const key of this.order) {
      const entry = this.byPath.get(key)!;
      let node: HoconObject = this.root;
      entry.path.forEach((seg, i) => {
        if (i === entry.path.length - 1) {
          if (typeof node[seg] !== 'object' || node[seg] === null || Array.isArray(node[seg])) node[seg] = entry.value;
          return;
        }
        const next = node[seg];
        if (typeof next !== 'object' || next === null || Array.isArray(next)) node[seg] = {};
        node = node[seg] as HoconObject;
      });
    }
  }

  get(path: string | readonly string[]): ConfigEntry | undefined {
    return this.byPath.get(typeof path === 'string' ? path : path.join('.'));
  }

  *entries(): Iterable<ConfigEntry> {
    for (const key of this.order) yield this.byPath.get(key)!;
  }
}

/** An EffectiveConfig from flat assignments in order: the last assignment of a path wins. */
export function buildFlatConfig(assignments: readonly FlatAssignment[], problems: readonly Problem[] = []): EffectiveConfig {
  return new FlatConfig(assignments, problems);
}

export interface CuttlefishEnvVar {
  readonly name: string;
  readonly value: string;
  readonly location?: Location;
}

/**
 * The key a 4.x environment variable overrides. The emqx cuttlefish fork takes
 * `EMQX_NODE__COOKIE` (`__` → `.`) and the per-key form `EMQX_NODE_COOKIE`; the
 * per-key form wins. Only cluster-relevant per-key names are mapped here.
 */
function envPath4(name: string): { path: string[]; perKey: boolean } | undefined {
  const upper = name.toUpperCase();
  if (!upper.startsWith('EMQX_')) return undefined;
  const rest = upper.slice(5);
  if (rest.includes('__')) return { path: rest.toLowerCase().split('__'), perKey: false };
  const perKey: Record<string, string> = {
    NODE_COOKIE: 'node.cookie',
    NODE_NAME: 'node.name',
    CLUSTER_PROTO_DIST: 'cluster.proto_dist',
    RPC_PORT_DISCOVERY: 'rpc.port_discovery',
    RPC_DRIVER: 'rpc.driver',
  };
  return perKey[rest] ? { path: perKey[rest].split('.'), perKey: true } : undefined;
}

export interface CuttlefishLoad {
  readonly config: EffectiveConfig;
  readonly document: CuttlefishDocument;
}

/**
 * Reads a 4.x `emqx.conf` into an EffectiveConfig. `include` lines are not followed
 * (4.x packages ship no cluster settings in included files) but reported as info.
 */
export function loadCuttlefishConfig(input: { uri: string; text: string; env?: readonly CuttlefishEnvVar[] }): CuttlefishLoad {
  const document = parseCuttlefish(input.text);
  const loc = (range: Location['range']): Location => ({ uri: input.uri, range });
  const assignments: FlatAssignment[] = document.settings.map((s) => ({
    path: s.path,
    value: s.value,
    assignment: {
      origin: { kind: 'file', layer: 'main' },
      location: loc(s.range),
      keyLocation: loc(s.lastSegmentRange),
      valueLocation: loc(s.valueRange),
      quoting: 'unquoted',
    },
  }));
  // Messages are translated here, once, so that the problem and the finding the rules make of it read the same.
  const problems: Problem[] = document.problems.map((p) => ({ code: 'cuttlefish-syntax', severity: 'error', message: t(p.message), location: loc(p.range) }));
  for (const inc of document.includes) {
    problems.push({ code: 'cuttlefish-include', severity: 'info', message: t('Included files are not read: settings in them are not checked.'), location: loc(inc.range) });
  }
  // Environment overrides: generic names first, per-key names last so that they win.
  const env = (input.env ?? []).map((e) => ({ e, p: envPath4(e.name) })).filter((x) => x.p !== undefined);
  env.sort((a, b) => Number(a.p!.perKey) - Number(b.p!.perKey));
  for (const { e, p } of env) {
    const where = e.location ?? { uri: `env:${e.name}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    assignments.push({
      path: p!.path,
      value: e.value,
      assignment: { origin: { kind: 'env', name: e.name }, location: where, keyLocation: where, valueLocation: where },
    });
  }
  return { config: buildFlatConfig(assignments, problems), document };
}
