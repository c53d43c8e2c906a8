/** Every way the fleet CA can refuse a request or its own material. */
export type PkiErrorCode =
  /** The CSR is not one PEM PKCS#10 request, its signature does not verify, its key type is not accepted, or a name in it is malformed. */
  | 'BAD_CSR'
  /** The request is well-formed but the certificate policy for the caller forbids it. */
  | 'POLICY_DENIED'
  /** The CA certificate or key is unusable: not PEM, not a CA, not ECDSA, or the key does not match the certificate. */
  | 'INVALID_CA'
  /** An option or argument is out of range or malformed (a programming or config error). */
  | 'INVALID_OPTION';

/**
 * A refused CSR, policy check or CA operation: `code` for programs, `message`
 * for people. Messages name the refused hostname but never contain key
 * material. The master's gRPC boundary maps `POLICY_DENIED` to
 * `PERMISSION_DENIED` and `BAD_CSR` to `INVALID_ARGUMENT`.
 */
export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly code: PkiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
