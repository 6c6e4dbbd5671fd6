/**
 * A readable dump of a CST, one line per node or token with its range
 * (`line:col-line:col`, 1-based for humans), used by the golden tree tests
 * (test/fixtures/syntax/*.conf → *.tree) and handy when debugging.
 */
import { CstChild, CstNode, isNode } from './cst';
import { LineIndex } from './lineIndex';

function at(lines: LineIndex, start: number, end: number): string {
  const a = lines.positionAt(start);
  const b = lines.positionAt(end);
  return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1}`;
}

function describeNode(n: CstNode, lines: LineIndex): string {
  switch (n.kind) {
    case 'file':
      return 'file';
    case 'object':
      return `object${n.braced ? '' : ' (root)'}${n.unclosed ? ' UNCLOSED' : ''}`;
    case 'field':
      return 'field';
    case 'key':
      return `key${n.quoted ? ' (quoted)' : ''} ${n.segments.map((s) => `${JSON.stringify(s.text)}@${at(lines, s.start, s.end)}`).join(' . ')}`;
    case 'include':
      return `include${n.required ? ' required' : ''} ${n.target === undefined ? '?' : JSON.stringify(n.target)}`;
    case 'value':
      return `value${n.pieces.length > 1 ? ` (${n.pieces.length} pieces)` : ''}${n.invalid ? ' INVALID' : ''}`;
    case 'array':
      return `array${n.unclosed ? ' UNCLOSED' : ''}`;
    case 'literal':
      return `literal ${n.type}${n.quoting ? `/${n.quoting}` : ''}${n.float ? '/float' : ''} ${JSON.stringify(n.value)}`;
    case 'subst':
      return `subst${n.optional ? ' optional' : ''} ${n.path}`;
    case 'error':
      return 'error';
  }
}

export function dumpTree(root: CstNode, text: string, lines = new LineIndex(text)): string {
  const out: string[] = [];
  const stack: Array<{ c: CstChild; depth: number }> = [{ c: root, depth: 0 }];
  while (stack.length > 0) {
    const { c, depth } = stack.pop()!;
    const indent = '  '.repeat(depth);
    if (isNode(c)) {
      out.push(`${indent}${describeNode(c, lines)} @${at(lines, c.start, c.end)}`);
      for (let i = c.children.length - 1; i >= 0; i--) stack.push({ c: c.children[i], depth: depth + 1 });
    } else {
      out.push(`${indent}${c.kind} ${JSON.stringify(text.slice(c.start, c.end))} @${at(lines, c.start, c.end)}`);
    }
  }
  return out.join('\n') + '\n';
}
