/**
 * One judgement of the cookie wherever it comes from: a cookie with a space
 * is cookie-invalid in emqx.conf, and equally when `.env`, docker-compose or
 * a Kubernetes manifest sets EMQX_NODE__COOKIE to it. bin/emqx passes the
 * variable's raw text to the VM (read as HOCON, an unquoted `abc def` would
 * be `abcdef`), so that raw text is what is judged, and the finding points
 * at the value where it is written.
 */
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../../server/src/io';
import { checkFiles } from '../../../server/src/cli/check';
import { Finding } from '../../../server/src/rules/types';

const COOKIE = 'abc def ghi jkl mno pqr stu vwx yz12';
const OPTIONS: Parameters<typeof checkFiles>[1] = { severities: {}, docker: false, includeDirs: [], envFiles: [], composeFiles: [], kubernetesFiles: [], discover: false, emqxVersion: 'auto' };

function invalid(findings: Finding[]): Array<[string, number, number, string]> {
  return findings.filter((f) => f.ruleId === 'cookie-invalid').map((f) => [f.location.uri, f.location.range.start.line, f.location.range.start.character, f.severity]);
}

describe('cookie-invalid: the same judgement from every source', () => {
  const conf = 'node.name = "emqx@127.0.0.1"\nrpc.protocol = ssl\n';

  it('emqx.conf', () => {
    const files = { '/a/etc/emqx.conf': `node.name = "emqx@127.0.0.1"\nnode.cookie = "${COOKIE}"\n` };
    assert.deepEqual(invalid(checkFiles(['/a/etc/emqx.conf'], OPTIONS, memoryReader(files)).findings), [['/a/etc/emqx.conf', 1, 14, 'error']]);
  });

  it('.env, unquoted and quoted', () => {
    for (const line of [`EMQX_NODE__COOKIE=${COOKIE}`, `EMQX_NODE__COOKIE="${COOKIE}"`]) {
      const files = { '/b/etc/emqx.conf': conf, '/b/.env': `${line}\n` };
      const found = invalid(checkFiles(['/b/etc/emqx.conf'], { ...OPTIONS, envFiles: ['/b/.env'] }, memoryReader(files)).findings);
      assert.equal(found.length, 1, line);
      assert.deepEqual(found[0].slice(0, 2), ['/b/.env', 0]);
      assert.equal(found[0][3], 'error');
    }
  });

  it('docker-compose environment', () => {
    const compose = [
      'services:',
      '  emqx:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      `      EMQX_NODE__COOKIE: "${COOKIE}"`,
      '    volumes:',
      '      - ./etc/emqx.conf:/opt/emqx/etc/emqx.conf',
      '',
    ].join('\n');
    const files = { '/c/etc/emqx.conf': conf, '/c/docker-compose.yml': compose };
    const found = invalid(checkFiles(['/c/etc/emqx.conf'], { ...OPTIONS, composeFiles: ['/c/docker-compose.yml'] }, memoryReader(files)).findings);
    assert.deepEqual(
      found.map((f) => f.slice(0, 2)),
      [['/c/docker-compose.yml', 4]],
    );
  });

  it('a Kubernetes manifest', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: emqx}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: emqx',
      '          image: emqx/emqx:5.8.6',
      '          env:',
      `            - {name: EMQX_NODE__COOKIE, value: "${COOKIE}"}`,
      '',
    ].join('\n');
    const files = { '/d/etc/emqx.conf': conf, '/d/emqx.yaml': manifest };
    const found = invalid(checkFiles(['/d/etc/emqx.conf'], { ...OPTIONS, kubernetesFiles: ['/d/emqx.yaml'] }, memoryReader(files)).findings);
    assert.deepEqual(
      found.map((f) => f.slice(0, 2)),
      [['/d/emqx.yaml', 10]],
    );
  });

  it('a good cookie from .env gives no finding, and its value is in no message', () => {
    const good = 'Zq3vN8pL2xW7rT5yK9mB4cH6jF1dS0aG';
    const files = { '/e/etc/emqx.conf': conf, '/e/.env': `EMQX_NODE__COOKIE=${good}\n` };
    const run = checkFiles(['/e/etc/emqx.conf'], { ...OPTIONS, envFiles: ['/e/.env'] }, memoryReader(files));
    assert.deepEqual(invalid(run.findings), []);
    assert.ok(!run.findings.some((f) => f.message.includes(good)));
  });
});
