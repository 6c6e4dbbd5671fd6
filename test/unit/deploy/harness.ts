/**
 * Helpers for the tests of deployment files (docker-compose, Kubernetes,
 * Helm values, Dockerfiles): the fixtures, `check` run in process on files on
 * disk or in memory with the options the CLI uses for a folder, and the edits
 * of a finding's fix applied to the text. The CLI-process tests copy the same
 * fixtures with `copyDeployFixture` (test/unit/cli/harness.ts).
 */
import * as path from 'path';
import { checkFiles, CheckRun } from '../../../server/src/cli/check';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { applyEdits } from '../rules/fixtureHarness';

export { applyEdits };

/** test/fixtures/deploy: one folder per deployment. */
export const DEPLOY_FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'deploy');

/** `check`'s options for a folder: deployment files discovered, nothing else named, default severities. */
export const CHECK_OPTIONS = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true };

/** `check` of one file held in memory, beside the other files given (path → text). */
export function checkText(file: string, text: string, others: Record<string, string> = {}): CheckRun {
  return checkFiles([file], CHECK_OPTIONS, memoryReader({ [file]: text, ...others }));
}

/** The text after the first edit of the finding's first fix. */
export function applyFirstEdit(text: string, f: Finding): string {
  return applyEdits(text, [f.fixes![0].edits[0]]);
}
