/**
 * The editor reads the project file (.emqx-cluster-security.yaml) as `check`
 * does: found by walking up from the document, never above the workspace
 * folder, only in a trusted workspace; the client's settings override it; a
 * bad one is a diagnostic on the project file, never a crash.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { findProjectFile, isIgnored, parseProjectFile } from '../../../server/src/projectFile';

const CONFIG = 'node.name = "emqx@node1.example.com"\nnode.cookie = "emqxsecretcookie"\n';
const uriOf = (p: string) => pathToFileURL(p).toString();
const severityOf = (ds: Diagnostic[], rule: string) => ds.find((d) => d.code === rule)?.severity;

function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'emqx-project-lsp-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('lsp: the project file', function () {
  this.timeout(60_000);
  const clients: TestClient[] = [];
  const start = async (options: Parameters<typeof TestClient.start>[0]) => {
    const c = await TestClient.start(options);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
  });

  it('applies its version and rule levels to documents below it, and the client settings override them', async () => {
    const dir = workspace({
      '.emqx-cluster-security.yaml': 'emqxVersion: "7.0"\nrules:\n  dist-plaintext: off\n  rpc-plaintext: info\n',
      'deploy/node1/emqx.conf': CONFIG,
    });
    const doc = uriOf(path.join(dir, 'deploy/node1/emqx.conf'));
    const c = await start({ trusted: true, rootUri: uriOf(dir), configuration: {} });
    await c.open(doc, CONFIG);
    const ds = await c.current(doc);
    assert.equal(severityOf(ds, 'cookie-default'), 1, 'EMQX 7.0 (from the project file) refuses the default cookie');
    assert.equal(severityOf(ds, 'dist-plaintext'), undefined);
    assert.equal(severityOf(ds, 'rpc-plaintext'), 3);

    // Settings the user set win, rule by rule; the project file keeps what they do not name.
    const before = c.published.length;
    await c.changeConfiguration({ emqxVersion: '5.8', rules: { 'dist-plaintext': 'error' } });
    const after = (await c.diagnostics(doc, () => true, before)).diagnostics;
    assert.equal(severityOf(after, 'cookie-default'), 2);
    assert.equal(severityOf(after, 'dist-plaintext'), 1);
    assert.equal(severityOf(after, 'rpc-plaintext'), 3);
  });

  it('is never read from above the workspace folder, nor in an untrusted workspace', async () => {
    const parent = workspace({ '.emqx-cluster-security.yaml': 'rules:\n  cookie-default: off\n', 'ws/emqx.conf': CONFIG });
    const ws = path.join(parent, 'ws');
    const doc = uriOf(path.join(ws, 'emqx.conf'));
    const outside = await start({ trusted: true, rootUri: uriOf(ws), configuration: {} });
    await outside.open(doc, CONFIG);
    assert.equal(severityOf(await outside.current(doc), 'cookie-default'), 2, 'the parent folder is not the workspace');

    const inside = workspace({ '.emqx-cluster-security.yaml': 'rules:\n  cookie-default: off\n', 'emqx.conf': CONFIG });
    const untrusted = await start({ trusted: false, rootUri: uriOf(inside), configuration: {} });
    const insideDoc = uriOf(path.join(inside, 'emqx.conf'));
    await untrusted.open(insideDoc, CONFIG);
    assert.equal(severityOf(await untrusted.current(insideDoc), 'cookie-default'), 2, 'untrusted: nothing is read from disk');
  });

  it('publishes its problems on itself, keeps what it got right, and rereads it when it changes', async () => {
    const dir = workspace({
      '.emqx-cluster-security.yaml': 'emqxVersion: "7.0"\ndocker: maybe\n',
      'emqx.conf': CONFIG,
    });
    const projectUri = uriOf(path.join(dir, '.emqx-cluster-security.yaml'));
    const doc = uriOf(path.join(dir, 'emqx.conf'));
    const c = await start({ trusted: true, rootUri: uriOf(dir), configuration: {} });
    await c.open(doc, CONFIG);
    assert.equal(severityOf(await c.current(doc), 'cookie-default'), 1);
    const problems = (await c.diagnostics(projectUri, (p) => p.diagnostics.length > 0)).diagnostics;
    assert.deepEqual(
      problems.map((d) => [d.range.start.line, d.range.start.character, d.code, d.message]),
      [[1, 0, 'project-file', 'docker must be true or false']],
    );
    assert.ok(c.logs.some((l) => l.includes('docker must be true or false')));

    // Fixed on disk: the file watcher's event reloads it, and its problems are cleared.
    fs.writeFileSync(path.join(dir, '.emqx-cluster-security.yaml'), 'emqxVersion: "5.8"\nignore: ["legacy/**"]\n');
    const since = c.published.length;
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: projectUri, type: 2 }] });
    assert.deepEqual((await c.diagnostics(projectUri, () => true, since)).diagnostics, []);
    const reread = (await c.diagnostics(doc, () => true, since)).diagnostics;
    assert.equal(severityOf(reread, 'cookie-default'), 2);

    // A document its ignore globs name gets no diagnostics.
    const legacy = uriOf(path.join(dir, 'legacy/emqx.conf'));
    await c.open(legacy, CONFIG);
    assert.deepEqual(await c.current(legacy), []);
  });

  it('a project file that is not YAML is one diagnostic, and the documents are checked with the defaults', async () => {
    const dir = workspace({ '.emqx-cluster-security.yaml': 'rules: [off\n', 'emqx.conf': CONFIG });
    const c = await start({ trusted: true, rootUri: uriOf(dir), configuration: {} });
    const doc = uriOf(path.join(dir, 'emqx.conf'));
    await c.open(doc, CONFIG);
    assert.equal(severityOf(await c.current(doc), 'cookie-default'), 2);
    const problems = (await c.diagnostics(uriOf(path.join(dir, '.emqx-cluster-security.yaml')), (p) => p.diagnostics.length > 0)).diagnostics;
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /is not valid YAML/);
  });
});

describe('project file: parsing, finding, ignoring', () => {
  it('reads every setting, anchoring relative folders at its own folder', () => {
    const p = parseProjectFile('emqxVersion: 5.10\ndocker: true\nrules:\n  cookie-weak: warn\nincludeDirs: [data/configs, /abs]\nignore: ["*.bak"]\n', '/repo/.emqx-cluster-security.yaml');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.settings, {
      emqxVersion: '5.10',
      docker: true,
      rules: { 'cookie-weak': 'warning' },
      includeDirs: [path.resolve('/repo/data/configs'), '/abs'],
      ignore: ['*.bak'],
    });
    assert.deepEqual(parseProjectFile('', '/repo/.emqx-cluster-security.yaml').settings, {});
    assert.equal(parseProjectFile('- a\n- b\n', '/repo/x.yaml').problems.length, 1);
    assert.equal(parseProjectFile('enable: false\n', '/repo/x.yaml').problems[0].message, 'enable is not a setting; the settings are: emqxVersion, docker, rules, includeDirs, ignore');
  });

  it('walks up to the nearest one, not above the stop folder', () => {
    const files = new Set(['/repo/.emqx-cluster-security.yaml', '/.emqx-cluster-security.yaml']);
    const exists = (p: string) => files.has(p);
    assert.equal(findProjectFile('/repo/a/b', exists), '/repo/.emqx-cluster-security.yaml');
    assert.equal(findProjectFile('/repo/a/b', exists, '/repo/a'), undefined);
    assert.equal(findProjectFile('/other', exists, '/repo'), undefined, 'a folder outside the stop folder');
    assert.equal(findProjectFile('/other', exists), '/.emqx-cluster-security.yaml');
  });

  it('ignores like .gitignore: a name anywhere, a folder and everything in it, a path from its folder', () => {
    const project = { dir: '/repo', settings: { ignore: ['*.bak', 'legacy/', 'test/fixtures/**', '/top.conf'] } };
    assert.equal(isIgnored(project, '/repo/a/emqx.conf.bak'), true);
    assert.equal(isIgnored(project, '/repo/deploy/legacy/emqx.conf'), true);
    assert.equal(isIgnored(project, '/repo/test/fixtures/x/emqx.conf'), true);
    assert.equal(isIgnored(project, '/repo/top.conf'), true);
    assert.equal(isIgnored(project, '/repo/sub/top.conf'), false);
    assert.equal(isIgnored(project, '/repo/deploy/emqx.conf'), false);
    assert.equal(isIgnored(project, '/elsewhere/legacy/emqx.conf'), false, 'outside its folder');
  });
});
