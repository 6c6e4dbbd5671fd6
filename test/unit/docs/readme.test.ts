/**
 * The README is the product page: its rule, settings and command tables must
 * say what the code and the manifest say. These tests fail when they drift.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterRules } from '../../../server/src/cluster/rules';
import { deployRules } from '../../../server/src/deploy/rules';
import { getAllRules } from '../../../server/src/rules';

const ROOT = path.join(__dirname, '..', '..', '..');
const repositoryReadme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The README packaged in the .vsix (vsce --readme-path), shown on the extension's details page. */
const packageReadme = fs.readFileSync(path.join(ROOT, 'README.vsix.md'), 'utf8');
const readme = repositoryReadme;
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Table rows of the section that starts at the given heading. */
function sectionRows(heading: string, text = readme): string[][] {
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(/\n#{1,3} /);
  const body = end >= 0 ? rest.slice(0, end) : rest;
  return body
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe('README', () => {
  it('starts with the two commands that set up, run and test the product', () => {
    const firstBlock = /```bash\n([^]*?)```/.exec(readme);
    assert.ok(firstBlock, 'a bash block');
    assert.match(firstBlock[1], /^npm start\b/m);
    assert.match(firstBlock[1], /^npm test\b/m);
    assert.ok(readme.indexOf('npm start') < readme.indexOf('## '), 'the commands come before the first section');
  });

  it('lists every rule, with its default severity and page, and no rule that does not exist', () => {
    const rows = sectionRows('## Rules').slice(1);
    const listed = new Map(rows.map((r) => [/`([a-z0-9-]+)`/.exec(r[0])?.[1] ?? r[0], r]));
    const rules = [...getAllRules(), ...clusterRules, ...deployRules];
    for (const rule of rules) {
      const row = listed.get(rule.id);
      assert.ok(row, `README lists ${rule.id}`);
      assert.equal(row[1], rule.defaultSeverity, `default severity of ${rule.id}`);
      assert.ok(row[0].includes(`docs/rules/${rule.id}.md`), `${rule.id} links its page`);
      assert.ok(fs.existsSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md exists`);
    }
    const ids = new Set(rules.map((r) => r.id));
    for (const id of listed.keys()) assert.ok(ids.has(id), `README lists ${id}, which is no rule`);
  });

  for (const [name, text] of [
    ['README.md', repositoryReadme],
    ['README.vsix.md', packageReadme],
  ] as const) {
    describe(name, () => {
      it('documents every setting of the manifest with its default, and no other', () => {
        const props: Record<string, { default: unknown }> =
          manifest.contributes.configuration.properties ?? Object.assign({}, ...manifest.contributes.configuration.map((c: { properties: object }) => c.properties));
        const rows = sectionRows('## Settings', text).slice(1);
        const listed = new Map(rows.map((r) => [r[0].replace(/`/g, ''), r]));
        for (const [key, spec] of Object.entries(props)) {
          const row = listed.get(key);
          assert.ok(row, `README documents ${key}`);
          assert.equal(row[1].replace(/^`|`$/g, ''), JSON.stringify(spec.default), `default of ${key}`);
        }
        for (const key of listed.keys()) assert.ok(key in props, `README documents ${key}, which the manifest lacks`);
      });

      it('documents every command of the manifest', () => {
        for (const c of manifest.contributes.commands as Array<{ command: string }>) {
          assert.ok(text.includes(`(\`${c.command}\`)`), `${name} documents ${c.command}`);
        }
      });
    });
  }
});
