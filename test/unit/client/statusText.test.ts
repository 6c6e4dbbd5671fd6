import * as assert from 'node:assert/strict';
import { statusLabel } from '../../../client/src/statusText';

describe('client: status bar text', () => {
  it('shows the version checked against, the trust state, and marks the default', () => {
    assert.deepEqual(statusLabel({ enabled: true, dialect: 'hocon', emqxVersion: '5.8.0', versionSource: 'setting' }, true), { text: '$(shield) EMQX 5.8', version: '5.8' });
    assert.deepEqual(statusLabel({ enabled: true, dialect: 'hocon', emqxVersion: '5.3.1', versionSource: 'detected' }, false), { text: '$(workspace-untrusted) EMQX 5.3.1', version: '5.3.1' });
    assert.equal(statusLabel({ enabled: true, dialect: 'hocon', emqxVersion: '5.8.0', versionSource: 'default' }, true).text, '$(shield) EMQX 5.8?');
  });
});
