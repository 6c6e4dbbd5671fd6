/**
 * The emqx.conf edit offered after generation: the text the user ends up
 * with, read back by the HOCON engine (the values EMQX would see), the
 * user's layout kept, and a second run changing nothing.
 */
import * as assert from 'node:assert/strict';
import { applyTextEdits, tlsConfigEdits, TlsConfigFiles } from '../../../server/src/certs/configEdit';
import { loadConfigForCerts } from '../../../server/src/certs/configFile';
import { nodeNamesFromConfig, ownNodeName } from '../../../server/src/certs/nodeNames';
import { loadConfig } from '../../../server/src/model/load';
import { noFiles } from '../../../server/src/io';

const URI = 'file:///etc/emqx/emqx.conf';
const FILES: TlsConfigFiles = {
  certfile: '/etc/emqx/certs/cert.pem',
  keyfile: '/etc/emqx/certs/key.pem',
  cacertfile: '/etc/emqx/certs/cacert.pem',
};

function edit(text: string, files: TlsConfigFiles = FILES): string {
  const config = loadConfig({ uri: URI, text, reader: noFiles });
  return applyTextEdits(text, tlsConfigEdits({ uri: URI, text }, config, files));
}

/** What EMQX would read from the edited text, and that editing again changes nothing. */
function assertTls(text: string, protoDist = 'inet_tls', files: TlsConfigFiles = FILES): void {
  const config = loadConfig({ uri: URI, text, reader: noFiles });
  assert.deepEqual(
    config.problems.filter((p) => p.severity === 'error'),
    [],
  );
  const protocol = config.get('rpc.protocol') ?? config.get('rpc.driver');
  assert.equal(protocol?.value, 'ssl');
  assert.equal(config.get('rpc.certfile')?.value, files.certfile);
  assert.equal(config.get('rpc.keyfile')?.value, files.keyfile);
  assert.equal(config.get('rpc.cacertfile')?.value, files.cacertfile);
  assert.equal(config.get('cluster.proto_dist')?.value, protoDist);
  assert.deepEqual(tlsConfigEdits({ uri: URI, text }, config, files), []);
}

describe('certs: switching emqx.conf to TLS', () => {
  it('adds an rpc block and cluster.proto_dist at the end of a file that has neither', () => {
    const before = 'node {\n  name = "emqx@node1.example.com"\n  cookie = "a-long-random-cookie-value"\n}\n';
    const after = edit(before);
    assert.equal(
      after,
      before +
        '\nrpc {\n  protocol = ssl\n  certfile = "/etc/emqx/certs/cert.pem"\n  keyfile = "/etc/emqx/certs/key.pem"\n  cacertfile = "/etc/emqx/certs/cacert.pem"\n}\ncluster.proto_dist = inet_tls\n',
    );
    assertTls(after);
  });

  it('edits inside the existing rpc and cluster blocks, with their indentation, and replaces values in place', () => {
    const before = [
      'cluster {',
      '    name = emqxcl',
      '    discovery_strategy = static',
      '    static {',
      '        seeds = ["emqx@node1.example.com", "emqx@node2.example.com"]',
      '    }',
      '}',
      'rpc {',
      '    mode = async   # keep this comment',
      '    protocol = tcp',
      '}',
      '',
    ].join('\n');
    const after = edit(before);
    assert.equal(
      after,
      [
        'cluster {',
        '    name = emqxcl',
        '    discovery_strategy = static',
        '    proto_dist = inet_tls',
        '    static {',
        '        seeds = ["emqx@node1.example.com", "emqx@node2.example.com"]',
        '    }',
        '}',
        'rpc {',
        '    mode = async   # keep this comment',
        '    protocol = ssl',
        '    certfile = "/etc/emqx/certs/cert.pem"',
        '    keyfile = "/etc/emqx/certs/key.pem"',
        '    cacertfile = "/etc/emqx/certs/cacert.pem"',
        '}',
        '',
      ].join('\n'),
    );
    assertTls(after);
  });

  it('replaces dotted keys where they are, keeps inet6, and follows the rpc.driver alias', () => {
    const before = 'rpc.driver = tcp\nrpc.certfile = "/old/cert.pem"\ncluster.proto_dist = inet6_tcp\n';
    const after = edit(before);
    assert.match(after, /^rpc\.driver = ssl\nrpc\.certfile = "\/etc\/emqx\/certs\/cert\.pem"\ncluster\.proto_dist = inet6_tls\n/);
    assert.doesNotMatch(after, /protocol/);
    assertTls(after, 'inet6_tls');
  });

  it('keeps CRLF line ends and a file without a final newline', () => {
    const before = 'node.name = "emqx@n1.example.com"\r\nrpc {\r\n  mode = async\r\n}';
    const after = edit(before);
    assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/);
    assert.ok(after.startsWith('node.name = "emqx@n1.example.com"\r\nrpc {\r\n  mode = async\r\n  protocol = ssl\r\n'));
    assertTls(after);
  });

  it('quotes Windows paths the way HOCON reads them back', () => {
    const files = { certfile: 'C:\\emqx\\certs\\cert.pem', keyfile: 'C:\\emqx\\certs\\key.pem', cacertfile: 'C:\\emqx\\certs\\cacert.pem' };
    assertTls(edit('rpc { protocol = tcp }\n', files), 'inet_tls', files);
  });

  it('changes nothing in a file that already says all of it', () => {
    const done = edit('');
    assertTls(done);
    assert.equal(edit(done), done);
  });
});

describe('certs: node names from the open config', () => {
  it('takes node.name, then the static seeds (array or comma-separated), skipping names EMQX refuses', () => {
    const hocon = loadConfigForCerts(URI, 'node.name = "emqx@node1.example.com"\ncluster.static.seeds = ["emqx@node1.example.com", "emqx@node2.example.com", "bad.name@x"]\n');
    assert.equal(hocon.dialect, 'hocon');
    assert.deepEqual(nodeNamesFromConfig(hocon.config), ['emqx@node1.example.com', 'emqx@node2.example.com']);
    assert.equal(ownNodeName(hocon.config), 'emqx@node1.example.com');
    const flat = loadConfigForCerts(URI, 'node.name = emqx@10.0.0.1\ncluster.discovery = static\ncluster.static.seeds = emqx@10.0.0.1,emqx@10.0.0.2\n');
    assert.equal(flat.dialect, 'cuttlefish');
    assert.deepEqual(nodeNamesFromConfig(flat.config), ['emqx@10.0.0.1', 'emqx@10.0.0.2']);
  });
});
