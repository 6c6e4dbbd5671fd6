/**
 * A trusted workspace means "this folder", not its parents: the editor reads
 * nothing outside the workspace folders except the files the configs name
 * themselves. A node config in a sibling folder (which the config's seeds
 * name, with another cookie) and a compose file in the parent folder (which
 * mounts the config with a default cookie) must be neither read nor reported.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FileReader } from '../../../server/src/io';
import { listConfigs } from '../../../server/src/clusterFiles';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { TestClient } from '../lsp/client';
import { tempDir } from '../cli/harness';

const COOKIE_A = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const COOKIE_B = 'Hx5wQ9pL2nZr7Tk4Yc8Vb3Mf6Gd1Js0A';
const SEEDS = 'cluster {\n  discovery_strategy = static\n  static.seeds = ["emqx1@10.0.0.1", "emqx2@10.0.0.2"]\n}\n';

/** `<root>/ws/emqx.conf` (the workspace), `<root>/sibling/emqx.conf` (its seed's config), `<root>/docker-compose.yml`. */
function layout(): { root: string; ws: string; conf: string; sibling: string } {
  const root = tempDir('folders');
  const ws = path.join(root, 'ws');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(root, 'sibling'));
  const conf = path.join(ws, 'emqx.conf');
  const sibling = path.join(root, 'sibling', 'emqx.conf');
  fs.writeFileSync(conf, `node {\n  name = "emqx1@10.0.0.1"\n  cookie = "${COOKIE_A}"\n}\n${SEEDS}`);
  fs.writeFileSync(sibling, `node {\n  name = "emqx2@10.0.0.2"\n  cookie = "${COOKIE_B}"\n}\n${SEEDS}`);
  fs.writeFileSync(
    path.join(root, 'docker-compose.yml'),
    'services:\n  emqx1:\n    image: emqx/emqx:5.8.6\n    environment: ["EMQX_NODE__COOKIE=emqxsecretcookie"]\n    volumes: ["./ws/emqx.conf:/opt/emqx/etc/emqx.conf"]\n',
  );
  return { root, ws, conf, sibling };
}

function recording(reader: FileReader): { reader: FileReader; touched: string[] } {
  const touched: string[] = [];
  return {
    touched,
    reader: {
      readText: (p) => (touched.push(p), reader.readText(p)),
      exists: (p) => (touched.push(p), reader.exists(p)),
      stat: (p) => (touched.push(p), reader.stat?.(p)),
    },
  };
}

function analyzeIn(folders: readonly string[], conf: string) {
  const { reader, touched } = recording(nodeFileReader());
  const service = new LanguageService({ engine: defaultEngine });
  service.index.workspaceFolders = folders;
  service.index.addProvider(createClusterProvider({ listConfigs }));
  const analysis = service.analyze({ uri: pathToFileURL(conf).toString(), path: conf, version: 1, text: fs.readFileSync(conf, 'utf8'), settings: DEFAULT_SETTINGS, reader, trusted: true });
  return { codes: service.diagnostics(analysis).map((d) => String(d.code)), touched };
}

describe('the editor reads nothing outside the workspace folders', () => {
  it('provider: a config in a sibling folder and a compose file in the parent are never read', () => {
    const { root, ws, conf, sibling } = layout();
    const inside = analyzeIn([ws], conf);
    const outside = inside.touched.filter((p) => !path.resolve(p).startsWith(ws + path.sep));
    assert.deepEqual(outside, []);
    assert.ok(inside.touched.includes(conf));
    assert.ok(!inside.codes.some((c) => c.startsWith('cluster-') || c === 'cookie-default'), inside.codes.join());
    // The same layout opened one folder up does compare them, and sees the compose file: the files are real evidence.
    const wider = analyzeIn([root], conf);
    assert.ok(wider.touched.includes(sibling));
    assert.ok(wider.codes.includes('cluster-cookie-mismatch') && wider.codes.includes('cookie-default'), wider.codes.join());
  });

  it('no workspace folder (a single file opened): only the file and what it names', () => {
    const { ws, conf } = layout();
    const alone = analyzeIn([], conf);
    assert.deepEqual(
      alone.touched.filter((p) => !path.resolve(p).startsWith(ws + path.sep)),
      [],
    );
    assert.ok(!alone.codes.some((c) => c.startsWith('cluster-')), alone.codes.join());
  });

  describe('lsp over stdio (the real server process)', function () {
    this.timeout(60000);
    let client: TestClient | undefined;
    afterEach(async () => client?.stop());

    for (const [label, folder, expected] of [
      ['the workspace folder', 'ws', []],
      ['its parent, as a control', 'root', ['cluster-cookie-mismatch', 'cluster-rpc-mismatch', 'cookie-default']],
    ] as const) {
      it(`workspace = ${label}`, async () => {
        const { root, ws, conf } = layout();
        client = await TestClient.start({ trusted: true, rootUri: pathToFileURL(folder === 'ws' ? ws : root).toString() });
        const uri = pathToFileURL(conf).toString();
        await client.open(uri, fs.readFileSync(conf, 'utf8'));
        const ds = await client.current(uri);
        const codes = [...new Set(ds.map((d) => String(d.code)).filter((c) => c.startsWith('cluster-') || c === 'cookie-default'))].sort();
        assert.deepEqual(codes, expected);
      });
    }
  });
});
