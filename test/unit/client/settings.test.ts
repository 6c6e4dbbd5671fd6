import { strict as assert } from 'assert';
import { expandVariables, resolveSettings } from '../../../client/src/settings';

describe('client settings sent to the server', () => {
  const ctx = {
    workspaceFolder: '/home/ops/cluster',
    workspaceFolders: { cluster: '/home/ops/cluster', certs: '/srv/certs' },
    userHome: '/home/ops',
  };

  it('expands ${workspaceFolder}, ${workspaceFolder:name} and ${userHome}', () => {
    assert.equal(expandVariables('${workspaceFolder}/etc', ctx), '/home/ops/cluster/etc');
    assert.equal(expandVariables('${workspaceFolder:certs}/ca.pem', ctx), '/srv/certs/ca.pem');
    assert.equal(expandVariables('${userHome}/.emqx', ctx), '/home/ops/.emqx');
  });

  it('leaves a variable it cannot resolve as written, never guessing a folder', () => {
    assert.equal(expandVariables('${workspaceFolder}/etc', {}), '${workspaceFolder}/etc');
    assert.equal(expandVariables('${workspaceFolder:nope}/etc', ctx), '${workspaceFolder:nope}/etc');
    assert.equal(expandVariables('${env:HOME}/etc', ctx), '${env:HOME}/etc');
  });

  it('resolves includeDirs and pathMappings and keeps the other settings untouched', () => {
    const settings = {
      enable: true,
      emqxVersion: '5.8',
      rules: { 'cookie-weak': 'off' },
      includeDirs: ['${workspaceFolder}/data/configs', 7],
      pathMappings: { '/etc/emqx': '${workspaceFolder}/etc', '/opt/bad': 3 },
      trace: { server: 'off' },
    };
    assert.deepEqual(resolveSettings(settings, ctx), {
      enable: true,
      emqxVersion: '5.8',
      rules: { 'cookie-weak': 'off' },
      includeDirs: ['/home/ops/cluster/data/configs'],
      pathMappings: { '/etc/emqx': '/home/ops/cluster/etc' },
      trace: { server: 'off' },
    });
  });

  it('replaces path settings of the wrong type with empty values', () => {
    assert.deepEqual(resolveSettings({ includeDirs: 'data', pathMappings: ['x'] }, ctx), { includeDirs: [], pathMappings: {} });
    assert.equal(resolveSettings(null, ctx), null);
  });
});
