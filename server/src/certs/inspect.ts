/**
 * Reading PEM files a config names, with Node's own X.509 and key parsers
 * (the same OpenSSL underneath that Erlang's ssl is compatible with). Pure:
 * callers hand in the text they read through their FileReader. Never throws.
 */
import type * as Crypto from 'crypto';
import type { KeyObject, X509Certificate } from 'crypto';
import { isIP } from 'net';

export interface PemInfo {
  /** Labels of the PEM blocks found (`CERTIFICATE`, `PRIVATE KEY`, ...), in order. */
  readonly labels: readonly string[];
  /** The certificates that parse, in file order. */
  readonly certificates: readonly X509Certificate[];
  /** The first private key that parses (unencrypted). */
  readonly privateKey?: KeyObject;
  /** A private key block is present but encrypted (needs a password). */
  readonly encryptedKey: boolean;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export function inspectPem(text: string): PemInfo {
  // Required here, not at the top: loading Node's crypto costs every CLI start several ms,
  // and only a config that names a certificate file gets this far.
  const { createPrivateKey, X509Certificate } = require('crypto') as typeof Crypto;
  const labels: string[] = [];
  const certificates: X509Certificate[] = [];
  let privateKey: KeyObject | undefined;
  let encryptedKey = false;
  for (let m = BLOCK.exec(text); m; m = BLOCK.exec(text)) {
    const label = m[1];
    labels.push(label);
    if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
      try {
        certificates.push(new X509Certificate(m[0]));
      } catch {
        // A damaged block: reported by the caller as "no certificate" when none parse.
      }
    } else if (/PRIVATE KEY$/.test(label) && privateKey === undefined) {
      if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(m[0])) {
        encryptedKey = true;
        continue;
      }
      try {
        privateKey = createPrivateKey(m[0]);
      } catch {
        // Not a key Node can read; the caller reports "no private key".
      }
    }
  }
  BLOCK.lastIndex = 0;
  return { labels, certificates, privateKey, encryptedKey };
}

/** Whether the certificate's public key belongs to the private key. */
export function keyMatchesCertificate(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * Whether `leaf` chains to one of `anchors` (the CA file), possibly through
 * `intermediates` (the rest of the certificate file). Signatures are checked;
 * validity dates are not (expiry has its own check).
 */
export function chainsTo(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[]): boolean {
  const isAnchor = (c: X509Certificate) => anchors.some((a) => a.fingerprint256 === c.fingerprint256);
  let current = leaf;
  const seen = new Set<string>();
  for (let depth = 0; depth < 10; depth++) {
    if (isAnchor(current)) return true;
    if (anchors.some((a) => issuedBy(current, a))) return true;
    seen.add(current.fingerprint256);
    const next = intermediates.find((i) => !seen.has(i.fingerprint256) && issuedBy(current, i));
    if (!next) return false;
    current = next;
  }
  return false;
}

let publicRoots: Set<string> | undefined;

/** SHA-256 fingerprints of the public root CAs Node ships (Mozilla's store). */
function publicRootFingerprints(): Set<string> {
  if (!publicRoots) {
    publicRoots = new Set();
    // Required here, not at the top: loading 'tls' costs every CLI start several ms,
    // and only a config that names a certificate file gets this far.
    const { rootCertificates } = require('tls') as typeof import('tls');
    const { X509Certificate } = require('crypto') as typeof Crypto;
    for (const pem of rootCertificates) {
      try {
        publicRoots.add(new X509Certificate(pem).fingerprint256);
      } catch {
        // Skip a root this OpenSSL cannot parse.
      }
    }
  }
  return publicRoots;
}

/** A CA file this many certificates long is a trust store, not a cluster CA. */
export const BUNDLE_SIZE = 10;

/**
 * Why a CA file is a public trust store rather than a private cluster CA, or
 * undefined. `publicRoot` is the subject of a publicly trusted root found in it.
 */
export function publicCaEvidence(certs: readonly X509Certificate[]): { readonly publicRoot?: string; readonly count: number } | undefined {
  const roots = publicRootFingerprints();
  const hit = certs.find((c) => roots.has(c.fingerprint256));
  if (hit) return { publicRoot: commonName(hit.subject) ?? hit.subject.replace(/\n/g, ', '), count: certs.length };
  if (certs.length >= BUNDLE_SIZE) return { count: certs.length };
  return undefined;
}

/** The CN of a Node X509Certificate subject/issuer string. */
export function commonName(dn: string): string | undefined {
  const line = dn.split('\n').find((l) => l.startsWith('CN='));
  return line?.slice(3);
}

/** The subjectAltName entries of a certificate as `[type, value]` pairs (`DNS`, `IP Address`, ...). */
export function subjectAltNames(cert: X509Certificate): Array<[string, string]> {
  const text = cert.subjectAltName;
  if (!text) return [];
  const out: Array<[string, string]> = [];
  // Node joins entries with ", " and quotes a value (JSON-style) that holds a comma or a quote.
  const re = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    let value = m[2];
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        // Keep the quoted text: it then matches no host.
      }
    }
    out.push([m[1], value]);
  }
  return out;
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Whether Erlang's TLS distribution accepts `cert` for a node whose name has
 * the host part `host`. The connecting node sets server_name_indication to
 * that string and OTP's ssl (OTP 24 to 27) checks it with
 * `public_key:pkix_verify_hostname(Cert, [{dns_id, Host}])`: with a
 * subjectAltName, only an equal dNSName entry matches (ASCII case ignored,
 * no wildcards, an iPAddress entry never); without one, the subject CN, with
 * a wildcard in its first label allowed, and never for an IP-looking host.
 */
export function distHostMatches(cert: X509Certificate, host: string): boolean {
  const ref = lowerAscii(host);
  if (cert.subjectAltName !== undefined) {
    return subjectAltNames(cert).some(([type, value]) => type === 'DNS' && lowerAscii(value) === ref);
  }
  if (isIP(host) || host === '') return false;
  const cn = commonName(cert.subject);
  if (cn === undefined) return false;
  const name = lowerAscii(cn);
  if (name === ref) return !name.includes('*');
  const [first, ...rest] = name.split('.');
  const [hostFirst, ...hostRest] = ref.split('.');
  if (rest.join('.') !== hostRest.join('.') || !first.includes('*')) return false;
  const star = first.indexOf('*');
  const before = first.slice(0, star);
  const after = first.slice(star + 1);
  return !after.includes('*') && hostFirst.length >= before.length + after.length && hostFirst.startsWith(before) && hostFirst.endsWith(after);
}
