/** What bench/deploy.mjs measures, bundled as the CLI ships it: check over deployment files. */
export { checkFiles } from '../server/src/cli/check';
export { memoryReader } from '../server/src/io';
