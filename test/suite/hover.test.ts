import { strict as assert } from 'assert';
import { diagnostic, hoverAt, open, positionOf, setSetting, waitFor } from './helpers';

describe('port hovers', () => {
  after(async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'docker', undefined);
  });

  it('shows the Erlang distribution and RPC ports of node.name', async () => {
    const doc = await open('insecure/emqx.conf');
    await diagnostic(doc.uri, 'cookie-default');
    const text = await hoverAt(doc, positionOf(doc, 'emqx2@10.0.0.2', 2));
    assert.match(text, /4372/, `hover on node.name: ${text}`);
    assert.match(text, /5372/, `hover on node.name: ${text}`);
  });

  it('shows the ports of each cluster.static.seeds entry', async () => {
    const doc = await open('insecure/emqx.conf');
    const text = await hoverAt(doc, positionOf(doc, 'emqx1@10.0.0.1', 2));
    assert.match(text, /4371/, `hover on a seed: ${text}`);
    assert.match(text, /5371/, `hover on a seed: ${text}`);
  });

  it('shows RPC port 5369 once the docker setting is on', async () => {
    const doc = await open('insecure/emqx.conf');
    await setSetting(doc.uri, 'docker', true);
    const text = await waitFor('a hover with the Docker RPC port', async () => {
      const t = await hoverAt(doc, positionOf(doc, 'emqx2@10.0.0.2', 2));
      return /5369/.test(t) ? t : undefined;
    });
    assert.match(text, /4372/, 'the distribution port does not change under Docker');
    assert.doesNotMatch(text, /5372/);
  });
});
