import { strict as assert } from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isRulePage, OPEN_RULE_DOCS_COMMAND, rulePageLink } from '../../../client/src/ruleDocs';
import { clusterRules } from '../../../server/src/cluster/rules';
import { allRules } from '../../../server/src/rules';

/** What VS Code hands the command when it opens a command: link: the JSON arguments of the query. */
function commandOf(link: string): { id: string; args: unknown[] } {
  const m = /^command:([^?]+)\?(.*)$/.exec(link);
  assert.ok(m, link);
  return { id: m[1], args: JSON.parse(decodeURIComponent(m[2])) };
}

describe('client: rule pages open in the Markdown preview', () => {
  // Where the server finds the pages: the extension's docs/rules, possibly under a folder with a space.
  for (const root of [path.join(__dirname, '..', '..', '..'), '/home/user/.vscode/extensions/emqx cluster security-0.1.0']) {
    it(`turns every rule page link into the preview command (${root.includes(' ') ? 'path with a space' : 'repository'})`, () => {
      for (const r of [...allRules, ...clusterRules]) {
        const href = pathToFileURL(path.join(root, 'docs', 'rules', `${r.id}.md`)).toString();
        assert.ok(isRulePage(href), href);
        const { id, args } = commandOf(rulePageLink(href));
        assert.equal(id, OPEN_RULE_DOCS_COMMAND);
        assert.deepEqual(args, [href]);
      }
    });
  }

  it('leaves every other link as it is', () => {
    for (const href of [
      'https://github.com/emqx/emqx/blob/v5.8.9/bin/emqx',
      'file:///etc/emqx/emqx.conf',
      'file:///work/docs/rules/notes.txt',
      'untitled:Untitled-1',
      'file:///work/docs/rules/../secrets.md',
    ]) {
      assert.equal(isRulePage(href), false, href);
      assert.equal(rulePageLink(href), href);
    }
  });
});
