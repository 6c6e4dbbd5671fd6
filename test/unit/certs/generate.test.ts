/**
 * The generated CA and node certificates, checked by code we did not write:
 * Node's X509Certificate (OpenSSL underneath), the openssl binary where it
 * exists, and a real mutual-TLS handshake over loopback with Node's tls, set
 * up the way gen_rpc sets up its ssl driver (verify_peer on both sides,
 * fail_if_no_peer_cert on the server, no hostname check on the client).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { generateClusterCertificates, GeneratedBundle, isDnsName, nodeNameProblem } from '../../../server/src/certs/generate';
import { distHostMatches } from '../../../server/src/certs/inspect';
import { canonicalIp, ipBytes } from '../../../server/src/certs/ip';
import { opensslVersion, tempDirs } from './helpers';

const DAY_MS = 24 * 60 * 60 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

for (const keyType of ['rsa', 'ec'] as const) {
  describe(`certs: generated ${keyType.toUpperCase()} cluster certificates`, () => {
    const dirs = tempDirs();
    let bundle: GeneratedBundle;
    let other: GeneratedBundle;

    before(async () => {
      bundle = await generateClusterCertificates({
        nodes: ['emqx@node1.example.com', 'emqx2@10.0.0.2'],
        dns: ['backplane'],
        ips: ['192.0.2.7'],
        keyType,
      });
      // A second, unrelated CA: its certificates must be refused.
      other = await generateClusterCertificates({ nodes: ['emqx@node1.example.com'], keyType });
    });

    it('makes a CA certificate that Node reads as a CA, valid five years', () => {
      const ca = new X509Certificate(bundle.ca.certificatePem);
      assert.equal(ca.ca, true);
      assert.equal(ca.checkIssued(ca), true);
      assert.equal(ca.verify(ca.publicKey), true);
      const days = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / DAY_MS;
      assert.ok(Math.abs(days - 1825) < 1, `CA validity ${days} days`);
      assert.equal(ca.fingerprint256, bundle.ca.fingerprint256);
    });

    it('signs each node certificate with the CA, for serverAuth and clientAuth, valid one year', () => {
      const ca = new X509Certificate(bundle.ca.certificatePem);
      for (const node of bundle.nodes) {
        const cert = new X509Certificate(node.certificatePem);
        assert.equal(cert.ca, false, node.nodeName);
        assert.equal(cert.checkIssued(ca), true, node.nodeName);
        assert.equal(cert.verify(ca.publicKey), true, node.nodeName);
        assert.deepEqual([...(cert.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH].sort());
        const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS;
        assert.ok(Math.abs(days - 365) < 1, `node validity ${days} days`);
        assert.match(cert.subject, new RegExp(`CN=${node.nodeName.replace(/\./g, '\\.')}`));
      }
    });

    it('puts the node host and the extra names into the subjectAltName', () => {
      const [dnsNode, ipNode] = bundle.nodes.map((n) => new X509Certificate(n.certificatePem));
      assert.equal(dnsNode.checkHost('node1.example.com'), 'node1.example.com');
      assert.equal(dnsNode.checkHost('backplane'), 'backplane');
      assert.equal(dnsNode.checkIP('192.0.2.7'), '192.0.2.7');
      assert.equal(dnsNode.checkHost('node2.example.com'), undefined);
      assert.equal(ipNode.checkIP('10.0.0.2'), '10.0.0.2');
      assert.equal(ipNode.checkHost('backplane'), 'backplane');
      assert.equal(ipNode.checkIP('10.0.0.3'), undefined);
    });

    it("lists an IP host also as a DNS name, as Erlang's TLS distribution checks it", () => {
      const [dnsNode, ipNode] = bundle.nodes.map((n) => new X509Certificate(n.certificatePem));
      assert.equal(ipNode.subjectAltName?.split(', ').filter((e) => e.startsWith('DNS:10.0.0.2')).length, 1, ipNode.subjectAltName);
      assert.equal(distHostMatches(ipNode, '10.0.0.2'), true);
      assert.equal(distHostMatches(dnsNode, 'node1.example.com'), true);
      assert.deepEqual(bundle.nodes[1].dnsNames, ['10.0.0.2', 'backplane']);
    });

    it('writes PKCS#8 private keys of the requested type that belong to their certificates', () => {
      for (const item of [bundle.ca, ...bundle.nodes]) {
        assert.match(item.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
        const key = createPrivateKey(item.privateKeyPem);
        if (keyType === 'rsa') {
          assert.equal(key.asymmetricKeyType, 'rsa');
          assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
        } else {
          assert.equal(key.asymmetricKeyType, 'ec');
          assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
        }
        assert.equal(new X509Certificate(item.certificatePem).checkPrivateKey(key), true);
      }
    });

    it('is accepted by `openssl verify` and carries the domain.ext extensions', function () {
      const version = opensslVersion();
      if (!version) {
        console.log('      (skipped: no openssl binary on this machine)');
        this.skip();
      }
      const dir = dirs.make();
      const caFile = path.join(dir, 'ca.pem');
      fs.writeFileSync(caFile, bundle.ca.certificatePem);
      for (const node of bundle.nodes) {
        const nodeFile = path.join(dir, `${node.folderName}.pem`);
        fs.writeFileSync(nodeFile, node.certificatePem);
        const out = execFileSync('openssl', ['verify', '-CAfile', caFile, '-purpose', 'sslserver', nodeFile], { encoding: 'utf8' });
        assert.equal(out.trim(), `${nodeFile}: OK`);
        execFileSync('openssl', ['verify', '-CAfile', caFile, '-purpose', 'sslclient', nodeFile], { encoding: 'utf8' });
        const text = execFileSync('openssl', ['x509', '-in', nodeFile, '-noout', '-text'], { encoding: 'utf8' });
        assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
        assert.match(text, /X509v3 Authority Key Identifier:/);
        assert.match(text, /X509v3 Subject Key Identifier:/);
        assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
      }
      const strangerFile = path.join(dir, 'stranger.pem');
      fs.writeFileSync(strangerFile, other.nodes[0].certificatePem);
      assert.throws(() => execFileSync('openssl', ['verify', '-CAfile', caFile, strangerFile], { stdio: 'pipe' }));
    });

    it('completes a mutual-TLS handshake between two nodes, as gen_rpc does', async () => {
      const [a, b] = bundle.nodes;
      const result = await handshake({ key: a.privateKeyPem, cert: a.certificatePem, ca: bundle.ca.certificatePem }, { key: b.privateKeyPem, cert: b.certificatePem, ca: bundle.ca.certificatePem });
      assert.equal(result.serverSawClient, true);
      assert.equal(result.clientAuthorized, true);
      assert.equal(result.peerSubjectCN, a.nodeName);
    });

    it('refuses a client whose certificate comes from another CA', async () => {
      const [a] = bundle.nodes;
      const stranger = other.nodes[0];
      const result = await handshake(
        { key: a.privateKeyPem, cert: a.certificatePem, ca: bundle.ca.certificatePem },
        { key: stranger.privateKeyPem, cert: stranger.certificatePem, ca: bundle.ca.certificatePem },
      );
      assert.equal(result.serverSawClient, false);
      assert.ok(result.serverError, 'the server reports the refused client');
      assert.equal(result.serverAuthorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it('refuses a client that presents no certificate', async () => {
      const [a] = bundle.nodes;
      const result = await handshake({ key: a.privateKeyPem, cert: a.certificatePem, ca: bundle.ca.certificatePem }, { ca: bundle.ca.certificatePem });
      assert.equal(result.serverSawClient, false);
      assert.match(String(result.serverError?.message), /peer did not return a certificate/);
    });

    it('lets the client refuse a server whose certificate comes from another CA', async () => {
      const [, b] = bundle.nodes;
      const stranger = other.nodes[0];
      const result = await handshake(
        { key: stranger.privateKeyPem, cert: stranger.certificatePem, ca: bundle.ca.certificatePem },
        { key: b.privateKeyPem, cert: b.certificatePem, ca: bundle.ca.certificatePem },
      );
      assert.equal(result.clientAuthorized, false);
      assert.equal((result.clientError as NodeJS.ErrnoException | undefined)?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });
  });
}

describe('certs: input validation', () => {
  it('explains node names EMQX would refuse', () => {
    assert.equal(nodeNameProblem('emqx@node1.example.com'), undefined);
    assert.equal(nodeNameProblem('emqx@10.0.0.1'), undefined);
    assert.ok(nodeNameProblem('emqx'));
    assert.ok(nodeNameProblem('em.qx@host'));
    assert.ok(nodeNameProblem('a@b@c'));
    assert.ok(nodeNameProblem('emqx@'));
  });

  it('rejects bad names, extra names and validity before generating anything', async () => {
    await assert.rejects(generateClusterCertificates({ nodes: [] }), /at least one node/);
    await assert.rejects(generateClusterCertificates({ nodes: ['bad name@x'] }), /invalid node name/);
    await assert.rejects(generateClusterCertificates({ nodes: ['a@h', 'a@h'] }), /twice/);
    await assert.rejects(generateClusterCertificates({ nodes: ['a@h'], ips: ['not-an-ip'] }), /not an IP/);
    await assert.rejects(generateClusterCertificates({ nodes: ['a@h'], dns: ['bad name'] }), /not a DNS name/);
    await assert.rejects(generateClusterCertificates({ nodes: ['a@h'], days: 0 }), /validity/);
  });

  it('refuses wildcard and numeric non-address host names', async () => {
    for (const bad of ['*.example.com', '10.0.0', '1.2.3.4.5', '123', 'a.b.123', 'fe80::1%eth0']) {
      assert.ok(nodeNameProblem(`emqx@${bad}`), bad);
      if (!bad.includes(':')) assert.equal(isDnsName(bad), false, bad);
    }
    await assert.rejects(generateClusterCertificates({ nodes: ['a@h'], dns: ['*.example.com'] }), /not a DNS name/);
    assert.equal(nodeNameProblem('emqx@node-1.example.com'), undefined);
    assert.equal(nodeNameProblem('emqx@1node.example'), undefined);
  });

  it('warns when the node certificates outlive the CA', async () => {
    assert.equal((await generateClusterCertificates({ nodes: ['a@h'], keyType: 'ec', caDays: 30, days: 365 })).nodesOutliveCa, true);
    assert.equal((await generateClusterCertificates({ nodes: ['a@h'], keyType: 'ec', caDays: 365, days: 30 })).nodesOutliveCa, false);
  });
});

describe('certs: IP addresses', () => {
  it('converts IPv6 with an embedded IPv4 part to the right bytes', () => {
    assert.equal(canonicalIp('::1.2.3.4'), '0000:0000:0000:0000:0000:0000:0102:0304');
    assert.equal(canonicalIp('::ffff:10.0.0.1'), '0000:0000:0000:0000:0000:ffff:0a00:0001');
    assert.equal(canonicalIp('1::2:1.2.3.4'), '0001:0000:0000:0000:0000:0002:0102:0304');
    assert.equal(canonicalIp('1:2:3:4:5:6:7.8.9.10'), '0001:0002:0003:0004:0005:0006:0708:090a');
    assert.equal(canonicalIp('::'), '0000:0000:0000:0000:0000:0000:0000:0000');
    assert.equal(canonicalIp('fe80::1'), 'fe80:0000:0000:0000:0000:0000:0000:0001');
    assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
    for (const bad of ['1.2.3', '::1::2', 'fe80::1%eth0', 'x', '1:2:3:4:5:6:7:8:9']) assert.equal(ipBytes(bad), undefined, bad);
  });

  it('writes the address that was asked for into the certificate (::1.2.3.4 is not ::1)', async () => {
    const bundle = await generateClusterCertificates({ nodes: ['a@h.example'], ips: ['::1.2.3.4', '::ffff:10.0.0.1'], keyType: 'ec' });
    const cert = new X509Certificate(bundle.nodes[0].certificatePem);
    assert.equal(cert.checkIP('::1.2.3.4'), '::1.2.3.4');
    assert.equal(cert.checkIP('::1'), undefined);
    assert.equal(cert.checkIP('::ffff:10.0.0.1'), '::ffff:10.0.0.1');
  });
});

interface TlsSide {
  key?: string;
  cert?: string;
  ca: string;
}

interface HandshakeResult {
  serverSawClient: boolean;
  serverError?: Error;
  /** Why the server did not authorize the client's certificate (OpenSSL's verify code). */
  serverAuthorizationError?: string;
  clientAuthorized: boolean;
  clientError?: Error;
  peerSubjectCN?: string;
}

