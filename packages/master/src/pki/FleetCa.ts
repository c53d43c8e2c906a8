import { CLOCK_SKEW_MS } from './defaults.js';
import { loadCaMaterial } from './loadCaMaterial.js';
import { normalizeDnsNames } from './normalizeDnsNames.js';
import { parseCsr } from './parseCsr.js';
import { PkiError } from './PkiError.js';
import { randomSerial, type RandomBytes } from './randomSerial.js';
import { csrNames, type CsrNames } from './readCsrNames.js';
import { signLeaf, type LeafRequest } from './signLeaf.js';
import { verifyCsr } from './verifyCsr.js';
import { x509, type webcrypto, type X509 } from './x509.js';

/** A certificate the fleet CA signed. */
export interface SignedCertificate {
  /** PEM: the leaf first, then the fleet CA. */
  readonly chainPem: string;
  /** The serial number, lowercase hex. */
  readonly serial: string;
  /** As written in the certificate (whole seconds). */
  readonly notBefore: Date;
  /** As written in the certificate (whole seconds); never later than the CA's own. */
  readonly notAfter: Date;
}

/** Validity and serial of a certificate to sign. */
export interface ValidityOptions {
  /** How long the certificate is valid from `now`, in ms (cut short at the CA's own expiry). */
  readonly lifetimeMs: number;
  /** The time of issue, ms since the epoch; the certificate starts a minute earlier for clock skew. */
  readonly now: number;
  /** Source of the serial's random bytes. Default `crypto.randomBytes`. */
  readonly serialRandom?: RandomBytes;
}

/** A leaf to sign: names already checked, plus validity. */
export type IssueRequest = Omit<LeafRequest, 'notBefore' | 'notAfter' | 'serialNumber'> & ValidityOptions;

/** Options of `FleetCa.signCsr`. */
export interface SignCsrOptions extends ValidityOptions {
  /**
   * Decides which DNS names to certify, called once the CSR's signature has
   * verified; throws to refuse. Default: every subjectAltName DNS name,
   * lowercased and syntax-checked (`BAD_CSR` if none); IP and other
   * subjectAltNames are dropped. Pass `checkCertificatePolicy` here.
   */
  readonly approve?: (names: CsrNames) => readonly string[];
}

const SERVER_AUTH = [x509.ExtendedKeyUsage.serverAuth];

/** The fleet CA, loaded and checked, ready to sign (see `loadFleetCa`). */
export class FleetCa {
  private constructor(
    /** The CA certificate, PEM; what every peer trusts. */
    readonly certPem: string,
    private readonly cert: X509.X509Certificate,
    private readonly key: webcrypto.CryptoKey,
  ) {}

  /**
   * Loads a CA from PEM text (see `loadFleetCa`).
   * @throws PkiError `INVALID_CA` if the material is unusable.
   */
  static async load(certPem: string, keyPem: string): Promise<FleetCa> {
    const { cert, key } = await loadCaMaterial(certPem, keyPem);
    return new FleetCa(cert.toString('pem') + '\n', cert, key);
  }

  /**
   * Signs a CSR after verifying its self-signature. Nothing but the public
   * key and the approved DNS names is taken from it: the subject is
   * `CN=<first approved name>` (the CSR's own CN if approved), the
   * extensions are MCP's (serverAuth only, `CA:FALSE`), the serial random.
   *
   * @throws PkiError `BAD_CSR` for a malformed or badly signed CSR, whatever
   *   `approve` throws (`POLICY_DENIED`), `INVALID_OPTION` for bad validity
   *   options, `INVALID_CA` if the CA is not valid at `now`.
   */
  async signCsr(csrPem: string, options: SignCsrOptions): Promise<SignedCertificate> {
    const csr = parseCsr(csrPem);
    await verifyCsr(csr);
    const names = csrNames(csr);
    const { approve, ...validity } = options;
    const approved = approve?.(names) ?? normalizeDnsNames(names.dnsNames, 'BAD_CSR', 'the CSR');
    const [first] = approved;
    if (first === undefined) throw new PkiError('BAD_CSR', 'no DNS name of the CSR was approved');
    const cn = names.commonName?.toLowerCase();
    return this.issue({
      ...validity,
      publicKey: csr.publicKey,
      commonName: cn !== undefined && approved.includes(cn) ? cn : first,
      dnsNames: approved,
      ipAddresses: [],
      extendedKeyUsages: SERVER_AUTH,
    });
  }

  /**
   * Signs a leaf for a public key whose names the caller has already
   * checked: MCP's fixed extensions, a random serial, valid from a minute
   * before `now` for `lifetimeMs` (at most until the CA expires).
   *
   * @throws PkiError `INVALID_OPTION` for bad validity options, `INVALID_CA`
   *   if the CA is not valid at `now`.
   */
  async issue(request: IssueRequest): Promise<SignedCertificate> {
    const { lifetimeMs, now, serialRandom, ...leaf } = request;
    if (!Number.isFinite(now)) throw new PkiError('INVALID_OPTION', `now must be a time in ms, got ${now}`);
    if (!Number.isFinite(lifetimeMs) || lifetimeMs < 1000) {
      throw new PkiError('INVALID_OPTION', `lifetimeMs must be at least 1000, got ${lifetimeMs}`);
    }
    const caStart = this.cert.notBefore.getTime();
    const caEnd = this.cert.notAfter.getTime();
    if (now < caStart || now >= caEnd) {
      throw new PkiError(
        'INVALID_CA',
        `the fleet CA is valid from ${this.cert.notBefore.toISOString()} to ` +
          `${this.cert.notAfter.toISOString()}, not at ${new Date(now).toISOString()}`,
      );
    }
    const cert = await signLeaf(
      { cert: this.cert, key: this.key },
      {
        ...leaf,
        serialNumber: randomSerial(serialRandom),
        notBefore: new Date(Math.max(now - CLOCK_SKEW_MS, caStart)),
        notAfter: new Date(Math.min(now + lifetimeMs, caEnd)),
      },
    );
    return {
      chainPem: `${cert.toString('pem')}\n${this.certPem}`,
      serial: cert.serialNumber.toLowerCase(),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
    };
  }
}

/**
 * Loads the fleet CA from its certificate and private key (PEM). Checks that
 * the certificate is a CA allowed to sign certificates, that the key is
 * ECDSA P-256, and that the key belongs to the certificate.
 *
 * @throws PkiError `INVALID_CA` saying which check failed (never quoting the key).
 */
export function loadFleetCa(certPem: string, keyPem: string): Promise<FleetCa> {
  return FleetCa.load(certPem, keyPem);
}
