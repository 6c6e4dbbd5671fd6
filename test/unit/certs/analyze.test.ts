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
import { applyTextEdits, tlsConfigEdits } from '../../../server/src/certs/configEdit';
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
    assert.deepEqual(clean.map((f) => `${f.ruleId}: ${f.message}`), []);

    const sslDistUri = pathToFileURL(path.join(dir, 'ssl_dist.conf')).toString();
    const sslDistText = fs.readFileSync(path.join(dir, 'ssl_dist.conf'), 'utf8');
    const sslDist = analyze(sslDistText, sslDistUri);
    assert.equal(sslDist.dialect, 'ssl-dist');
    assert.deepEqual(sslDist.findings.map((f) => `${f.ruleId}: ${f.message}`), []);

    const otherKey = plan.nodes[1].configPaths.keyfile;
    const swapped = text.replace(JSON.stringify(node.configPaths.keyfile), JSON.stringify(otherKey));
    const findings = analyze(swapped).findings.filter((f) => f.ruleId.startsWith('cert-'));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['cert-key-mismatch', 'error']]);
    assert.equal(covered(swapped, findings[0]), JSON.stringify(otherKey));
  });
});
