import { isIP } from 'node:net';
import type { CertificateAndKey } from './createFleetCa.js';
import { DAY_MS, DEFAULT_SERVER_CERT_LIFETIME_DAYS } from './defaults.js';
import { FleetCa } from './FleetCa.js';
import { generateEcKeyPair, privateKeyPem } from './keyPem.js';
import { normalizeDnsNames } from './normalizeDnsNames.js';
import { PkiError } from './PkiError.js';
import type { RandomBytes } from './randomSerial.js';
import { x509 } from './x509.js';

/** What a listener certificate names, and for how long. */
export interface ServerCertificateOptions {
  /** Subject common name. Default the first DNS name, else the first IP address. */
  readonly commonName?: string;
  /** DNS names (subjectAltName). Default none; at least one name or address is needed. */
  readonly dnsNames?: readonly string[];
  /** IP addresses (subjectAltName), for peers that dial by address such as `127.0.0.1`. Default none. */
  readonly ipAddresses?: readonly string[];
  /** Validity in whole days from `now`. Default 90. */
  readonly lifetimeDays?: number;
  /** The time of issue, ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
  /** Source of the serial's random bytes. Default `crypto.randomBytes`. */
  readonly serialRandom?: RandomBytes;
}

/**
 * Makes a key pair and a TLS certificate for a gRPC listener (the master's,
 * or an agent's), signed by the fleet CA: extended key usage serverAuth and
 * clientAuth, the given DNS names and IP addresses as subjectAltNames.
 * `certPem` holds the leaf, then the CA, as a TLS server presents it.
 *
 * @param ca the loaded CA, or its certificate and key as PEM.
 * @throws PkiError `INVALID_OPTION` for a malformed name or address, no
 *   name at all, or a bad lifetime; `INVALID_CA` for unusable CA material.
 */
export async function issueServerCertificate(
  ca: FleetCa | CertificateAndKey,
  options: ServerCertificateOptions,
): Promise<CertificateAndKey> {
  const { dnsNames = [], ipAddresses = [], lifetimeDays = DEFAULT_SERVER_CERT_LIFETIME_DAYS } = options;
  const names = dnsNames.length === 0 ? [] : normalizeDnsNames(dnsNames, 'INVALID_OPTION', 'dnsNames');
  const addresses = normalizeAddresses(ipAddresses);
  const commonName = options.commonName ?? names[0] ?? addresses[0];
  if (commonName === undefined) {
    throw new PkiError('INVALID_OPTION', 'a server certificate needs at least one DNS name or IP address');
  }
  if (commonName.trim() === '') throw new PkiError('INVALID_OPTION', 'commonName must not be empty');
  if (!Number.isSafeInteger(lifetimeDays) || lifetimeDays <= 0) {
    throw new PkiError('INVALID_OPTION', `lifetimeDays must be a whole number > 0, got ${lifetimeDays}`);
  }
  const fleetCa = ca instanceof FleetCa ? ca : await FleetCa.load(ca.certPem, ca.keyPem);
  const keys = await generateEcKeyPair();
  const signed = await fleetCa.issue({
    publicKey: keys.publicKey,
    commonName,
    dnsNames: names,
    ipAddresses: addresses,
    extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
    lifetimeMs: lifetimeDays * DAY_MS,
    now: options.now ?? Date.now(),
    ...(options.serialRandom === undefined ? {} : { serialRandom: options.serialRandom }),
  });
  return { certPem: signed.chainPem, keyPem: privateKeyPem(keys) };
}

function normalizeAddresses(addresses: readonly string[]): string[] {
  for (const address of addresses) {
    if (isIP(address) === 0) {
      throw new PkiError('INVALID_OPTION', `ipAddresses: ${JSON.stringify(address)} is not an IP address`);
    }
  }
  return [...new Set(addresses)];
}
