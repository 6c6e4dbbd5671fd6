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
import { cuttlefishSyntax } from './cuttlefishSyntax';
import { discoveryKeyMismatch } from './discoveryKeyMismatch';
import { dist4xEqualsSpace } from './dist4xEqualsSpace';
import { distInvalidProto } from './distInvalidProto';
import { distPlaintext } from './distPlaintext';
import { distTlsWithoutSslDist } from './distTlsWithoutSslDist';
import { etcdTlsNotEnabled } from './etcdTlsNotEnabled';
import { etcdVerifyNone } from './etcdVerifyNone';
import { hoconSuspicious } from './hoconSuspicious';
import { hoconSyntax } from './hoconSyntax';
import { invalidValue } from './invalidValue';
import { k8sApiserverHttp } from './k8sApiserverHttp';
import { nodeNameDnsIp } from './nodeNameDnsIp';
import { nodeNameInvalid } from './nodeNameInvalid';
import { nodeNameLoopback } from './nodeNameLoopback';
import { nodeNameSuffixDiscovery } from './nodeNameSuffixDiscovery';
import { nodePortCollision } from './nodePortCollision';
import { rpc4xClientDriver } from './rpc4xClientDriver';
import { rpc4xEnableSslNotPort } from './rpc4xEnableSslNotPort';
import { rpc4xEnableSslPort } from './rpc4xEnableSslPort';
import { rpcDockerTlsPort } from './rpcDockerTlsPort';
import { rpcFilesWithoutTls } from './rpcFilesWithoutTls';
import { rpcInsecureFallback } from './rpcInsecureFallback';
import { rpcListenAddressInvalid } from './rpcListenAddressInvalid';
import { rpcOldTls } from './rpcOldTls';
import { rpcPathVariable } from './rpcPathVariable';
import { rpcPlaintext } from './rpcPlaintext';
import { rpcPortIgnored } from './rpcPortIgnored';
import { rpcTlsFilesMissing } from './rpcTlsFilesMissing';
import { rpcTlsGap } from './rpcTlsGap';
import { rpcUnknownKey } from './rpcUnknownKey';
import { sslDistDemoCerts } from './sslDistDemoCerts';
import { sslDistNoPeerCert } from './sslDistNoPeerCert';
import { sslDistPathSpace } from './sslDistPathSpace';
import { sslDistSyntax } from './sslDistSyntax';
import { sslDistVerifyNone } from './sslDistVerifyNone';
import { suppressionUnknownRule } from './suppressionUnknownRule';
import { suppressionWithoutReason } from './suppressionWithoutReason';
import { Rule } from './types';
import { unknownKeyRule } from './unknownKey';

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
  unknownKeyRule,
  invalidValue,
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
  sslDistPathSpace,
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
