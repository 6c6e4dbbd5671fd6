/**
 * EMQX's demo certificates (`etc/certs/` in every package, CN=localhost/Server,
 * CA "RootCA" of O=EMQ). Their private keys are public in EMQX's repository,
 * so cluster TLS built on them authenticates nobody. Recognised by path (what
 * a config names) and by content (SHA-256 of the certificate, and of the public
 * key, so the matching private key files are recognised too).
 */
import type * as Crypto from 'crypto';
import type { KeyObject } from 'crypto';

/** SHA-256 of the DER certificate → which demo file it is. From 4.4.19, 5.8.9 and master. */
const DEMO_CERT_FINGERPRINTS: Readonly<Record<string, string>> = {
  eb434b4b4666fb52a230dc9e144ab3bb1cb59c81e90acb8685f66e3b3b8de403: 'cacert.pem (EMQX 5.9+/master demo CA)',
  '7278a19160a61371568c80c5374ccb546681a011538815d2655ae83030b48932': 'cert.pem (EMQX 5.9+/master demo server certificate)',
  '17f9a3fcf606b3881cca3e685b0d86417a77d0bdf100d8a2e544c165a1b7bdd5': 'client-cert.pem (EMQX 5.9+/master demo client certificate)',
  '7b7e10af742130d3705bd6ce9aa9a9d7ef1e4302aae2d8936f28ed1188f9315d': 'cacert.pem (EMQX 4.x/5.8 demo CA)',
  '8526f2e2a250cd963319f62d122a976bc3063c11ea01b4b7252ab74f0a8f4540': 'cert.pem (EMQX 4.x/5.8 demo server certificate)',
  '94c34930138f679a8f81965662d72550c8940d2f28a3323bc5831ff294131c61': 'client-cert.pem (EMQX 4.x/5.8 demo client certificate)',
};

/** SHA-256 of the DER SubjectPublicKeyInfo of each demo certificate: matches their private keys too. */
const DEMO_SPKI_FINGERPRINTS: ReadonlySet<string> = new Set([
  '500c5bac49dac8845a7240cd48aae8117989d29db6d118fb3ae658f6a15bd361',
  '912c548620a21d9ecc7bc87a3addb9550d30214dd9ed947b3a8e2449e203eecf',
  '3a55cd763c88512f4654eff130516a1ab3872c846b58b7df60000abbab83b1df',
  '8328da4b78fade21d5b12430e661b1a8558b289df1f6c89fca8604329cc85aac',
  'cfdb1efe28e30f2c9c050454c0980b05776798a885040dec7945a1b80b952fda',
  '8f7c4873021d221297d475f13b3361bfdc19d91c256f8de4a2ed5308bcde74e9',
]);

const DEMO_FILE_NAMES = ['cert.pem', 'key.pem', 'cacert.pem', 'client-cert.pem', 'client-key.pem'];

/**
 * Whether a path names a demo file where EMQX installs them: `etc/certs/<name>` under any
 * prefix, including the unrendered `{{ platform_etc_dir }}/certs/` and `${EMQX_ETC_DIR}/certs/`.
 */
export function isDemoCertPath(path: string): boolean {
  const normalized = path.trim().replace(/\\/g, '/');
  const m = /(?:^|\/)certs\/([^/]+)$/.exec(normalized);
  if (!m || !DEMO_FILE_NAMES.includes(m[1])) return false;
  const dir = normalized.slice(0, m.index);
  return /(?:^|\/)etc$/.test(dir) || /\{\{\s*platform_etc_dir\s*\}\}$/.test(dir) || /\$\{\??EMQX_ETC_DIR\}$/.test(dir) || /(?:^|\/)emqx$/.test(dir) || dir === '';
}

/** Every PEM block of a given label in a text, DER-decoded. */
function pemBlocks(text: string, label: RegExp): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (label.test(m[1])) out.push(Buffer.from(m[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  }
  return out;
}

/**
 * Which demo file a PEM text is, by content: a certificate by its fingerprint, a private or
 * public key by the fingerprint of its public key. Undefined when it is none of them or
 * cannot be read. Never throws.
 */
export function identifyDemoPem(text: string): string | undefined {
  // Required here, not at the top: loading Node's crypto costs every CLI start several ms.
  const { createHash, createPublicKey } = require('crypto') as typeof Crypto;
  for (const der of pemBlocks(text, /^CERTIFICATE$/)) {
    const hit = DEMO_CERT_FINGERPRINTS[createHash('sha256').update(der).digest('hex')];
    if (hit) return hit;
  }
  if (/-----BEGIN [A-Z ]*(PRIVATE|PUBLIC) KEY-----/.test(text)) {
    let key: KeyObject | undefined;
    try {
      key = createPublicKey(text);
    } catch {
      key = undefined;
    }
    if (key) {
      try {
        const spki = key.export({ type: 'spki', format: 'der' });
        if (DEMO_SPKI_FINGERPRINTS.has(createHash('sha256').update(spki).digest('hex'))) return 'key.pem (EMQX demo private key)';
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
