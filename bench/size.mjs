// Sizes of what ships: the .vsix (built with `npm run package`, the production
// bundles, minified) and each bundle in dist/ as packaged. Afterwards the
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
    console.log(`size: npm run package failed (${String(e.stderr ?? e.message).split('\n').filter(Boolean).slice(-1)[0] ?? 'no message'}); sizes below are of the existing files`);
  }
}
if (fs.existsSync(vsix)) {
  console.log(`size: ${path.basename(vsix)} ${kb(fs.statSync(vsix).size)}${packaged ? ' (just packaged)' : ' (existing file, not rebuilt)'}`);
} else {
  console.log(`size: no .vsix (${pkg.scripts?.package ? 'packaging failed or was skipped' : 'no "package" script'}): skipped`);
}
const dist = path.join(root, 'dist');
for (const f of fs.existsSync(dist) ? fs.readdirSync(dist).filter((x) => x.endsWith('.js')).sort() : []) {
  const buf = fs.readFileSync(path.join(dist, f));
  console.log(`size: dist/${f} ${kb(buf.length)} (${kb(zlib.gzipSync(buf).length)} gzipped)${packaged ? ', production build' : ''}`);
}
if (packaged) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
