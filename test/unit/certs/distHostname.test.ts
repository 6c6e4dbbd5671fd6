/**
 * cert-dist-hostname on real files: an emqx.conf with TLS distribution, the
 * ssl_dist.conf beside it and the certificate it names, analysed as the
 * editor and the CLI do. The certificate is judged the way OTP's ssl judges
 * it for the peers (see test/unit/certs/erlangCluster.test.ts for the real
 * nodes): a DNS subjectAltName equal to the node's host, nothing else.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { X509Certificate } from 'node:crypto';
import { generateClusterCertificates } from '../../../server/src/certs/generate';
import { distHostMatches } from '../../../server/src/certs/inspect';
import { x509, webcrypto } from '../../../server/src/certs/x509lib';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { covered, tempDirs } from './helpers';

/** A self-signed EC certificate with the given subject CN and subjectAltName entries. */
async function certificate(cn: string, san: Array<{ type: 'dns' | 'ip'; value: string }> | undefined): Promise<X509Certificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - 60000),
    notAfter: new Date(Date.now() + 86400000),
    keys,
    signingAlgorithm: alg,
    extensions: san ? [new x509.SubjectAlternativeNameExtension(san)] : [],
  });
  return new X509Certificate(cert.toString('pem'));
}

describe('cert-dist-hostname', () => {
  const dirs = tempDirs();

  it('judges host names as OTP does: equal DNS entries only, CN only without a subjectAltName', async () => {
    const ipOnly = await certificate('emqx@127.0.0.1', [{ type: 'ip', value: '127.0.0.1' }]);
    assert.equal(distHostMatches(ipOnly, '127.0.0.1'), false, 'an IP entry does not count');
    const both = await certificate('x', [
      { type: 'dns', value: '127.0.0.1' },
      { type: 'ip', value: '127.0.0.1' },
    ]);
    assert.equal(distHostMatches(both, '127.0.0.1'), true);
    const dns = await certificate('x', [{ type: 'dns', value: 'Node1.Example.com' }]);
    assert.equal(distHostMatches(dns, 'node1.example.COM'), true, 'ASCII case is ignored');
    assert.equal(distHostMatches(dns, 'node2.example.com'), false);
    const wildcard = await certificate('x', [{ type: 'dns', value: '*.example.com' }]);
    assert.equal(distHostMatches(wildcard, 'node1.example.com'), false, 'no wildcards in dNSName entries');
    const cnOnly = await certificate('node1.example.com', undefined);
    assert.equal(distHostMatches(cnOnly, 'node1.example.com'), true, 'the CN without a subjectAltName');
    assert.equal(distHostMatches(await certificate('127.0.0.1', undefined), '127.0.0.1'), false, 'never the CN for an address');
    assert.equal(distHostMatches(await certificate('*.example.com', undefined), 'node1.example.com'), true, 'a CN wildcard in the first label');
  });

  async function setup(nodeNameLine: string | undefined, certNode: string): Promise<{ dir: string; uri: string; text: string }> {
    const dir = dirs.make();
    const bundle = await generateClusterCertificates({ nodes: [certNode], keyType: 'ec' });
    fs.writeFileSync(path.join(dir, 'cert.pem'), bundle.nodes[0].certificatePem);
    fs.writeFileSync(path.join(dir, 'key.pem'), bundle.nodes[0].privateKeyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'cacert.pem'), bundle.ca.certificatePem);
    const files = (d: string) => `{certfile, "${d}/cert.pem"}, {keyfile, "${d}/key.pem"}, {cacertfile, "${d}/cacert.pem"}`;
    fs.writeFileSync(path.join(dir, 'ssl_dist.conf'), `[{server, [${files(dir)}, {verify, verify_peer}, {fail_if_no_peer_cert, true}]},\n {client, [${files(dir)}, {verify, verify_peer}]}].\n`);
    const text = [...(nodeNameLine ? [nodeNameLine] : []), 'cluster.proto_dist = inet_tls', ''].join('\n');
    const confPath = path.join(dir, 'emqx.conf');
    fs.writeFileSync(confPath, text);
    return { dir, uri: pathToFileURL(confPath).toString(), text };
  }

  function findings(uri: string, text: string, trusted = true) {
    return analyzeDocument({ uri, text, reader: nodeFileReader(), trusted, settings: {} }).findings.filter((f) => f.ruleId === 'cert-dist-hostname');
  }

  it('says nothing about generated certificates, for an IP-named and a DNS-named node', async () => {
    for (const name of ['emqx@127.0.0.1', 'emqx@node1.example.com']) {
      const { uri, text } = await setup(`node.name = "${name}"`, name);
      assert.deepEqual(findings(uri, text), [], name);
    }
  });

  it('reports on node.name a certificate made for another host, with the certificate as related', async () => {
    const { dir, uri, text } = await setup('node.name = "emqx@10.0.0.1"', 'emqx@10.0.0.2');
    const [f, ...rest] = findings(uri, text);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), '"emqx@10.0.0.1"');
    assert.equal(f.keyPath, 'node.name');
    assert.ok(f.message.includes(`${dir}/cert.pem`) && f.message.includes('no DNS name "10.0.0.1"'), f.message);
    assert.match(f.message, /hostname_check_failed/);
    assert.equal(f.related?.[0].location.uri, pathToFileURL(path.join(dir, 'ssl_dist.conf')).toString());
  });

  it("without node.name judges EMQX's default emqx@127.0.0.1 and reports on cluster.proto_dist", async () => {
    const { uri, text } = await setup(undefined, 'emqx@node1.example.com');
    const [f] = findings(uri, text);
    assert.ok(f, 'a finding');
    assert.equal(covered(text, f), 'inet_tls');
    assert.ok(f.message.includes('"127.0.0.1"'), f.message);
  });

  it('says nothing in an untrusted workspace or with TCP distribution', async () => {
    const { uri, text } = await setup('node.name = "emqx@10.0.0.1"', 'emqx@10.0.0.2');
    assert.deepEqual(findings(uri, text, false), []);
    assert.deepEqual(findings(uri, text.replace('inet_tls', 'inet_tcp')), []);
  });
});
