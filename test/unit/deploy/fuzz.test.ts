/**
 * Deployment files under mutation: whatever bytes a YAML file holds, reading
 * it and checking it never throws, and the time grows with the size, not
 * faster. Mutations are seeded, so a failure repeats.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { readDeployment } from '../../../server/src/deploy/read';
import { noFiles } from '../../../server/src/io';
import { DEPLOY_FIXTURES, checkText } from './harness';

const SEEDS = [
  'compose-default-cookie/docker-compose.yml',
  'compose-env/docker-compose.yml',
  'statefulset/emqx.yaml',
  'helm-values/values.yaml',
  'operator/emqx.yaml',
  'operator-v1beta4/emqx.yaml',
  'compose-ports-remote/docker-compose.yml',
  'compose-ports-published/docker-compose.yml',
  'compose-ports-one-network/docker-compose.yml',
].map((f) => fs.readFileSync(path.join(DEPLOY_FIXTURES, f), 'utf8'));
const PIECES = [
  '\n',
  ' ',
  '  ',
  ':',
  '- ',
  '&a ',
  '*a',
  '<<: *a\n',
  '"',
  "'",
  '|\n',
  '{',
  '}',
  '[',
  ']',
  '${X}',
  '${X:-d}',
  '$(POD_NAME)',
  '{{ .Values.x }}',
  '#',
  '\t',
  '\r\n',
  '\u0000',
  'EMQX_NODE__COOKIE=',
  'value: ',
  'replicas: 99999\n',
  '---\n',
  'ports:\n',
  '"127.0.0.1:4370-4380:4370-4380/tcp"',
  'network_mode: host\n',
  'networks:\n',
  'external: true\n',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(text: string, r: () => number): string {
  let t = text;
  for (let k = 1 + Math.floor(r() * 4); k > 0; k--) {
    const at = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.4) t = t.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + t.slice(at);
    else if (op < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 20));
    else {
      const from = Math.floor(r() * t.length);
      t = t.slice(0, at) + t.slice(from, from + Math.floor(r() * 80)) + t.slice(at);
    }
  }
  return t;
}

describe('deploy: mutated YAML never breaks the readers or the check', function () {
  this.timeout(120000);

  it('250 seeded mutations of the fixtures: no exception, every finding inside the file', () => {
    const r = rng(20261204);
    let located = 0;
    for (let i = 0; i < 250; i++) {
      const text = mutate(SEEDS[i % SEEDS.length], r);
      const file = i % 2 === 0 ? '/f/docker-compose.yml' : '/f/emqx.yaml';
      const lines = text.split('\n').length;
      try {
        readDeployment(file, text, noFiles, true);
        const run = checkText(file, text, { '/f/.env': 'X=emqxsecretcookie\n' });
        for (const f of run.findings) {
          if (!f.location.uri.endsWith(file)) continue;
          located++;
          assert.ok(f.location.range.start.line >= 0 && f.location.range.end.line < lines, `mutation ${i}: ${f.ruleId} at line ${f.location.range.start.line}`);
        }
      } catch (e) {
        assert.fail(`mutation ${i} threw: ${e instanceof Error ? e.stack : String(e)}\n---\n${text}`);
      }
    }
    assert.ok(located > 250, `${located} findings in the mutated files`);
  });

  it('time grows linearly: a compose file of 50 and of 200 services', () => {
    const compose = (n: number): string =>
      'services:\n' +
      Array.from(
        { length: n },
        (_, i) => `  emqx${i}:\n    image: emqx/emqx:5.8.6\n    environment:\n      EMQX_NODE__NAME: emqx${i}@10.0.${i >> 8}.${i & 255}\n      EMQX_NODE__COOKIE: "Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE"\n`,
      ).join('');
    const time = (n: number): number => {
      const text = compose(n);
      let best = Infinity;
      for (let k = 0; k < 2; k++) {
        // CPU time, not wall time: see above.
        const t0 = process.cpuUsage();
        checkText('/c/docker-compose.yml', text);
        const used = process.cpuUsage(t0);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best / n;
    };
    const small = time(50);
    const big = time(200);
    // Per-service time at four times the size: about 1 when linear, about 4 when quadratic.
    assert.ok(big / small < 2.5, `per service: ${small.toFixed(2)} ms at 50, ${big.toFixed(2)} ms at 200`);
  });
});
