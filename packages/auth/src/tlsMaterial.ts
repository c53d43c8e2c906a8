import { AuthError } from './AuthError.js';

/** PEM text, as a string or the bytes of a file. */
export type Pem = string | Buffer;

/** The only TLS version MCP listeners and clients speak. */
export const TLS_MIN_VERSION = 'TLSv1.3';

/**
 * `pem` as a Buffer, checked to look like PEM.
 * @throws AuthError `INVALID_OPTION` naming the option if it is empty or not PEM.
 */
export function pemOption(name: string, pem: Pem | undefined): Buffer {
  const bytes = typeof pem === 'string' ? Buffer.from(pem) : pem;
  if (bytes === undefined || !bytes.includes('-----BEGIN ')) {
    throw new AuthError('INVALID_OPTION', `${name} must be PEM text`);
  }
  return bytes;
}
