import { CLOCK_SKEW_MS, DAY_MS, DEFAULT_CA_COMMON_NAME, DEFAULT_CA_LIFETIME_DAYS } from './defaults.js';
import { certificateSubject } from './certificateSubject.js';
import { generateEcKeyPair, privateKeyPem } from './keyPem.js';
import { PkiError } from './PkiError.js';
import { randomSerial, type RandomBytes } from './randomSerial.js';
import { EC_SIGNING_ALGORITHM, x509 } from './x509.js';

/** A certificate and its private key, as PEM text. */
export interface CertificateAndKey {
  /** The certificate (for a leaf: leaf first, then the fleet CA). */
  readonly certPem: string;
  /** PKCS#8 PEM private key; keep it in a 0600 file. */
  readonly keyPem: string;
}

/** How to make a new fleet CA. */
export interface CreateFleetCaOptions {
  /** Subject common name. Default `'MCP fleet CA'`. */
  readonly commonName?: string;
  /** Validity in whole days from `now`. Default 3650. */
  readonly lifetimeDays?: number;
  /** The time of creation, ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
  /** Source of the serial's random bytes. Default `crypto.randomBytes`. */
  readonly serialRandom?: RandomBytes;
}

/**
 * Makes a new self-signed fleet CA: an ECDSA P-256 key; basicConstraints
 * `CA:TRUE, pathlen:0` (it signs leaves only); keyUsage `keyCertSign,
 * cRLSign`, both critical; and a subject key identifier.
 *
 * @throws PkiError `INVALID_OPTION` for an empty common name or a lifetime
 *   that is not a whole number of days > 0.
 */
export async function createFleetCa(options: CreateFleetCaOptions = {}): Promise<CertificateAndKey> {
  const { commonName = DEFAULT_CA_COMMON_NAME, lifetimeDays = DEFAULT_CA_LIFETIME_DAYS } = options;
  if (commonName.trim() === '') throw new PkiError('INVALID_OPTION', 'commonName must not be empty');
  if (!Number.isSafeInteger(lifetimeDays) || lifetimeDays <= 0) {
    throw new PkiError('INVALID_OPTION', `lifetimeDays must be a whole number > 0, got ${lifetimeDays}`);
  }
  const now = options.now ?? Date.now();
  const keys = await generateEcKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(options.serialRandom),
    name: certificateSubject(commonName),
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + lifetimeDays * DAY_MS),
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: privateKeyPem(keys) };
}
