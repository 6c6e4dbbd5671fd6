/**
 * The rule registry: every rule of the checker, in the order of the docs.
 * The server, the CLI, SARIF output and the settings schema read ids,
 * default severities, titles and docs from here.
 */
import { certificateRules } from './certs';
import { cookieDefault } from './cookie/cookieDefault';
import { cookieFileUrl } from './cookie/cookieFileUrl';
import { cookieInvalid } from './cookie/cookieInvalid';
import { cookieMissing } from './cookie/cookieMissing';
import { cookieWeak } from './cookie/cookieWeak';
import { cuttlefishSyntax } from './hocon/cuttlefishSyntax';
import { discoveryKeyMismatch } from './discovery/discoveryKeyMismatch';
import { dist4xEqualsSpace } from './dist/dist4xEqualsSpace';
import { distInvalidProto } from './dist/distInvalidProto';
import { distPlaintext } from './dist/distPlaintext';
import { distTlsWithoutSslDist } from './dist/distTlsWithoutSslDist';
import { etcdTlsNotEnabled } from './discovery/etcdTlsNotEnabled';
import { etcdVerifyNone } from './discovery/etcdVerifyNone';
import { hoconSuspicious } from './hocon/hoconSuspicious';
import { hoconSyntax } from './hocon/hoconSyntax';
import { k8sApiserverHttp } from './discovery/k8sApiserverHttp';
import { nodeNameDnsIp } from './node/nodeNameDnsIp';
import { nodeNameInvalid } from './node/nodeNameInvalid';
import { nodeNameLoopback } from './node/nodeNameLoopback';
import { nodeNameSuffixDiscovery } from './node/nodeNameSuffixDiscovery';
import { nodePortCollision } from './node/nodePortCollision';
import { rpc4xClientDriver } from './rpc/rpc4xClientDriver';
import { rpc4xEnableSslNotPort } from './rpc/rpc4xEnableSslNotPort';
import { rpc4xEnableSslPort } from './rpc/rpc4xEnableSslPort';
import { rpcDockerTlsPort } from './rpc/rpcDockerTlsPort';
import { rpcFilesWithoutTls } from './rpc/rpcFilesWithoutTls';
import { rpcInsecureFallback } from './rpc/rpcInsecureFallback';
import { rpcListenAddressInvalid } from './rpc/rpcListenAddressInvalid';
import { rpcOldTls } from './rpc/rpcOldTls';
import { rpcPathVariable } from './rpc/rpcPathVariable';
import { rpcPlaintext } from './rpc/rpcPlaintext';
import { rpcPortIgnored } from './rpc/rpcPortIgnored';
import { rpcTlsFilesMissing } from './rpc/rpcTlsFilesMissing';
import { rpcTlsGap } from './rpc/rpcTlsGap';
import { rpcUnknownKey } from './rpc/rpcUnknownKey';
import { sslDistDemoCerts } from './sslDist/sslDistDemoCerts';
import { sslDistNoPeerCert } from './sslDist/sslDistNoPeerCert';
import { sslDistPathSpace } from './sslDist/sslDistPathSpace';
import { sslDistSyntax } from './sslDist/sslDistSyntax';
import { sslDistVerifyNone } from './sslDist/sslDistVerifyNone';
import { suppressionUnknownRule } from './suppression/suppressionUnknownRule';
import { suppressionWithoutReason } from './suppression/suppressionWithoutReason';
import { dashboardDefaultPassword } from './admin/dashboardDefaultPassword';
import { mgmtDefaultSecret } from './admin/mgmtDefaultSecret';
import { distListenRangeIgnored } from './dist/distListenRangeIgnored';
import { nodeNameHostNotFqdn } from './node/nodeNameHostNotFqdn';
import { nodePortOffset } from './node/nodePortOffset';
import { staticSeedsEmpty } from './discovery/staticSeedsEmpty';
import { staticSeedsMissingSelf } from './discovery/staticSeedsMissingSelf';
import { staticSeedsString } from './discovery/staticSeedsString';
import { invalidValue } from './schema/invalidValue';
import { Rule } from './types';
import { unknownKeyRule } from './schema/unknownKey';

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
  distListenRangeIgnored,
  nodeNameInvalid,
  nodeNameHostNotFqdn,
  nodePortCollision,
  nodePortOffset,
  nodeNameSuffixDiscovery,
  nodeNameDnsIp,
  nodeNameLoopback,
  staticSeedsEmpty,
  staticSeedsMissingSelf,
  staticSeedsString,
  sslDistSyntax,
  sslDistVerifyNone,
  sslDistNoPeerCert,
  sslDistDemoCerts,
  etcdTlsNotEnabled,
  etcdVerifyNone,
  discoveryKeyMismatch,
  k8sApiserverHttp,
  dashboardDefaultPassword,
  mgmtDefaultSecret,
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
