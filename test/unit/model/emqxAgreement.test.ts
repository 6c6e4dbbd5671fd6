/**
 * Which loads keep the engine's own resolution and which take EMQX's
 * (model/emqxAgreement.ts): a file shaped like the benchmark's (scalar
 * variables and substitutions of them) keeps the engine's, the readings where
 * EMQX's lookup differs from one in the merged tree take EMQX's, and either
 * way the config (values, problems, provenance) is the one EMQX's resolution
 * gives. The comparison is with the engine told to run EMQX's resolution
 * always; `npm run differential -- --plain` checks the same documents against
 * EMQX's own parser.
 */
import * as assert from 'assert';
import { memoryReader } from '../../../server/src/io';
import { configureLocale } from '../../../server/src/l10n';
import { EffectiveConfigImpl, Engine, FastPathUnavailable } from '../../../server/src/model/engine';
import { toEmqxJson } from '../../../server/src/model/json';
import { generatePlain } from '../../differential/generatePlain';

const MAIN = '/etc/emqx/emqx.conf';

interface Loaded {
  /** Whether EMQX's resolution ran (the engine's own was not kept). */
  readonly emqx: boolean;
  readonly config: EffectiveConfigImpl;
}

/** The main file (and files next to it) loaded as loadConfig loads it: the fast reader, else the full parser. */
function load(text: string, files: Record<string, string>, alwaysEmqx: boolean): Loaded {
  const all: Record<string, string> = { [MAIN]: text };
  for (const [name, t] of Object.entries(files)) all[`/etc/emqx/${name}`] = t;
  const reader = memoryReader(all);
  for (const fast of [true, false]) {
    try {
      const engine = new Engine({ reader, fast, alwaysEmqx });
      engine.addText(MAIN, text, 'main');
      engine.resolve();
      return { emqx: engine.emqxResolved, config: engine.build() };
    } catch (e) {
      if (!(e instanceof FastPathUnavailable)) throw e;
    }
  }
  throw new Error('the full parser gave up');
}

/** What a user sees of a config: its JSON, its problems, and where each value was set and overridden. */
function seen(c: EffectiveConfigImpl): { json: string; problems: unknown[]; entries: unknown[] } {
  return {
    json: toEmqxJson(c.root, c.exactNumbers),
    problems: c.problems.map((p) => [p.code, p.severity, p.message, p.location]),
    entries: [...c.entries()].map((e) => [e.path.join('.'), e.setBy.location, e.overrides.map((o) => o.location)]),
  };
}

/**
 * Loads `text` both ways, asserts they agree, and returns the load that chose
 * for itself, and whether the document has anything to resolve.
 */
function check(text: string, files: Record<string, string> = {}): Loaded & { resolves: boolean } {
  const chosen = load(text, files, false);
  const emqx = load(text, files, true);
  assert.deepStrictEqual(seen(chosen.config), seen(emqx.config), text);
  return { ...chosen, resolves: emqx.emqx };
}

/** A file shaped like the generated benchmark files: a block of variables, many sections using some of them. */
function benchShaped(sections: number): string {
  const out = ['vars {', '  default_keepalive = 15s', '  default_pool_size = 8', '  default_qos = 1', '  default_region = "eu-west"', '  default_ratio = 0.75', '}'];
  for (let i = 0; i < sections; i++) {
    out.push(`bridges.mqtt.bridge_${i} {`);
    out.push(`  enable = ${i % 2 === 0}`);
    out.push(`  server = "host-${i}.example.internal:1883"`);
    out.push(`  mountpoint = "site/\${clientid}/"`);
    out.push(`  parameters { topic = "t/${i}/#", qos = ${i % 3 === 0 ? '${vars.default_qos}' : '0'} }`);
    out.push(`  headers { "X-Request-Id" = "req-${i}" }`);
    out.push(`  ssl.cacertfile = "\${EMQX_ETC_DIR}/certs/cacert.pem"`);
    out.push('}');
    out.push(`bridges.mqtt.bridge_${i}.resource_opts.worker_pool_size = ${i % 4 === 1 ? '${vars.default_pool_size}' : String(i)}`);
    if (i % 5 === 2) out.push(`bridges.mqtt.bridge_${i}.resource_opts.note = "region-"\${vars.default_region}`);
    if (i % 7 === 3) out.push(`bridges.mqtt.bridge_${i}.keepalive = \${vars.default_keepalive}`);
    if (i % 9 === 4) out.push(`bridges.mqtt.bridge_${i}.ratio = \${?vars.default_ratio}`);
  }
  return out.join('\n') + '\n';
}

