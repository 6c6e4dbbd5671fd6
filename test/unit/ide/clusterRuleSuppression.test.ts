import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { noFiles } from '../../../server/src/io';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { clusterRules } from '../../../server/src/cluster/rules';
import { checkFiles } from '../../../server/src/cli/check';

/**
 * Suppression comments may name the cluster-wide rules (`cluster-*`), which
 * run above the rules layer: neither the editor nor the CLI may report such a
 * comment as naming no rule, while a misspelt id is still reported.
 */
const TEXT = [
  'node {',
  '  name = "emqx1@10.0.0.1"',
  '  # emqx-security-disable-next-line cluster-cookie-mismatch, cluster-cookie-mismatc -- rotating the cookie node by node',
  '  cookie = "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"',
  '}',
  '# emqx-security-disable-file cluster-port-collision -- two test nodes share a laptop',
  '',
].join('\n');

describe('suppression comments naming cluster rules', () => {
  it('editor: a cluster rule id is known; only the misspelt id gets suppression-unknown-rule, on its own range', () => {
    const service = new LanguageService({ engine: defaultEngine });
    const a = service.analyze({ uri: 'file:///ws/node1/emqx.conf', version: 1, text: TEXT, settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    const unknown = service.diagnostics(a).filter((d) => d.code === 'suppression-unknown-rule');
    const start = TEXT.split('\n')[2].indexOf('cluster-cookie-mismatc ');
    assert.deepEqual(
      unknown.map((d) => [d.range, d.message]),
      [
        [
          { start: { line: 2, character: start }, end: { line: 2, character: start + 'cluster-cookie-mismatc'.length } },
          'There is no rule "cluster-cookie-mismatc", so this suppression silences nothing. Check the rule id.',
        ],
      ],
    );
  });

  it('editor: every cluster rule id may be suppressed without a report', () => {
    const service = new LanguageService({ engine: defaultEngine });
    const text = clusterRules.map((r) => `# emqx-security-disable-file ${r.id} -- reason\n`).join('') + 'node.name = "emqx1@10.0.0.1"\n';
    const a = service.analyze({ uri: 'file:///ws/node1/emqx.conf', version: 1, text, settings: DEFAULT_SETTINGS, reader: noFiles, trusted: false });
    assert.deepEqual(
      service.diagnostics(a).filter((d) => d.code === 'suppression-unknown-rule'),
      [],
    );
  });

  it('CLI: the same comments give only the misspelt id as suppression-unknown-rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-suppress-cluster-'));
    try {
      const file = path.join(dir, 'emqx.conf');
      fs.writeFileSync(file, TEXT);
      const run = checkFiles([file], { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: false }, nodeFileReader());
      const unknown = run.findings.filter((f) => f.ruleId === 'suppression-unknown-rule');
      assert.deepEqual(
        unknown.map((f) => [f.location.range.start, f.message]),
        [[{ line: 2, character: TEXT.split('\n')[2].indexOf('cluster-cookie-mismatc ') }, 'There is no rule "cluster-cookie-mismatc", so this suppression silences nothing. Check the rule id.']],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
