/**
 * One entry point for deployment files: detects the format by content (never
 * by the file name alone) and returns the nodes, the problem that stopped
 * the reading, or nothing for a YAML file that is none of the formats.
 *
 *   compose      a top-level `services:` map of service maps
 *   kubernetes   documents with `apiVersion` and `kind`
 *   operator     `apps.emqx.io/*` resources of kind EMQX, EmqxBroker, EmqxEnterprise
 *   helm-values  a top-level `emqxConfig:` map, or an EMQX `image.repository` with `replicaCount`
 */
import { isMap } from './yamlLib';
import { FileReader } from '../io';
import { composeNodes, looksLikeCompose } from './compose';
import { composeBaseOf } from '../emqx/container';
import { dockerfileNodes } from './dockerfile';
import { isDockerfileName } from './fileNames';
import { baseName } from '../model/paths';
import { helmNodes, looksLikeHelmValues } from './helm';
import { HelmRelease } from './helmChart';
import { isKubernetesDoc, kubernetesNodes } from './kubernetes';
import { DeployFormat, DeployNode } from './model';
import { hasTemplateActions, maskTemplateActions } from './template';
import { MAX_ALIAS_STEPS, MAX_YAML_BYTES, readYaml, YamlFile, YamlProblem } from './yaml';

export { isComposeFileName, isDeploymentCandidateName, isYamlFileName } from './fileNames';

export type DeployFileRead =
  /** Not a deployment format: left alone. */
  | { readonly kind: 'none' }
  | { readonly kind: 'problem'; readonly problem: YamlProblem }
  | {
      readonly kind: 'deployment';
      readonly format: DeployFormat;
      readonly nodes: readonly DeployNode[];
      readonly related: readonly string[];
      readonly file: YamlFile;
      /** The compose override merged over the file, whose lines the nodes' values may be on. */
      readonly overrides?: readonly YamlFile[];
    };

/** The format of a parsed file, from its first document that is one. */
export function detectFormat(file: YamlFile): DeployFormat | undefined {
  let kube: DeployFormat | undefined;
  for (const doc of file.documents) {
    if (!isMap(doc.contents)) continue;
    if (looksLikeCompose(file, doc)) return 'compose';
    const k = isKubernetesDoc(file, doc);
    if (k === 'operator') return 'operator';
    if (k) kube = 'kubernetes';
    if (!kube && looksLikeHelmValues(file, doc)) return 'helm-values';
  }
  return kube;
}

/**
 * Whether a broken or refused file is worth a finding: it was named as a deployment (a
 * compose file name, or given by the user), or its text talks about EMQX. Any other YAML
 * file with an error is someone else's (a CI workflow, a chart of another product).
 */
function reportsProblem(text: string, named: boolean): boolean {
  return named || /emqx/i.test(text.slice(0, 1024 * 1024));
}

/**
 * Reads one YAML file. `named`: the user named the file (or it has a compose file name),
 * so a broken one is reported even if nothing in it says EMQX. `helmRelease`: the release
 * a Helm values file is installed as, when the caller knows it (its pods are then named).
 */
export function readDeployment(uri: string, text: string, reader: FileReader, named = false, helmRelease?: HelmRelease): DeployFileRead {
  if (isDockerfileName(baseName(uri))) {
    const file = new YamlFile(uri, text.length > MAX_YAML_BYTES ? '' : text, []);
    const related: string[] = [];
    const nodes = text.length > MAX_YAML_BYTES ? [] : dockerfileNodes(uri, text, reader, (o) => file.position(o), related);
    return nodes.length > 0 ? { kind: 'deployment', format: 'dockerfile', nodes, related, file } : { kind: 'none' };
  }
  const read = readYaml(text, uri);
  if (read.problem) {
    // A Helm chart template is YAML only once rendered: when its Go template actions are
    // all that breaks it, nothing in it can be read before `helm template`, so it is left alone.
    if (read.problem.kind === 'syntax' && hasTemplateActions(text) && !readYaml(maskTemplateActions(text), uri).problem) return { kind: 'none' };
    return reportsProblem(text, named) ? { kind: 'problem', problem: read.problem } : { kind: 'none' };
  }
  const file = read.file;
  // Aliases that expand exponentially: yaml's own guard, on a file that has any.
  if (text.includes('*')) {
    for (const doc of file.documents) {
      try {
        doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        if (e instanceof Error && /alias/i.test(e.message)) {
          if (!reportsProblem(text, named)) return { kind: 'none' };
          return { kind: 'problem', problem: { kind: 'aliases', message: String(MAX_ALIAS_STEPS), range: file.rangeOf(0, 0) } };
        }
      }
    }
  }
  const format = detectFormat(file);
  if (!format) return { kind: 'none' };
  // A compose override with its base beside it is read merged over the base, never on its own.
  if (format === 'compose' && composeBaseOf(uri, (p) => reader.exists(p)) !== undefined) return { kind: 'none' };
  const related: string[] = [];
  const overrides: YamlFile[] = [];
  let nodes: DeployNode[];
  try {
    nodes = format === 'compose' ? composeNodes(file, reader, related, overrides) : format === 'helm-values' ? helmNodes(file, helmRelease) : kubernetesNodes(file);
  } catch {
    // The readers do not throw by design; should one do so, claim nothing about the file.
    nodes = [];
  }
  if (file.exhausted) return { kind: 'problem', problem: { kind: 'aliases', message: String(MAX_ALIAS_STEPS), range: file.rangeOf(0, 0) } };
  return overrides.length > 0 ? { kind: 'deployment', format, nodes, related, file, overrides } : { kind: 'deployment', format, nodes, related, file };
}
