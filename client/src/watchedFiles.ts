/**
 * The files the client watches on disk and reports to the server
 * (`workspace/didChangeWatchedFiles`), which checks the open documents again.
 * No VS Code import: a unit test matches the glob against the names the server reads.
 */
import { PROJECT_FILE_GLOB } from './settings';

/**
 * Files whose changes can change findings: cluster peers, included files (any `*.conf`, e.g.
 * `include "secrets.conf"`), ssl_dist.conf, env files, certificates, the project file, and the
 * deployment files the server reads: YAML and the Dockerfiles server/src/deploy/dockerfile.ts
 * recognises (`Dockerfile`, `Dockerfile.prod`, `Dockerfile-emqx`, `emqx.Dockerfile`), in both
 * spellings people use, as a watcher's glob may match case-sensitively.
 */
export const WATCHED_FILES = `**/{*.conf,*.hocon,*.yml,*.yaml,.env,*.pem,*.crt,*.key,${PROJECT_FILE_GLOB},Dockerfile,Dockerfile.*,Dockerfile-*,*.Dockerfile,dockerfile,dockerfile.*,dockerfile-*,*.dockerfile}`;
