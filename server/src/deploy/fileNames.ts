/**
 * Which file names may hold a deployment (compose files, other YAML files, Dockerfiles), apart
 * from the readers themselves: what chooses the files to read needs only the names, and the CLI
 * then loads the readers (a bundle of their own) only when there is a deployment file to read.
 */

/** File names that say "deployment" on their own (compose's conventional names). */
export function isComposeFileName(name: string): boolean {
  return /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(name);
}

export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** `Dockerfile`, `Dockerfile.prod`, `emqx.Dockerfile`. */
export function isDockerfileName(name: string): boolean {
  return /^dockerfile([.-][\w.-]+)?$/i.test(name) || /\.dockerfile$/i.test(name);
}

/** Files whose content may make them deployment files: YAML files and Dockerfiles. */
export function isDeploymentCandidateName(name: string): boolean {
  return isYamlFileName(name) || isDockerfileName(name);
}
