#!/usr/bin/env node
// Checks a packaged .vsix (a zip): it must hold what the extension needs at run
// time (bundles and the files they require beside them, grammars, language
// configurations, translations, README, LICENSE, icon, and every file the
// manifest inside it names), nothing else
// (no sources, tests, maps, node_modules), and stay under 1 MB.
// Usage: node scripts/e2e/check-vsix.js FILE.vsix   (exit 0 ok, 1 problems)
// Also a module: require('./check-vsix').checkVsix(file) -> { entries, size, problems }.
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const MAX_BYTES = 1024 * 1024;

/** Entry names and contents of a zip file, read from its central directory (no unzip binary needed). */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + compressed);
    entries.push({ name, size, data: () => (method === 8 ? zlib.inflateRawSync(raw) : raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function checkVsix(file) {
  const size = fs.statSync(file).size;
  const entries = readZip(fs.readFileSync(file));
  const names = entries.map((e) => e.name);
  const problems = [];
  if (size >= MAX_BYTES) problems.push(`the .vsix is ${size} bytes, over the 1 MB budget`);

  const forbidden = [
    [/(^|\/)node_modules\//, 'node_modules'],
    [/\.ts$/, 'TypeScript source'],
    [/\.map$/, 'source map'],
    [/^extension\/(client|server|test|scripts|bench|out|\.e2e|\.ci|examples)\//, 'sources, tests or scripts'],
    [/\.vsix$/, 'another .vsix'],
    [/(^|\/)(tsconfig\.json|\.mocharc\.json|package-lock\.json|\.npmrc|\.gitignore)$/, 'development file'],
  ];
  for (const name of names) {
    for (const [re, what] of forbidden) if (re.test(name)) problems.push(`${name}: ${what} must not be packaged`);
  }

  const pkgEntry = entries.find((e) => e.name === 'extension/package.json');
  if (!pkgEntry) return { entries: names, size, problems: [...problems, 'no extension/package.json'] };
  const pkg = JSON.parse(pkgEntry.data().toString('utf8'));
  const required = new Set([
    'extension/dist/server.js',
    'extension/package.nls.json',
    'extension/package.nls.zh-cn.json',
    'extension/l10n/bundle.l10n.zh-cn.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
  ]);
  const inPkg = (p) => `extension/${p.replace(/^\.\//, '')}`;
  required.add(inPkg(pkg.main.endsWith('.js') ? pkg.main : `${pkg.main}.js`));
  if (pkg.icon) required.add(inPkg(pkg.icon));
  for (const g of pkg.contributes?.grammars ?? []) required.add(inPkg(g.path));
  for (const l of pkg.contributes?.languages ?? []) if (l.configuration) required.add(inPkg(l.configuration));
  for (const r of required) if (!names.includes(r)) problems.push(`${r} is missing`);
  // Files a packaged bundle requires beside itself at run time (the key catalogue, dist/keyCatalogue.json).
  for (const e of entries.filter((x) => /^extension\/dist\/[^/]+\.js$/.test(x.name))) {
    for (const m of e
      .data()
      .toString('utf8')
      .matchAll(/\brequire\("\.\/([^"]+)"\)/g)) {
      const side = `extension/dist/${m[1]}`;
      if (!names.includes(side)) problems.push(`${side} is missing (${e.name} requires it)`);
    }
  }
  return { entries: names, size, problems };
}

module.exports = { readZip, checkVsix, MAX_BYTES };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: check-vsix.js FILE.vsix');
    process.exit(2);
  }
  const { entries, size, problems } = checkVsix(file);
  console.log(`${file}: ${entries.length} files, ${(size / 1024).toFixed(1)} KB`);
  for (const p of problems) console.error(`  problem: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
