/**
 * `check` reads the project file (.emqx-cluster-security.yaml) above the
 * checked paths; flags override it; a bad one stops the run with its place
 * on stderr and exit code 2.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildCli, JsonFinding, runCli, tempFiles } from './harness';

const CONFIG = 'node.name = "emqx@node1.example.com"\nnode.cookie = "emqxsecretcookie"\n';

const project = (files: Record<string, string>): string => tempFiles('project', files);

function findings(args: string[], cwd: string): { code: number | null; list: JsonFinding[]; stderr: string } {
  const r = runCli(['check', ...args, '--format', 'json'], cwd);
  return { code: r.code, list: r.stdout ? (JSON.parse(r.stdout) as JsonFinding[]) : [], stderr: r.stderr };
}

const severityOf = (list: JsonFinding[], rule: string) => list.find((f) => f.ruleId === rule)?.severity;

describe('cli: the project file', function () {
  this.timeout(120_000);
  before(() => buildCli());

  it('applies its target version and rule severities, found by walking up from the checked file', () => {
    const dir = project({
      'deploy/node1/emqx.conf': CONFIG,
      '.emqx-cluster-security.yaml': 'emqxVersion: "7.0"\nrules:\n  dist-plaintext: off\n',
    });
    const without = findings(['deploy/node1/emqx.conf', '--no-project-file'], dir);
    assert.equal(severityOf(without.list, 'cookie-default'), 'warning');
    assert.equal(severityOf(without.list, 'dist-plaintext'), 'warning');
    // From inside a subfolder too: the file is found above the checked path, not the working folder.
    for (const cwd of [dir, path.join(dir, 'deploy')]) {
      const withFile = findings([path.join(dir, 'deploy/node1/emqx.conf')], cwd);
      assert.equal(withFile.code, 1, withFile.stderr);
      assert.equal(severityOf(withFile.list, 'cookie-default'), 'error', 'EMQX 7.0 refuses to start with the default cookie');
      assert.equal(severityOf(withFile.list, 'dist-plaintext'), undefined, 'switched off by the project file');
    }
  });

  it('is overridden by the flags, rule by rule', () => {
    const dir = project({
      'emqx.conf': CONFIG,
      '.emqx-cluster-security.yaml': 'emqxVersion: "7.0"\nrules:\n  dist-plaintext: off\n  rpc-plaintext: info\n',
    });
    const r = findings(['.', '--emqx-version', '5.8', '--rule', 'dist-plaintext=error'], dir);
    assert.equal(severityOf(r.list, 'cookie-default'), 'warning');
    assert.equal(severityOf(r.list, 'dist-plaintext'), 'error');
    assert.equal(severityOf(r.list, 'rpc-plaintext'), 'info', 'a rule the flags do not name keeps the project file level');
  });

  it('reads YAML numbers as the version written (5.10 is not 5.1) and takes --project-file', () => {
    const dir = project({ 'emqx.conf': CONFIG, 'ci/shared.yaml': 'emqxVersion: 7.0\n' });
    const r = findings(['.', '--project-file', 'ci/shared.yaml'], dir);
    assert.equal(severityOf(r.list, 'cookie-default'), 'error');
  });

  it('leaves out the files its ignore globs name', () => {
    const dir = project({
      'prod/emqx.conf': CONFIG,
      'legacy/old/emqx.conf': CONFIG,
      'prod/emqx.conf.bak/emqx.conf': CONFIG,
      '.emqx-cluster-security.yaml': 'ignore:\n  - legacy/**\n  - "*.bak"\n',
    });
    const files = [...new Set(findings(['.'], dir).list.map((f) => path.relative(dir, path.resolve(dir, f.file))))];
    assert.deepEqual(files, [path.join('prod', 'emqx.conf')]);
  });

  it('stops with exit 2 and the place of each problem when its content is wrong', () => {
    const dir = project({
      'emqx.conf': CONFIG,
      '.emqx-cluster-security.yaml': 'emqxVersion: v5.8\nrules:\n  no-such-rule: off\n  cookie-default: loud\ndocker: maybe\ncolour: blue\n',
    });
    const r = runCli(['check', '.'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '', 'no report from settings the user did not mean');
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => /\.emqx-cluster-security\.yaml:(\d+):(\d+): /.exec(l)?.slice(1, 3).join(':')),
      ['1:1', '3:3', '4:3', '5:1', '6:1'],
      r.stderr,
    );
    assert.match(r.stderr, /emqxVersion must be "auto" or MAJOR/);
    assert.match(r.stderr, /there is no rule "no-such-rule"/);
    assert.match(r.stderr, /colour is not a setting/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

    const broken = project({ 'emqx.conf': CONFIG, '.emqx-cluster-security.yaml': 'rules: [off\n' });
    const b = runCli(['check', '.'], broken);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /\.emqx-cluster-security\.yaml:\d+:\d+: \.emqx-cluster-security\.yaml is not valid YAML/);
  });
});
