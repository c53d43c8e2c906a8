/** The `iss` tokens carry and verifiers expect unless configured otherwise. */
export const DEFAULT_ISSUER = 'mcp';

/** Seconds of clock skew a verifier tolerates on `exp`, `iat` and `nbf` by default. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

/** The only JWS algorithm signed and accepted: EdDSA over Ed25519. */
export const TOKEN_ALGORITHM = 'EdDSA';
