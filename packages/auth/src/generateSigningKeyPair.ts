import { generateKeyPairSync } from 'node:crypto';

/** A new token-signing key pair, as PEM text. */
export interface SigningKeyPair {
  /** PKCS#8 PEM; keep it in a 0600 file (see `writeSecretFile`). */
  readonly privateKeyPem: string;
  /** SPKI PEM; what verifiers (agents, the master) are configured with. */
  readonly publicKeyPem: string;
}

/** Generates a fresh Ed25519 key pair for signing tokens (EdDSA), as PEM. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
