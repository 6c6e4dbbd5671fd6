/**
 * The editor shows for a workspace exactly what `check` prints for that
 * folder: the same findings (rule, file, range, message). `check` runs over
 * the folder (checkFiles of the files collectFiles lists); the editor is the
 * language service with the real cluster provider, the folder as its only
 * workspace folder, every file `check` looked at opened.
 *
 * The editor shows a finding about a file it does not show as a document (an
 * included file, a compose file that sets a variable, the ssl_dist.conf a
 * config reads) on the config that reads it ("In secrets.conf (included
 * here), line 2: ..."), its real place as the first related location; such a
 * diagnostic is compared at that place, with the message the finding has there. Ranges of findings the editor shows in place
 * are compared as the editor widens them (tightRange of the same text).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { checkFiles } from '../../../server/src/cli/check';
import { collectFiles } from '../../../server/src/cli/files';
import { listConfigs } from '../../../server/src/clusterFiles';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { DocumentAnalysis, LanguageService } from '../../../server/src/ide/service';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { tightRange } from '../../../server/src/ide/text';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { toPath } from '../../../server/src/ide/uri';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { Range } from '../../../server/src/syntax/position';
import { tempDir } from '../cli/harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const COOKIE_A = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const COOKIE_B = 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A';

const rangeText = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

function lineIndexOf(file: string): LineIndex | undefined {
  try {
    return new LineIndex(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `check <folder>` as findings `rule | file | range | message`, ranges widened where the editor shows the file. */
function checkView(folder: string): { findings: string[]; files: string[] } {
  const { files } = collectFiles([folder], folder);
  const run = checkFiles(files, { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: true });
  const shown = new Set(files);
  const out = run.findings.map((f) => {
    const file = f.location.uri;
    const lines = shown.has(file) ? lineIndexOf(file) : undefined;
    const r = lines ? tightRange(f.location.range, lines) : f.location.range;
    return `${f.ruleId} | ${file} | ${rangeText(r)} | ${f.message}`;
  });
  return { findings: [...new Set(out)].sort(), files };
}

/** The message a finding moved onto the config that reads its file had at its own place. */
function originalMessage(message: string): string | undefined {
  const m = /^In .+? \((?:included here|deploys this file|read for cluster\.proto_dist = [^)]*)\), line \d+: ([\s\S]*)$/.exec(message);
  return m?.[1];
}

