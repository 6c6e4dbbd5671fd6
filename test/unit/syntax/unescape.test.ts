/**
 * Quoted strings are unescaped as EMQX does (unknown escapes kept as written),
 * and a `"` that no backslash escapes is noticed wherever it sits among the
 * escapes, without rescanning the rest of the string from each escape.
 */
import * as assert from 'node:assert/strict';
import { unescapeQuoted } from '../../../server/src/syntax/lexer';

describe('syntax: unescapeQuoted', () => {
  it('unescapes the JSON escapes and keeps unknown ones as written', () => {
    assert.deepEqual(unescapeQuoted('"a\\nb\\t\\u00e9\\\\"'), { value: 'a\nb\té\\', invalidEscape: undefined, unescapedQuote: undefined });
    assert.deepEqual(unescapeQuoted('"\\q\\u12"'), { value: '\\q\\u12', invalidEscape: '\\q', unescapedQuote: undefined });
    assert.deepEqual(unescapeQuoted('"plain"'), { value: 'plain' });
  });

  it('notices an unescaped quote before, between and after escapes, and not an escaped one', () => {
    const at = (body: string): boolean | undefined => unescapeQuoted(`"${body}"`).unescapedQuote;
    assert.equal(at('a"b\\n'), true);
    assert.equal(at('\\n\\n"\\n\\n'), true);
    assert.equal(at('a\\nb"c'), true);
    assert.equal(at(`${'\\n'.repeat(50)}"${'\\t'.repeat(50)}`), true);
    assert.equal(at('a\\"b\\nc'), undefined);
    assert.equal(at('\\"\\"\\n'), undefined);
    assert.equal(at('x\\\\"y'), true); // the backslash is escaped, the quote is not
    assert.equal(at(`${'\\n\\u00e9'.repeat(1000)}`), undefined);
    assert.equal(unescapeQuoted('"a\\"b\\nc"').value, 'a"b\nc');
  });
});
