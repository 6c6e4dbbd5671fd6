/** What bench/diagnostics.mjs measures, bundled as the extension ships it: the server's own language service and engine. */
export { LanguageService } from '../server/src/ide/service';
export { defaultEngine, defaultKeyDocs } from '../server/src/ide/defaultEngine';
export { DEFAULT_SETTINGS } from '../server/src/ide/types';
export { memoryReader, noFiles } from '../server/src/io';
export { resolveText } from '../server/src/model/load';
export { toEmqxJson } from '../server/src/model/json';
export { parseHocon } from '../server/src/syntax/parser';
export { analyzeDocument } from '../server/src/rules/analyze';
