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
  /**
   * This receiver's identity (`mcp-master`, `agent-<node>`): a token's `aud`
   * must name it, so a token made for another receiver is refused here.
   */
  readonly audience: string;
  /** The `iss` every token must carry. Default `'mcp'`. */
  readonly issuer?: string;
  /** Seconds of clock skew tolerated on `exp`, `iat` and `nbf`. Default 5. */
  readonly clockToleranceSeconds?: number;
  /** The clock, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * How many verified tokens to remember, keyed by the exact token string,
   * so a caller that sends the same token on every call (an agent's
   * heartbeat) pays for the signature check once rather than per call. Only
   * tokens that passed every check are remembered; a remembered token is
   * trusted until it expires (judged exactly as a fresh check would, clock
   * tolerance included), for at most `cacheMaxAgeSeconds`, and only while
   * the clock has not gone back past the time it was checked. The least
   * recently used entry makes room for a new one. Default 10,000 (the most
   * nodes a master takes); 0 turns the cache off.
   */
  readonly cacheSize?: number;
  /** Longest a remembered token is trusted without a fresh check, in seconds (> 0). Default 300. */
  readonly cacheMaxAgeSeconds?: number;
}

/** One remembered token: who it names, from when and until when (ms) it may be trusted without a check. */
interface VerifiedToken {
  readonly identity: Identity;
  readonly verifiedAt: number;
  readonly until: number;
}

const DEFAULT_CACHE_SIZE = 10_000;
const DEFAULT_CACHE_MAX_AGE_SECONDS = 300;

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
 * EdDSA; `iss`, `aud`, `iat`, `exp`, `jti`, `sub` and `kind` must be present,
 * the issuer must match, the audience must name this receiver, the token must not have expired, and `sub`/`kind` must
 * follow the naming rules (`checkIdentity`). Tokens that passed are
 * remembered for a while (see `cacheSize`), so repeated calls with the same
 * token skip the signature check; the identity returned is frozen.
 *
 * @throws AuthError `INVALID_KEY` or `INVALID_OPTION` for a bad configuration.
 */
export function createTokenVerifier(source: TokenKeySource, options: TokenVerifierOptions): TokenVerifier {
  const {
    audience,
    issuer = DEFAULT_ISSUER,
    clockToleranceSeconds = DEFAULT_CLOCK_TOLERANCE_SECONDS,
    now = Date.now,
    cacheSize = DEFAULT_CACHE_SIZE,
    cacheMaxAgeSeconds = DEFAULT_CACHE_MAX_AGE_SECONDS,
  } = options;
  if (!Number.isFinite(clockToleranceSeconds) || clockToleranceSeconds < 0) {
    throw new AuthError('INVALID_OPTION', `clockToleranceSeconds must be >= 0, got ${clockToleranceSeconds}`);
  }
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) {
    throw new AuthError('INVALID_OPTION', `cacheSize must be a whole number >= 0, got ${cacheSize}`);
  }
  if (!Number.isFinite(cacheMaxAgeSeconds) || cacheMaxAgeSeconds <= 0) {
    throw new AuthError('INVALID_OPTION', `cacheMaxAgeSeconds must be > 0, got ${cacheMaxAgeSeconds}`);
  }
  if (issuer === '') throw new AuthError('INVALID_OPTION', 'issuer must not be empty');
  if (typeof audience !== 'string' || audience === '') {
    throw new AuthError('INVALID_OPTION', 'audience must name this receiver, e.g. "mcp-master"');
  }
  if ((source.publicKey === undefined) === (source.jwksUrl === undefined)) {
    throw new AuthError('INVALID_OPTION', 'give exactly one of publicKey and jwksUrl');
  }
  const fromJwks = source.jwksUrl !== undefined;
  const key: KeyObject | JWTVerifyGetKey =
    source.publicKey !== undefined ? toPublicKey(source.publicKey) : jwksKey(source.jwksUrl);

  // Map iteration follows insertion order: re-inserting on a hit keeps the
  // least recently used entry first, where eviction takes it from.
  const cache = new Map<string, VerifiedToken>();

  return {
    async verify(token: string): Promise<Identity> {
      if (token.length > MAX_TOKEN_LENGTH) {
        throw new AuthError('MALFORMED_TOKEN', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
      }
      const nowMs = now();
      const known = cache.get(token);
      if (known !== undefined) {
        cache.delete(token);
        if (nowMs >= known.verifiedAt && nowMs < known.until) {
          cache.set(token, known);
          return known.identity;
        }
      }
      const currentDate = new Date(nowMs);
      let payload: Record<string, unknown>;
      try {
        const verifyOptions = {
          algorithms: [TOKEN_ALGORITHM],
          issuer,
          audience,
          clockTolerance: clockToleranceSeconds,
          currentDate,
          requiredClaims: ['sub', 'aud', 'iat', 'exp', 'jti'],
        };
        // Two calls so each matches one jwtVerify overload (key, or JWKS getter).
        const result =
          typeof key === 'function'
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions);
        payload = result.payload;
      } catch (error) {
        throw joseErrorToAuthError(error, { issuer, audience, fromJwks });
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
      const identity = Object.freeze(checkIdentity(payload.sub, payload.kind));
      if (cacheSize > 0) {
        // jose refuses once floor(now / 1000) >= exp + tolerance, i.e. from
        // ceil(exp + tolerance) seconds on; the entry ends there too.
        const expiresAt = Math.ceil((payload.exp as number) + clockToleranceSeconds) * 1000;
        const until = Math.min(expiresAt, nowMs + cacheMaxAgeSeconds * 1000);
        if (until > nowMs) {
          if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
          cache.set(token, { identity, verifiedAt: nowMs, until });
        }
      }
      return identity;
    },
  };
}
