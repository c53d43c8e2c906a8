/** Every way getting a certificate can fail. */
export type CertificateErrorCode =
  /** The CA refused, or could not be reached; the message carries its reason. */
  | 'NOT_ISSUED'
  /** The certificate or its key could not be written or read back. */
  | 'STORAGE';

/** A certificate could not be issued, renewed or stored. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
