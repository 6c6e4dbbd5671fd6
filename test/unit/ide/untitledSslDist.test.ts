import * as assert from 'node:assert/strict';
import { noFiles } from '../../../server/src/io';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';

/**
 * An unsaved document has no file name, so the editor's language is what says
 * it is an ssl_dist.conf: it must be read as Erlang terms, not as HOCON.
 */
const URI = 'untitled:Untitled-1';
const TEXT = '[{server, [{certfile, "/etc/emqx/certs/node.pem"}, {verify, verify_none}]},\n {client, [{verify, verify_peer}]}].\n';

describe('an untitled document in the ssl_dist language', () => {
  const service = new LanguageService({ engine: defaultEngine });

  it('is checked as ssl_dist.conf: verify_none is found, and no HOCON or emqx.conf rule fires', () => {
    const a = service.analyze({ uri: URI, version: 1, text: TEXT, languageId: 'emqx-ssl-dist', settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    const codes = service.diagnostics(a).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
    assert.ok(codes.includes('ssl-dist-verify-none@0:60'), codes.join(', '));
    for (const c of codes) assert.doesNotMatch(c, /^(hocon-|cookie-|rpc-|dist-plaintext)/, c);
  });

  it('the same text in the EMQX config language is read as HOCON (the language decides)', () => {
    const a = service.analyze({ uri: URI, version: 1, text: TEXT, languageId: 'emqx-conf', settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    const codes = service.diagnostics(a).map((d) => String(d.code));
    assert.ok(
      codes.some((c) => c.startsWith('hocon-')),
      codes.join(', '),
    );
    assert.ok(!codes.includes('ssl-dist-verify-none'));
  });
});
