import { strict as assert } from 'assert';
import { diagnosticOnLine, lineOf, open, ours } from './helpers';

describe('deployment files in the editor', () => {
  it('shows the default cookie of a docker-compose.yml on its EMQX_NODE__COOKIE line, without claiming the YAML language', async () => {
    const doc = await open('compose/docker-compose.yml');
    // The language stays whatever VS Code or another extension gives it (yaml, dockercompose).
    assert.notEqual(doc.languageId, 'emqx-conf');
    await diagnosticOnLine(doc.uri, 'cookie-default', lineOf(doc, 'EMQX_NODE__COOKIE'));
    assert.ok(!ours(doc.uri).some((d) => /hocon-syntax/.test(String(typeof d.code === 'object' ? d.code.value : d.code))));
  });

  it('leaves YAML files of other kinds alone', async () => {
    const doc = await open('other/workflow.yml');
    // Give the server time to answer for the compose file first, then look: nothing of ours here.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ours(doc.uri), []);
  });
});