/** What the editor shows with every file of `files` open, in the same form. */
function editorView(folder: string, files: readonly string[]): string[] {
  const service = new LanguageService({ engine: defaultEngine });
  service.index.workspaceFolders = [folder];
  service.index.addProvider(createClusterProvider({ listConfigs }));
  const reader = nodeFileReader();
  const analyses: DocumentAnalysis[] = files.map((p, i) =>
    service.analyze({ uri: pathToFileURL(p).toString(), path: p, version: i + 1, text: fs.readFileSync(p, 'utf8'), settings: DEFAULT_SETTINGS, reader, trusted: true }),
  );
  const out: string[] = [];
  for (const a of analyses.map((x) => service.refresh(x))) {
    for (const d of service.diagnostics(a)) {
      const first = d.relatedInformation?.[0];
      const moved = originalMessage(d.message);
      if (first && moved !== undefined && /^(Here, in |Set here \()/.test(first.message)) {
        out.push(`${d.code} | ${toPath(first.location.uri)} | ${rangeText(first.location.range)} | ${moved}`);
      } else {
        out.push(`${d.code} | ${toPath(a.uri)} | ${rangeText(d.range)} | ${d.message}`);
      }
    }
  }
  return [...new Set(out)].sort();
}

function assertSame(folder: string): string[] {
  const cli = checkView(folder);
  const editor = editorView(folder, cli.files);
  assert.deepEqual(editor, cli.findings);
  return cli.findings;
}

function write(root: string, rel: string, text: string): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

const SEEDS = 'cluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2", "emqx3@10.0.0.3"]\n}\n';

describe('the editor shows what check prints for the same folder', function () {
  this.timeout(60000);

  it('examples/', () => {
    const found = assertSame(path.join(ROOT, 'examples'));
    // Not a vacuous comparison: the examples hold cluster, include, ssl_dist.conf and compose findings.
    for (const id of ['cluster-cookie-mismatch', 'cookie-default', 'ssl-dist-verify-none'])
      assert.ok(
        found.some((f) => f.startsWith(`${id} |`)),
        id,
      );
    assert.ok(
      found.some((f) => f.includes(`${path.sep}secrets.conf |`)),
      'a finding in an included file',
    );
    assert.ok(
      found.some((f) => f.includes('docker-compose.yml |')),
      'a finding in a compose file',
    );
  });

  it('three linked nodes: one with another cookie in an included file, one reading a weak ssl_dist.conf', () => {
    const ws = tempDir('same-included');
    write(ws, 'node1/emqx.conf', `node {\n  name = "emqx1@10.0.0.1"\n  cookie = "${COOKIE_A}"\n}\n${SEEDS}cluster.proto_dist = inet_tls\n`);
    write(ws, 'node1/ssl_dist.conf', '[{server, [{certfile, "/etc/emqx/certs/cert.pem"}, {verify, verify_none}]},\n {client, [{verify, verify_none}]}].\n');
    write(ws, 'node2/emqx.conf', `node {\n  name = "emqx2@10.0.0.2"\n}\ninclude "secrets.conf"\n${SEEDS}`);
    write(ws, 'node2/secrets.conf', `node.cookie = "${COOKIE_B}"\n`);
    write(ws, 'node3/emqx.conf', `node {\n  name = "emqx3@10.0.0.3"\n  cookie = "${COOKIE_A}"\n}\n${SEEDS}`);
    const found = assertSame(ws);
    assert.ok(
      found.some((f) => f.startsWith('cluster-cookie-mismatch |') && f.includes(`node2${path.sep}secrets.conf`)),
      found.join('\n'),
    );
    assert.ok(
      found.some((f) => f.startsWith('cluster-dist-mismatch |')),
      found.join('\n'),
    );
  });

  it('one template mounted into three compose services, a default cookie from a .env, a *.hocon node and a base.hocon', () => {
    const ws = tempDir('same-compose');
    write(ws, 'etc/emqx.conf', 'node {\n  cookie = "' + COOKIE_A + '"\n}\nrpc.protocol = tcp\n');
    write(ws, 'node.env', 'EMQX_NODE__COOKIE=emqxsecretcookie\n');
    write(
      ws,
      'docker-compose.yml',
      [
        'services:',
        '  emqx1:',
        '    image: emqx/emqx:5.8.6',
        '    environment: ["EMQX_NODE__NAME=emqx@node1.example"]',
        '    volumes: ["./etc/emqx.conf:/opt/emqx/etc/emqx.conf"]',
        '  emqx2:',
        '    image: emqx/emqx:5.8.6',
        '    environment: ["EMQX_NODE__NAME=emqx@node2.example"]',
        '    volumes: ["./etc/emqx.conf:/opt/emqx/etc/emqx.conf"]',
        '  emqx3:',
        '    image: emqx/emqx:5.8.6',
        '    env_file: [node.env]',
        '    environment: ["EMQX_NODE__NAME=emqx@node3.example"]',
        '    volumes: ["./etc/emqx.conf:/opt/emqx/etc/emqx.conf"]',
        '',
      ].join('\n'),
    );
    write(ws, 'lab/node.hocon', `node.name = "emqx9@10.9.9.9"\nnode.cookie = "${COOKIE_B}"\n`);
    write(ws, 'lab/base.hocon', 'rpc.protocol = tcp\n');
    const found = assertSame(ws);
    assert.ok(
      found.some((f) => f.startsWith('cookie-default |') && f.includes('node.env')),
      found.join('\n'),
    );
    assert.ok(
      found.some((f) => f.startsWith('cluster-cookie-mismatch |') && f.includes('node.env')),
      found.join('\n'),
    );
  });

  it('two unrelated nodes side by side, each with a compose file of its own', () => {
    const ws = tempDir('same-unrelated');
    for (const [dir, name, cookie] of [
      ['a', 'emqx@127.0.0.1', COOKIE_A],
      ['b', 'emqx@127.0.0.1', COOKIE_B],
    ] as const) {
      write(ws, `${dir}/emqx.conf`, `node {\n  name = "${name}"\n  cookie = "${cookie}"\n}\n`);
      write(ws, `${dir}/docker-compose.yml`, `services:\n  emqx:\n    image: emqx/emqx:5.8.6\n    volumes: ["./emqx.conf:/opt/emqx/etc/emqx.conf"]\n`);
    }
    const found = assertSame(ws);
    assert.ok(!found.some((f) => f.startsWith('cluster-')), found.join('\n'));
  });
});
