/**
 * The `yaml` package, required the first time a YAML text is read or a node of
 * one is inspected, not when the program starts: `check` of a HOCON config with
 * no deployment file beside it (the common case in CI) never loads it. The CLI
 * bundle carries it as a file of its own, dist/cli-yaml.js (scripts/build.mjs),
 * so it is not even compiled then. Every reader of YAML (deploy/, cluster/env.ts,
 * the project file) imports these instead of the package.
 */
import type * as Yaml from 'yaml';

export type { Document, LineCounter, Node, Scalar, YAMLMap } from 'yaml';

let lib: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  return (lib ??= require('yaml') as typeof Yaml);
}

type Options = Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions;

export function parseAllDocuments<Contents extends Yaml.Node = Yaml.ParsedNode, Strict extends boolean = true>(
  source: string,
  options?: Options,
): Array<Contents extends Yaml.ParsedNode ? Yaml.Document.Parsed<Contents, Strict> : Yaml.Document<Contents, Strict>> | Yaml.EmptyStream {
  return yaml().parseAllDocuments<Contents, Strict>(source, options);
}

export function parseDocument<Contents extends Yaml.Node = Yaml.ParsedNode, Strict extends boolean = true>(
  source: string,
  options?: Options,
): Contents extends Yaml.ParsedNode ? Yaml.Document.Parsed<Contents, Strict> : Yaml.Document<Contents, Strict> {
  return yaml().parseDocument<Contents, Strict>(source, options);
}

/** A new line counter, to pass as the `lineCounter` option of a parse. */
export function newLineCounter(): Yaml.LineCounter {
  return new (yaml().LineCounter)();
}

export function isAlias(node: unknown): node is Yaml.Alias {
  return yaml().isAlias(node);
}

export function isMap<K = unknown, V = unknown>(node: unknown): node is Yaml.YAMLMap<K, V> {
  return yaml().isMap(node);
}

export function isPair<K = unknown, V = unknown>(node: unknown): node is Yaml.Pair<K, V> {
  return yaml().isPair(node);
}

export function isScalar<T = unknown>(node: unknown): node is Yaml.Scalar<T> {
  return yaml().isScalar(node);
}

export function isSeq<T = unknown>(node: unknown): node is Yaml.YAMLSeq<T> {
  return yaml().isSeq(node);
}
