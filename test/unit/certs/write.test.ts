/**
 * The files on disk: layout, modes (0600 keys, 0700 folders), refusal to
 * overwrite, overwrite through a 0600 temporary file, and the ssl_dist.conf
 * read back with the Erlang-terms reader.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateClusterCertificates, GeneratedBundle } from '../../../server/src/certs/generate';
import { planCertificateFiles, renderSslDistConf } from '../../../server/src/certs/layout';
import { ExistingFilesError, UnsafeFolderError, writeCertificateFiles } from '../../../server/src/certs/write';
import { parseErlangTerms, ListTerm, Term } from '../../../server/src/syntax/erlangTerms';
import { posix, tempDirs } from './helpers';

function mode(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
}

/** `{section, [...]}` of an ssl_dist.conf as a map option → value (atoms and strings as text). */
function sslDistSection(text: string, section: string): Map<string, string> {
  const doc = parseErlangTerms(text);
  assert.deepEqual(doc.problems, []);
  const top = doc.terms[0] as ListTerm;
  assert.equal(top.kind, 'list');
  const tuple = top.elements.find((e) => e.kind === 'tuple' && e.elements[0].kind === 'atom' && e.elements[0].value === section);
  assert.ok(tuple && tuple.kind === 'tuple', `section ${section}`);
  const opts = tuple.elements[1] as ListTerm;
  const out = new Map<string, string>();
  for (const o of opts.elements) {
    if (o.kind !== 'tuple') continue;
    const [k, v] = o.elements as [Term, Term];
    if (k.kind === 'atom' && (v.kind === 'atom' || v.kind === 'string')) out.set(k.value, v.value);
  }
  return out;
}

