import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { PkiError } from './PkiError.js';
import { webcrypto, x509, type X509 } from './x509.js';

/** A parsed CA certificate and its signing key. */
export interface CaMaterial {
  readonly cert: X509.X509Certificate;
  readonly key: webcrypto.CryptoKey;
}

/**
 * Parses and checks the fleet CA: a certificate with basicConstraints
 * `CA:TRUE` and keyUsage `keyCertSign`, and the ECDSA P-256 private key that
 * belongs to it.
 *
 * @throws PkiError `INVALID_CA` saying which check failed.
 */
export async function loadCaMaterial(certPem: string, keyPem: string): Promise<CaMaterial> {
  const cert = parseCaCert(certPem);
  const privateKey = parseKey(keyPem);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!spki.equals(Buffer.from(cert.publicKey.rawData))) {
    throw new PkiError('INVALID_CA', 'the CA private key does not belong to the CA certificate');
  }
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    pkcs8,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return { cert, key };
}

function parseCaCert(certPem: string): X509.X509Certificate {
  if (typeof certPem !== 'string' || !certPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new PkiError('INVALID_CA', 'the CA certificate must be PEM text');
  }
  let cert: X509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch (error) {
    throw new PkiError('INVALID_CA', 'the CA certificate cannot be parsed', { cause: error });
  }
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  if (constraints?.ca !== true) {
    throw new PkiError('INVALID_CA', 'the CA certificate is not a CA (basicConstraints CA:TRUE is missing)');
  }
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  if (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new PkiError(
      'INVALID_CA',
      'the CA certificate may not sign certificates (keyUsage lacks keyCertSign)',
    );
  }
  return cert;
}

function parseKey(keyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    // Node's parse errors never quote the key, but keep ours uniform.
    throw new PkiError('INVALID_CA', 'the CA private key is not a PEM private key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new PkiError('INVALID_CA', 'the CA private key must be ECDSA P-256');
  }
  return key;
}
