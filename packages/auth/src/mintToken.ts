import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthError } from './AuthError.js';
import { checkIdentity } from './checkIdentity.js';
import { DEFAULT_ISSUER, TOKEN_ALGORITHM } from './defaults.js';
import { toPrivateKey, type Ed25519KeyInput } from './ed25519Key.js';
import type { CallerKind } from './types.js';

/** What a minted token says. */
export interface MintTokenOptions {
  /** The identity: `alice`, `agent-orion`, `mcp-master`. */
  readonly sub: string;
  /** Its kind; must agree with `sub` (see `checkIdentity`). */
  readonly kind: CallerKind;
  /**
   * The `aud` claim: the identity of the one receiver that accepts the token
   * (`mcp-master`, or `agent-<node>` for that node's agent). Every verifier
   * checks it, so a token is worth nothing to anyone but its receiver.
   */
  readonly audience: string;
  /** Lifetime in seconds, a whole number > 0. */
  readonly ttl: number;
  /** The `iss` claim. Default `'mcp'`. */
  readonly issuer?: string;
  /** Issue time, ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
  /** The `jti` claim. Default a random UUID. */
  readonly jti?: string;
}

/**
 * Signs a bearer token (JWT, EdDSA) with claims `sub`, `kind`, `aud`, `iss`,
 * `iat`, `exp` and `jti`.
 *
 * @param privateKey the Ed25519 signing key: PKCS#8 PEM or a `KeyObject`.
 * @throws AuthError `INCONSISTENT_IDENTITY` if `sub` and `kind` disagree,
 *   `INVALID_OPTION` for a bad `ttl`, `issuer`, `audience` or `jti`, `INVALID_KEY` for a
 *   key that is not an Ed25519 private key.
 */
export async function mintToken(privateKey: Ed25519KeyInput, options: MintTokenOptions): Promise<string> {
  const identity = checkIdentity(options.sub, options.kind);
  const { ttl, issuer = DEFAULT_ISSUER, jti = randomUUID() } = options;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new AuthError('INVALID_OPTION', `ttl must be a whole number of seconds > 0, got ${ttl}`);
  }
  if (issuer === '') throw new AuthError('INVALID_OPTION', 'issuer must not be empty');
  if (jti === '') throw new AuthError('INVALID_OPTION', 'jti must not be empty');
  if (typeof options.audience !== 'string' || options.audience === '') {
    throw new AuthError('INVALID_OPTION', 'audience must name the receiver, e.g. "mcp-master"');
  }
  const key = toPrivateKey(privateKey);
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  return new SignJWT({ kind: identity.kind })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuer(issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(key);
}
