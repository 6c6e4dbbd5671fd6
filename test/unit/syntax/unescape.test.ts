/**
 * Quoted strings are unescaped as EMQX does (unknown escapes kept as written),
 * and a `"` that no backslash escapes is noticed wherever it sits among the
 * escapes, without rescanning the rest of the string from each escape.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { unescapeQuoted } from '../../../server/src/syntax/lexer';

/** A reference reading, one character at a time: is there a `"` that no escape consumes? */
function referenceUnescapedQuote(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return true;
    if (c !== '\\' || i + 1 >= body.length) continue;
    const d = body[i + 1];
    if ('\\"ntrbf'.includes(d)) i++;
    else if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) i += 5;
    // Otherwise the backslash stays and the next character is read as it is.
  }
  return false;
}

describe('syntax: unescapeQuoted', () => {
  it('unescapes the JSON escapes and keeps unknown ones as written', () => {
    assert.deepEqual(unescapeQuoted('"a\\nb\\t\\u00e9\\\\"'), { value: 'a\nb\té\\', invalidEscape: undefined, badUnicode: undefined, unescapedQuote: undefined });
    assert.deepEqual(unescapeQuoted('"\\q\\u12"'), { value: '\\q\\u12', invalidEscape: '\\q', badUnicode: '\\u12', unescapedQuote: undefined });
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

  it('agrees with a character-by-character reading on where quotes are escaped', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '"', '\\', 'u', '0', 'F', 'n', 'q'), { maxLength: 24 }), (chars) => {
        const body = chars.join('');
        assert.equal(unescapeQuoted(`"${body}"`).unescapedQuote ?? false, referenceUnescapedQuote(body), body);
      }),
      { numRuns: 3000 },
    );
  });
});
