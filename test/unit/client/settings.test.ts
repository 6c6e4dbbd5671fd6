import { strict as assert } from 'assert';
import { expandVariables, InspectedSetting, isSetByUser, PROJECT_FILE_GLOB, resolveSettings, SECTION, SERVER_SETTING_KEYS, userSettings } from '../../../client/src/settings';
import { PROJECT_FILE_NAME } from '../../../server/src/projectFile';
import { SETTING_KEYS } from '../../../server/src/settings';

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

describe('client: which settings reach the server', () => {
  it('sends only what the user set, so the project file applies where they did not', () => {
    const inspected: Record<string, InspectedSetting> = {
      enable: {},
      emqxVersion: { workspaceValue: '7.0' },
      docker: { globalValue: false },
      rules: { workspaceFolderLanguageValue: { 'cookie-weak': 'off' } },
      includeDirs: {},
    };
    const values: Record<string, unknown> = { enable: true, emqxVersion: '7.0', docker: false, rules: { 'cookie-weak': 'off' }, includeDirs: [], pathMappings: {} };
    assert.deepEqual(
      userSettings(
        (k) => inspected[k],
        (k) => values[k],
      ),
      { emqxVersion: '7.0', docker: false, rules: { 'cookie-weak': 'off' } },
    );
    assert.equal(isSetByUser(undefined), false);
  });

  it('knows the same settings as the manifest and the server, and the server project file name', () => {
    const pkg = require('../../../package.json') as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const declared = Object.keys(pkg.contributes.configuration.properties)
      .map((k) => k.slice(`${SECTION}.`.length))
      // Read by the client only.
      .filter((k) => k !== 'trace.server' && k !== 'checkWorkspaceOnStart');
    assert.deepEqual([...SERVER_SETTING_KEYS].sort(), declared.sort());
    assert.deepEqual([...SERVER_SETTING_KEYS].sort(), SETTING_KEYS.filter((k) => k !== 'ignore').sort());
    assert.equal(PROJECT_FILE_GLOB, PROJECT_FILE_NAME);
  });
});
