/**
 * The certificates `certs` generates, used by real Erlang nodes: two nodes,
 * one named by a DNS name and one by an IP address (EMQX's default
 * `emqx@127.0.0.1`), run Erlang distribution over TLS with the generated
 * ssl_dist.conf and answer `pong` to each other's probes; a node with a
 * certificate of another CA, a node without a certificate and a node on plain
 * TCP get `pang`.
 *
 * Everything is local and bounded: a private epmd on a free port bound to
 * 127.0.0.1, an inetrc file that makes the DNS name resolve to 127.0.0.1 for
 * these nodes only, a timeout on every process, and every process killed at
 * the end. Needs Erlang with its ssl application (Debian: erlang-base and
 * erlang-ssl, which scripts/setup.sh installs); without them the test fails.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { run } from '../../../server/src/cli/certs';
import { renderSslDistConf } from '../../../server/src/certs/layout';
import { x509, webcrypto } from '../../../server/src/certs/x509lib';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { tempDirs } from './helpers';

const DNS_NODE = 'n1@node1.cluster.test';
const IP_NODE = 'n2@127.0.0.1';
/** A node whose certificate, from the same CA, lists its address only as an IP entry (what certs made before). */
const IP_ONLY_NODE = 'n3@127.0.0.1';

/** Issues, with the generated CA, a certificate for `host` with only an iPAddress subjectAltName, and its files. */
async function ipOnlyNode(caFolder: string, out: string, nodeName: string, host: string): Promise<void> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caCert = new x509.X509Certificate(fs.readFileSync(path.join(caFolder, 'ca.pem'), 'utf8'));
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(fs.readFileSync(path.join(caFolder, 'ca.key'), 'utf8'))[0], alg, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '0a',
    subject: `CN=${nodeName}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: alg,
    // As the generated certificates, but for the subjectAltName.
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: host }]),
    ],
  });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'cert.pem'), cert.toString('pem') + '\n');
  fs.writeFileSync(path.join(out, 'key.pem'), x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY') + '\n', { mode: 0o600 });
  fs.copyFileSync(path.join(caFolder, 'ca.pem'), path.join(out, 'cacert.pem'));
  const files = { certfile: path.join(out, 'cert.pem'), keyfile: path.join(out, 'key.pem'), cacertfile: path.join(out, 'cacert.pem') };
  fs.writeFileSync(path.join(out, 'ssl_dist.conf'), renderSslDistConf(nodeName, files));
}

/** cert-dist-hostname's findings for an emqx.conf of `nodeName` beside the node's ssl_dist.conf. */
function distHostnameFindings(folder: string, nodeName: string): string[] {
  const etc = fs.mkdtempSync(path.join(folder, 'etc-'));
  fs.copyFileSync(path.join(folder, 'ssl_dist.conf'), path.join(etc, 'ssl_dist.conf'));
  const conf = path.join(etc, 'emqx.conf');
  const text = `node.name = "${nodeName}"\ncluster.proto_dist = inet_tls\n`;
  fs.writeFileSync(conf, text);
  const r = analyzeDocument({ uri: pathToFileURL(conf).toString(), text, reader: nodeFileReader(), trusted: true, settings: {} });
  return r.findings.filter((f) => f.ruleId === 'cert-dist-hostname').map((f) => f.message);
}

async function certsCli(args: string[]): Promise<number> {
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  const err: string[] = [];
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await run(args);
    if (code !== 0) throw new Error(`certs ${args.join(' ')} exited ${code}: ${err.join('')}`);
    return code;
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, test: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('certs: a real Erlang cluster over TLS distribution', function () {
  this.timeout(90000);
  const dirs = tempDirs();
  const children: ChildProcess[] = [];
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let epmdPort = 0;
  const cookie = randomBytes(12).toString('hex');

  function erlArgs(name: string, optfile: string | undefined): string[] {
    const dist = optfile ? ['-proto_dist', 'inet_tls', '-ssl_dist_optfile', optfile] : [];
    return ['-noshell', '-name', name, '-setcookie', cookie, ...dist];
  }

  function epmdNames(): string[] {
    const r = spawnSync('epmd', ['-port', String(epmdPort), '-names'], { env, encoding: 'utf8', timeout: 5000 });
    return [...(r.stdout ?? '').matchAll(/^name (\S+) at port/gm)].map((m) => m[1]);
  }

  /** Starts a node that stays up (at most a minute) until the suite ends. */
  async function startNode(name: string, optfile: string): Promise<void> {
    const child = spawn('erl', [...erlArgs(name, optfile), '-eval', 'timer:sleep(60000), halt().'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    children.push(child);
    const short = name.slice(0, name.indexOf('@'));
    await waitUntil(`${name} to register with epmd (output: ${output.join('')})`, () => child.exitCode === null && epmdNames().includes(short), 20000);
  }

  let lastProbeOutput = '';

  /** Starts a short-lived node that pings `targets` and returns each answer (its output in lastProbeOutput). */
  function probe(name: string, optfile: string | undefined, targets: readonly string[]): Record<string, string> {
    const code = '[io:format("~s ~p~n", [N, net_adm:ping(list_to_atom(N))]) || N <- init:get_plain_arguments()], timer:sleep(500), halt().';
    const r = spawnSync('erl', [...erlArgs(name, optfile), '-eval', code, '-extra', ...targets], { env, encoding: 'utf8', timeout: 30000 });
    lastProbeOutput = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const answers: Record<string, string> = {};
    for (const m of (r.stdout ?? '').matchAll(/^(\S+@\S+) (pong|pang)$/gm)) answers[m[1]] = m[2];
    assert.equal(Object.keys(answers).length, targets.length, `probe ${name} answered: ${r.stdout}${r.stderr}`);
    return answers;
  }

  before(async () => {
    try {
      execFileSync('erl', ['-noshell', '-eval', 'case code:which(ssl) of non_existing -> halt(3); _ -> halt(0) end.'], { timeout: 20000, stdio: 'ignore' });
    } catch (err) {
      throw new Error(`Erlang with its ssl application is needed (Debian: apt-get install erlang-base erlang-ssl; scripts/setup.sh does it): ${(err as Error).message}`);
    }
    dir = dirs.make();
    await certsCli(['--node', DNS_NODE, '--node', IP_NODE, '--key-type', 'ec', '--out', path.join(dir, 'certs')]);
    await certsCli(['--node', 'other@127.0.0.1', '--key-type', 'ec', '--out', path.join(dir, 'other-ca')]);
    fs.writeFileSync(path.join(dir, 'no-cert.conf'), '[{server, []}, {client, [{verify, verify_none}]}].\n');
    // The DNS name resolves to 127.0.0.1 for these nodes only (Erlang's own resolver reads this file first).
    fs.writeFileSync(path.join(dir, 'inetrc'), '{host, {127,0,0,1}, ["node1.cluster.test"]}.\n{lookup, [file, native]}.\n');
    epmdPort = await freePort();
    env = { ...process.env, ERL_EPMD_ADDRESS: '127.0.0.1', ERL_EPMD_PORT: String(epmdPort), ERL_INETRC: path.join(dir, 'inetrc'), HOME: dir };
    const epmd = spawn('epmd', ['-port', String(epmdPort)], { env, stdio: 'ignore' });
    children.push(epmd);
    await waitUntil('epmd', () => spawnSync('epmd', ['-port', String(epmdPort), '-names'], { env, timeout: 5000 }).status === 0, 10000);
    await startNode(DNS_NODE, path.join(dir, 'certs', DNS_NODE, 'ssl_dist.conf'));
    await startNode(IP_NODE, path.join(dir, 'certs', IP_NODE, 'ssl_dist.conf'));
    await ipOnlyNode(path.join(dir, 'certs', 'ca'), path.join(dir, 'ip-only'), IP_ONLY_NODE, '127.0.0.1');
    await startNode(IP_ONLY_NODE, path.join(dir, 'ip-only', 'ssl_dist.conf'));
  });

  after(() => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('the DNS-named and the IP-named node accept each other (pong both ways)', () => {
    // Each probe presents one node's own certificate and checks the other's name.
    assert.deepEqual(probe('p1@127.0.0.1', path.join(dir, 'certs', DNS_NODE, 'ssl_dist.conf'), [IP_NODE]), { [IP_NODE]: 'pong' });
    assert.deepEqual(probe('p2@127.0.0.1', path.join(dir, 'certs', IP_NODE, 'ssl_dist.conf'), [DNS_NODE]), { [DNS_NODE]: 'pong' });
  });

  it('cert-dist-hostname agrees with OTP: an address only as an IP entry gets pang and a finding; generated certificates neither', () => {
    assert.deepEqual(probe('p5@127.0.0.1', path.join(dir, 'certs', DNS_NODE, 'ssl_dist.conf'), [IP_ONLY_NODE]), { [IP_ONLY_NODE]: 'pang' });
    assert.match(lastProbeOutput, /hostname_check_failed/, `refused for the host name, not for anything else: ${lastProbeOutput}`);
    const [message, ...rest] = distHostnameFindings(path.join(dir, 'ip-only'), IP_ONLY_NODE);
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /no DNS name "127\.0\.0\.1"/);
    assert.deepEqual(distHostnameFindings(path.join(dir, 'certs', IP_NODE), IP_NODE), []);
    assert.deepEqual(distHostnameFindings(path.join(dir, 'certs', DNS_NODE), DNS_NODE), []);
  });

  it('a node with a certificate of another CA is refused (pang)', () => {
    const optfile = path.join(dir, 'other-ca', 'other@127.0.0.1', 'ssl_dist.conf');
    assert.deepEqual(probe('other@127.0.0.1', optfile, [DNS_NODE, IP_NODE]), { [DNS_NODE]: 'pang', [IP_NODE]: 'pang' });
    assert.match(lastProbeOutput, /Unknown CA/, lastProbeOutput);
  });

  it('a node without a certificate is refused (pang)', () => {
    assert.deepEqual(probe('p3@127.0.0.1', path.join(dir, 'no-cert.conf'), [DNS_NODE, IP_NODE]), { [DNS_NODE]: 'pang', [IP_NODE]: 'pang' });
  });

  it('a node on plain TCP distribution is refused (pang)', () => {
    assert.deepEqual(probe('p4@127.0.0.1', undefined, [DNS_NODE, IP_NODE]), { [DNS_NODE]: 'pang', [IP_NODE]: 'pang' });
  });
});
