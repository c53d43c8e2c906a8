import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './AuthError.js';
import { checkIdentity } from './checkIdentity.js';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_ISSUER, TOKEN_ALGORITHM } from './defaults.js';
import { toPublicKey, type Ed25519KeyInput } from './ed25519Key.js';
import { joseErrorToAuthError } from './joseErrorToAuthError.js';
import type { Identity, TokenVerifier } from './types.js';

/** Where the trusted key comes from: exactly one of `publicKey` and `jwksUrl`. */
export type TokenKeySource =
  | { readonly publicKey: Ed25519KeyInput; readonly jwksUrl?: undefined }
  | { readonly jwksUrl: string | URL; readonly publicKey?: undefined };

/** Options for `createTokenVerifier`, besides the key source. */
export interface TokenVerifierOptions {
  /** The `iss` every token must carry. Default `'mcp'`. */
  readonly issuer?: string;
  /** Seconds of clock skew tolerated on `exp`, `iat` and `nbf`. Default 5. */
  readonly clockToleranceSeconds?: number;
  /** The clock, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

// Bounds the work a garbage header can cause; real tokens are ~300 bytes.
const MAX_TOKEN_LENGTH = 4096;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function jwksKey(url: string | URL): JWTVerifyGetKey {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new AuthError('INVALID_OPTION', `jwksUrl is not a URL: ${String(url)}`, { cause: error });
  }
  // Keys fetched in the clear could be swapped by anyone on the path.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))) {
    throw new AuthError(
      'INVALID_OPTION',
      `jwksUrl must be https (or http on loopback), got ${parsed.protocol}`,
    );
  }
  return createRemoteJWKSet(parsed);
}

/**
 * A verifier for bearer tokens: EdDSA signature by the configured public key
 * (PEM SPKI or `KeyObject`) or by a key from a JWKS URL; `alg` must be
 * EdDSA; `iss`, `iat`, `exp`, `jti`, `sub` and `kind` must be present, the
 * issuer must match, the token must not have expired, and `sub`/`kind` must
 * follow the naming rules (`checkIdentity`).
 *
 * @throws AuthError `INVALID_KEY` or `INVALID_OPTION` for a bad configuration.
 */
export function createTokenVerifier(
  source: TokenKeySource,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  const {
    issuer = DEFAULT_ISSUER,
    clockToleranceSeconds = DEFAULT_CLOCK_TOLERANCE_SECONDS,
    now = Date.now,
  } = options;
  if (!Number.isFinite(clockToleranceSeconds) || clockToleranceSeconds < 0) {
    throw new AuthError('INVALID_OPTION', `clockToleranceSeconds must be >= 0, got ${clockToleranceSeconds}`);
  }
  if (issuer === '') throw new AuthError('INVALID_OPTION', 'issuer must not be empty');
  if ((source.publicKey === undefined) === (source.jwksUrl === undefined)) {
    throw new AuthError('INVALID_OPTION', 'give exactly one of publicKey and jwksUrl');
  }
  const fromJwks = source.jwksUrl !== undefined;
  const key: KeyObject | JWTVerifyGetKey =
    source.publicKey !== undefined ? toPublicKey(source.publicKey) : jwksKey(source.jwksUrl);

  return {
    async verify(token: string): Promise<Identity> {
      if (token.length > MAX_TOKEN_LENGTH) {
        throw new AuthError('MALFORMED_TOKEN', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
      }
      const currentDate = new Date(now());
      let payload: Record<string, unknown>;
      try {
        const verifyOptions = {
          algorithms: [TOKEN_ALGORITHM],
          issuer,
          clockTolerance: clockToleranceSeconds,
          currentDate,
          requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        };
        // Two calls so each matches one jwtVerify overload (key, or JWKS getter).
        const result =
          typeof key === 'function'
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions);
        payload = result.payload;
      } catch (error) {
        throw joseErrorToAuthError(error, { issuer, fromJwks });
      }
      // jose checks `iat` is a number but not when it is; a token from the
      // future comes from a skewed or tampered clock.
      if ((payload.iat as number) > currentDate.getTime() / 1000 + clockToleranceSeconds) {
        throw new AuthError(
          'INVALID_CLAIMS',
          "the token was issued in the future (check the issuer's clock)",
        );
      }
      if (typeof payload.jti !== 'string' || payload.jti === '') {
        throw new AuthError('MALFORMED_TOKEN', 'claim "jti" must be a non-empty string');
      }
      return checkIdentity(payload.sub, payload.kind);
    },
  };
}
