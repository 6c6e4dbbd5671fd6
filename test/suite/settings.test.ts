import { strict as assert } from 'assert';
import { diagnostic, open, ours, setSetting, waitFor, withCode } from './helpers';

describe('settings take effect without a restart', () => {
  afterEach(async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'rules', undefined);
    await setSetting(doc.uri, 'enable', undefined);
  });

  it('turns one rule off with emqxClusterSecurity.rules and back on', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'cookie-default');
    await setSetting(doc.uri, 'rules', { 'cookie-default': 'off' });
    await waitFor('cookie-default to be switched off', () => withCode(doc.uri, 'cookie-default').length === 0);
    assert.ok(withCode(doc.uri, 'rpc-plaintext').length > 0, 'other rules still run');
    await setSetting(doc.uri, 'rules', undefined);
    await diagnostic(doc.uri, 'cookie-default');
  });

  it('raises a rule to error with emqxClusterSecurity.rules', async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'rules', { 'rpc-plaintext': 'error' });
    await waitFor('rpc-plaintext as an error', () => withCode(doc.uri, 'rpc-plaintext').find((d) => d.severity === 0));
  });

  it('stops all checks with emqxClusterSecurity.enable = false', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'rpc-plaintext');
    await setSetting(doc.uri, 'enable', false);
    await waitFor('all diagnostics to clear', () => ours(doc.uri).length === 0);
    await setSetting(doc.uri, 'enable', undefined);
    await diagnostic(doc.uri, 'rpc-plaintext');
  });
});
