/**
 * The extension manifest (package.json contributions) against the names every
 * part of the project shares (SHARED-NAMES: settings, commands, languages) and
 * against its own translations: a `%key%` without an English or Chinese entry
 * would show the raw key in VS Code's UI.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parseVersion, VERSION_SETTING_PATTERN } from '../../../server/src/emqx/version';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { parseProjectFile } from '../../../server/src/projectFile';
import { parseEmqxVersion, parseSettings } from '../../../server/src/settings';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));
const pkg: any = read('package.json');
const nls: Record<string, string> = read('package.nls.json');
const nlsZh: Record<string, string> = read('package.nls.zh-cn.json');

function placeholders(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.push(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => placeholders(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => placeholders(v, out));
  return out;
}

describe('extension manifest', () => {
  it('names the package, engine and entry point as the project expects', () => {
    assert.equal(pkg.name, 'emqx-cluster-security');
    assert.equal(pkg.publisher, 'emqx-cluster-security');
    assert.equal(pkg.main, './dist/client.js');
    // code-server 4.100.3 (VS Code 1.100.3) is the real VS Code the e2e tests run.
    assert.match(pkg.engines.vscode, /^\^1\.(9\d|100)\.\d+$/);
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), `icon ${pkg.icon} missing`);
  });

  it('resolves every %key% in both package.nls.json and package.nls.zh-cn.json', () => {
    const keys = [...new Set(placeholders(pkg))];
    assert.ok(keys.length > 20);
    for (const key of keys) {
      assert.ok(nls[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsZh[key], `package.nls.zh-cn.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'the two nls files have different keys');
    for (const key of Object.keys(nls)) assert.ok(keys.includes(key), `package.nls.json has unused key ${key}`);
  });

  it('declares the shared settings, resource-scoped (trace: window) and documented', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), [
      'emqxClusterSecurity.checkWorkspaceOnStart',
      'emqxClusterSecurity.docker',
      'emqxClusterSecurity.emqxVersion',
      'emqxClusterSecurity.enable',
      'emqxClusterSecurity.includeDirs',
      'emqxClusterSecurity.pathMappings',
      'emqxClusterSecurity.rules',
      'emqxClusterSecurity.trace.server',
    ]);
    for (const [key, schema] of Object.entries<any>(props)) {
      // The language client reads `<id>.trace.server` once for the whole window, without a
      // resource; a resource scope there only earns a warning from VS Code on every read.
      // The client reads checkWorkspaceOnStart once for the window too.
      const windowScoped = key === 'emqxClusterSecurity.trace.server' || key === 'emqxClusterSecurity.checkWorkspaceOnStart';
      assert.equal(schema.scope, windowScoped ? 'window' : 'resource', `${key} scope`);
      assert.ok(schema.markdownDescription, `${key} has no markdownDescription`);
      const withEnum = schema.enum ? schema : schema.additionalProperties?.enum ? schema.additionalProperties : undefined;
      if (withEnum) assert.equal(withEnum.enumDescriptions?.length, withEnum.enum.length, `${key} enumDescriptions`);
    }
    assert.equal(props['emqxClusterSecurity.enable'].default, true);
    assert.equal(props['emqxClusterSecurity.emqxVersion'].default, 'auto');
    assert.equal(props['emqxClusterSecurity.docker'].default, false);
    assert.equal(props['emqxClusterSecurity.checkWorkspaceOnStart'].default, false);
    assert.deepEqual(props['emqxClusterSecurity.rules'].additionalProperties.enum, ['off', 'hint', 'info', 'warning', 'error']);
    assert.deepEqual(props['emqxClusterSecurity.trace.server'].enum, ['off', 'messages', 'verbose']);
    // The defaults VS Code shows are the ones the server, the CLI and the project file fall back to.
    for (const key of ['enable', 'emqxVersion', 'docker', 'rules', 'includeDirs', 'pathMappings'] as const) {
      assert.deepEqual(props[`emqxClusterSecurity.${key}`].default, DEFAULT_SETTINGS[key], `default of ${key}`);
    }
  });

  it('accepts exactly the target versions the server, the CLI and the project file accept', () => {
    const schema = pkg.contributes.configuration.properties['emqxClusterSecurity.emqxVersion'];
    assert.equal(schema.pattern, VERSION_SETTING_PATTERN);
    const manifest = new RegExp(schema.pattern);
    const accepted = ['auto', '4', '4.4', '5.8', '5.8.9', '5.10', '6', '7.0', '4.4.19'];
    const rejected = ['latest', 'Auto', '5.x', 'v5.8', 'e5.10.4', '5.8.9.1', ' 5.8', '5.8 ', '5.', '.5', '', '5.8.9-rc.1', '1234'];
    for (const v of [...accepted, ...rejected]) {
      const expected = accepted.includes(v);
      assert.equal(manifest.test(v), expected, `manifest pattern on "${v}"`);
      assert.equal(parseEmqxVersion(v) !== undefined, expected, `server setting on "${v}"`);
      const warnings: string[] = [];
      const settings = parseSettings({ emqxVersion: v }, undefined, (m) => warnings.push(m));
      assert.equal(settings.emqxVersion, expected ? v : 'auto', `editor settings on "${v}"`);
      assert.equal(warnings.length, expected ? 0 : 1, `editor settings warning on "${v}"`);
      const project = parseProjectFile(`emqxVersion: "${v}"\n`, '/ws/.emqx-cluster-security.yaml');
      assert.equal(project.problems.length, expected ? 0 : 1, `project file on "${v}"`);
    }
    // Every accepted setting other than auto is a version the rules can use.
    for (const v of accepted.filter((a) => a !== 'auto')) assert.ok(parseVersion(v), v);
    // VS Code shows this message instead of the raw pattern, in both languages.
    assert.equal(schema.patternErrorMessage, '%config.emqxVersion.patternError%');
    assert.match(nls['config.emqxVersion.patternError'], /auto/);
    assert.doesNotMatch(nls['config.emqxVersion.patternError'], /\\d|\^|\$\)/);
  });

  it('turns off word-based suggestions in EMQX files, so no value typed in them (a cookie) is offered back', () => {
    const defaults = pkg.contributes.configurationDefaults;
    for (const language of pkg.contributes.languages.map((l: any) => l.id)) {
      assert.equal(defaults?.[`[${language}]`]?.['editor.wordBasedSuggestions'], 'off', language);
    }
  });

  it('restricts the settings that point at files in untrusted workspaces', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual(untrusted.restrictedConfigurations.sort(), ['emqxClusterSecurity.includeDirs', 'emqxClusterSecurity.pathMappings']);
    for (const key of untrusted.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[key], key);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  });

  it('contributes the four commands under the EMQX category', () => {
    const commands = pkg.contributes.commands;
    assert.deepEqual(commands.map((c: any) => c.command).sort(), [
      'emqxClusterSecurity.checkWorkspace',
      'emqxClusterSecurity.generateCertificates',
      'emqxClusterSecurity.restartServer',
      'emqxClusterSecurity.showOutput',
    ]);
    for (const c of commands) assert.equal(nls[c.category.slice(1, -1)], 'EMQX');
    const titles = Object.fromEntries(commands.map((c: any) => [c.command, nls[c.title.slice(1, -1)]]));
    assert.equal(titles['emqxClusterSecurity.generateCertificates'], 'Generate Cluster Certificates');
    assert.equal(titles['emqxClusterSecurity.restartServer'], 'Restart Language Server');
    assert.equal(titles['emqxClusterSecurity.showOutput'], 'Show Output');
  });

  it('offers certificate generation from the context menus of EMQX configs only', () => {
    for (const menu of ['explorer/context', 'editor/context']) {
      const [item] = pkg.contributes.menus[menu];
      assert.equal(item.command, 'emqxClusterSecurity.generateCertificates');
      assert.match(item.when, /LangId == emqx-conf$/);
    }
  });

  it('claims EMQX files by name, never every *.conf, and activates on both languages', () => {
    const langs = Object.fromEntries(pkg.contributes.languages.map((l: any) => [l.id, l]));
    assert.deepEqual(langs['emqx-conf'].filenames.sort(), ['base.hocon', 'cluster.hocon', 'emqx.conf']);
    assert.deepEqual(langs['emqx-conf'].extensions, ['.hocon']);
    assert.deepEqual(langs['emqx-ssl-dist'].filenames, ['ssl_dist.conf']);
    for (const l of pkg.contributes.languages) {
      assert.ok(!(l.extensions ?? []).includes('.conf'), `${l.id} claims every .conf`);
      assert.ok(pkg.activationEvents.includes(`onLanguage:${l.id}`), `no onLanguage:${l.id}`);
      const conf = read(l.configuration);
      assert.ok(conf.comments.lineComment, `${l.configuration} has no line comment`);
      assert.ok(conf.brackets.length > 0);
    }
  });

  it('starts in a workspace that holds EMQX files, so opening the first one does not wait for the server to start', () => {
    // Activated only on opening a file, the client bundle and then the server load after the file
    // opens, and its first findings wait for both; started with the window, the server is ready.
    for (const l of pkg.contributes.languages) {
      for (const name of l.filenames ?? []) assert.ok(pkg.activationEvents.includes(`workspaceContains:**/${name}`), `no workspaceContains for ${name}`);
      for (const ext of l.extensions ?? []) assert.ok(pkg.activationEvents.includes(`workspaceContains:**/*${ext}`), `no workspaceContains for *${ext}`);
    }
    // Never on every window: a workspace without EMQX files starts nothing.
    assert.ok(!pkg.activationEvents.some((e: string) => e === '*' || e === 'onStartupFinished'));
  });

  it('points each grammar at a file with the same scope name', () => {
    for (const g of pkg.contributes.grammars) {
      assert.equal(read(g.path).scopeName, g.scopeName);
      assert.ok(pkg.contributes.languages.some((l: any) => l.id === g.language));
    }
  });

  it('declares code actions at a real contribution point (contributes.codeActions)', () => {
    const [entry] = pkg.contributes.codeActions;
    assert.deepEqual(entry.languages, ['emqx-conf', 'emqx-ssl-dist']);
    // The fix-all kind is the server's own (source.fixAll.emqx-cluster-security), as editor.codeActionsOnSave names it.
    assert.deepEqual(
      entry.actions.map((a: any) => a.kind),
      ['quickfix', 'source.fixAll.emqx-cluster-security'],
    );
    const server = fs.readFileSync(path.join(ROOT, 'server/src/ide/types.ts'), 'utf8');
    assert.match(server, /CODE_ACTION_KIND_FIX_ALL_OURS = 'source.fixAll.emqx-cluster-security'/);
  });

  it('translates every vscode.l10n.t string of the client into Chinese, and nothing stale', () => {
    // Every vscode.l10n.t call in the client, found with the TypeScript parser; its first
    // argument must be a literal, or the string could never be translated.
    const dir = path.join(ROOT, 'client/src');
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(src))) {
          const first = node.arguments[0];
          assert.ok(first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)), `${f}: l10n.t with a non-literal message: ${node.getText(src).slice(0, 80)}`);
          used.add(first.text);
        }
        ts.forEachChild(node, visit);
      };
      visit(src);
    }
    assert.ok(used.size > 0);
    assert.equal(pkg.l10n, './l10n');
    const zh: Record<string, string> = read('l10n/bundle.l10n.zh-cn.json');
    for (const s of used) assert.ok(zh[s], `l10n/bundle.l10n.zh-cn.json lacks "${s}"`);
    for (const s of Object.keys(zh)) assert.ok(used.has(s), `stale translation "${s}"`);
    for (const [en, tr] of Object.entries(zh)) {
      assert.deepEqual((tr.match(/\{\d+\}/g) ?? []).sort(), (en.match(/\{\d+\}/g) ?? []).sort(), `placeholders differ in "${en}"`);
    }
  });
});

describe('getting-started walkthrough', () => {
  it('has steps whose pages exist and are packaged, and whose commands exist', () => {
    const walkthroughs = pkg.contributes.walkthroughs;
    assert.equal(walkthroughs.length, 1);
    const allow = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const step of walkthroughs[0].steps) {
      const media = step.media.markdown as string;
      assert.ok(fs.existsSync(path.join(ROOT, media)), `${media} missing`);
      assert.match(allow, /^!docs\/walkthrough\/\*\.md$/m, 'walkthrough pages are not in the .vsix');
      for (const key of [step.title, step.description]) {
        const text = nls[/^%(.+)%$/.exec(key)![1]];
        for (const m of text.matchAll(/\(command:([\w.]+)/g)) {
          if (m[1].startsWith('emqxClusterSecurity.')) assert.ok(commands.has(m[1]), `${step.id} links to unknown command ${m[1]}`);
        }
      }
      for (const event of step.completionEvents as string[]) {
        const m = /^onCommand:(.+)$/.exec(event);
        if (m) assert.ok(commands.has(m[1]), `${step.id} completes on unknown command ${m[1]}`);
      }
    }
  });
});
