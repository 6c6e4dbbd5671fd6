/**
 * Generation of a private cluster CA and one certificate per EMQX node, for
 * cluster RPC (gen_rpc's ssl driver) and Erlang distribution over TLS.
 *
 * Everything happens in memory on Node's WebCrypto through @peculiar/x509, so
 * no openssl binary is needed. The certificates carry what the usual openssl
 * recipe's `domain.ext` gives (authorityKeyIdentifier, basicConstraints
 * CA:FALSE, subjectAltName) plus extendedKeyUsage serverAuth and clientAuth,
 * because gen_rpc and ssl_dist use one certificate for both directions.
 * Nothing here writes files; see write.ts.
 *
 * A node named by an IP address (`emqx@127.0.0.1`, EMQX's default) gets the
 * address twice: as an iPAddress entry, and as a dNSName entry with the
 * address text exactly as the node name writes it. Erlang's TLS distribution
 * (inet_tls_dist, OTP 24 to 27) connects with `server_name_indication` set
 * to the host part of the peer's node name, and OTP's ssl then checks that
 * string only against dNSName entries (`{dns_id, Host}`); the CN fallback
 * skips IP-looking strings. An ssl_dist.conf cannot change this: the option
 * is put in front of (OTP 24/25) or forced over (OTP 26+) the file's client
 * options, and a custom match function is a fun, which the file cannot hold.
 */
import { randomBytes, X509Certificate } from 'crypto';
import { x509, webcrypto } from './x509lib';
import { canonicalIp } from './ip';

export type KeyType = 'rsa' | 'ec';

export interface GenerateOptions {
  /** Erlang node names, `name@host` (the host part goes into the SAN). */
  readonly nodes: readonly string[];
  /** Extra DNS names for every node certificate's SAN (e.g. `backplane`). */
  readonly dns?: readonly string[];
  /** Extra IP addresses for every node certificate's SAN. */
  readonly ips?: readonly string[];
  /** CA validity in days (default 1825, five years). */
  readonly caDays?: number;
  /** Node certificate validity in days (default 365). */
  readonly days?: number;
  /** RSA 2048 (default) or EC P-256. */
  readonly keyType?: KeyType;
  /** The CA's common name (default "EMQX cluster CA"). */
  readonly caCommonName?: string;
  /**
   * Start of validity (default: now minus five minutes, so a peer whose clock
   * is slightly behind still accepts the certificate). Tests use it to make
   * certificates that are already expired or about to expire.
   */
  readonly notBefore?: Date;
}

export interface GeneratedCertificate {
  /** PEM, one CERTIFICATE block. */
  readonly certificatePem: string;
  /** PKCS#8 PEM (`PRIVATE KEY`). Secret: never log or display it. */
  readonly privateKeyPem: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as openssl prints it). */
  readonly fingerprint256: string;
  readonly notAfter: Date;
}

export interface GeneratedNode extends GeneratedCertificate {
  readonly nodeName: string;
  /** A file-system-safe folder name for this node's files. */
  readonly folderName: string;
  readonly dnsNames: readonly string[];
  /** The addresses as the user wrote them (the certificate holds the same bytes). */
  readonly ipAddresses: readonly string[];
}

export interface GeneratedBundle {
  readonly ca: GeneratedCertificate;
  readonly nodes: readonly GeneratedNode[];
  readonly keyType: KeyType;
  /**
   * The node certificates are valid after the CA expires: from that day on no
   * peer accepts them, whatever their own date says.
   */
  readonly nodesOutliveCa: boolean;
}

export const DEFAULT_CA_DAYS = 1825;
export const DEFAULT_NODE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a node name cannot be used, or undefined when it is fine. */
export function nodeNameProblem(name: string): string | undefined {
  const at = name.indexOf('@');
  if (at < 0 || name.indexOf('@', at + 1) >= 0) return 'expected name@host with exactly one "@"';
  // bin/emqx refuses to boot when the part before "@" has other characters.
  if (!/^[0-9A-Za-z_-]+$/.test(name.slice(0, at))) return 'the part before "@" may only contain letters, digits, "_" and "-"';
  const host = name.slice(at + 1);
  if (host === '') return 'the host part after "@" is empty';
  if (!isIpAddress(host) && !isDnsName(host)) return 'the host part is neither an IP address nor a DNS name';
  return undefined;
}

/**
 * A host name a node certificate can carry: letters, digits, "-" and "_" in
 * dot-separated labels. Wildcards are refused (Erlang's distribution compares
 * names exactly, so `*.example.com` matches no node), and so is a name whose
 * last label is all digits (`10.0.0`, `1.2.3.4.5`): resolvers read those as
 * addresses or refuse them, and no DNS name ends that way.
 */
export function isDnsName(s: string): boolean {
  if (s.length > 253 || !/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/.test(s)) return false;
  const labels = s.replace(/\.$/, '').split('.');
  return !/^[0-9]+$/.test(labels[labels.length - 1]);
}

/** An IP address a certificate can hold (IPv4, or IPv6 without a zone id). */
export function isIpAddress(s: string): boolean {
  return canonicalIp(s) !== undefined;
}

/** The host part of `name@host` (undefined without "@"). */
export function nodeHost(name: string): string | undefined {
  const at = name.indexOf('@');
  return at < 0 ? undefined : name.slice(at + 1);
}

/** A folder name for a node: the node name with anything outside [A-Za-z0-9@._-] replaced. */
export function nodeFolderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9@._-]/g, '_');
  // "." and ".." would escape the output folder.
  return /^\.+$/.test(safe) ? safe.replace(/\./g, '_') : safe;
}

