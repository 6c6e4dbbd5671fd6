/**
 * The whole path a user takes: generate the certificates, let the emqx.conf
 * edit point the config at them, then run the real analysis (every rule,
 * the real file reader, trusted) on the config and on the generated
 * ssl_dist.conf. The result must be free of TLS findings; a broken file
 * must show up on the value the user wrote.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateClusterCertificates } from '../../../server/src/certs/generate';
import { planCertificateFiles } from '../../../server/src/certs/layout';
import { writeCertificateFiles } from '../../../server/src/certs/write';
import { applyTextEdits, configTlsUpdate, DEFAULT_INSTALL_DIR, tlsConfigEdits } from '../../../server/src/certs/configEdit';
import { loadConfigForCerts } from '../../../server/src/certs/configFile';
import { analyzeDocument } from '../../../server/src/rules/analyze';
import { nodeFileReader } from '../../../server/src/nodeReader';
import { covered, tempDirs } from './helpers';

const TLS_RULES = /^(cert-|rpc-plaintext|rpc-tls-files-missing|dist-plaintext|dist-tls-without-ssl-dist|ssl-dist-)/;

describe('certs: generated files pass the checks end to end', () => {
  const dirs = tempDirs();

  it('a config switched to the generated files has no TLS findings, and a swapped key is reported on its value', async () => {
    const dir = dirs.make();
    const confPath = path.join(dir, 'emqx.conf');
    const original = [
      'node {',
      '  name = "emqx@node1.example.com"',
      '  cookie = "Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG"',
      '}',
      'cluster {',
      '  discovery_strategy = static',
      '  static.seeds = ["emqx@node1.example.com", "emqx@node2.example.com"]',
      '}',
      'rpc {',
      '  insecure_fallback = false',
      '}',
      '',
    ].join('\n');
    const uri = pathToFileURL(confPath).toString();
    const bundle = await generateClusterCertificates({ nodes: ['emqx@node1.example.com', 'emqx@node2.example.com'], keyType: 'ec' });
    const plan = planCertificateFiles(bundle, path.join(dir, 'certs'));
    writeCertificateFiles(plan);
    const node = plan.nodes[0];
    const loaded = loadConfigForCerts(uri, original);
    const text = applyTextEdits(original, tlsConfigEdits({ uri, text: original }, loaded.config, node.configPaths));
    fs.writeFileSync(confPath, text);
    // EMQX reads ssl_dist.conf from its etc folder: put the node's next to the config.
    fs.copyFileSync(node.sslDistPath, path.join(dir, 'ssl_dist.conf'));

    const analyze = (t: string, u = uri) => analyzeDocument({ uri: u, text: t, reader: nodeFileReader(), trusted: true, settings: {} });
    const clean = analyze(text).findings.filter((f) => TLS_RULES.test(f.ruleId));
    assert.deepEqual(
      clean.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );

    const sslDistUri = pathToFileURL(path.join(dir, 'ssl_dist.conf')).toString();
    const sslDistText = fs.readFileSync(path.join(dir, 'ssl_dist.conf'), 'utf8');
    const sslDist = analyze(sslDistText, sslDistUri);
    assert.equal(sslDist.dialect, 'ssl-dist');
    assert.deepEqual(
      sslDist.findings.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );

    const otherKey = plan.nodes[1].configPaths.keyfile;
    const swapped = text.replace(JSON.stringify(node.configPaths.keyfile), JSON.stringify(otherKey));
    const findings = analyze(swapped).findings.filter((f) => f.ruleId.startsWith('cert-'));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['cert-key-mismatch', 'error']],
    );
    assert.equal(covered(swapped, findings[0]), JSON.stringify(otherKey));
  });

  it("the editor flow: node paths in the config, the node's ssl_dist.conf beside it, and no TLS finding left", async () => {
    const dir = dirs.make();
    const confPath = path.join(dir, 'etc', 'emqx.conf');
    fs.mkdirSync(path.dirname(confPath));
    const original = 'node {\n  name = "emqx@127.0.0.1"\n  cookie = "Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG"\n}\nrpc {\n  insecure_fallback = false\n}\n';
    fs.writeFileSync(confPath, original);
    const uri = pathToFileURL(confPath).toString();
    const analyze = (t: string, u = uri) => analyzeDocument({ uri: u, text: t, reader: nodeFileReader(), trusted: true, settings: {} });
    // What the flow sets out to fix.
    assert.ok(analyze(original).findings.some((f) => f.ruleId === 'rpc-plaintext'));

    const bundle = await generateClusterCertificates({ nodes: ['emqx@127.0.0.1'], keyType: 'ec' });
    const plan = planCertificateFiles(bundle, path.join(dir, 'certs'), { installDir: DEFAULT_INSTALL_DIR });
    writeCertificateFiles(plan);
    const update = configTlsUpdate({ uri, text: original }, confPath, loadConfigForCerts(uri, original).config, plan.nodes[0]);
    const text = applyTextEdits(original, update.edits);
    fs.writeFileSync(confPath, text);
    assert.equal(update.sslDist.path, path.join(dir, 'etc', 'ssl_dist.conf'));
    fs.writeFileSync(update.sslDist.path, update.sslDist.content);

    // The node's paths, never where the files were generated.
    assert.ok(text.includes('certfile = "/etc/emqx/certs/cluster/cert.pem"'), text);
    assert.ok(text.includes('proto_dist = inet_tls'), text);
    assert.ok(!text.includes(dir) && !update.sslDist.content.includes(dir), 'no path of this machine');
    assert.match(update.sslDist.content, /\{certfile, "\/etc\/emqx\/certs\/cluster\/cert\.pem"\}/);
    const after = analyze(text).findings.filter((f) => TLS_RULES.test(f.ruleId) || f.ruleId.startsWith('rpc-') || f.ruleId.startsWith('dist-'));
    assert.deepEqual(
      after.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
  });
});
