/** The ssl_dist.conf rules, one file each; re-exported here for existing imports. */
export { sslDistSyntax } from './sslDistSyntax';
export { sslDistVerifyNone } from './sslDistVerifyNone';
export { sslDistNoPeerCert } from './sslDistNoPeerCert';
export { sslDistDemoCerts } from './sslDistDemoCerts';
export { localPath } from './sslDistCommon';