function keyAlgorithm(keyType: KeyType): RsaHashedKeyGenParams | EcKeyGenParams {
  return keyType === 'ec' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

function signingAlgorithm(keyType: KeyType): Algorithm | EcdsaParams {
  return keyType === 'ec' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
}

// Local structural types for the WebCrypto parameters (the project does not
// load the DOM lib, where these live).
interface Algorithm {
  name: string;
}
interface EcdsaParams extends Algorithm {
  hash: string;
}
interface RsaHashedKeyGenParams extends Algorithm {
  modulusLength: number;
  publicExponent: Uint8Array;
  hash: string;
}
interface EcKeyGenParams extends Algorithm {
  namedCurve: string;
}

type KeyPair = { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };

async function generateKeyPair(keyType: KeyType): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(keyAlgorithm(keyType), true, ['sign', 'verify'])) as KeyPair;
}

/** A positive, random 128-bit serial number (RFC 5280 allows up to 20 octets). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

function finish(cert: InstanceType<typeof x509.X509Certificate>, keyPem: string): GeneratedCertificate {
  const certificatePem = cert.toString('pem') + '\n';
  return {
    certificatePem,
    privateKeyPem: keyPem + '\n',
    fingerprint256: new X509Certificate(certificatePem).fingerprint256,
    notAfter: cert.notAfter,
  };
}

function positiveDays(value: number | undefined, fallback: number, what: string): number {
  const days = value ?? fallback;
  if (!Number.isInteger(days) || days < 1 || days > 36500) throw new RangeError(`${what} must be a whole number of days between 1 and 36500`);
  return days;
}

/**
 * Makes the CA and one certificate per node. Throws (RangeError/TypeError)
 * on invalid input: callers validate user input first with nodeNameProblem.
 */
export async function generateClusterCertificates(options: GenerateOptions): Promise<GeneratedBundle> {
  const keyType: KeyType = options.keyType ?? 'rsa';
  if (keyType !== 'rsa' && keyType !== 'ec') throw new TypeError(`unknown key type ${String(keyType)}`);
  const caDays = positiveDays(options.caDays, DEFAULT_CA_DAYS, 'CA validity');
  const nodeDays = positiveDays(options.days, DEFAULT_NODE_DAYS, 'node certificate validity');
  if (options.nodes.length === 0) throw new RangeError('at least one node name is needed');
  const seen = new Set<string>();
  for (const name of options.nodes) {
    const problem = nodeNameProblem(name);
    if (problem) throw new RangeError(`invalid node name "${name}": ${problem}`);
    if (seen.has(name)) throw new RangeError(`node name "${name}" is given twice`);
    seen.add(name);
  }
  const extraDns = [...new Set(options.dns ?? [])];
  const extraIps = [...new Set(options.ips ?? [])];
  for (const d of extraDns) if (!isDnsName(d)) throw new RangeError(`"${d}" is not a DNS name`);
  for (const ip of extraIps) if (canonicalIp(ip) === undefined) throw new RangeError(`"${ip}" is not an IP address`);

  const notBefore = options.notBefore ?? new Date(Date.now() - 5 * 60 * 1000);
  const sigAlg = signingAlgorithm(keyType);

  const caKeys = await generateKeyPair(keyType);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [options.caCommonName ?? 'EMQX cluster CA'] }, { O: ['EMQX cluster'] }],
    notBefore,
    notAfter: new Date(notBefore.getTime() + caDays * DAY_MS),
    keys: caKeys,
    signingAlgorithm: sigAlg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const ca = finish(caCert, await privateKeyPem(caKeys.privateKey));

  const nodes: GeneratedNode[] = [];
  for (const nodeName of options.nodes) {
    const host = nodeHost(nodeName) ?? '';
    // An IP host is a dNSName too, as written: see the comment at the top.
    const hostIsIp = isIpAddress(host);
    const dnsNames = [...new Set([hostIsIp ? host : host.replace(/\.$/, ''), ...extraDns])];
    const ipAddresses = [...new Set([...(hostIsIp ? [host] : []), ...extraIps])];
    const keys = await generateKeyPair(keyType);
    // RSA keys may be used for key transport (keyEncipherment); EC keys only sign.
    const usage = keyType === 'rsa' ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: [{ CN: [nodeName] }, { O: ['EMQX cluster'] }],
      issuer: caCert.subject,
      notBefore,
      notAfter: new Date(notBefore.getTime() + nodeDays * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: sigAlg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        new x509.SubjectAlternativeNameExtension([
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          // The canonical text: the library's own parser misreads some IPv6 forms.
          ...ipAddresses.map((value) => ({ type: 'ip' as const, value: canonicalIp(value)! })),
        ]),
      ],
    });
    const generated = finish(cert, await privateKeyPem(keys.privateKey));
    // Read back what was written: every address must be in the certificate as given.
    const check = new X509Certificate(generated.certificatePem);
    for (const ip of ipAddresses) {
      if (check.checkIP(ip) === undefined) throw new Error(`the certificate of ${nodeName} does not hold the address ${ip}`);
    }
    nodes.push({
      ...generated,
      nodeName,
      folderName: nodeFolderName(nodeName),
      dnsNames,
      ipAddresses,
    });
  }
  const folders = new Set(nodes.map((n) => n.folderName));
  if (folders.size !== nodes.length || folders.has('ca')) {
    throw new RangeError('two node names map to the same folder name (or to "ca"); choose distinct node names');
  }
  return { ca, nodes, keyType, nodesOutliveCa: nodes.some((n) => n.notAfter.getTime() > ca.notAfter.getTime()) };
}
