import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createClusterProvider } from '../../../server/src/ide/cluster';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';

/**
 * A finding about a variable a compose file sets (a default cookie) is shown in
 * the config the file deploys at the section of its key, not on line 1, where
 * an empty range is widened to the comment marker `##` of the examples' header.
 */
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'docker');
const DIR = '/ws/docker';
const CONF = `${DIR}/etc/emqx.conf`;

function diagnosticsOf(text: string) {
  const files: Record<string, string> = { [CONF]: text, [`${DIR}/docker-compose.yml`]: fs.readFileSync(path.join(EXAMPLE, 'docker-compose.yml'), 'utf8') };
  const service = new LanguageService({ engine: defaultEngine });
  service.index.addProvider(createClusterProvider({ listConfigsNear: () => [] }));
  const a = service.analyze({ uri: `file://${CONF}`, path: CONF, version: 1, text, settings: DEFAULT_SETTINGS, reader: memoryReader(files), trusted: true });
  return service.diagnostics(a);
}

describe('ide: findings set by a deployment file, shown in the config', () => {
  it('the Docker example: the compose cookie findings sit on `node`, not on the comment of line 1', () => {
    const text = fs.readFileSync(path.join(EXAMPLE, 'etc', 'emqx.conf'), 'utf8');
    const cookie = diagnosticsOf(text).filter((d) => d.code === 'cookie-default');
    assert.ok(cookie.length > 0, 'no cookie-default from docker-compose.yml');
    const nodeLine = text.split('\n').findIndex((l) => /^node\s*\{/.test(l));
    for (const d of cookie) {
      assert.deepEqual(d.range, { start: { line: nodeLine, character: 0 }, end: { line: nodeLine, character: 4 } });
      assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('docker-compose.yml')));
    }
  });

  it('a config without a node section: the first line that is not a comment', () => {
    const text = '# header\n\n// more\ncluster.discovery_strategy = static\n';
    const cookie = diagnosticsOf(text).filter((d) => d.code === 'cookie-default');
    assert.ok(cookie.length > 0);
    for (const d of cookie) assert.deepEqual(d.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 35 } });
  });
});
