/** What the benchmark measures, bundled by bench/run.mjs (so it runs the real, bundled engine). */
export { parseHocon } from '../server/src/syntax/parser';
export { resolveText } from '../server/src/model/load';
export { toEmqxJson } from '../server/src/model/json';
export { memoryReader, noFiles } from '../server/src/io';
export { lex } from '../server/src/syntax/lexer';
export { LineIndex } from '../server/src/syntax/lineIndex';
export { Engine } from '../server/src/model/engine';
export { fastParse } from '../server/src/syntax/fastParse';
