/**
 * The rule registry: every rule of the checker, in the order of the docs.
 * The server, the CLI, SARIF output and the settings schema read ids,
 * default severities, titles and docs from here.
 */
import { certificateRules } from './certs';
import { cookieDefault } from './cookieDefault';
import { cookieFileUrl } from './cookieFileUrl';
import { cookieInvalid } from './cookieInvalid';
import { cookieMissing } from './cookieMissing';
import { cookieWeak } from './cookieWeak';
import { discoveryKeyMismatch, etcdTlsNotEnabled } from './cluster';
import { dist4xEqualsSpace, distInvalidProto, distPlaintext, distTlsWithoutSslDist } from './dist';
import { nodeNameLoopback, rpcPathVariable } from './more3';
import { etcdVerifyNone, nodeNameDnsIp, rpcDockerTlsPort, rpcListenAddressInvalid } from './more2';
import { k8sApiserverHttp, nodeNameSuffixDiscovery, rpcFilesWithoutTls, rpcPortIgnored } from './more';
import { nodeNameInvalid, nodePortCollision } from './node';
import { rpc4xClientDriver, rpc4xEnableSslNotPort, rpc4xEnableSslPort } from './rpc4x';
import { rpcInsecureFallback } from './rpcInsecureFallback';
import { rpcPlaintext } from './rpcPlaintext';
import { rpcTlsFilesMissing } from './rpcTlsFilesMissing';
import { rpcOldTls, rpcTlsGap } from './rpcTlsVersions';
import { rpcUnknownKey } from './rpcUnknownKey';
import { sslDistDemoCerts, sslDistNoPeerCert, sslDistSyntax, sslDistVerifyNone } from './sslDist';
import { cuttlefishSyntax, hoconSuspicious, hoconSyntax, suppressionUnknownRule, suppressionWithoutReason } from './syntax';
import { Rule } from './types';

/** The rules written in this folder (certificate-file rules live in ./certs). */
export const coreRules: readonly Rule[] = [
  cookieDefault,
  cookieMissing,
  cookieWeak,
  cookieInvalid,
  cookieFileUrl,
  rpcPlaintext,
  rpcTlsFilesMissing,
  rpcFilesWithoutTls,
  rpcPathVariable,
  rpcUnknownKey,
  rpcInsecureFallback,
  rpcOldTls,
  rpcTlsGap,
  rpcPortIgnored,
  rpcListenAddressInvalid,
  rpcDockerTlsPort,
  rpc4xClientDriver,
  rpc4xEnableSslNotPort,
  rpc4xEnableSslPort,
  distPlaintext,
  distInvalidProto,
  distTlsWithoutSslDist,
  dist4xEqualsSpace,
  nodeNameInvalid,
  nodePortCollision,
  nodeNameSuffixDiscovery,
  nodeNameDnsIp,
  nodeNameLoopback,
  sslDistSyntax,
  sslDistVerifyNone,
  sslDistNoPeerCert,
  sslDistDemoCerts,
  etcdTlsNotEnabled,
  etcdVerifyNone,
  discoveryKeyMismatch,
  k8sApiserverHttp,
  hoconSyntax,
  hoconSuspicious,
  cuttlefishSyntax,
  suppressionWithoutReason,
  suppressionUnknownRule,
];

/** Every rule, the certificate-file rules included. */
export function getAllRules(): readonly Rule[] {
  return [...coreRules, ...certificateRules];
}

/** Every rule (a snapshot taken when this module loads). */
export const allRules: readonly Rule[] = getAllRules();

export function ruleById(id: string): Rule | undefined {
  return getAllRules().find((r) => r.id === id);
}
