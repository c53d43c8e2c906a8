/** A certificate chain (leaf first) with the facts the agent records. */
export interface IssuedCertificate {
  chainPem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Issues certificates for names this node serves (Metacrypt's role). The
 * agent makes the key and CSR; a provider only ever sees the CSR.
 */
export interface CertificateProvider {
  /** Human name for logs and errors, e.g. `acme` or `master`. */
  readonly name: string;
  /**
   * Gets `csrPem` signed for `hostnames`.
   * @throws Error with the CA's own reason when it refuses or cannot be reached.
   */
  issue(csrPem: string, hostnames: string[]): Promise<string>;
}
