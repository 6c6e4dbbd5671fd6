/**
 * Semantic tokens from the analysis: overridden keys (by a later line, an
 * included file, an EMQX_* variable), secret values, keys EMQX does not know.
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { SEMANTIC_TOKENS_LEGEND, SemanticToken, encodeSemanticTokens, semanticTokens } from '../../../server/src/ide/semanticTokens';

const URI = 'file:///etc/emqx/emqx.conf';

function tokensOf(
  text: string,
  files: Record<string, string> = {},
  env: Array<{ name: string; value: string }> = [],
  range?: { start: { line: number; character: number }; end: { line: number; character: number } },
) {
  const result = analyzeDocument({
    uri: URI,
    text,
    reader: memoryReader({ '/etc/emqx/emqx.conf': text, ...files }),
    trusted: true,
    settings: { emqxVersion: DEFAULT_SETTINGS.emqxVersion, docker: false, rules: {}, includeDirs: [], pathMappings: {} },
    env,
  });
  const tokens = semanticTokens({ uri: URI, config: result.config, emqxVersion: result.version }, range);
  const lines = text.split('\n');
  // What a user sees: the token's text and its kind.
  return tokens.map((t: SemanticToken) => `${t.line}:${lines[t.line].slice(t.character, t.character + t.length)} ${t.type}[${t.modifiers.join(',')}]`);
}

describe('ide: semantic tokens', () => {
  it('strikes through a key a later line overrides, and only that one', () => {
    const text = 'rpc.protocol = ssl\nnode.data_dir = "data"\nrpc {\n  protocol = tcp\n}\n';
    assert.deepEqual(tokensOf(text), ['0:protocol property[deprecated,overridden]']);
  });

  it('marks a key an included file or an EMQX_* variable overrides', () => {
    const text = 'node.data_dir = "data"\ninclude "more.conf"\nrpc.protocol = ssl\n';
    const files = { '/etc/emqx/more.conf': 'node.data_dir = "other"\n' };
    assert.deepEqual(tokensOf(text, files, [{ name: 'EMQX_RPC__PROTOCOL', value: 'tcp' }]), ['0:data_dir property[deprecated,overridden]', '2:protocol property[deprecated,overridden]']);
  });

  it('marks secret values by key name (cookie, password), not key-file paths', () => {
    const text = ['node.cookie = "Zq8-long-enough-and-random-4711"', 'dashboard.default_password = "s3cret"', 'rpc.keyfile = "/etc/emqx/certs/key.pem"', ''].join('\n');
    const out = tokensOf(text);
    assert.ok(out.includes('0:"Zq8-long-enough-and-random-4711" string[secret]'), out.join('\n'));
    assert.ok(out.includes('1:"s3cret" string[secret]'), out.join('\n'));
    assert.ok(!out.some((t) => t.includes('key.pem')), out.join('\n'));
  });

  it('marks keys EMQX does not know, where the catalogue says so', () => {
    const text = 'rpc.verify = verify_peer\nrpc.no_such_option = 1\nrpc.protocol = ssl\nmqtt.whatever = 1\n';
    assert.deepEqual(tokensOf(text), ['0:verify property[unknown]', '1:no_such_option property[unknown]']);
  });

  it('a range request gets the tokens of its lines only; the encoding is relative', () => {
    const text = 'rpc.protocol = ssl\nrpc.protocol = tcp\nrpc.bogus = 1\nrpc.bogus2 = 2\n';
    assert.deepEqual(tokensOf(text, {}, [], { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }), ['2:bogus property[unknown]']);
    const unknown = SEMANTIC_TOKENS_LEGEND.tokenModifiers.indexOf('unknown');
    const deprecated = SEMANTIC_TOKENS_LEGEND.tokenModifiers.indexOf('deprecated');
    const overridden = SEMANTIC_TOKENS_LEGEND.tokenModifiers.indexOf('overridden');
    const tokens = [
      { line: 0, character: 4, length: 8, type: 'property' as const, modifiers: ['deprecated' as const, 'overridden' as const] },
      { line: 2, character: 4, length: 5, type: 'property' as const, modifiers: ['unknown' as const] },
      { line: 2, character: 12, length: 1, type: 'string' as const, modifiers: [] },
    ];
    assert.deepEqual(encodeSemanticTokens(tokens), [0, 4, 8, 0, (1 << deprecated) | (1 << overridden), 2, 4, 5, 0, 1 << unknown, 0, 8, 1, 1, 0]);
  });

  it('answers a 1 MB document from one pass over its entries', () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 1024 * 1024; i++) {
      lines.push(`zone${i}.mqtt.max_packet_size = ${i}`);
      size += lines[i].length + 1;
    }
    lines.push('node.cookie = "Zq8-long-enough-and-random-4711"', 'zone1.mqtt.max_packet_size = 2');
    const out = tokensOf(lines.join('\n') + '\n');
    assert.deepEqual(out, ['1:max_packet_size property[deprecated,overridden]', `${lines.length - 2}:"Zq8-long-enough-and-random-4711" string[secret]`]);
  });
});
