/**
 * LineIndex.rangeFrom places a range from the line its start is known to be
 * on; it must give exactly what range() gives, whatever the line breaks,
 * and fall back to range() when the line it is given is not the start's.
 */
import * as assert from 'assert';
import { LineIndex } from '../../../server/src/syntax/lineIndex';

const TEXTS = ['', 'a', '}\n}\n}\n', 'ab\r\ncd\ref\n\ngh', '\r\n\r\n', 'x\n\r\ny\r', '\u2028 a \n b'];

describe('LineIndex.rangeFrom', () => {
  for (const text of TEXTS) {
    it(`gives range() for every start and end in ${JSON.stringify(text)}`, () => {
      const lines = new LineIndex(text);
      let checked = 0;
      for (let start = 0; start <= text.length; start++) {
        for (let end = start - 1; end <= text.length + 2; end++) {
          assert.deepStrictEqual(lines.rangeFrom(lines.lineOf(start), start, end), lines.range(start, end), `${start}..${end}`);
          checked++;
        }
      }
      assert.ok(checked > text.length);
    });
  }

  it("falls back to range() when the line given is not the start offset's, or an offset is outside the text", () => {
    const text = 'ab\ncd\r\nef';
    const lines = new LineIndex(text);
    for (const line of [-1, 0, 1, 2, 3, 7]) {
      for (const [start, end] of [
        [4, 5],
        [0, 9],
        [-3, 2],
        [8, 20],
        [12, 14],
      ]) {
        assert.deepStrictEqual(lines.rangeFrom(line, start, end), lines.range(start, end), `line ${line}, ${start}..${end}`);
      }
    }
  });
});
