/** Every way the node proxy can fail. */
export type ProxyErrorCode =
  /** The proxy's admin API does not answer. */
  | 'UNREACHABLE'
  /** The proxy answered and refused the change. */
  | 'REJECTED'
  /** The proxy cannot do what was asked (an l4 route on Caddy). */
  | 'UNSUPPORTED';

/** The proxy refused or could not be reached. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
