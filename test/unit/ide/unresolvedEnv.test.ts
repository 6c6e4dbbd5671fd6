import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { memoryReader } from '../../../server/src/io';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { LanguageService } from '../../../server/src/ide/service';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { checkFiles } from '../../../server/src/cli/check';

/**
 * A cookie set through a variable whose value cannot be seen (an unset `${VAR}`
 * in docker-compose, a Kubernetes Secret) is set: no cookie-missing, and the
 * file's own cookie, which the variable overrides, is not judged. The editor
 * and the CLI agree.
 */
const COMPOSE = ['services:', '  emqx1:', '    image: emqx/emqx:5.8.6', '    volumes: ["./emqx.conf:/opt/emqx/etc/emqx.conf"]', '    environment:', '      EMQX_NODE__COOKIE: ${EMQX_COOKIE}', ''].join(
  '\n',
);
const NO_COOKIE = 'node {\n  name = "emqx1@10.0.0.1"\n}\n';
const DEFAULT_COOKIE = 'node {\n  name = "emqx1@10.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n';
const DIR = '/ws/deploy';
const CONF = `${DIR}/emqx.conf`;
const URI = 'file:///ws/deploy/emqx.conf';

function editorCodes(text: string, withCompose: boolean) {
  const files: Record<string, string> = { [CONF]: text };
  if (withCompose) files[`${DIR}/docker-compose.yml`] = COMPOSE;
  const service = new LanguageService({ engine: defaultEngine });
  service.index.workspaceFolders = ['/ws'];
  service.index.addProvider(createClusterProvider({ listConfigs: () => [] }));
  const a = service.analyze({ uri: URI, path: CONF, version: 1, text, settings: DEFAULT_SETTINGS, reader: memoryReader(files), trusted: true });
  return service.diagnostics(a);
}

describe('a cookie set from a variable whose value is unknown', () => {
  it('editor: no cookie-missing when docker-compose sets EMQX_NODE__COOKIE from an unset ${VAR}', () => {
    const control = editorCodes(NO_COOKIE, false).filter((d) => d.code === 'cookie-missing');
    assert.deepEqual(
      control.map((d) => [d.range.start.line, d.severity]),
      [[0, 2]],
    );
    assert.match(control[0].message, /^No node\.cookie is set/);
    assert.deepEqual(
      editorCodes(NO_COOKIE, true).filter((d) => String(d.code).startsWith('cookie-')),
      [],
    );
  });

  it("editor: the file's default cookie, overridden by the unknown variable, is not judged", () => {
    const control = editorCodes(DEFAULT_COOKIE, false).filter((d) => d.code === 'cookie-default');
    assert.deepEqual(
      control.map((d) => d.range),
      [{ start: { line: 2, character: 11 }, end: { line: 2, character: 29 } }],
    );
    assert.deepEqual(
      editorCodes(DEFAULT_COOKIE, true).filter((d) => String(d.code).startsWith('cookie-')),
      [],
    );
  });

  it('analyzeDocument: an unresolved variable (generic or legacy name) sets the key without a value', () => {
    const run = (env: Parameters<typeof analyzeDocument>[0]['env']) =>
      analyzeDocument({ uri: URI, text: DEFAULT_COOKIE.replace('emqxsecretcookie', 'abc'), reader: memoryReader({}), trusted: false, settings: {}, env }).findings.map((f) => f.ruleId);
    assert.ok(run([]).includes('cookie-weak'));
    for (const name of ['EMQX_NODE__COOKIE', 'EMQX_NODE_COOKIE']) {
      assert.deepEqual(
        run([{ name, value: '', unresolved: true }]).filter((id) => id.startsWith('cookie-')),
        [],
        name,
      );
    }
    const missing = (env: Parameters<typeof analyzeDocument>[0]['env']) =>
      analyzeDocument({ uri: URI, text: NO_COOKIE, reader: memoryReader({}), trusted: false, settings: {}, env }).findings.filter((f) => f.ruleId === 'cookie-missing').length;
    assert.equal(missing([]), 1);
    assert.equal(missing([{ name: 'EMQX_NODE__COOKIE', value: '', unresolved: true }]), 0);
    // A variable for another key leaves the cookie judgement alone.
    assert.equal(missing([{ name: 'EMQX_RPC__PROTOCOL', value: '', unresolved: true }]), 1);
  });

  it('CLI: the same deployment gives neither cookie-missing nor cookie-default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-unresolved-'));
    try {
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), COMPOSE);
      const file = path.join(dir, 'emqx.conf');
      const opts = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [] };
      for (const text of [NO_COOKIE, DEFAULT_COOKIE]) {
        fs.writeFileSync(file, text);
        const ids = checkFiles([file], { ...opts, discover: true }, nodeFileReader()).findings.map((f) => f.ruleId);
        assert.deepEqual(
          ids.filter((id) => id.startsWith('cookie-')),
          [],
          text,
        );
        // Without the compose file the cookie is judged.
        const bare = checkFiles([file], { ...opts, discover: false }, nodeFileReader()).findings.map((f) => f.ruleId);
        assert.ok(bare.includes(text === NO_COOKIE ? 'cookie-missing' : 'cookie-default'), bare.join());
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
