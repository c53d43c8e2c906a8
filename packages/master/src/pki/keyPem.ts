import { KeyObject } from 'node:crypto';
import { EC_KEY_ALGORITHM, webcrypto } from './x509.js';

/** A new ECDSA P-256 key pair for a certificate, extractable so its private half can be written out. */
export function generateEcKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
}

/** The private half of `keys` as PKCS#8 PEM, the form Node TLS and `loadFleetCa` read. */
export function privateKeyPem(keys: webcrypto.CryptoKeyPair): string {
  return KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
}
