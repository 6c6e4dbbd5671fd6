/**
 * When two nodes of a deployment run the same config with the same variables
 * (the replicas of a Kubernetes Deployment or of the Helm chart, whose names
 * are not known here; compose services that differ only in what EMQX does
 * not read), their analyses are the same: they share one config id, so the
 * node pipeline analyses them once and their findings land once.
 */
import { Location } from '../syntax/position';
import { DeployNode } from './model';

/**
 * Everything of a node its analysis and the placement of its findings depend on:
 * the config (text and where it sits in the YAML), the variables with their places,
 * the unknown ones, the image's version and Docker, where what it lacks is reported, and its container's mounts.
 */
export function analysisIdentity(node: DeployNode, texts: Map<string, number>): string {
  const c = node.config;
  // A config's text stands in by a number: the same text is the same number.
  let text = -1;
  if (c.kind === 'embedded') {
    text = texts.get(c.text) ?? texts.size;
    texts.set(c.text, text);
  }
  const where = (l: Location | undefined): string => (l ? `${JSON.stringify(l.uri)}${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character};` : '-;');
  const parts = [
    node.file,
    node.cluster,
    c.kind === 'file' ? `file:${c.path}` : c.kind === 'embedded' ? `embedded:${c.lineOffset}:${text}` : 'image',
    // Names and values as JSON strings, so no value can pass for another list.
    node.env.map((v) => `${JSON.stringify(v.name)}${JSON.stringify(v.value)}${where(v.valueLocation)}/${where(v.location)}`).join(''),
    JSON.stringify(node.unresolved),
    `${node.version.version}${node.version.assumed ? '?' : ''}`,
    node.docker ? 'docker' : '',
    where(node.anchor),
    where(node.imageLocation),
    node.envBlock ? `${node.envBlock.style}:${node.envBlock.insertOffset}:${node.envBlock.indent}` : '',
    // What the node reads in its container (ssl_dist.conf).
    JSON.stringify(node.container ?? null),
  ];
  return parts.join('\u0000');
}
