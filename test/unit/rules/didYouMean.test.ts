/**
 * Did-you-mean on unknown keys: a misspelling two edits from a longer key
 * (`node.cooky`, `EMQX_NODE__COOKY`) finds it, and over the whole key
 * catalogue no real key is drawn to another one beyond a third of its own
 * length (so widening the limit for short misspellings adds no suggestion
 * between keys EMQX really has). The value of the misspelled secret is never
 * shown.
 */
import * as assert from 'node:assert/strict';
import { checkFiles } from '../../../server/src/cli/check';
import { unknownKey } from '../../../server/src/emqx/catalogue';
import { parseVersion } from '../../../server/src/emqx/version';
import { memoryReader, noFiles } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { didYouMean, editDistance } from '../../../server/src/rules/util';

interface Catalogue {
  readonly releases: readonly string[];
  readonly hocon: ReadonlyArray<{ readonly path: string }>;
  readonly cuttlefish: ReadonlyArray<{ readonly path: string }>;
}
const catalogue = require('../../../server/src/emqx/keyCatalogue.json') as Catalogue;

/** Every key of the catalogue EMQX `version` knows, with the names it knows beside it. */
function keysWithSiblings(version: string): Array<{ path: string[]; siblings: readonly string[] }> {
  const v = parseVersion(version)!;
  const records = v.major >= 5 ? catalogue.hocon : catalogue.cuttlefish;
  const out: Array<{ path: string[]; siblings: readonly string[] }> = [];
  for (const rec of records) {
    // A map's entries (`listeners.ssl.*`) are named by the user: one name stands for them.
    const path = rec.path.split('.').map((s) => (s === '*' ? 'default' : s));
    if (path.length < 2 || rec.path.endsWith('*')) continue;
    const level = unknownKey([...path.slice(0, -1), 'zz_not_a_key_zz'], v);
    if (!level || level.depth !== path.length - 1 || !level.siblings.includes(path[path.length - 1])) continue;
    out.push({ path, siblings: level.siblings });
  }
  return out;
}

const VERSIONS = ['4.4.19', '5.0.0', '5.3.2', '5.8.9', catalogue.releases[catalogue.releases.length - 1]];

describe('did-you-mean: the limit and the key catalogue', () => {
  for (const version of VERSIONS) {
    it(`EMQX ${version}: every known key is suggested itself, and none is drawn to another beyond a third of its length`, () => {
      const keys = keysWithSiblings(version);
      assert.ok(keys.length > 50, `only ${keys.length} keys walked`);
      for (const { path, siblings } of keys) {
        const key = path[path.length - 1];
        assert.equal(didYouMean(key, siblings), key, path.join('.'));
        // Were the key unknown (another module's, a later release's), a sibling is suggested only
        // within the edits the key's own length allows: what the limit was before it measured the
        // longer word.
        const other = didYouMean(
          key,
          siblings.filter((s) => s !== key),
        );
        if (other !== undefined) {
          const own = Math.max(1, Math.min(2, Math.floor(key.length / 3)));
          assert.ok(editDistance(key, other) <= own, `${path.join('.')} is drawn to ${other}`);
        }
      }
    });
  }

  it('two edits from a longer key: cooky → cookie, cook → cookie; a third of the word otherwise', () => {
    const node = unknownKey(['node', 'cooky'], parseVersion('5.8.9')!)!;
    assert.equal(didYouMean('cooky', node.siblings), 'cookie');
    assert.equal(didYouMean('COOKY', node.siblings), 'cookie');
    assert.equal(didYouMean('cook', node.siblings), 'cookie');
    // Three edits are never enough, nor two from a word of the same short length.
    assert.equal(didYouMean('cky', node.siblings), undefined);
    assert.equal(didYouMean('cokei', ['cookie', 'name']), 'cookie');
    assert.equal(didYouMean('nmae', ['cookie', 'name']), 'name');
    assert.equal(didYouMean('nxmy', ['cookie', 'name']), undefined);
    // Two candidates as close: nothing is suggested.
    assert.equal(didYouMean('cooky', ['cookie', 'cookiq']), undefined);
  });
});

