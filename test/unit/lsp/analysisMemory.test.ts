/**
 * The server keeps one analysis per open document. At an edit the previous
 * one (its effective config, its line index and so its text, the cluster
 * checks' copies of it) is garbage before the next is made, so a big file, or
 * a file with a syntax error on every line, never needs two analyses' worth of
 * memory. The engine below collects garbage at each run and notes what of the
 * document's previous analysis is still reachable.
 *
 * Being replaced is not being closed: the cluster checks still see every
 * document's newest analysis, and keep the analyses of the configs on disk
 * across edits; closing the documents frees those.
 *
 * Requests get an analysis of the version they were made on, or nothing:
 * never an older version's, whose ranges would be wrong.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { listConfigs } from '../../../server/src/clusterFiles';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { Engine } from '../../../server/src/ide/engine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS, DocumentSettings } from '../../../server/src/ide/types';
import { DocumentChecks } from '../../../server/src/lsp/checks';
import { AnalyzeInput, AnalyzeResult, analyzeDocument } from '../../../server/src/rules/analyze';
import { TestClient } from './client';
import { tempDir } from '../cli/harness';

v8.setFlagsFromString('--expose-gc');
const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (vm.runInNewContext('gc') as () => void);
/**
 * Two full collections: the first finishes any incremental marking under way
 * (in a big test process), whose objects marked before they became garbage
 * survive it; the second marks from scratch.
 */
const collectGarbage = (): void => {
  gc();
  gc();
};

/** Weak references to what a document's analysis holds, by what they are. */
type Parts = Map<string, WeakRef<object>>;

/**
 * The server's engine and the cluster checks' analyze, watched: before each
 * engine run for a document, garbage is collected and every part of that
 * document's earlier analyses (the engine's config and line index, the
 * cluster checks' analyses of the same file) that is still reachable is noted.
 */
function watcher(): { engine: Engine; analyze: (input: AnalyzeInput) => AnalyzeResult; reachable: string[]; runs: () => number; clusterRuns: () => number } {
  const earlier = new Map<string, Parts>();
  const reachable: string[] = [];
  let runs = 0;
  let clusterRuns = 0;
  const note = (uri: string, what: string, target: object | undefined): void => {
    if (!target) return;
    const parts = earlier.get(uri) ?? new Map<string, WeakRef<object>>();
    parts.set(`${what} #${parts.size + 1}`, new WeakRef(target));
    earlier.set(uri, parts);
  };
  const check = (uri: string): void => {
    const parts = earlier.get(uri);
    if (!parts) return;
    earlier.delete(uri);
    collectGarbage();
    for (const [what, ref] of parts) if (ref.deref() !== undefined) reachable.push(`${path.basename(path.dirname(uri))}: ${what} reachable at engine run ${runs}`);
  };
  return {
    engine: (input) => {
      runs++;
      check(input.uri);
      const out = defaultEngine(input);
      note(input.uri, 'config', out.config);
      note(input.uri, 'line index', input.lines);
      return out;
    },
    analyze: (input) => {
      clusterRuns++;
      const out = analyzeDocument(input);
      note(input.uri, 'cluster analysis config', out.config);
      return out;
    },
    reachable,
    runs: () => runs,
    clusterRuns: () => clusterRuns,
  };
}

const COOKIE = 'Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE';
const ODD_COOKIE = COOKIE.split('').reverse().join('');

/** Three node configs linked by their seeds, `node<i>/emqx.conf`; node 1's cookie differs. */
function cluster(): { dir: string; files: string[] } {
  const dir = tempDir('memory');
  const names = [1, 2, 3].map((i) => `emqx${i}@10.0.0.${i}`);
  const seeds = names.map((s) => `"${s}"`).join(', ');
  const files = names.map((name, i) => {
    const file = path.join(dir, `node${i + 1}`, 'emqx.conf');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `node {\n  name = "${name}"\n  cookie = "${i === 0 ? ODD_COOKIE : COOKIE}"\n}\ncluster {\n  discovery_strategy = static\n  static.seeds = [${seeds}]\n}\n`);
    return file;
  });
  return { dir, files };
}

/** The last publication for `uri`. */
function lastPublished(client: TestClient, uri: string): PublishDiagnosticsParams | undefined {
  return [...client.published].reverse().find((p) => p.uri === uri);
}

