/**
 * Settings come from the client and are whatever the user typed in
 * settings.json (or whatever a client sends): any JSON value must give valid
 * settings (falling back to defaults), and the analysis with those settings
 * must not throw. Over the wire, a client that answers
 * workspace/configuration with junk still gets diagnostics.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultEngine, defaultKeyDocs } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { memoryReader } from '../../../server/src/io';
import { parseSettings, sectionOf } from '../../../server/src/settings';
import { RudeClient } from './lspClient';

const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];
const TEXT = 'node {\n  name = "emqx@127.0.0.1"\n  cookie = "emqxsecretcookie"\n}\nrpc { protocol = tcp }\n';

/** Settings-shaped junk: the right keys with values of any type, plus anything at all. */
const junkSettings = fc.oneof(
  fc.anything(),
  fc.record(
    {
      enable: fc.anything(),
      emqxVersion: fc.oneof(fc.string(), fc.constantFrom('auto', '5.8', '4.4', '99', '-1', '5.8.9.9', ''), fc.anything()),
      docker: fc.anything(),
      rules: fc.oneof(
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('cookie-default', 'rpc-plaintext', '__proto__', 'constructor')), fc.oneof(fc.constantFrom(...LEVELS), fc.anything())),
        fc.anything(),
      ),
      includeDirs: fc.oneof(fc.array(fc.oneof(fc.string(), fc.anything())), fc.anything()),
      pathMappings: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.anything())), fc.anything()),
    },
    { requiredKeys: [] },
  ),
);

describe('robustness: junk settings', function () {
  this.timeout(60_000);

  it('any value gives valid settings, and the analysis, hover and code actions with them do not throw', () => {
    const failures: string[] = [];
    const service = new LanguageService({ engine: defaultEngine, keyDocs: defaultKeyDocs, log: (m) => failures.push(m) });
    fc.assert(
      fc.property(junkSettings, fc.boolean(), (raw, wrapped) => {
        const s = parseSettings(sectionOf(wrapped ? { emqxClusterSecurity: raw } : raw), '/ws');
        assert.equal(typeof s.enable, 'boolean');
        assert.equal(typeof s.docker, 'boolean');
        assert.match(s.emqxVersion, /^(auto|\d+(\.\d+){0,2})$/);
        assert.ok(Array.isArray(s.includeDirs) && s.includeDirs.every((d) => typeof d === 'string'));
        for (const [k, v] of Object.entries(s.rules)) assert.ok(LEVELS.includes(v), `${k}: ${String(v)}`);
        for (const v of Object.values(s.pathMappings)) assert.equal(typeof v, 'string');
        const a = service.analyze({ uri: 'file:///ws/etc/emqx.conf', version: 1, text: TEXT, settings: s, reader: memoryReader({}), trusted: true });
        service.hover(a, { line: 1, character: 4 });
        service.codeActions(a, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, { diagnostics: service.diagnostics(a) });
        assert.deepEqual(failures, []);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('over stdio: a client answering workspace/configuration with junk still gets diagnostics', async () => {
    const answers: unknown[] = [42, 'x', [1, 2], { emqxClusterSecurity: 'nope' }, { rules: 7, emqxVersion: {}, includeDirs: 'etc' }, { rules: { 'cookie-default': 'loud' } }];
    for (const answer of answers) {
      const client = await RudeClient.start({ configuration: answer });
      try {
        const uri = `file:///robustness/settings/${answers.indexOf(answer)}/emqx.conf`;
        await client.open(uri, TEXT);
        const p = await client.diagnosticsFor(uri, 1);
        assert.ok(
          p.diagnostics.some((d) => d.code === 'cookie-default'),
          `diagnostics with configuration ${JSON.stringify(answer)}`,
        );
        // A settings change pushed with junk re-checks with defaults, it does not stop the server.
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: answer });
        assert.ok(await client.alive());
      } finally {
        await client.stop();
      }
    }
  });
});