describe('did-you-mean: node.cooky and EMQX_NODE__COOKY', () => {
  const SECRET = 'Xk29fLq8Wm3Zp7Rt5Vb1Nc6Hd4Jg0Ys2';

  it('node.cooky in emqx.conf: "Did you mean node.cookie?" with the rename, and the value never shown', () => {
    const text = `node {\n  name = "emqx@10.0.0.1"\n  cooky = "${SECRET}"\n}\n`;
    const r = analyzeDocument({ uri: 'file:///etc/emqx/emqx.conf', text, reader: noFiles, trusted: true, settings: { emqxVersion: '5.8.9' } });
    const f = r.findings.filter((x) => x.ruleId === 'unknown-key');
    assert.deepEqual(
      f.map((x) => [x.message, x.location.range, x.fixes?.map((fix) => [fix.title, fix.edits.map((e) => [e.range, e.newText])])]),
      [
        [
          'EMQX 5.8.9 refuses to start with the unknown key node.cooky. Did you mean node.cookie?',
          { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } },
          [
            ['Rename to node.cookie', [[{ start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, 'cookie']]],
            ['Delete node.cooky (EMQX would refuse to start)', [[{ start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, '']]],
          ],
        ],
      ],
    );
    for (const x of r.findings) assert.ok(![x.message, ...(x.fixes ?? []).map((y) => y.title)].join('\n').includes(SECRET), x.ruleId);
  });

  it('EMQX_NODE__COOKY in docker-compose: "Did you mean EMQX_NODE__COOKIE?" with the variable renamed', () => {
    const compose = '/d/docker-compose.yml';
    const yaml = ['services:', '  emqx1:', '    image: emqx/emqx:5.8.6', '    environment:', '      EMQX_NODE__NAME: emqx@emqx1.local', `      EMQX_NODE__COOKY: "${SECRET}"`, ''].join('\n');
    const options = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true };
    const findings = checkFiles([compose], options, memoryReader({ [compose]: yaml })).findings;
    const f = findings.filter((x) => x.ruleId === 'unknown-key');
    assert.deepEqual(
      f.map((x) => [x.location.uri, x.location.range, x.message, x.fixes?.map((fix) => [fix.title, fix.edits.map((e) => [e.range, e.newText])])]),
      [
        [
          compose,
          { start: { line: 5, character: 6 }, end: { line: 5, character: 22 } },
          'EMQX 5.8.6 does not know EMQX_NODE__COOKY (the key node.cooky): it drops the variable with an "unknown_env_vars" warning and starts without the setting. Did you mean EMQX_NODE__COOKIE?',
          [['Rename the variable to EMQX_NODE__COOKIE', [[{ start: { line: 5, character: 6 }, end: { line: 5, character: 22 } }, 'EMQX_NODE__COOKIE']]]],
        ],
      ],
    );
    for (const x of findings) assert.ok(!x.message.includes(SECRET), x.ruleId);
  });

  it('no rename onto a key that is set already: node.cooky beside node.cookie, EMQX_RPC__PORT_DISCOVER beside EMQX_RPC__PORT_DISCOVERY', () => {
    const text = `node {\n  name = "emqx@10.0.0.1"\n  cooky = "${SECRET}"\n  cookie = "${SECRET}"\n}\n`;
    const r = analyzeDocument({ uri: 'file:///etc/emqx/emqx.conf', text, reader: noFiles, trusted: true, settings: { emqxVersion: '5.8.9' } });
    assert.deepEqual(
      r.findings.filter((x) => x.ruleId === 'unknown-key').map((x) => [x.location.range.start.line, x.fixes?.map((fix) => [fix.title, fix.isPreferred])]),
      [[2, [['Delete node.cooky (EMQX would refuse to start)', true]]]],
    );
    const rpc = `rpc {\n  port_discover = manual\n  port_discovery = manual\n}\n`;
    const r2 = analyzeDocument({ uri: 'file:///etc/emqx/emqx.conf', text: rpc, reader: noFiles, trusted: true, settings: { emqxVersion: '5.8.9' } });
    assert.deepEqual(
      r2.findings.filter((x) => x.ruleId === 'rpc-unknown-key').map((x) => [x.location.range.start.line, x.fixes?.map((fix) => fix.title)]),
      [[1, ['Delete rpc.port_discover (EMQX would refuse to start)']]],
    );
    const compose = '/d/docker-compose.yml';
    const options = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true };
    const yaml = (both: boolean): string =>
      [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.8.6',
        '    environment:',
        '      EMQX_NODE__NAME: emqx@emqx1.local',
        '      EMQX_RPC__PORT_DISCOVER: manual',
        ...(both ? ['      EMQX_RPC__PORT_DISCOVERY: manual'] : []),
        '',
      ].join('\n');
    const fixesOf = (both: boolean) =>
      checkFiles([compose], options, memoryReader({ [compose]: yaml(both) }))
        .findings.filter((x) => x.ruleId === 'rpc-unknown-key')
        .map((x) => [x.location.range.start.line, x.fixes?.map((fix) => fix.title)]);
    assert.deepEqual(fixesOf(false), [[5, ['Rename the variable to EMQX_RPC__PORT_DISCOVERY']]]);
    assert.deepEqual(fixesOf(true), [[5, undefined]]);
  });
});
