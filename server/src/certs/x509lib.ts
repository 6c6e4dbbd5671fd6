/**
 * The one place that loads @peculiar/x509. The library resolves its ASN.1
 * helpers through tsyringe, which needs a Reflect metadata polyfill installed
 * before the library's module body runs, so the polyfill is imported first;
 * and it signs through WebCrypto, which we point at Node's own implementation
 * (no openssl binary is involved).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509, webcrypto };
