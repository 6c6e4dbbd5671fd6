// Sizes of what ships: the .vsix (built with `npm run package`, the production
// bundles, minified) and each bundle inside it. Afterwards the
// development bundles are rebuilt so dist/ is as the tests expect it.
//
// Usage: node bench/size.mjs [--no-package]   (also run by `npm run bench`)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const noPackage = process.argv.includes('--no-package');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const vsix = path.join(root, `${pkg.name}.vsix`);

let packaged = false;
if (!noPackage && pkg.scripts?.package) {
  try {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    packaged = true;
  } catch (e) {
    console.log(
      `size: npm run package failed (${
        String(e.stderr ?? e.message)
          .split('\n')
          .filter(Boolean)
          .slice(-1)[0] ?? 'no message'
      }); sizes below are of the existing files`,
    );
  }
}
if (fs.existsSync(vsix)) {
  console.log(`size: ${path.basename(vsix)} ${kb(fs.statSync(vsix).size)}${packaged ? ' (just packaged)' : ' (existing file, not rebuilt)'}`);
} else {
  console.log(`size: no .vsix (${pkg.scripts?.package ? 'packaging failed or was skipped' : 'no "package" script'}): skipped`);
}
// The bundles as shipped: read from the .vsix itself (its zip central directory), so a
// rebuild of dist/ by anything else running on the machine cannot skew the numbers.
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count && buf.readUInt32LE(at) === 0x02014b50; i++) {
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    out.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size, compressed });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
if (fs.existsSync(vsix)) {
  const entries = zipEntries(vsix);
  const bundles = entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of bundles) console.log(`size: ${e.name.slice('extension/'.length)} ${kb(e.size)} in the .vsix (${kb(e.compressed)} compressed)`);
  const total = entries.reduce((n, e) => n + e.size, 0);
  console.log(`size: the .vsix holds ${entries.length} files, ${kb(total)} unpacked`);
  // Bundles that do not ship in the .vsix (the CLI is the npm package's bin), as they are in dist/ now.
  const inVsix = new Set(bundles.map((e) => path.basename(e.name)));
  const dist = path.join(root, 'dist');
  for (const f of fs.existsSync(dist)
    ? fs
        .readdirSync(dist)
        .filter((x) => x.endsWith('.js') && !inVsix.has(x))
        .sort()
    : []) {
    const buf = fs.readFileSync(path.join(dist, f));
    console.log(`size: dist/${f} ${kb(buf.length)} (${kb(zlib.gzipSync(buf).length)} gzipped), not in the .vsix; dist/ as built now`);
  }
} else {
  const dist = path.join(root, 'dist');
  for (const f of fs.existsSync(dist)
    ? fs
        .readdirSync(dist)
        .filter((x) => x.endsWith('.js'))
        .sort()
    : []) {
    const buf = fs.readFileSync(path.join(dist, f));
    console.log(`size: dist/${f} ${kb(buf.length)} (${kb(zlib.gzipSync(buf).length)} gzipped), development build (no .vsix to read)`);
  }
}
if (packaged) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
