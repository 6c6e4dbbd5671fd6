/**
 * The architecture's invariants, checked on the source: data flows one way
 * (each layer imports only the layers before it), only the server knows LSP,
 * only the client knows `vscode`, and the core does no I/O of its own.
 * ARCHITECTURE.md describes the same table.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const SRC = path.join(ROOT, 'server', 'src');

/** Rank of each layer; a file may import files of its own rank or lower. */
const LAYERS: Array<[prefix: string, rank: number]> = [
  ['io.ts', 0],
  ['l10n.ts', 0],
  ['syntax/', 1],
  ['model/', 2],
  ['emqx/', 3],
  ['certs/', 3],
  ['rules/', 4],
  ['cluster/', 5],
  ['deploy/', 5],
  ['ide/', 6],
  ['nodeReader.ts', 7],
  ['settings.ts', 7],
  ['projectFile.ts', 7],
  ['lsp/', 7],
  ['serverProviders.ts', 7],
  ['clusterFiles.ts', 7],
  ['server.ts', 7],
  ['cli/', 7],
];
/** The core: no file system, no network, no process, no editor protocol. */
const CORE_MAX_RANK = 6;
const CORE_IO_EXCEPTIONS = new Set(['certs/write.ts']); // used only by the CLI and the client, never by rules

function rankOf(rel: string): number {
  const hit = LAYERS.find(([prefix]) => rel === prefix || rel.startsWith(prefix));
  assert.ok(hit, `${rel} belongs to a layer (add it to ARCHITECTURE.md and this table)`);
  return hit[1];
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

describe('architecture invariants', () => {
  const files = walk(SRC).map((f) => ({ abs: f, rel: path.relative(SRC, f).split(path.sep).join('/') }));

  it('each server layer imports only the layers before it', () => {
    const bad: string[] = [];
    for (const f of files) {
      const own = rankOf(f.rel);
      for (const spec of imports(f.abs)) {
        if (!spec.startsWith('.')) continue;
        const target = path
          .relative(SRC, path.resolve(path.dirname(f.abs), spec))
          .split(path.sep)
          .join('/');
        // Data (translations, the manifest's version) may come from outside; code may not.
        if (spec.endsWith('.json')) continue;
        if (target.startsWith('..')) {
          bad.push(`${f.rel} imports ${spec} outside server/src`);
          continue;
        }
        const withExt = fs.existsSync(path.join(SRC, target + '.ts')) ? target + '.ts' : fs.existsSync(path.join(SRC, target, 'index.ts')) ? target + '/index.ts' : target;
        if (rankOf(withExt) > own) bad.push(`${f.rel} (layer ${own}) imports ${withExt} (layer ${rankOf(withExt)})`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('only the server layer knows LSP, and nothing in server/ knows VS Code', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of imports(f.abs)) {
        if (spec === 'vscode') bad.push(`${f.rel} imports vscode`);
        if (/^vscode-languageserver|^vscode-jsonrpc/.test(spec) && rankOf(f.rel) <= CORE_MAX_RANK) {
          // The ide layer may use the plain document class, which carries no protocol.
          if (spec !== 'vscode-languageserver-textdocument') bad.push(`${f.rel} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('the core does no I/O of its own (files only through the injected FileReader)', () => {
    const bad: string[] = [];
    for (const f of files) {
      if (rankOf(f.rel) > CORE_MAX_RANK || CORE_IO_EXCEPTIONS.has(f.rel)) continue;
      const text = fs.readFileSync(f.abs, 'utf8');
      for (const spec of imports(f.abs)) {
        if (/^(node:)?(fs|fs\/promises|child_process|http|https|http2|dgram|worker_threads)$/.test(spec)) bad.push(`${f.rel} imports ${spec}`);
        // net and tls only for their pure helpers (address syntax, the bundled root list), never sockets.
        if (/^(node:)?(net|tls)$/.test(spec)) {
          // `import { a } from 'tls'`, or `const { a } = require('tls')` (loaded when first needed).
          const named = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${spec}['"]`).exec(text) ?? new RegExp(`const\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*['"]${spec}['"]\\s*\\)`).exec(text);
          const names = named
            ? named[1]
                .split(',')
                .map((n) => n.trim())
                .filter(Boolean)
            : ['*'];
          for (const n of names) if (!/^(isIP|isIPv4|isIPv6|rootCertificates)$/.test(n)) bad.push(`${f.rel} imports ${n} from ${spec}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('no rule imports the certificate writer', () => {
    const bad = files
      .filter((f) => f.rel.startsWith('rules/') || f.rel.startsWith('cluster/') || f.rel.startsWith('ide/'))
      .filter((f) => imports(f.abs).some((s) => /certs\/write$/.test(s)))
      .map((f) => f.rel);
    assert.deepEqual(bad, []);
  });
});
