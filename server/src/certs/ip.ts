/**
 * IP addresses for certificates: Node's own recogniser (`net.isIP`) decides
 * what is an address, and the conversion to the bytes of an X.509 iPAddress
 * entry is done here, because the X.509 library's own text parser reads an
 * IPv6 address with an embedded IPv4 part (`::1.2.3.4`) as a different
 * address (`::1`). The canonical text returned is the fully expanded form,
 * which every parser reads the same way.
 */
import { isIP, isIPv4, isIPv6 } from 'net';

/** The 4 or 16 bytes of an IP address, or undefined when `s` is not one (zone ids are refused). */
export function ipBytes(s: string): Uint8Array | undefined {
  if (isIPv4(s)) return ipv4Bytes(s);
  if (!isIPv6(s) || s.includes('%')) return undefined;
  let head = s;
  let tail: number[] = [];
  // An embedded IPv4 part is the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > 0) {
    const v4 = ipv4Bytes(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    head = s.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::"; "1::2:1.2.3.4" leaves "1::2:": drop a single trailing colon.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  let words: number[];
  const gap = head.indexOf('::');
  if (gap >= 0) {
    const left = groups(head.slice(0, gap));
    const right = [...groups(head.slice(gap + 2)), ...tail];
    const fill = 8 - left.length - right.length;
    if (fill < 1) return undefined;
    words = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    words = [...groups(head), ...tail];
  }
  if (words.length !== 8 || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffff)) return undefined;
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

function ipv4Bytes(s: string): Uint8Array | undefined {
  if (!isIPv4(s)) return undefined;
  return Uint8Array.from(s.split('.').map(Number));
}

/** The canonical text of an address's bytes: dotted quad, or eight full hex groups. */
export function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] << 8) | bytes[i + 1]).toString(16).padStart(4, '0'));
  return words.join(':');
}

/** `s` as the canonical text of the same address, or undefined when it is not an address. */
export function canonicalIp(s: string): string | undefined {
  const bytes = isIP(s) ? ipBytes(s) : undefined;
  return bytes ? ipText(bytes) : undefined;
}

/** Whether two address texts name the same address. */
export function sameIp(a: string, b: string): boolean {
  const x = canonicalIp(a);
  return x !== undefined && x === canonicalIp(b);
}
