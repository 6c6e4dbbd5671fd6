/**
 * The English source strings this area passes to `t()`, read from the source
 * with the TypeScript parser (only string-literal first arguments count; a
 * `t(variable)` call translates text that is listed where it is written).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..', '..');

export const L10N_SOURCES = ['server/src/emqx', 'server/src/rules', 'server/src/syntax/cuttlefish.ts', 'server/src/model/cuttlefish.ts'];

/** The .ts files of `p`, subfolders included; rules/certs/ is left out (its strings are in certs.zh-cn.json). */
function files(p: string): string[] {
  const full = path.join(ROOT, p);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`certs${path.sep}`))
    .map((f) => path.join(full, f));
}

/** String-literal first arguments of `t(...)` calls, plus the problem messages of the cuttlefish reader. */
export function sourceStrings(): Set<string> {
  const out = new Set<string>();
  for (const file of L10N_SOURCES.flatMap(files)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't' && node.arguments.length > 0) {
        const a = node.arguments[0];
        if (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) out.add(a.text);
      }
      // Rule titles are plain strings; the editor and the CLI show them through t(rule.title).
      if (file.includes(`${path.sep}rules${path.sep}`) && ts.isPropertyAssignment(node) && node.name.getText() === 'title' && ts.isStringLiteral(node.initializer)) out.add(node.initializer.text);
      // The cuttlefish reader's problems are plain messages; the rules translate them with t(p.message).
      if (file.endsWith('cuttlefish.ts') && ts.isPropertyAssignment(node) && node.name.getText() === 'message') {
        const collect = (e: ts.Expression): void => {
          if (ts.isStringLiteral(e)) out.add(e.text);
          else if (ts.isConditionalExpression(e)) {
            collect(e.whenTrue);
            collect(e.whenFalse);
          }
        };
        collect(node.initializer);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