/**
 * One connection over loopback. It settles on events, never on time: the
 * server either accepts the client (secureConnection) or reports
 * tlsClientError; the client either connects authorized and receives the
 * server's greeting, or fails.
 */
function handshake(server: TlsSide, client: TlsSide): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const result: HandshakeResult = { serverSawClient: false, clientAuthorized: false };
    let serverDone = false;
    let clientDone = false;
    const srv = tls.createServer({
      key: server.key,
      cert: server.cert,
      ca: server.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const finish = () => {
      if (serverDone && clientDone) srv.close(() => resolve(result));
    };
    srv.on('secureConnection', (socket) => {
      result.serverSawClient = socket.authorized;
      serverDone = true;
      socket.end('hello');
      finish();
    });
    srv.on('tlsClientError', (err, socket) => {
      result.serverError = err;
      result.serverAuthorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      serverDone = true;
      finish();
    });
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        key: client.key,
        cert: client.cert,
        ca: client.ca,
        rejectUnauthorized: true,
        // gen_rpc sets server_name_indication = disable: no hostname check.
        checkServerIdentity: () => undefined,
      });
      let received = '';
      socket.on('secureConnect', () => {
        result.clientAuthorized = socket.authorized;
        const peer = socket.getPeerCertificate();
        result.peerSubjectCN = typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined;
      });
      socket.on('data', (d) => (received += d.toString()));
      const clientFinished = (err?: Error) => {
        if (clientDone) return;
        if (err) {
          result.clientError = err;
          result.clientAuthorized = false;
        } else if (received !== 'hello') {
          result.clientAuthorized = false;
        }
        clientDone = true;
        // A client the server refused never makes the server emit anything
        // further; a client that failed first makes the server see an error.
        finish();
      };
      socket.on('error', (err) => {
        clientFinished(err);
        socket.destroy();
      });
      socket.on('close', () => clientFinished());
    });
  });
}