const clusterFindings = (ds: readonly Diagnostic[]): string[] =>
  ds.filter((d) => String(d.code).startsWith('cluster-')).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);

describe('lsp: one analysis of a document at a time', function () {
  this.timeout(120000);
  let client: TestClient | undefined;
  afterEach(async () => client?.stop());

  it('untrusted: at each edit the previous analysis is garbage before the next is made', async () => {
    const w = watcher();
    client = await TestClient.startInProcess({ debounceMs: 0 }, { engine: w.engine });
    const uri = pathToFileURL(path.join(tempDir('memory'), 'emqx.conf')).toString();
    const text = `node {\n  name = "emqx@127.0.0.1"\n  cookie = "emqxsecretcookie"\n}\n`;
    await client.open(uri, text);
    assert.equal((await client.current(uri)).find((d) => d.code === 'cookie-default')?.range.start.line, 2);
    for (let i = 1; i <= 3; i++) {
      // A line above the cookie: its finding moves down with it.
      await client.change(uri, `# edit ${i}\n`.repeat(i) + text);
      const ds: Diagnostic[] = await client.current(uri);
      assert.equal(ds.find((d) => d.code === 'cookie-default')?.range.start.line, 2 + i);
      const h = await client.hover(uri, { line: i + 1, character: 4 });
      assert.match(JSON.stringify(h?.contents), /node\.name/);
    }
    assert.equal(w.runs(), 4);
    assert.deepEqual(w.reachable, []);
  });

  it('a config three compose services mount: its previous analyses (the one shown and those of its other deployments) are garbage at the next edit, and the hover still shows every node', async () => {
    const dir = tempDir('memory-compose');
    fs.cpSync(path.resolve(__dirname, '../../fixtures/deploy/compose-shared-conf'), dir, { recursive: true });
    const file = path.join(dir, 'etc', 'emqx.conf');
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    const w = watcher();
    client = await TestClient.startInProcess(
      { trusted: true, rootUri: pathToFileURL(dir).toString(), debounceMs: 0 },
      { engine: w.engine, providers: [createClusterProvider({ listConfigs, analyze: w.analyze })] },
    );
    await client.open(uri, text);
    await client.current(uri);
    for (let i = 0; i <= 3; i++) {
      // The node-name hover describes the three services' nodes (the cluster checks' last run).
      const h = await client.hover(uri, { line: 1 + i, character: 14 });
      const md = (h?.contents as { value: string } | undefined)?.value ?? '';
      assert.match(md, /3 nodes run this config/, `after ${i} edits`);
      for (const n of [1, 2, 3]) assert.match(md, new RegExp(`emqx${n}@node${n}\\.emqx\\.io`), `after ${i} edits`);
      if (i === 3) break;
      await client.change(uri, `# edit ${i + 1}\n`.repeat(i + 1) + text);
      await client.current(uri);
    }
    assert.equal(w.runs(), 4, 'the document: one engine run per version');
    // The two other services' nodes run the config under other names: the cluster checks analyse those, per version.
    assert.equal(w.clusterRuns(), 8);
    assert.deepEqual(w.reachable, []);
  });

  it('two open configs and one on disk: edits keep the cluster findings right, the config on disk is analysed once, closing frees the analyses kept', async () => {
    const { dir, files } = cluster();
    const [uri1, uri2] = files.map((f) => pathToFileURL(f).toString());
    const [text1, text2] = files.map((f) => fs.readFileSync(f, 'utf8'));
    const w = watcher();
    const provider = createClusterProvider({ listConfigs, analyze: w.analyze });
    client = await TestClient.startInProcess({ trusted: true, rootUri: pathToFileURL(dir).toString(), debounceMs: 0 }, { engine: w.engine, providers: [provider] });
    await client.open(uri1, text1);
    await client.current(uri1);
    await client.open(uri2, text2);
    await client.current(uri2);
    const odd = clusterFindings(await client.current(uri1, (ds) => clusterFindings(ds).length > 0));
    assert.ok(
      odd.some((f) => f.startsWith('cluster-cookie-mismatch 2:')),
      odd.join('\n'),
    );
    const others = clusterFindings(lastPublished(client, uri2)!.diagnostics);
    // Before node2 was opened, node2 and node3 on disk were analysed: once each.
    assert.equal(w.clusterRuns(), 2);
    assert.equal(provider.retainedAnalyses, 1);

    // Edits of node2 that change nothing node1 is compared with: node1's cluster findings stand.
    for (let i = 1; i <= 2; i++) {
      await client.change(uri2, `${text2}# edit ${i}\n`);
      assert.deepEqual(clusterFindings(await client.current(uri2)), others);
      assert.deepEqual(clusterFindings(lastPublished(client, uri1)!.diagnostics), odd);
    }
    // node1 fixed: its mismatch goes (the cluster checks see its new analysis), and comes back when undone.
    await client.change(uri1, text1.replace(ODD_COOKIE, COOKIE));
    assert.ok(!clusterFindings(await client.current(uri1)).some((f) => f.startsWith('cluster-cookie-mismatch')));
    await client.change(uri1, text1);
    assert.deepEqual(clusterFindings(await client.current(uri1)), odd);
    assert.equal(w.runs(), 6);
    assert.equal(w.clusterRuns(), 2, 'edits of open documents do not analyse node3 again');
    assert.equal(provider.retainedAnalyses, 1);
    // Not asserted here that the previous analyses were collectable at each run: the check of node1
    // that node2's check sets off can still be running at node2's next edit (more often in a busy
    // process), and holds node2's previous analysis until it ends. The tests above check that where
    // no such run is pending.

    // Closed, node2 is a file on disk again: the cluster checks analyse it for node1. Closing the last document frees both.
    let since = client.published.length;
    await client.close(uri2);
    await client.diagnostics(uri2, (p) => p.diagnostics.length === 0, since);
    assert.equal(provider.retainedAnalyses, 2);
    since = client.published.length;
    await client.close(uri1);
    await client.diagnostics(uri1, (p) => p.diagnostics.length === 0, since);
    assert.equal(provider.retainedAnalyses, 0);
  });
});

