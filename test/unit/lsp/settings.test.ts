import * as assert from 'node:assert/strict';
import { parseSettings, sectionOf } from '../../../server/src/settings';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';

describe('lsp: settings', () => {
  it('reads every emqxClusterSecurity setting and expands ${workspaceFolder}', () => {
    const s = parseSettings(
      {
        enable: false,
        emqxVersion: '4.4',
        docker: true,
        rules: { 'cookie-weak': 'off', 'rpc-plaintext': 'Error', 'dist-plaintext': 'warn' },
        includeDirs: ['${workspaceFolder}/data/configs', 'extra'],
        pathMappings: { '/etc/emqx': '${workspaceFolder}/etc' },
      },
      '/ws',
    );
    assert.deepEqual(s, {
      enable: false,
      emqxVersion: '4.4',
      docker: true,
      rules: { 'cookie-weak': 'off', 'rpc-plaintext': 'error', 'dist-plaintext': 'warning' },
      includeDirs: ['/ws/data/configs', '/ws/extra'],
      pathMappings: { '/etc/emqx': '/ws/etc' },
    });
  });

  it('falls back to the default for a wrong value and says which setting was wrong', () => {
    const warnings: string[] = [];
    const s = parseSettings({ enable: 'yes', emqxVersion: 'latest', rules: { 'cookie-weak': 'loud' }, includeDirs: 'data' }, undefined, (m) => warnings.push(m));
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, rules: {} });
    assert.equal(warnings.length, 4);
    assert.ok(warnings.some((w) => w.includes('cookie-weak')));
  });

  it('null, undefined or a non-object gives the defaults', () => {
    assert.deepEqual(parseSettings(null), DEFAULT_SETTINGS);
    assert.deepEqual(parseSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(parseSettings(42), DEFAULT_SETTINGS);
  });

  it('finds the section in the shapes clients push', () => {
    assert.deepEqual(sectionOf({ emqxClusterSecurity: { docker: true } }), { docker: true });
    assert.deepEqual(sectionOf({ 'emqxClusterSecurity.docker': true, other: 1 }), { docker: true });
    assert.deepEqual(sectionOf({ docker: true }), { docker: true });
  });
});