describe("EMQX's resolution only where the engine's own can differ", () => {
  before(() => configureLocale('en'));

  it('keeps the engine’s own resolution for a file shaped like the benchmark files, with the same config', () => {
    const text = benchShaped(40);
    const { emqx, resolves, config } = check(text);
    assert.ok(resolves);
    assert.strictEqual(emqx, false);
    assert.deepStrictEqual(config.problems, []);
    const root = JSON.parse(toEmqxJson(config.root, config.exactNumbers));
    assert.strictEqual(root.bridges.mqtt.bridge_1.resource_opts.worker_pool_size, 8);
    assert.strictEqual(root.bridges.mqtt.bridge_2.resource_opts.note, 'region-eu-west');
    assert.strictEqual(root.bridges.mqtt.bridge_3.keepalive, '15s');
    assert.strictEqual(root.bridges.mqtt.bridge_0.parameters.qos, 1);
    assert.strictEqual(root.bridges.mqtt.bridge_4.ratio, 0.75);
    assert.strictEqual(root.bridges.mqtt.bridge_0.mountpoint, 'site/${clientid}/');
    // The value a substitution brought is set by the field that holds the substitution.
    const pool = config.get('bridges.mqtt.bridge_1.resource_opts.worker_pool_size');
    assert.ok(pool);
    assert.strictEqual(pool.value, 8);
    assert.strictEqual(pool.setBy.location.range.start.line, text.split('\n').indexOf('bridges.mqtt.bridge_1.resource_opts.worker_pool_size = ${vars.default_pool_size}'));
  });

  const engineOwn: Array<[string, string, string, Record<string, string>?]> = [
    ['a forward reference', 'u = ${vars.p}\nvars.p = 8\n', '{"u":8,"vars":{"p":8}}'],
    ['an optional substitution that finds its variable', 'vars { p = ssl }\nu = ${?vars.p}\n', '{"u":"ssl","vars":{"p":"ssl"}}'],
    ['a variable defined twice, in a block and by a dotted key', 'vars { p = 1 }\nvars.p = 2\nu = ${vars.p}\n', '{"u":2,"vars":{"p":2}}'],
    ['strings joined with substitutions', 'vars.a = x\nvars.b = "y z"\nu = "pre-"${vars.a}"-"${vars.b}\n', '{"u":"pre-x-y z","vars":{"a":"x","b":"y z"}}'],
    ['substitutions in arrays and in objects in arrays', 'x = 1.0\nu = [${x}, 2]\nw = [{ v = ${x} }]\n', '{"u":[1.0,2],"w":[{"v":1.0}],"x":1.0}'],
    ['a field with a substitution set again later', 'u = ${vars.p}\nu = 2\nvars.p = 8\n', '{"u":2,"vars":{"p":8}}'],
    ['a substitution in an included file', 'vars.p = 8\ninclude "more.conf"\n', '{"u":8,"vars":{"p":8}}', { 'more.conf': 'u = ${vars.p}\n' }],
  ];
  for (const [what, text, json, files] of engineOwn) {
    it(`keeps the engine's own resolution for ${what}`, () => {
      const { emqx, resolves, config } = check(text, files);
      assert.ok(resolves);
      assert.strictEqual(emqx, false);
      assert.strictEqual(toEmqxJson(config.root, config.exactNumbers), json);
    });
  }

  // EMQX's answers, from docs/hocon-dialect.md and EMQX's parser.
  const emqxOnly: Array<[string, string, string]> = [
    ['a copy of an object assembled from a block and a dotted key', 'a { x = 1 }\na.y = 2\nb = ${a}\n', '{"a":{"x":1,"y":2},"b":{"y":2}}'],
    ['an optional substitution of a variable still waiting for its own', 'a = ${?b}\nb = ${c}\nc = v\n', '{"b":"v","c":"v"}'],
    ['a path looked up in a definition replaced later', 'o { f = 1 }\nx = ${o.f}\no = 5\n', '{"o":5,"x":1}'],
    ['a self-reference', 's = "x"\ns = ${s}"y"\n', '{"s":"xy"}'],
    ['an array element named by a substitution', 'a = [1]\nb = ${?a.1}\n', '{"a":[1]}'],
    ['an array index override', 'a = [1, 2]\na.3 = 3\n', '{"a":[1,2,3]}'],
    ['a field below a substitution', 'a = ${x}\na.b = 1\nx = 1\n', '{"a":{"b":1},"x":1}'],
    ['a substitution of a substitution', 'a = 1\nb = ${a}\nc = ${b}\n', '{"a":1,"b":1,"c":1}'],
    ['a key written in quotes, then without', 'vars { x = 1 }\n"vars" { y = 2 }\nb = ${vars.x}\n', '{"b":1,"vars":{"x":1,"y":2}}'],
  ];
  for (const [what, text, json] of emqxOnly) {
    it(`takes EMQX's resolution for ${what}`, () => {
      const { emqx, config } = check(text);
      assert.strictEqual(emqx, true);
      assert.strictEqual(toEmqxJson(config.root, config.exactNumbers), json);
    });
  }

  const refused: Array<[string, string, string]> = [
    ['a variable defined only under a key in quotes', '"vars" { x = 1 }\nvars { y = 2 }\nb = ${vars.x}\n', 'hocon-unresolved'],
    ['a failed join in a value set again later', 'x = 1\na = "s" ${x}\na = 2\n', 'hocon-concat'],
    ['a missing variable in a value set again later', 'node.cookie = ${EMQX_COOKIE}\nnode.cookie = "x"\n', 'hocon-unresolved'],
    ['a string joined with a number', 'vars.n = 8\nu = "n-"${vars.n}\n', 'hocon-concat'],
  ];
  for (const [what, text, code] of refused) {
    it(`takes EMQX's resolution, which refuses the file, for ${what}`, () => {
      const { emqx, config } = check(text);
      assert.strictEqual(emqx, true);
      assert.deepStrictEqual(
        config.problems.filter((p) => p.severity === 'error').map((p) => p.code),
        [code],
      );
    });
  }

  it('gives the config EMQX’s resolution gives on 800 generated documents of variables and substitutions, most of them without running it', () => {
    let own = 0;
    let resolving = 0;
    for (let seed = 1; seed <= 800; seed++) {
      const doc = generatePlain(seed);
      const r = check(doc.main, doc.includes);
      if (r.resolves) resolving++;
      if (r.resolves && !r.emqx) own++;
    }
    // About a third of these documents are the plain case; the rest hold something that needs EMQX's.
    assert.ok(resolving > 700, `${resolving} of 800 have something to resolve`);
    assert.ok(own > 200 && own < 600, `${own} of ${resolving} kept the engine's own resolution`);
  });
});