describe('certs: writing the files', () => {
  const dirs = tempDirs();
  let bundle: GeneratedBundle;

  before(async () => {
    bundle = await generateClusterCertificates({ nodes: ['emqx@node1.example.com', 'emqx@node2.example.com'], keyType: 'ec' });
  });

  it('lays out a CA folder and one folder per node, keeping the CA key out of node folders', () => {
    const out = path.join(dirs.make(), 'certs');
    const plan = planCertificateFiles(bundle, out);
    writeCertificateFiles(plan);
    assert.deepEqual(listFiles(out), [
      '.gitignore',
      path.join('ca', 'ca.key'),
      path.join('ca', 'ca.pem'),
      path.join('emqx@node1.example.com', 'cacert.pem'),
      path.join('emqx@node1.example.com', 'cert.pem'),
      path.join('emqx@node1.example.com', 'key.pem'),
      path.join('emqx@node1.example.com', 'ssl_dist.conf'),
      path.join('emqx@node2.example.com', 'cacert.pem'),
      path.join('emqx@node2.example.com', 'cert.pem'),
      path.join('emqx@node2.example.com', 'key.pem'),
      path.join('emqx@node2.example.com', 'ssl_dist.conf'),
    ]);
    const caKey = fs.readFileSync(path.join(out, 'ca', 'ca.key'), 'utf8');
    for (const node of plan.nodes) {
      for (const f of fs.readdirSync(node.folder)) {
        assert.notEqual(fs.readFileSync(path.join(node.folder, f), 'utf8'), caKey, `${f} is not the CA key`);
      }
      for (const p of Object.values(node.configPaths)) assert.ok(p.startsWith(node.folder + path.sep), p);
    }
    assert.equal(fs.readFileSync(path.join(out, 'emqx@node1.example.com', 'cacert.pem'), 'utf8'), bundle.ca.certificatePem);
    assert.match(fs.readFileSync(path.join(out, '.gitignore'), 'utf8'), /^key\.pem$/m);
  });

  it('creates private keys 0600 and their folders 0700', function () {
    if (!posix) this.skip();
    const out = dirs.make();
    const plan = planCertificateFiles(bundle, out);
    writeCertificateFiles(plan);
    assert.equal(mode(path.join(out, 'ca', 'ca.key')), 0o600);
    assert.equal(mode(path.join(out, 'ca')), 0o700);
    for (const node of plan.nodes) {
      assert.equal(mode(path.join(node.folder, 'key.pem')), 0o600);
      assert.equal(mode(node.folder), 0o700);
      assert.equal(mode(path.join(node.folder, 'cert.pem')) & 0o600, 0o600);
    }
  });

  it('refuses to overwrite existing files and leaves them untouched', async () => {
    const out = dirs.make();
    writeCertificateFiles(planCertificateFiles(bundle, out));
    const keyPath = path.join(out, 'emqx@node1.example.com', 'key.pem');
    const before = fs.readFileSync(keyPath, 'utf8');
    const again = await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec' });
    const plan = planCertificateFiles(again, out);
    assert.throws(
      () => writeCertificateFiles(plan),
      (err: unknown) => err instanceof ExistingFilesError && err.paths.includes(keyPath) && err.paths.includes(path.join(out, 'ca', 'ca.key')),
    );
    assert.equal(fs.readFileSync(keyPath, 'utf8'), before);
  });

  it('overwrites only when asked, through a 0600 temporary file, leaving no temporary behind', async function () {
    const out = dirs.make();
    writeCertificateFiles(planCertificateFiles(bundle, out));
    fs.writeFileSync(path.join(out, '.gitignore'), 'mine\n');
    const again = await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec' });
    const plan = planCertificateFiles(again, out);
    const result = writeCertificateFiles(plan, { overwrite: true, replaceCa: true });
    const keyPath = path.join(out, 'emqx@node1.example.com', 'key.pem');
    assert.equal(fs.readFileSync(keyPath, 'utf8'), again.nodes[0].privateKeyPem);
    assert.ok(result.written.includes(keyPath));
    assert.deepEqual(result.kept, [path.join(out, '.gitignore')]);
    assert.equal(fs.readFileSync(path.join(out, '.gitignore'), 'utf8'), 'mine\n');
    assert.deepEqual(
      listFiles(out).filter((f) => f.endsWith('.tmp')),
      [],
    );
    if (posix) assert.equal(mode(keyPath), 0o600);
  });

  it('replaces a symlink planted at a key path instead of writing through it', function () {
    if (!posix) this.skip();
    const out = dirs.make();
    const victim = path.join(dirs.make(), 'victim.txt');
    fs.writeFileSync(victim, 'do not touch\n');
    const plan = planCertificateFiles(bundle, out);
    const keyPath = path.join(out, 'emqx@node1.example.com', 'key.pem');
    fs.mkdirSync(path.dirname(keyPath), { recursive: true });
    fs.symlinkSync(victim, keyPath);
    assert.throws(() => writeCertificateFiles(plan), ExistingFilesError);
    writeCertificateFiles(plan, { overwrite: true });
    assert.equal(fs.readFileSync(victim, 'utf8'), 'do not touch\n');
    assert.equal(fs.readFileSync(keyPath, 'utf8'), bundle.nodes[0].privateKeyPem);
    assert.equal(fs.lstatSync(keyPath).isSymbolicLink(), false);
    assert.equal(mode(keyPath), 0o600);
  });

  it('never replaces an existing CA with overwrite alone; replaceCa does', async () => {
    const out = dirs.make();
    writeCertificateFiles(planCertificateFiles(bundle, out));
    const caKey = path.join(out, 'ca', 'ca.key');
    const again = await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType: 'ec' });
    const plan = planCertificateFiles(again, out);
    assert.throws(
      () => writeCertificateFiles(plan, { overwrite: true }),
      (err: unknown) => err instanceof ExistingFilesError && err.caPaths.includes(caKey) && err.caPaths.length === 2,
    );
    assert.equal(fs.readFileSync(caKey, 'utf8'), bundle.ca.privateKeyPem);
    assert.equal(fs.readFileSync(path.join(out, 'emqx@node1.example.com', 'key.pem'), 'utf8'), bundle.nodes[0].privateKeyPem, 'node files untouched too');
    writeCertificateFiles(plan, { overwrite: true, replaceCa: true });
    assert.equal(fs.readFileSync(caKey, 'utf8'), again.ca.privateKeyPem);
  });

  it('refuses a node folder that is a symlink (even with overwrite), writing nothing anywhere', function () {
    if (!posix) this.skip();
    const out = dirs.make();
    const elsewhere = dirs.make();
    fs.writeFileSync(path.join(elsewhere, 'key.pem'), 'do not touch\n');
    fs.symlinkSync(elsewhere, path.join(out, 'emqx@node1.example.com'));
    const plan = planCertificateFiles(bundle, out);
    for (const options of [{}, { overwrite: true, replaceCa: true }]) {
      assert.throws(
        () => writeCertificateFiles(plan, options),
        (err: unknown) => err instanceof UnsafeFolderError && err.folder === path.join(out, 'emqx@node1.example.com'),
      );
    }
    assert.deepEqual(fs.readdirSync(elsewhere), ['key.pem']);
    assert.equal(fs.readFileSync(path.join(elsewhere, 'key.pem'), 'utf8'), 'do not touch\n');
    assert.deepEqual(fs.readdirSync(out), ['emqx@node1.example.com'], 'no CA left behind');
  });

  it('writes all or nothing: a node folder that cannot be created leaves no CA behind', async () => {
    // A folder name longer than the file system allows (255 bytes): the CA folder is created first.
    const host = ['a'.repeat(62), 'b'.repeat(62), 'c'.repeat(62), 'd'.repeat(62)].join('.');
    const big = await generateClusterCertificates({ nodes: ['emqx@node1.example.com', `emqx@${host}`], keyType: 'ec' });
    const parent = dirs.make();
    const out = path.join(parent, 'certs');
    assert.throws(
      () => writeCertificateFiles(planCertificateFiles(big, out)),
      (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG',
    );
    assert.deepEqual(fs.readdirSync(parent), [], 'the output folder this call created is gone, with the CA');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'mine.txt'), 'x');
    assert.throws(() => writeCertificateFiles(planCertificateFiles(big, out)));
    assert.deepEqual(fs.readdirSync(out), ['mine.txt'], 'an existing output folder keeps only what it had');
  });

  it('writes an ssl_dist.conf that verifies peers on both sides, with the node files', () => {
    const out = dirs.make();
    const plan = planCertificateFiles(bundle, out);
    writeCertificateFiles(plan);
    const node = plan.nodes[0];
    const text = fs.readFileSync(node.sslDistPath, 'utf8');
    const server = sslDistSection(text, 'server');
    const client = sslDistSection(text, 'client');
    assert.equal(server.get('verify'), 'verify_peer');
    assert.equal(server.get('fail_if_no_peer_cert'), 'true');
    assert.equal(client.get('verify'), 'verify_peer');
    assert.equal(client.has('fail_if_no_peer_cert'), false);
    for (const side of [server, client]) {
      assert.equal(side.get('certfile'), path.join(node.folder, 'cert.pem'));
      assert.equal(side.get('keyfile'), path.join(node.folder, 'key.pem'));
      assert.equal(side.get('cacertfile'), path.join(node.folder, 'cacert.pem'));
    }
  });

  it('names server paths in ssl_dist.conf when an install folder is given', () => {
    const plan = planCertificateFiles(bundle, dirs.make(), { installDir: '/etc/emqx/certs' });
    const text = plan.files.find((f) => f.path === plan.nodes[1].sslDistPath)!.content;
    const server = sslDistSection(text, 'server');
    assert.equal(server.get('certfile'), '/etc/emqx/certs/cert.pem');
    assert.equal(server.get('keyfile'), '/etc/emqx/certs/key.pem');
    assert.equal(server.get('cacertfile'), '/etc/emqx/certs/cacert.pem');
    assert.deepEqual(plan.nodes[1].configPaths, {
      certfile: '/etc/emqx/certs/cert.pem',
      keyfile: '/etc/emqx/certs/key.pem',
      cacertfile: '/etc/emqx/certs/cacert.pem',
    });
  });

  it('escapes quotes and backslashes in ssl_dist.conf paths', () => {
    const p = { certfile: 'C:\\emqx\\etc\\"x"\\cert.pem', keyfile: 'C:\\k.pem', cacertfile: 'C:\\ca.pem' };
    const server = sslDistSection(renderSslDistConf('emqx@h', p), 'server');
    assert.equal(server.get('certfile'), p.certfile);
  });
});
