import { createPublicKey } from 'node:crypto';
import { PkiError } from './PkiError.js';
import type { X509 } from './x509.js';

/**
 * Checks that `csr` is signed by the key it carries (proof that the caller
 * holds the private key) and that the key is one MCP certifies: ECDSA P-256
 * or P-384, Ed25519, or RSA of at least 2048 bits.
 *
 * @throws PkiError `BAD_CSR` saying which check failed.
 */
export async function verifyCsr(csr: X509.Pkcs10CertificateRequest): Promise<void> {
  checkKeyType(csr.publicKey.rawData);
  let valid: boolean;
  try {
    valid = await csr.verify();
  } catch (error) {
    throw new PkiError('BAD_CSR', 'the CSR signature cannot be checked', { cause: error });
  }
  if (!valid) throw new PkiError('BAD_CSR', 'the CSR signature does not verify against its public key');
}

function checkKeyType(spki: ArrayBuffer): void {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    throw new PkiError('BAD_CSR', 'the CSR public key cannot be read', { cause: error });
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const accepted =
    (type === 'ec' && (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1')) ||
    type === 'ed25519' ||
    (type === 'rsa' && (details.modulusLength ?? 0) >= 2048);
  if (!accepted) {
    throw new PkiError(
      'BAD_CSR',
      `the CSR key (${type ?? 'unknown'}${details.namedCurve === undefined ? '' : ` ${details.namedCurve}`}` +
        `${details.modulusLength === undefined ? '' : ` ${details.modulusLength} bits`}) is not accepted; ` +
        'use ECDSA P-256 or P-384, Ed25519, or RSA of at least 2048 bits',
    );
  }
}
