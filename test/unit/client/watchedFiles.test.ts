/**
 * The client's file watcher covers every file the server reads besides the
 * open document: a change on disk to any of them must reach the server, which
 * checks the open documents again. The glob is matched as a watcher glob
 * (`**`, `{a,b}`, `*`) against the names the server itself recognises.
 */
import { strict as assert } from 'assert';
import { WATCHED_FILES } from '../../../client/src/watchedFiles';
import { globToRegExp } from '../../../server/src/cli/files';
import { isEmqxConfigName } from '../../../server/src/clusterFiles';
import { isDeploymentCandidateName } from '../../../server/src/deploy/read';
import { isDockerfileName } from '../../../server/src/deploy/dockerfile';
import { PROJECT_FILE_NAME } from '../../../server/src/projectFile';

const watched = globToRegExp(WATCHED_FILES);

describe('client: watched files', () => {
  it('every Dockerfile name the server reads as a deployment file, at the root and in folders', () => {
    const names: string[] = [];
    for (const stem of ['Dockerfile', 'dockerfile']) {
      for (const suffix of ['', '.prod', '-emqx', '.5.8.6', '.emqx-node_1']) names.push(stem + suffix);
      for (const prefix of ['emqx', 'node-1', 'cluster.emqx']) names.push(`${prefix}.${stem}`);
    }
    for (const name of names) {
      assert.ok(isDockerfileName(name) && isDeploymentCandidateName(name), `the server reads ${name}`);
      for (const p of [name, `docker/${name}`, `deploy/emqx/${name}`]) assert.ok(watched.test(p), `${p} is not watched`);
    }
  });

  it('configs, included files, ssl_dist.conf, env files, certificates, YAML deployments and the project file', () => {
    for (const p of [
      'emqx.conf',
      'etc/emqx.conf',
      'node1-emqx.conf',
      'data/configs/cluster.hocon',
      'etc/ssl_dist.conf',
      'secrets.conf',
      '.env',
      'certs/ca.pem',
      'certs/node.crt',
      'certs/node.key',
      'docker-compose.yml',
      'k8s/emqx.yaml',
      PROJECT_FILE_NAME,
    ]) {
      assert.ok(watched.test(p), `${p} is not watched`);
    }
    assert.ok(isEmqxConfigName('node1-emqx.conf') && isEmqxConfigName('cluster.hocon'));
  });

  it('not every file of the workspace', () => {
    for (const p of ['src/index.ts', 'README.md', 'Dockerfiles/notes.txt', 'package.json', 'mydockerfile.txt']) assert.ok(!watched.test(p), `${p} is watched`);
  });
});
