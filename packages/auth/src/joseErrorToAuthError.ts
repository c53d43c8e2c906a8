import { errors } from 'jose';
import { AuthError } from './AuthError.js';

/**
 * Names why jose refused a token. Messages describe the fault only: they
 * never quote the token or its claims' values.
 */
export function joseErrorToAuthError(
  error: unknown,
  context: { issuer: string; audience: string; fromJwks: boolean },
): AuthError {
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired) {
    return new AuthError('TOKEN_EXPIRED', 'the token has expired', cause);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return new AuthError('WRONG_ISSUER', `the token was not issued by "${context.issuer}"`, cause);
    }
    if (error.claim === 'aud') {
      return new AuthError(
        'WRONG_AUDIENCE',
        `the token is not meant for ${context.audience} (its audience names another receiver, or none)`,
        cause,
      );
    }
    return new AuthError('INVALID_CLAIMS', `invalid claims: ${error.message}`, cause);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError('ALGORITHM_NOT_ALLOWED', 'the token is not signed with EdDSA', cause);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError('BAD_SIGNATURE', 'the token signature does not verify', cause);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthError('BAD_SIGNATURE', 'no single trusted key matches the token', cause);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthError('KEY_UNAVAILABLE', 'the JWKS could not be loaded', cause);
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return new AuthError('MALFORMED_TOKEN', 'the token is not a well-formed JWT', cause);
  }
  // What is left comes from loading keys when they are remote (a failed or
  // non-200 fetch); with a local key, from a token broken beyond parsing.
  return context.fromJwks
    ? new AuthError('KEY_UNAVAILABLE', 'the JWKS could not be loaded', cause)
    : new AuthError('MALFORMED_TOKEN', 'the token is not a well-formed JWT', cause);
}
