/**
 * "EMQX: Generate Cluster Certificates" in a real extension host: every
 * prompt answered with Enter (the defaults, node names read from the open
 * config, the files' place on the nodes /etc/emqx/certs/cluster), the files
 * written next to the config, then the offered emqx.conf update applied from
 * the notification as one edit that a single undo takes back, with the
 * node's ssl_dist.conf put beside the config; afterwards the config has no
 * TLS finding left. The quick fix of rpc-tls-files-missing runs the same command.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { X509Certificate } from 'crypto';
import * as vscode from 'vscode';
import { codeActions, diagnostic, open, revert, waitFor, withCode } from './helpers';

const COMMAND = 'emqxClusterSecurity.generateCertificates';

describe('command: Generate Cluster Certificates', () => {
  it('writes the CA and the node files with the defaults, then updates emqx.conf as one undoable edit', async () => {
    const doc = await open('certs-gen/emqx.conf');
    const original = doc.getText();
    const certs = path.join(path.dirname(doc.uri.fsPath), 'certs');
    fs.rmSync(certs, { recursive: true, force: true });
    const node1 = path.join(certs, 'emqx1@node1.example.com');
    const node2 = path.join(certs, 'emqx2@node2.example.com');
    const sslDistBeside = path.join(path.dirname(doc.uri.fsPath), 'ssl_dist.conf');
    fs.rmSync(sslDistBeside, { force: true });
    try {
      // The rpc-tls-files-missing quick fix leads to the command.
      const d = await diagnostic(doc.uri, 'rpc-tls-files-missing');
      const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const generate = actions.find((a) => a.command?.command === COMMAND);
      assert.ok(generate?.command, `no certificate generation among: ${actions.map((a) => a.title).join(' | ')}`);

      // Not awaited: the command ends only when its final notification is answered.
      void vscode.commands.executeCommand(generate.command.command, ...(generate.command.arguments ?? []));
      // Six prompts come one after another; Enter on each takes the default.
      await waitFor(
        'the generated node files',
        async () => {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return fs.existsSync(path.join(node2, 'ssl_dist.conf'));
        },
        60000,
      );

      const ca = new X509Certificate(fs.readFileSync(path.join(certs, 'ca', 'ca.pem')));
      for (const [folder, host] of [
        [node1, 'node1.example.com'],
        [node2, 'node2.example.com'],
      ]) {
        const cert = new X509Certificate(fs.readFileSync(path.join(folder, 'cert.pem')));
        assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), `${folder} is signed by the CA`);
        assert.equal(cert.checkHost(host), host);
        assert.equal(fs.statSync(path.join(folder, 'key.pem')).mode & 0o777, 0o600);
        assert.deepEqual(fs.readdirSync(folder).sort(), ['cacert.pem', 'cert.pem', 'key.pem', 'ssl_dist.conf']);
      }
      assert.equal(fs.statSync(path.join(certs, 'ca', 'ca.key')).mode & 0o777, 0o600);
      assert.match(fs.readFileSync(path.join(node1, 'ssl_dist.conf'), 'utf8'), /\{fail_if_no_peer_cert, true\}/);
      // The node's paths, never this machine's.
      assert.match(fs.readFileSync(path.join(node1, 'ssl_dist.conf'), 'utf8'), /\{certfile, "\/etc\/emqx\/certs\/cluster\/cert\.pem"\}/);

      // "Update emqx.conf" is the notification's first button.
      await waitFor(
        'the emqx.conf update',
        async () => {
          await vscode.commands.executeCommand('notification.acceptPrimaryAction');
          return doc.getText().includes('certfile');
        },
        30000,
      );
      const text = doc.getText();
      assert.ok(text.includes('  certfile = "/etc/emqx/certs/cluster/cert.pem"'), text);
      assert.ok(text.includes('  keyfile = "/etc/emqx/certs/cluster/key.pem"'), text);
      assert.ok(text.includes('  cacertfile = "/etc/emqx/certs/cluster/cacert.pem"'), text);
      assert.ok(!text.includes(certs), 'no path of this machine in the config');
      assert.ok(text.includes('  proto_dist = inet_tls'), text);
      // EMQX reads etc/ssl_dist.conf beside emqx.conf: the node's own is there now.
      await waitFor('ssl_dist.conf beside the config', () => fs.existsSync(sslDistBeside), 10000);
      assert.equal(fs.readFileSync(sslDistBeside, 'utf8'), fs.readFileSync(path.join(node1, 'ssl_dist.conf'), 'utf8'));
      // Only lines were added: without them the file is what it was.
      const added = /^\s*(certfile|keyfile|cacertfile|proto_dist) = /;
      assert.equal(
        text
          .split('\n')
          .filter((l) => !added.test(l))
          .join('\n'),
        original,
      );
      await waitFor('rpc-tls-files-missing to go away', () => withCode(doc.uri, 'rpc-tls-files-missing').length === 0);
      // No TLS finding the flow could have avoided is left (dist-tls-without-ssl-dist, dist-plaintext, ssl-dist-*).
      await waitFor('no TLS findings', () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .every((d) => !/^(rpc-plaintext|rpc-tls-files-missing|dist-plaintext|dist-tls-without-ssl-dist|ssl-dist-|cert-)/.test(String(typeof d.code === 'object' ? d.code.value : d.code))),
      );

      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'one undo takes the whole edit back');
    } finally {
      await revert(doc);
      fs.rmSync(certs, { recursive: true, force: true });
      fs.rmSync(sslDistBeside, { force: true });
    }
  });
});
