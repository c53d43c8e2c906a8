/** Every way authentication, authorization or key and token handling can refuse. */
export type AuthErrorCode =
  /** The call carries no `authorization` metadata. */
  | 'MISSING_TOKEN'
  /** The `authorization` metadata is not one `Bearer <token>` value. */
  | 'MALFORMED_HEADER'
  /** The token is not a well-formed JWS compact JWT, or its claims have the wrong types. */
  | 'MALFORMED_TOKEN'
  /** The signature does not verify against the trusted key(s). */
  | 'BAD_SIGNATURE'
  /** The token names an algorithm other than EdDSA (`none`, HS256, …). */
  | 'ALGORITHM_NOT_ALLOWED'
  /** `exp` has passed (beyond the clock tolerance). */
  | 'TOKEN_EXPIRED'
  /** `iss` is not the expected issuer. */
  | 'WRONG_ISSUER'
  /** `aud` does not name this receiver: the token was made for someone else (or names no receiver). */
  | 'WRONG_AUDIENCE'
  /** A claim is missing or fails a time check other than `exp` (`iat` or `nbf` in the future). */
  | 'INVALID_CLAIMS'
  /** `sub` and `kind` break the naming rules (`agent-<node>`, `mcp-master`, humans neither). */
  | 'INCONSISTENT_IDENTITY'
  /** The caller is authenticated but its kind or identity may not make this call. */
  | 'PERMISSION_DENIED'
  /** The JWKS could not be fetched, so no token can be checked right now. */
  | 'KEY_UNAVAILABLE'
  /** Key material is not an Ed25519 key of the expected type (public or private). */
  | 'INVALID_KEY'
  /** An option or argument is out of range or malformed (a programming or config error). */
  | 'INVALID_OPTION'
  /** A secret file (token, key) may be read by group or others. */
  | 'INSECURE_FILE'
  /** A token file is not a regular file, or holds no token. */
  | 'INVALID_TOKEN_FILE';

/** A refused token, call or secret: `code` for programs, `message` for people (never the token). */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