/** The open documents as TextDocuments keeps them, edited by the test. */
class Documents {
  private readonly docs = new Map<string, TextDocument>();
  open(uri: string, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, 'emqx-conf', 1, text));
  }
  edit(uri: string, text: string): void {
    const d = this.docs.get(uri)!;
    this.docs.set(uri, TextDocument.update(d, [{ text }], d.version + 1));
  }
  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }
  all(): TextDocument[] {
    return [...this.docs.values()];
  }
}

describe('DocumentChecks: requests and the analysis they get', () => {
  it('a request whose check was made stale by a newer edit gets nothing, not the older version’s analysis', async () => {
    const documents = new Documents();
    let release: ((s: DocumentSettings) => void) | undefined;
    const checks = new DocumentChecks({
      documents,
      service: new LanguageService({ engine: defaultEngine }),
      // The first check gets its settings at once; later ones wait for the test.
      settingsFor: () => (release === undefined ? Promise.resolve(DEFAULT_SETTINGS) : new Promise<DocumentSettings>((r) => (release = r))),
      trusted: () => false,
      publish: () => undefined,
      logError: (m) => assert.fail(m),
    });
    const uri = 'file:///etc/emqx/emqx.conf';
    const text = 'node {\n  name = "emqx@127.0.0.1"\n}\n';
    documents.open(uri, text);
    await checks.scheduler.checkNow(uri);
    assert.equal((await checks.analysisFor(uri))?.version, 1);

    release = () => undefined;
    documents.edit(uri, `# a line above\n${text}`);
    // A hover on version 2: its check waits for the settings ...
    const answer = checks.analysisFor(uri);
    await new Promise((r) => setImmediate(r));
    // ... while version 3 arrives and schedules its own check.
    documents.edit(uri, `# two\n# lines above\n${text}`);
    checks.scheduler.schedule(uri, 60000);
    release(DEFAULT_SETTINGS);
    assert.equal(await answer, undefined);

    // A request on version 3 gets version 3's analysis: the node name on line 3.
    release = undefined;
    const current = await checks.analysisFor(uri);
    assert.equal(current?.version, 3);
    const hover = new LanguageService({ engine: defaultEngine }).hover(current!, { line: 3, character: 4 });
    assert.match(JSON.stringify(hover?.contents), /node\.name/);
    checks.scheduler.dispose();
  });
});
