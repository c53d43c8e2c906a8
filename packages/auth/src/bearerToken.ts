import type { Metadata } from 'nice-grpc-common';
import { AuthError } from './AuthError.js';

// RFC 6750 b64token; the scheme name is case-insensitive (RFC 9110).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The token in the call's `authorization: Bearer <token>` metadata.
 * @throws AuthError `MISSING_TOKEN` without the metadata, `MALFORMED_HEADER`
 *   when it is not exactly one `Bearer <token>` value (never quoting it).
 */
export function bearerToken(metadata: Metadata): string {
  const values = metadata.getAll('authorization');
  if (values.length === 0) {
    throw new AuthError('MISSING_TOKEN', 'no authorization metadata: send "authorization: Bearer <token>"');
  }
  if (values.length > 1) {
    throw new AuthError('MALFORMED_HEADER', 'more than one authorization metadata value');
  }
  const match = BEARER.exec(values[0]!);
  if (match === null) {
    throw new AuthError('MALFORMED_HEADER', 'authorization metadata is not "Bearer <token>"');
  }
  return match[1]!;
}
