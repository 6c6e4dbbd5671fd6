/**
 * compose-required-variable-unset: `${VAR?message}` / `${VAR:?message}` in a
 * compose file that the `.env` beside it does not satisfy. Where the reference
 * is found (as compose reads it), where the finding lands (the reference as
 * written), and the controls it stays silent on: no `.env`, a variable the
 * `.env` passes from the shell, `$$`, nested references, other files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkFiles } from '../../../server/src/cli/check';
import { requiredReferences } from '../../../server/src/deploy/composeVariables';
import { defaultEngine } from '../../../server/src/ide/defaultEngine';
import { LanguageService } from '../../../server/src/ide/service';
import { DEFAULT_SETTINGS } from '../../../server/src/ide/types';
import { memoryReader } from '../../../server/src/io';
import { Finding } from '../../../server/src/rules/types';
import { FIXTURES, readFixture } from '../rules/fixtureHarness';
import { CHECK_OPTIONS } from './harness';

const RULE = 'compose-required-variable-unset';
const FILE = '/c/docker-compose.yml';

function service(env: string[]): string {
  return ['services:', '  emqx:', '    image: emqx/emqx:5.8.6', '    environment:', ...env.map((e) => `      ${e}`), ''].join('\n');
}

function check(text: string, dotenv: string | undefined, options: Partial<typeof CHECK_OPTIONS> = {}): Finding[] {
  const files: Record<string, string> = { [FILE]: text };
  if (dotenv !== undefined) files['/c/.env'] = dotenv;
  return checkFiles([FILE], { ...CHECK_OPTIONS, ...options }, memoryReader(files)).findings.filter((f) => f.ruleId === RULE);
}

/** The text a finding's range covers. */
function covered(text: string, f: Finding): string {
  const lines = text.split('\n');
  const { start, end } = f.location.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

describe('compose-required-variable-unset', () => {
  it('finds the required references compose reads at the top of a value', () => {
    const refs = (s: string) => requiredReferences(s).map((r) => `${r.name}${r.nonEmpty ? ':?' : '?'} ${s.slice(r.start, r.end)}`);
    assert.deepEqual(refs('${A?x}'), ['A? ${A?x}']);
    assert.deepEqual(refs('emqx@${HOST:?}.local'), ['HOST:? ${HOST:?}']);
    assert.deepEqual(refs('${A?use {x} here}-${B:?b}'), ['A? ${A?use {x} here}', 'B:? ${B:?b}']);
    // `$$` is a literal dollar; a default, an alternative, a plain reference require nothing.
    assert.deepEqual(refs('$${A?x} ${B} $C ${D:-x} ${E-x} ${F:+x}'), []);
    // Nested in a default: left alone (compose versions differ on when it is evaluated).
    assert.deepEqual(refs('${A:-${B?x}}'), []);
    // Before compose-go v2 a `-` before the first `?` of the value made `${A?a-b}` a default of `A?a`.
    assert.deepEqual(refs('x-${A?a-b}'), []);
    assert.deepEqual(refs('${A?a-b}'), ['A? ${A?a-b}']);
    // Unclosed or invalid: compose reports those itself.
    assert.deepEqual(refs('${A?x'), []);
    assert.deepEqual(refs('${A B?x}'), []);
  });

  it('the rule page fixtures (test/fixtures/rules/compose-required-variable-unset/*.yml, with their .env): exactly the findings annotated', () => {
    const dir = path.join(FIXTURES, RULE);
    const yml = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
    assert.ok(yml.some((f) => f.startsWith('reported')) && yml.some((f) => f.startsWith('valid')));
    for (const f of yml) {
      const fx = readFixture(RULE, f);
      const file = path.join(dir, f);
      const found = checkFiles([file], CHECK_OPTIONS, undefined, new Set([file]))
        .findings.filter((x) => x.ruleId === RULE)
        .map((x) => `${x.location.range.start.line + 1}:${x.location.range.start.character}-${x.location.range.end.character} ${x.severity} ${x.ruleId}`)
        .sort();
      assert.deepEqual(found, fx.expected, f);
    }
  });

  it('an unset variable: on the reference as written, the .env named as related, the message says what compose does and never shows a value', () => {
    const text = service(['EMQX_NODE__COOKIE: "${EMQX_COOKIE:?set the cookie}"', 'EMQX_NODE__NAME: emqx@node1.emqx.io']);
    const [f, ...rest] = check(text, 'EMQX_OTHER_SECRET=Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE\n');
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(f.location.uri, FILE);
    assert.deepEqual(f.location.range, { start: { line: 4, character: 26 }, end: { line: 4, character: 56 } });
    assert.equal(covered(text, f), '${EMQX_COOKIE:?set the cookie}');
    assert.match(f.message, /requires the variable EMQX_COOKIE, which the \.env beside this compose file does not define/);
    assert.match(f.message, /"required variable EMQX_COOKIE is missing a value"/);
    assert.match(f.message, /unless EMQX_COOKIE is exported in the shell/);
    assert.ok(!f.message.includes('Vq3nT8xLr2Kp9ZsW4mYd7HcBfJ6gR1aE'));
    assert.equal(f.related![0].location.uri, '/c/.env');
    assert.equal(f.fixes, undefined);
  });

  it('`:?` with a variable the .env sets empty: reported with the .env line; `?` accepts an empty value', () => {
    const text = service(['EMQX_LOG__CONSOLE__LEVEL: ${LEVEL:?}', 'EMQX_NODE__NAME: ${NAME?}']);
    const found = check(text, '# values\nLEVEL=\nNAME=\n');
    assert.equal(found.length, 1);
    assert.equal(covered(text, found[0]), '${LEVEL:?}');
    assert.match(found[0].message, /requires LEVEL to have a value that is not empty \(:\?\), but the \.env beside this compose file sets it empty/);
    assert.deepEqual(found[0].related![0].location, { uri: '/c/.env', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } });
    // Set to a value, or to another reference (not known here): nothing.
    assert.deepEqual(check(text, 'LEVEL=info\nNAME=\n'), []);
    assert.deepEqual(check(text, 'LEVEL=${OTHER}\nNAME=\n'), []);
  });

  it('stays silent without a .env, for a variable the .env passes from the shell, and on a compose file that runs no EMQX', () => {
    const text = service(['EMQX_NODE__COOKIE: ${EMQX_COOKIE?}']);
    assert.deepEqual(check(text, undefined), []);
    assert.deepEqual(check(text, 'EMQX_COOKIE\n'), []);
    assert.deepEqual(check(text, 'export EMQX_COOKIE\r\n'), []);
    assert.equal(check(text, 'OTHER=1\n').length, 1);
    const web = ['services:', '  web:', '    image: nginx:1.27', '    environment:', '      TOKEN: ${TOKEN?}', ''].join('\n');
    assert.deepEqual(check(web, 'OTHER=1\n'), []);
  });

  it('every value of the file counts, keys do not; an anchor is reported once where it is written; a folded value as a whole', () => {
    const text = [
      'x-common: &common',
      '  EMQX_NODE__COOKIE: ${COOKIE?}',
      'services:',
      '  emqx1:',
      '    image: emqx/emqx:${TAG:?}',
      '    environment:',
      '      <<: *common',
      '      ${KEY?}: value',
      '  emqx2:',
      '    image: emqx/emqx:5.8.6',
      '    environment:',
      '      <<: *common',
      '      EMQX_NODE__NAME: ${NAME?a',
      '        b}',
      '',
    ].join('\n');
    const found = check(text, 'OTHER=1\n');
    assert.deepEqual(
      found.map((f) => covered(text, f)),
      ['${COOKIE?}', '${TAG:?}', '${NAME?a\n        b}'],
    );
  });

  it('the suppression comment and the severity setting apply', () => {
    const text = service(['# emqx-security-disable-next-line compose-required-variable-unset -- exported by the CI job', 'EMQX_NODE__COOKIE: ${EMQX_COOKIE?}']);
    assert.deepEqual(check(text, 'OTHER=1\n'), []);
    const plain = service(['EMQX_NODE__COOKIE: ${EMQX_COOKIE?}']);
    assert.equal(check(plain, 'OTHER=1\n', { severities: { [RULE]: 'error' } })[0].severity, 'error');
    assert.deepEqual(check(plain, 'OTHER=1\n', { severities: { [RULE]: 'off' } }), []);
  });

  it('the editor shows it on the compose document', () => {
    const languageService = new LanguageService({ engine: defaultEngine });
    const text = service(['EMQX_NODE__COOKIE: ${EMQX_COOKIE?}']);
    const a = languageService.analyze({
      uri: 'file:///w/docker-compose.yml',
      path: '/w/docker-compose.yml',
      version: 1,
      text,
      languageId: 'dockercompose',
      settings: DEFAULT_SETTINGS,
      reader: memoryReader({ '/w/docker-compose.yml': text, '/w/.env': 'OTHER=1\n' }),
      trusted: true,
    });
    const d = languageService.diagnostics(a).find((x) => x.code === RULE)!;
    assert.ok(d);
    assert.deepEqual(d.range, { start: { line: 4, character: 25 }, end: { line: 4, character: 40 } });
  });
});
