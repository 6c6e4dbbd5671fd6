/**
 * ssl-dist-syntax never quotes the text of a secret option: an unquoted
 * password is read as a variable or as several terms, and the parser's
 * message would name the token. Other syntax errors keep their precise text.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { memoryReader } from '../../../server/src/io';

function syntaxFindings(text: string) {
  return analyzeDocument({ uri: '/etc/emqx/ssl_dist.conf', text, reader: memoryReader({}), trusted: false, settings: {}, languageId: 'emqx-ssl-dist' }).findings.filter(
    (f) => f.ruleId === 'ssl-dist-syntax',
  );
}

describe('ssl-dist-syntax: secrets in messages', () => {
  it('does not quote an unquoted password token, whatever the error', () => {
    for (const [text, token] of [
      ['[{server, [{certfile, "/c.pem"}, {password, S3cretPass}]},\n {client, [{verify, verify_peer}]}].\n', 'S3cretPass'],
      ['[{server, [{keyfile, "/k.pem"}, {password, open sesame}]}].\n', 'sesame'],
      ['[{client, [{key_password, Hunter2}]}].\n', 'Hunter2'],
    ]) {
      const found = syntaxFindings(text);
      assert.ok(found.length > 0, text);
      for (const f of found) {
        assert.ok(!f.message.includes(token), f.message);
        assert.match(f.message, /secret option/);
      }
    }
  });

  it('keeps the token in messages about other options', () => {
    const [f] = syntaxFindings('[{server, [{verify, Verify_peer}]}].\n');
    assert.match(f.message, /Verify_peer/);
  });
});
