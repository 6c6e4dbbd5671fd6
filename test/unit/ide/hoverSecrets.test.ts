/**
 * Hovers never show a secret: not the value of a known secret key, not the
 * value of a key that only looks like one (a misspelled `node.cooky`, a
 * `password` EMQX does not know), and not a secret inside an object value.
 * Every position of the document is hovered.
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';

const SECRETS = ['typo-cookie-1234', 'block-cookie-5678', 'bridge-pw-9012', 'inline-key-3456', 'token-7890'];
const TEXT = [
  `node.cooky = "${SECRETS[0]}"`,
  'node {',
  `  cookie = "${SECRETS[1]}"`,
  '  name = "emqx@127.0.0.1"',
  '}',
  `bridges.mqtt.b1 { server = "broker:1883", password = "${SECRETS[2]}" }`,
  `bridges.mqtt.b1.ssl.key_pasword = "${SECRETS[3]}"`,
  `a.b.api_token = "${SECRETS[4]}"`,
  'rpc.port_discovery = manual',
  '',
].join('\n');

describe('hover: secrets stay hidden by key name', () => {
  it('no hover anywhere in the document shows a secret value, and the values hidden say so', () => {
    const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs });
    const analysis = service.analyze({ uri: 'file:///etc/emqx/emqx.conf', version: 1, text: TEXT, settings: DEFAULT_SETTINGS, reader: memoryReader({}), trusted: false });
    const texts: string[] = [];
    TEXT.split('\n').forEach((line, l) => {
      for (let c = 0; c <= line.length; c++) {
        const h = service.hover(analysis, { line: l, character: c });
        if (h) texts.push(typeof h.contents === 'string' ? h.contents : h.contents.value);
      }
    });
    const all = texts.join('\n');
    assert.ok(texts.length > 0, 'hovers were produced');
    for (const s of SECRETS) assert.ok(!all.includes(s), `a hover shows ${s}:\n${texts.find((x) => x.includes(s))}`);
    const typo = service.hover(analysis, { line: 0, character: 6 });
    assert.ok(typo, 'the misspelled key has a hover');
    assert.match(typeof typo.contents === 'string' ? typo.contents : typo.contents.value, /secret, not shown/);
    // A value that is not secret is still shown.
    assert.ok(all.includes('manual'));
  });
});
