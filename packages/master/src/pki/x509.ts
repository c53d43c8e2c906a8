// @peculiar/x509 signs through WebCrypto; point it at Node's implementation
// once, here, so every pki file that uses the library through this module
// gets a configured provider.
//
// The library (through tsyringe) needs the Reflect metadata polyfill loaded
// first, so it is loaded with a dynamic import after it: a static import of
// this CommonJS package is evaluated before any ES module under jest's loader.
import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import type * as X509 from '@peculiar/x509';

/** The @peculiar/x509 module, with Node's WebCrypto as its provider. Types: `X509`. */
export const x509: typeof X509 = await import('@peculiar/x509');
x509.cryptoProvider.set(webcrypto);

/** The key algorithm of every key the fleet CA makes: ECDSA on P-256, which Node TLS and grpc-js all accept. */
export const EC_KEY_ALGORITHM: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** The signature algorithm the fleet CA signs with. */
export const EC_SIGNING_ALGORITHM: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export { webcrypto };
export type { X509 };
