/**
 * When two nodes of a deployment run the same config with the same variables
 * (the replicas of a Kubernetes Deployment or of the Helm chart, whose names
 * are not known here; compose services that differ only in what EMQX does
 * not read), their analyses are the same: they share one config id, so the
 * node pipeline analyses them once and their findings land once.
 */
import { DeployNode } from './model';

/**
 * Everything of a node its analysis and the placement of its findings depend on:
 * the config (text and where it sits in the YAML), the variables with their places,
 * the unknown ones, the image's version and Docker, and where what it lacks is reported.
 */
export function analysisIdentity(node: DeployNode, texts: Map<string, number>): string {
  const c = node.config;
  // A config's text stands in by a number: the same text is the same number.
  let text = -1;
  if (c.kind === 'embedded') {
    text = texts.get(c.text) ?? texts.size;
    texts.set(c.text, text);
  }
  return JSON.stringify([
    node.file,
    node.cluster,
    c.kind === 'file' ? ['file', c.path] : c.kind === 'embedded' ? ['embedded', c.lineOffset, text] : ['image'],
    node.env.map((v) => [v.name, v.value, v.valueLocation ?? v.location, v.location]),
    node.unresolved,
    node.version.version,
    node.version.assumed,
    node.docker,
    node.anchor,
    node.imageLocation ?? null,
    node.envBlock ?? null,
  ]);
}
